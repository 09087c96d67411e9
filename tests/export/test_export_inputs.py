"""Splits by document, bad inputs with clear errors, rejected records counted, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fixtures.datasets import (
    ANNOTATORS,
    annotation,
    claims_of,
    document,
    make_workspace,
    small_case,
)

from claims.errors import InputError
from claims.workspace import ANNOTATIONS, CLAIMS, DOCUMENTS, MANIFEST
from export.build import export_dataset
from export.card import read_front_matter
from export.cli import cli
from export.layout import split_files
from export.splits import assign_splits, parse_splits
from export.synthetic import SyntheticSpec, write_workspace


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("train=0.8,test=0.1", "sum to 0.9"),
        ("train=0.8,test=x", "not a number"),
        ("train=1.2,test=-0.2", "must be >= 0"),
        ("train=0.5,train=0.5", "given twice"),
        ("train 0.5", "not name=ratio"),
        ("tr/ain=1", "bad split name"),
    ],
)
def test_bad_split_specs(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_splits(spec)


def test_split_assignment_is_deterministic_and_stable() -> None:
    spec = parse_splits("train=0.6,validation=0.2,test=0.2")
    ids = [f"doc-{i:016x}" for i in range(3000)]
    first = assign_splits(ids, spec)
    assert (assign_splits(ids, spec) == first).all()
    # Adding documents never moves the existing ones.
    assert (assign_splits([*ids, "doc-new"], spec)[:-1] == first).all()
    shares = [float((first == i).mean()) for i in range(3)]
    assert shares == pytest.approx([0.6, 0.2, 0.2], abs=0.03)


def test_every_claim_of_a_document_in_one_split(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    write_workspace(ws, SyntheticSpec(documents=60, claims_per_document=4))
    out = tmp_path / "ds"
    export_dataset(ws, out=out, splits="train=0.5,validation=0.25,test=0.25")
    split_of_doc: dict[str, str] = {}
    for config in ("claims", "documents"):
        for split, path in split_files(out, config).items():
            for doc_id in pq.read_table(path, columns=["doc_id"])["doc_id"].to_pylist():
                assert split_of_doc.setdefault(doc_id, split) == split
    assert len(split_of_doc) == 60


def test_empty_splits_have_no_files_and_are_reported(tmp_path: Path) -> None:
    doc = document(3)
    ws = make_workspace(tmp_path / "ws", [doc], claims_of(doc), [])
    report = export_dataset(ws, out=tmp_path / "ds")
    (only,) = report.splits["claims"]  # one document: one split has everything
    assert set(split_files(tmp_path / "ds", "claims")) == {only}
    assert len(report.empty_splits["claims"]) == 2
    assert any("has no rows" in w for w in report.warnings)
    assert "annotations" not in report.splits  # no annotations: no annotations config
    configs = [c["config_name"] for c in read_front_matter(tmp_path / "ds")["configs"]]
    assert configs == ["claims", "documents"]


@pytest.mark.parametrize("missing", [DOCUMENTS, CLAIMS, MANIFEST])
def test_missing_workspace_files(small_workspace: Path, tmp_path: Path, missing: str) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    for name in (DOCUMENTS, CLAIMS, MANIFEST, ANNOTATIONS):
        if name != missing:
            (ws / name).write_bytes((small_workspace / name).read_bytes())
    with pytest.raises(InputError, match=f"{missing}: not found"):
        export_dataset(ws, out=tmp_path / "ds")
    assert not (tmp_path / "ds").exists()


def test_bad_json_line_is_named(tmp_path: Path) -> None:
    docs, claims, records = small_case()
    ws = make_workspace(tmp_path / "ws", docs, claims, records)
    with (ws / ANNOTATIONS).open("a") as f:
        f.write("{not json\n")
    with pytest.raises(InputError, match=rf"{ANNOTATIONS}:{len(records) + 1}: not valid JSON"):
        export_dataset(ws, out=tmp_path / "ds")


def test_unknown_claims_and_bad_records_are_counted_not_dropped_silently(tmp_path: Path) -> None:
    doc = document(4)
    claims = claims_of(doc)
    bad_span = claims[2].__class__(
        **{**claims[2].to_dict(), "start": 5, "end": 10_000}
        | {"id": claims[2].id, "type": claims[2].type}
    )
    records = [
        annotation(claims[0].id, 1, ANNOTATORS[0]),
        annotation("claim-unknown0000000000", 2, ANNOTATORS[0]),
        annotation("claim-unknown0000000000", 3, ANNOTATORS[1]),
        annotation(claims[0].id, 4, ANNOTATORS[1], verdict="maybe"),
    ]
    ws = make_workspace(tmp_path / "ws", [doc], [claims[0], claims[1], bad_span], records)
    report = export_dataset(ws, out=tmp_path / "ds", splits="train=1")
    assert report.unknown_claim_annotations == 2
    assert report.unknown_claim_ids == ["claim-unknown0000000000"]
    assert report.rejected_annotations == {"verdict not a value of the schema": 1}
    assert report.rejected_claims == {"span outside the document": 1}
    assert report.num_claims == 2
    assert any("not in claims.jsonl" in w for w in report.warnings)


def test_duplicate_claim_ids_refused(tmp_path: Path) -> None:
    doc = document(5)
    claims = claims_of(doc)
    ws = make_workspace(tmp_path / "ws", [doc], [*claims, claims[0]], [])
    with pytest.raises(InputError, match="appears more than once"):
        export_dataset(ws, out=tmp_path / "ds")


def test_failed_export_keeps_the_previous_dataset(
    small_workspace: Path, built_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    export_dataset(small_workspace, out=out)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(InputError):
        export_dataset(small_workspace, out=out, splits="train=2")
    ws = tmp_path / "broken"
    make_workspace(ws, [document(1)], claims_of(document(1)), None)
    (ws / CLAIMS).write_text('{"id": 1, "start": "x"}\n')
    with pytest.raises(InputError):
        export_dataset(ws, out=out)
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "ds"]  # no temp dir left


def test_cli_prints_summary_and_json(small_workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "ds"
    result = runner.invoke(cli, ["export", str(small_workspace), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f'load_dataset("{out}")' in result.output
    result = runner.invoke(cli, ["export", str(small_workspace), "--out", str(out), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["num_claims"] == 18


def test_cli_errors_are_one_line(small_workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", str(small_workspace), "--out", str(tmp_path / "d"), "--splits", "train=0.7"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: --splits 'train=0.7': ratios sum to 0.7, they must sum to 1"
    ]


def test_push_to_hub_offline_is_a_clear_error(
    small_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(small_workspace),
            "--out",
            str(tmp_path / "d"),
            "--push-to-hub",
            "someone/claims",
        ],
    )
    assert result.exit_code == 1
    assert "cannot push to someone/claims" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_empty_workspace_is_a_clear_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", [], [], None)
    with pytest.raises(InputError, match="no claim could be exported"):
        export_dataset(ws, out=tmp_path / "ds")
    doc = document(6)
    ws = make_workspace(tmp_path / "ws2", [], claims_of(doc), None)  # claims of no document
    with pytest.raises(InputError, match="no claim could be exported"):
        export_dataset(ws, out=tmp_path / "ds")
    assert not (tmp_path / "ds").exists()
