"""Determinism, the datasets cache pitfall, privacy and Croissant validity of an export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
from datasets import load_dataset
from fixtures.datasets import ANNOTATORS, annotation, small_case

from claims.workspace import ANNOTATIONS, write_jsonl
from export.build import export_dataset
from export.card import read_front_matter
from export.layout import CARD, CROISSANT, card_path, croissant_path, split_files

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _all_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_exports_are_byte_identical(
    small_workspace: Path, built_dataset: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    export_dataset(small_workspace, out=again)
    first, second = _all_files(built_dataset), _all_files(again)
    assert CARD in first and CROISSANT in first
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_no_wall_clock_time_in_card(built_dataset: Path) -> None:
    card = read_front_matter(built_dataset)
    _, _, records = small_case()
    assert card["claimset"]["build_time"] == max(r["updated_at"] for r in records)


def test_reexport_after_new_annotations_is_not_served_from_cache(
    tmp_path: Path, hf_offline: Path
) -> None:
    docs, claims, records = small_case()
    from fixtures.datasets import make_workspace

    ws = make_workspace(tmp_path / "ws", docs, claims, records)
    out = tmp_path / "ds"
    export_dataset(ws, out=out, splits="train=1")
    before = load_dataset(str(out), cache_dir=str(hf_offline))["train"]
    last = claims[-1].id
    assert before.filter(lambda r: r["claim_id"] == last)[0]["num_annotations"] == 0
    hash_before = read_front_matter(out)["claimset"]["content_hash"]

    more = [annotation(last, 5000 + i, who, "refuted") for i, who in enumerate(ANNOTATORS)]
    write_jsonl(ws / ANNOTATIONS, records + more)
    export_dataset(ws, out=out, splits="train=1")
    assert read_front_matter(out)["claimset"]["content_hash"] != hash_before
    after = load_dataset(str(out), cache_dir=str(hf_offline))["train"]
    row = after.filter(lambda r: r["claim_id"] == last)[0]
    assert row["num_annotations"] == 3 and row["verdict"] == 1


def test_no_personal_data_anywhere(tmp_path: Path) -> None:
    docs, claims, records = small_case()
    from fixtures.datasets import make_workspace

    # Extra keys a careless pull might leave in a record never reach the dataset.
    leaky = [{**r, "email": "ann@example.org", "token": "ls-secret-token-123"} for r in records]
    # An annotator named by e-mail is refused; an e-mail typed into a note is redacted.
    leaky.append(annotation(claims[0].id, 9001, "alice@example.org", "refuted"))
    leaky.append(
        annotation(claims[1].id, 9002, ANNOTATORS[0], notes="ask bob.smith@mail.example.com")
    )
    ws = make_workspace(tmp_path / "ws", docs, claims, leaky)
    out = tmp_path / "ds"
    report = export_dataset(ws, out=out)
    assert report.rejected_annotations == {"annotator is not a pseudonym (annotator-<hex>)": 1}
    assert any("e-mail address" in w for w in report.warnings)
    for name, data in _all_files(out).items():
        text = data.decode("utf-8", errors="replace")
        assert not EMAIL.search(text), name
        assert "ls-secret-token-123" not in text, name
    annotators = set()
    for path in split_files(out, "annotations").values():
        annotators |= set(pq.read_table(path, columns=["annotator"])["annotator"].to_pylist())
    assert annotators and all(re.fullmatch(r"annotator-[0-9a-f]{12}", a) for a in annotators)


def test_croissant_is_valid_and_reads_the_parquet(built_dataset: Path) -> None:
    import mlcroissant as mlc

    doc = json.loads(croissant_path(built_dataset).read_text())
    for key in ("rai:dataAnnotationPlatform", "rai:annotationsPerItem", "rai:dataCollection"):
        assert doc[key]
    dataset = mlc.Dataset(jsonld=str(croissant_path(built_dataset)))  # validates, raises if not
    assert not dataset.metadata.ctx.issues.errors
    claim_ids = {r["claims/claim_id"].decode() for r in dataset.records("claims")}
    _, claims, _ = small_case()
    assert claim_ids == {c.id for c in claims}
    names = [r["verdict_labels/name"] for r in dataset.records("verdict_labels")]
    assert [x.decode() if isinstance(x, bytes) else x for x in names] == [
        "supported",
        "refuted",
        "not_enough_evidence",
        "conflicting_evidence",
    ]


def test_card_body_explains_labels_agreement_and_provenance(built_dataset: Path) -> None:
    text = card_path(built_dataset).read_text()
    for needle in (
        "## How the data was made",
        "## Labels",
        "`not_enough_evidence`",
        "## Agreement",
        "| verdict |",
        "## Provenance",
        "`document.sha256`",
        "## Limitations",
    ):
        assert needle in text, needle
