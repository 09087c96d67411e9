"""``croissant.json`` is Croissant 1.1 in mlcroissant's own form, validates, and reads back every
claim with its nested ``slots``, ``annotations`` and ``provenance``.

mlcroissant is not needed to export (it is the ``croissant`` extra); these tests use it as the
reference: its classes parse the file and serialise it back unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import pyarrow as pa
import pyarrow.parquet as pq

from export.croissant import CONTEXT, CROISSANT_VERSION
from export.layout import croissant_path, split_files


def _plain(value: Any) -> Any:
    """mlcroissant record values as Arrow gives them (bytes -> str, Timestamp -> datetime)."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, dict):
        return {k.rsplit("/", 1)[-1]: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def test_croissant_round_trips_through_mlcroissant_classes(built_dataset: Path) -> None:
    doc = json.loads(croissant_path(built_dataset).read_text(encoding="utf-8"))
    assert doc["conformsTo"] == CROISSANT_VERSION == "http://mlcommons.org/croissant/1.1"
    assert "url" not in doc
    metadata = mlc.Metadata.from_json(mlc.Context(), doc)
    assert metadata.ctx.is_v1_1() and not metadata.ctx.issues.errors
    assert json.loads(json.dumps(metadata.to_json(), default=str)) == doc
    # The context is the one mlcroissant writes for a dataset it builds itself.
    built = mlc.Metadata(ctx=mlc.Context(), name="x", description="x", license=["x"])
    assert built.to_json()["@context"] == CONTEXT
    claims = next(r for r in metadata.record_sets if r.id == "claims")
    nested = {f.id: [s.id for s in f.sub_fields] for f in claims.fields if f.sub_fields}
    assert set(nested) == {"claims/slots", "claims/annotations", "claims/provenance"}
    assert "claims/annotations/verdict" in nested["claims/annotations"]
    assert "claims/provenance/document/sha256" in nested["claims/provenance"]


def test_mlcroissant_validate_accepts_it(built_dataset: Path) -> None:
    cli = Path(sys.executable).with_name("mlcroissant")
    result = subprocess.run(
        [str(cli), "validate", "--jsonld", str(croissant_path(built_dataset))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in result.stderr.lower()


def test_records_hold_the_nested_columns(built_dataset: Path) -> None:
    dataset = mlc.Dataset(jsonld=str(croissant_path(built_dataset)))
    records = {_plain(r["claims/claim_id"]): r for r in dataset.records("claims")}
    rows = pa.concat_tables(pq.read_table(p) for p in split_files(built_dataset, "claims").values())
    assert len(records) == rows.num_rows
    for row in rows.to_pylist():
        record = records[row["claim_id"]]
        assert _plain(record["claims/slots"]) == row["slots"]
        provenance = {
            f"{group}/{key}": value
            for group, values in row["provenance"].items()
            for key, value in values.items()
        }
        shown = {
            k.removeprefix("claims/provenance/"): _plain(v)
            for k, v in record["claims/provenance"].items()
        }
        assert shown == provenance
        annotations = _plain(record["claims/annotations"] or [])
        if row["annotations"]:
            assert annotations == row["annotations"]
        else:  # mlcroissant reads an empty list as one item of nulls
            assert all(v is None for item in annotations for v in item.values())


def test_export_writes_croissant_without_mlcroissant(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    code = (
        "import sys; sys.modules['mlcroissant'] = None\n"  # any import of it now fails
        "from export.build import export_dataset\n"
        "export_dataset(sys.argv[1], out=sys.argv[2])\n"
        "assert sys.modules['mlcroissant'] is None\n"
    )
    subprocess.run([sys.executable, "-c", code, str(small_workspace), str(out)], check=True)
    doc = json.loads(croissant_path(out).read_text(encoding="utf-8"))
    assert doc["conformsTo"] == CROISSANT_VERSION
