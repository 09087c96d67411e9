"""Every claim carries its check-worthiness; ``--min-checkworthiness`` drops and counts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claims.checkworthiness import recommended_threshold, score_claim
from claims.extract import extract_text
from claims.model import Claim, Document
from claims.pipeline import RuleBasedExtractor, keep_checkworthy
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT / "tests/data/bbc"
SAMPLE = ROOT / "claims/sample_data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def claims_of(workdir: Path) -> list[dict[str, object]]:
    lines = (workdir / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_claim_is_scored_on_its_own_sentence_and_rounded() -> None:
    text = "Unemployment fell to 4.2 percent in March 2023, the ministry said."
    claims = extract_text(text, published="2023-04-25")
    assert claims
    # scored on the text its rule gave (the sentence, dates resolved), not on the shorter
    # claim text ``claims.render`` states it with
    document = Document.from_text(text, published="2023-04-25")
    drafts = {(d.start, d.end, str(d.type)): d for d in RuleBasedExtractor().drafts(document)}
    for claim in claims:
        draft = drafts[(claim.start, claim.end, str(claim.type))]
        expected = score_claim(str(claim.type), draft.text, text, claim.slots)
        assert claim.checkworthiness == round(expected, 4)
    # another sentence around the same kind of claim scores differently
    opinion = "Unemployment will maybe fall to 4.2 percent if the economy is lucky."
    other = extract_text(opinion, published="2023-04-25")
    quantity = [c for c in other if str(c.type) == "quantity"]
    first = [c for c in claims if str(c.type) == "quantity"]
    assert quantity and first and quantity[0].checkworthiness != first[0].checkworthiness


def test_every_claim_of_the_workspace_has_a_score_in_range(tmp_path: Path) -> None:
    code, _, err = run("extract", str(SAMPLE), str(BBC), "--out", str(tmp_path))
    assert code == 0, err
    scores = [c["checkworthiness"] for c in claims_of(tmp_path)]
    assert scores and all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)
    assert all(round(s, 4) == s for s in scores)  # type: ignore[arg-type]


def test_threshold_drops_low_claims_and_counts_them(tmp_path: Path) -> None:
    code, out, _ = run(
        "extract", str(BBC), "--out", str(tmp_path / "all"), "--json", "--min-checkworthiness", "0"
    )
    assert code == 0
    everything = claims_of(tmp_path / "all")
    assert json.loads(out)["below_checkworthiness"] == 0
    cut = sorted(float(c["checkworthiness"]) for c in everything)[len(everything) // 2]  # type: ignore[arg-type]
    code, out, err = run(
        "extract", str(BBC), "--out", str(tmp_path / "cut"), "--min-checkworthiness", str(cut)
    )
    assert code == 0, err
    kept = claims_of(tmp_path / "cut")
    below = [c for c in everything if float(c["checkworthiness"]) < cut]  # type: ignore[arg-type]
    assert below and len(kept) == len(everything) - len(below)
    assert all(float(c["checkworthiness"]) >= cut for c in kept)  # type: ignore[arg-type]
    assert f"{len(below)} dropped below check-worthiness {cut:g}" in err
    manifest = json.loads((tmp_path / "cut" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["below_checkworthiness"] == len(below)
    assert manifest["counts"]["claims"] == len(kept)
    assert manifest["min_checkworthiness"] == cut


def test_default_is_the_recommended_threshold_and_help_says_so(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(BBC), "--out", str(tmp_path), "--json")
    assert code == 0
    assert json.loads(out)["min_checkworthiness"] == recommended_threshold()
    code, out, _ = run("extract", "--help")
    assert f"[default: {recommended_threshold():g}," in " ".join(out.split())


def test_append_adds_up_the_dropped_counts(tmp_path: Path) -> None:
    articles = sorted(BBC.rglob("*.txt"))
    args = ["--out", str(tmp_path), "--min-checkworthiness", "0.9", "--json"]
    code, first, _ = run("extract", str(articles[0]), *args)
    assert code == 0
    code, second, _ = run("extract", str(articles[1]), "--append", *args)
    assert code == 0
    total = json.loads(first)["below_checkworthiness"] + json.loads(second)["below_checkworthiness"]
    assert total > 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["below_checkworthiness"] == total


def test_a_threshold_outside_0_1_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("extract", str(BBC), "--out", str(tmp_path), "--min-checkworthiness", "1.5")
    assert code == 2 and "Error:" in err and "min-checkworthiness" in err
    assert not tmp_path.joinpath("claims.jsonl").exists()


def test_claims_read_without_a_score_are_kept_and_round_trip() -> None:
    record = {
        "id": "c",
        "doc_id": "d",
        "type": "date",
        "text": "t",
        "start": 0,
        "end": 1,
        "slots": {},
    }
    old = Claim.from_dict(record)
    assert old.checkworthiness is None and old.to_dict()["checkworthiness"] is None
    scored = Claim.from_dict({**record, "id": "e", "checkworthiness": 0.05})
    assert Claim.from_dict(scored.to_dict()) == scored
    kept, dropped = keep_checkworthy([old, scored], 0.1)
    assert kept == [old] and dropped == 1


def test_append_refuses_another_threshold(tmp_path: Path) -> None:
    articles = sorted(BBC.rglob("*.txt"))
    code, _, _ = run("extract", str(articles[0]), "--out", str(tmp_path), "--quiet")
    assert code == 0
    before = (tmp_path / "claims.jsonl").read_bytes()
    args = ["--out", str(tmp_path), "--append", "--min-checkworthiness", "0.5"]
    code, _, err = run("extract", str(articles[1]), *args)
    assert code == 2 and err.startswith("Error: ") and "--min-checkworthiness 0.1" in err
    assert (tmp_path / "claims.jsonl").read_bytes() == before
    code, _, err = run("extract", str(articles[1]), *args[:-1], "0.1")
    assert code == 0, err
