"""``claimset extract`` replaces a workspace, or adds to it with ``--append``; a run that accepts
nothing leaves it byte for byte as it was. Through the real CLI (click's runner)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claims.workspace import CLAIMS, DOCUMENTS, MANIFEST
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = sorted((ROOT / "tests/data/bbc/business").glob("*.txt"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def snapshot(workdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(workdir.iterdir()) if p.is_file()}


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_a_failed_run_leaves_the_workspace_byte_identical(tmp_path: Path) -> None:
    work = tmp_path / "work"
    code, _, err = run("extract", str(ORIGINAL), *map(str, BBC[:3]), "--out", str(work))
    assert code == 0, err
    before = snapshot(work)
    assert len(lines(work / CLAIMS)) > 20
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": ""}\n[1]\n', encoding="utf-8")
    for args in (["typo.txt"], [str(bad)], ["typo.txt", "--append"]):
        code, _, err = run("extract", *args, "--out", str(work))
        assert code == 1
        assert snapshot(work) == before, args
        assert f"no article accepted: {work} left unchanged" in err


def test_nothing_accepted_into_a_new_workspace_creates_nothing(tmp_path: Path) -> None:
    code, _, err = run("extract", "typo.txt", "--out", str(tmp_path / "new"))
    assert code == 1 and "left unchanged" in err
    assert not (tmp_path / "new").exists()


def test_without_append_the_workspace_is_replaced(tmp_path: Path) -> None:
    work = tmp_path / "work"
    run("extract", str(ORIGINAL), "--out", str(work))
    code, _, _ = run("extract", str(BBC[0]), "--out", str(work))
    assert code == 0
    (doc,) = [json.loads(line) for line in lines(work / DOCUMENTS)]
    assert doc["source"] == BBC[0].name


def test_append_keeps_every_line_and_skips_texts_already_there(tmp_path: Path) -> None:
    work = tmp_path / "work"
    run("extract", str(ORIGINAL), str(BBC[0]), "--out", str(work))
    before = snapshot(work)
    copy = tmp_path / "same-text-other-name.txt"
    copy.write_bytes(BBC[0].read_bytes())
    code, out, err = run(
        "extract", str(BBC[1]), str(copy), str(BBC[2]), "--out", str(work), "--append", "--json"
    )
    assert code == 0, err
    after = snapshot(work)
    for name in (DOCUMENTS, CLAIMS):
        assert after[name].startswith(before[name]), name  # old lines unchanged, in place
    assert f"{copy.name}: already in the workspace (same text as {BBC[0].name})" in err
    report = json.loads(out)
    assert report["mode"] == "append" and report["already_present"] == 1
    assert report["documents"] == 2 and report["total_documents"] == 4
    docs = [json.loads(line) for line in lines(work / DOCUMENTS)]
    assert [d["source"] for d in docs] == [p.name for p in (ORIGINAL, BBC[0], BBC[1], BBC[2])]
    claim_ids = [json.loads(line)["id"] for line in lines(work / CLAIMS)]
    assert len(claim_ids) == len(set(claim_ids)) == report["total_claims"]
    manifest = json.loads(after[MANIFEST])
    assert [i["path"] for i in manifest["inputs"]] == [
        p.name for p in (ORIGINAL, BBC[0], BBC[1], copy, BBC[2])
    ]
    assert manifest["counts"]["documents"] == 4
    assert manifest["counts"]["claims"] == len(claim_ids)
    assert sum(manifest["counts"]["claims_by_type"].values()) == len(claim_ids)


def test_append_in_steps_gives_the_same_lines_as_one_run(tmp_path: Path) -> None:
    whole, steps = tmp_path / "whole", tmp_path / "steps"
    run("extract", str(ORIGINAL), *map(str, BBC[:4]), "--out", str(whole))
    run("extract", str(ORIGINAL), str(BBC[0]), "--out", str(steps))
    run("extract", str(BBC[1]), "--out", str(steps), "--append")
    run("extract", str(BBC[2]), str(BBC[3]), "--out", str(steps), "--append")
    for name in (DOCUMENTS, CLAIMS):
        assert (whole / name).read_bytes() == (steps / name).read_bytes(), name
    counts = [json.loads((w / MANIFEST).read_text())["counts"] for w in (whole, steps)]
    assert counts[0] == counts[1]


def test_append_refuses_a_workspace_of_another_extractor(tmp_path: Path) -> None:
    work = tmp_path / "work"
    run("extract", str(ORIGINAL), "--out", str(work))
    manifest = json.loads((work / MANIFEST).read_text())
    manifest["extractor"]["config_hash"] = "0123456789abcdef"  # as if an older version made it
    (work / MANIFEST).write_text(json.dumps(manifest))
    before = snapshot(work)
    code, _, err = run("extract", str(BBC[0]), "--out", str(work), "--append")
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("Error: ") and "re-run without --append" in line
    assert snapshot(work) == before


def test_help_says_replace_or_append() -> None:
    code, out, _ = run("extract", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "REPLACED" in text and "--append" in text and "left unchanged" not in text
    assert "accepts no article leaves WORKDIR exactly as it was" in text
