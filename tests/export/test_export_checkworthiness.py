"""The claims' check-worthiness is a column of the dataset: features, rows, Croissant, card."""

from __future__ import annotations

import json
from pathlib import Path

import mlcroissant as mlc
from datasets import Value, load_dataset
from fixtures.datasets import small_case

from export.croissant import _DESCRIPTIONS
from export.features import features_for
from export.layout import croissant_path


def test_the_column_is_float64_and_holds_each_claims_score(
    built_dataset: Path, hf_offline: Path
) -> None:
    assert features_for("claims")["checkworthiness"] == Value("float64")
    _, claims, _ = small_case()
    expected = {c.id: c.checkworthiness for c in claims}
    assert len(set(expected.values())) > 1  # the fixture's claims have different scores
    ds = load_dataset(str(built_dataset), "claims", cache_dir=str(hf_offline))
    rows = {r["claim_id"]: r["checkworthiness"] for split in ds.values() for r in split}
    assert rows == expected


def test_croissant_declares_and_reads_the_column(built_dataset: Path) -> None:
    doc = json.loads(croissant_path(built_dataset).read_text(encoding="utf-8"))
    fields = {f["name"]: f for rs in doc["recordSet"] if rs["@id"] == "claims" for f in rs["field"]}
    field = fields["claims/checkworthiness"]
    assert field["dataType"] == "sc:Float"
    assert field["description"] == _DESCRIPTIONS["checkworthiness"]
    records = mlc.Dataset(jsonld=str(croissant_path(built_dataset))).records("claims")
    _, claims, _ = small_case()
    expected = {c.id: c.checkworthiness for c in claims}
    seen = {r["claims/claim_id"].decode(): r["claims/checkworthiness"] for r in records}
    assert seen == expected


def test_the_card_explains_the_column(built_dataset: Path) -> None:
    card = (built_dataset / "README.md").read_text(encoding="utf-8")
    assert "`checkworthiness` (0 to 1)" in card and "`min_checkworthiness`" in card
