"""``claims.extract``: the workspace files, their contract, determinism and the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claims
from claims.errors import InputError
from claims.extract import extract, extract_text
from claims.model import REQUIRED_SLOTS, ClaimType, make_claim_id
from claims.pipeline import RuleBasedExtractor, config_hash, get_extractor
from claims.workspace import read_claims, read_documents

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"


def check_contract(workdir: Path) -> None:
    """The claims contract: every claim's span lies in its document, ids unique, slots typed."""
    docs = {d.doc_id: d for d in read_documents(workdir)}
    ids = set()
    for claim in read_claims(workdir):
        doc = docs[claim.doc_id]
        assert 0 <= claim.start < claim.end <= len(doc.text)
        assert claim.text.strip()
        assert claim.id == make_claim_id(doc.sha256, claim.start, claim.end, str(claim.type))
        assert claim.id not in ids
        ids.add(claim.id)
        assert set(REQUIRED_SLOTS[claim.type]) <= set(claim.slots)
        if claim.type is ClaimType.QUANTITY:
            assert isinstance(claim.slots["value"], int | float)
        if claim.type is ClaimType.DATE and claim.slots["date"] is not None:
            assert len(claim.slots["date"]) in (4, 7, 10)


def test_workspace_files_and_manifest(tmp_path: Path) -> None:
    report = extract([ORIGINAL, BBC], out=tmp_path)
    assert report.ok and report.documents == 1 + len(list(BBC.rglob("*.txt")))
    assert report.claims == sum(report.claims_by_type.values()) > 0
    check_contract(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extractor"]["name"] == "rules"
    assert manifest["extractor"]["config_hash"] == config_hash(RuleBasedExtractor())
    # relative to the input, never the absolute local path the test passed
    assert [i["path"] for i in manifest["inputs"]] == [ORIGINAL.name, BBC.name]
    assert str(ORIGINAL.parent) not in (tmp_path / "documents.jsonl").read_text(encoding="utf-8")
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["counts"]["documents"] == report.documents
    assert "time" not in json.dumps(manifest).lower()
    doc = next(read_documents(tmp_path))
    assert doc.text == ORIGINAL.read_text(encoding="utf-8")
    assert doc.published == "2023-04-25" and doc.source == ORIGINAL.name
    bbc_doc = next(d for d in read_documents(tmp_path) if d.source != ORIGINAL.name)
    assert bbc_doc.source is not None and bbc_doc.source.startswith(f"{BBC.name}/")
    assert (BBC / bbc_doc.source.split("/", 1)[1]).is_file()
    assert not list(tmp_path.glob(".*.tmp"))  # temporary files renamed into place


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    for run in ("a", "b"):
        extract([ORIGINAL, BBC], out=tmp_path / run)
    for name in ("documents.jsonl", "claims.jsonl", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_claims_are_ordered_by_span_and_type(tmp_path: Path) -> None:
    extract([ORIGINAL], out=tmp_path)
    keys = [(c.start, c.end, str(c.type)) for c in read_claims(tmp_path)]
    assert keys == sorted(keys) and len(keys) == len(set(keys))


def test_boilerplate_yields_no_claims(tmp_path: Path) -> None:
    extract([ORIGINAL], out=tmp_path)
    text = ORIGINAL.read_text(encoding="utf-8")
    caption_start = text.index("Russia - Syria - Turkey")
    caption_end = text.index("AFP") + 3
    dateline = text.index("AP , Tuesday")
    for claim in read_claims(tmp_path):
        assert not (caption_start <= claim.start < caption_end)
        assert not (dateline <= claim.start < dateline + 25)
        assert claim.start < text.index("Short link:")


def test_published_overrides_the_reference_date(tmp_path: Path) -> None:
    extract(
        [BBC / "business/ad-firm-wpp-s-profits-surge-15.txt"], out=tmp_path, published="2005-02-22"
    )
    doc = next(read_documents(tmp_path))
    assert doc.published == "2005-02-22"
    friday = [c for c in read_claims(tmp_path) if c.slots.get("expression") == "on Friday"]
    assert [c.slots["date"] for c in friday] == ["2005-02-18"]
    assert "on 18 February 2005" in friday[0].text


def test_bad_published_date_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        extract([ORIGINAL], out=tmp_path, published="25/04/2023")


def test_duplicate_texts_are_skipped_not_duplicated(tmp_path: Path) -> None:
    copy = tmp_path / "in" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes(ORIGINAL.read_bytes())
    report = extract([ORIGINAL, copy], out=tmp_path / "out")
    assert report.documents == 1 and len(report.duplicates) == 1 and report.ok
    check_contract(tmp_path / "out")


def test_rejected_inputs_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    report = extract([bad, ORIGINAL], out=tmp_path / "out")
    assert report.documents == 1 and not report.ok
    assert [r.source for r in report.rejected] == [str(bad)]
    manifest = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["rejected"] == 1


def test_python_api_and_dataframes(tmp_path: Path) -> None:
    found = claims.extract_text("Profits rose 15% on Tuesday.", published="2023-04-25")
    assert {str(c.type) for c in found} == {"quantity", "date"}
    assert found == extract_text("Profits rose 15% on Tuesday.", published="2023-04-25")
    claims.extract([ORIGINAL], out=tmp_path)
    frame = claims.load_claims_dataframe(tmp_path)
    assert {"id", "type", "start", "end", "value", "date", "speaker"} <= set(frame.columns)
    assert len(frame) == len(list(read_claims(tmp_path)))
    assert frame.loc[frame["type"] == "quantity", "value"].notna().all()
    docs = claims.load_documents_dataframe(tmp_path)
    assert list(docs["published"]) == ["2023-04-25"]


def test_extractor_registry() -> None:
    assert get_extractor("rules").name == "rules"
    with pytest.raises(InputError, match=r"unknown extractor 'nope'.*rules"):
        get_extractor("nope")


def test_headline_claims_repeated_by_the_body_are_dropped() -> None:
    text = "Ad firm WPP's profits surge 15%\n\nPre-tax profits rose 15% to £546m.\n"
    found = claims.extract_text(text)
    values = [c.slots["value"] for c in found if c.type is ClaimType.QUANTITY]
    assert sorted(values) == [15, 546_000_000]
    assert all(c.start > text.index("\n") for c in found)
