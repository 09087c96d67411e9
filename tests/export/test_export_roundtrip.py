"""``load_dataset(DIR)`` round trips of every config, offline, with exactly the declared
features."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from datasets import load_dataset
from fixtures.datasets import ANNOTATORS, small_case

from export.card import read_front_matter
from export.features import CONFIGS, features_for
from export.layout import split_files
from export.tables import load_config_table


@pytest.mark.parametrize("config", CONFIGS)
def test_every_config_loads_with_exact_features(
    built_dataset: Path, hf_offline: Path, config: str
) -> None:
    ds = load_dataset(str(built_dataset), config, cache_dir=str(hf_offline))
    files = split_files(built_dataset, config)
    assert set(ds) == set(files)
    for split, part in ds.items():
        assert part.features == features_for(config)
        assert part.num_rows == pq.read_metadata(files[split]).num_rows


def test_default_config_is_claims(built_dataset: Path, hf_offline: Path) -> None:
    ds = load_dataset(str(built_dataset), cache_dir=str(hf_offline))
    first = next(iter(ds.values()))
    assert first.features == features_for("claims")
    # ClassLabel inside the annotations list survives the round trip.
    item = first.features["annotations"].feature
    assert item["verdict"].names == [
        "supported",
        "refuted",
        "not_enough_evidence",
        "conflicting_evidence",
    ]


def test_rows_round_trip(built_dataset: Path, hf_offline: Path) -> None:
    docs, claims, _ = small_case()
    ds = load_dataset(str(built_dataset), "claims", cache_dir=str(hf_offline))
    rows = {r["claim_id"]: r for split in ds.values() for r in split}
    assert set(rows) == {c.id for c in claims}
    by_doc = {d.doc_id: d for d in docs}
    for claim in claims:
        row = rows[claim.id]
        doc = by_doc[claim.doc_id]
        assert row["span_text"] == doc.text[claim.start : claim.end]
        assert row["claim_text"] == claim.text
        assert row["provenance"]["document"]["sha256"] == doc.sha256
        assert row["provenance"]["extractor"] == {"name": "claimset-rules", "version": "test-1"}
        assert row["provenance"]["builder"]["name"] == "claimset"
        assert all(
            a["annotator"] in ANNOTATORS or a["annotator"].startswith("annotator-")
            for a in row["annotations"]
        )
    unannotated = rows[claims[-1].id]
    assert unannotated["num_annotations"] == 0
    # unresolved, but nobody annotated it: not in the adjudication queue
    assert unannotated["verdict"] == -1 and not unannotated["needs_adjudication"]
    assert unannotated["agreement"] is None
    no_task = {"project_id": None, "task_id": None, "task_ids": []}
    assert unannotated["provenance"]["label_studio"] == no_task
    one_task = {"project_id": 7, "task_id": 3, "task_ids": [3]}
    assert rows[claims[2].id]["provenance"]["label_studio"] == one_task


def test_card_declares_every_split_with_its_rows(built_dataset: Path) -> None:
    card = read_front_matter(built_dataset)
    for info in card["dataset_info"]:
        files = split_files(built_dataset, info["config_name"])
        assert {s["name"]: s["num_examples"] for s in info["splits"]} == {
            split: pq.read_metadata(path).num_rows for split, path in files.items()
        }
    assert [c["config_name"] for c in card["configs"] if c.get("default")] == ["claims"]


def test_load_config_table_reads_every_split(built_dataset: Path) -> None:
    table = load_config_table(built_dataset, "documents")
    assert table.num_rows == 6
    assert set(table["split"].to_pylist()) == set(split_files(built_dataset, "documents"))
