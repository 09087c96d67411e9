"""``extract --format parquet``: push, export and check read the same records as from JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from annotations.pushing import workspace_tasks
from claims.extract import extract
from claims.workspace import read_claims, read_documents
from export.check import check
from export.cli import cli
from export.sources import iter_claim_batches, read_documents_table

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
BBC = ROOT / "tests/data/bbc"


def both(tmp_path: Path) -> tuple[Path, Path]:
    jsonl, parquet = tmp_path / "jsonl", tmp_path / "parquet"
    extract([ORIGINAL, BBC], out=jsonl)
    result = CliRunner().invoke(
        cli, ["extract", str(ORIGINAL), str(BBC), "--out", str(parquet), "--format", "parquet"]
    )
    assert result.exit_code == 0, result.stderr
    return jsonl, parquet


def test_parquet_instead_of_jsonl_same_records(tmp_path: Path) -> None:
    jsonl, parquet = both(tmp_path)
    assert sorted(p.name for p in parquet.iterdir()) == [
        "claims.parquet",
        "documents.parquet",
        "manifest.json",
    ]
    assert (parquet / "manifest.json").read_bytes() == (jsonl / "manifest.json").read_bytes()
    assert list(read_documents(parquet)) == list(read_documents(jsonl))
    claims = list(read_claims(parquet))
    assert claims == list(read_claims(jsonl)) and len(claims) > 100
    # an integer stays an integer (slots are kept as their JSON text)
    assert any(type(c.slots.get("value")) is int for c in claims)
    assert pq.ParquetFile(parquet / "claims.parquet").metadata.num_rows == len(claims)


def test_push_export_and_check_read_parquet_alike(tmp_path: Path) -> None:
    jsonl, parquet = both(tmp_path)
    assert workspace_tasks(parquet, []) == workspace_tasks(jsonl, [])
    assert read_documents_table(parquet).equals(read_documents_table(jsonl))
    batches = [list(iter_claim_batches(w)) for w in (jsonl, parquet)]
    rows = [[r for b in bs for r in b.to_pylist()] for bs in batches]
    assert rows[0] == rows[1]
    assert batches[0][0].schema == batches[1][0].schema
    report = check(parquet)
    assert report.kind == "workspace" and report.ok, [f.message for f in report.errors]


def test_check_finds_a_broken_parquet_claim(tmp_path: Path) -> None:
    _, parquet = both(tmp_path)
    table = pq.read_table(parquet / "claims.parquet")
    starts = table.column("start").to_pylist()
    starts[0] = 10**9  # outside its document
    table = table.set_column(table.schema.get_field_index("start"), "start", [starts])
    pq.write_table(table, parquet / "claims.parquet")
    report = check(parquet)
    assert not report.ok
    assert any("claims.parquet" in json.dumps(f.to_dict()) for f in report.errors)


def test_a_jsonl_run_replaces_a_parquet_workspace(tmp_path: Path) -> None:
    _, parquet = both(tmp_path)
    extract([ORIGINAL], out=parquet)
    assert not (parquet / "claims.parquet").exists()
    assert len(list(read_documents(parquet))) == 1
