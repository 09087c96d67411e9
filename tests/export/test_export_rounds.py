"""Review rounds through a real export and the real checker (annotation records written as a
pull writes them; the Label Studio round trip is in tests/annotations/test_annotate_rounds.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
from fixtures.datasets import ANNOTATORS, annotation, claims_of, document, make_workspace

from annotations.rounds import parse_selectors
from export.build import export_dataset
from export.check import check
from export.rounds import seed_review_round
from export.tables import load_claims_table

A, B, C = ANNOTATORS
ADJ = "annotator-dddddddddddd"


def _review(claim_id: str, aid: int, annotator: str, verdict: str, quality: str, task: int,
            **extra: Any) -> dict[str, Any]:  # fmt: skip
    return annotation(claim_id, aid, annotator, verdict, quality, task_id=task, project_id=8,
                      round=2, **extra)  # fmt: skip


def _case(tmp_path: Path) -> tuple[Path, list[str]]:
    doc = document(1)
    claims = claims_of(doc)
    ids = [c.id for c in claims]
    first = [
        annotation(ids[0], 1, A, "supported", "correct", task_id=1),
        annotation(ids[0], 2, B, "refuted", "correct", task_id=1),  # split verdict
        annotation(ids[1], 3, A, "supported", "not_atomic", task_id=2),
        annotation(ids[1], 4, B, "supported", "not_atomic", task_id=2),
    ]
    return make_workspace(tmp_path / "work", [doc], claims, first), ids


def test_workspace_and_its_dataset_select_the_same_claims(tmp_path: Path) -> None:
    workdir, ids = _case(tmp_path)
    out = tmp_path / "round1"
    export_dataset(workdir, out=out)
    for only in ("needs-adjudication", "quality:not_atomic", "unannotated", "verdict:supported"):
        selectors = parse_selectors([only])
        assert (
            seed_review_round(workdir, selectors).claims
            == seed_review_round(workdir, selectors, out).claims
        )
    assert list(seed_review_round(workdir, parse_selectors(["needs-adjudication"])).claims) == [
        ids[0]
    ]
    both = seed_review_round(workdir, parse_selectors(["unannotated,quality:not_atomic"]))
    assert list(both.claims) == [ids[1], ids[2]]


def test_the_review_round_decides_and_provenance_records_it(tmp_path: Path) -> None:
    workdir, ids = _case(tmp_path)
    with (workdir / "annotations.jsonl").open("a", encoding="utf-8") as f:
        for record in (
            _review(ids[0], 10, C, "refuted", "correct", 50),
            _review(ids[1], 11, ADJ, "refuted", "correct", 51),  # overrides a clear majority
        ):
            f.write(json.dumps(record) + "\n")
    assert not check(workdir).errors  # the workspace check: review tasks are another project
    out = tmp_path / "dataset"
    report = export_dataset(workdir, out=out)
    assert report.needs_adjudication == 0
    assert not [w for w in report.warnings if "task" in w]  # no "imported twice" warning
    rows = {r["claim_id"]: r for r in load_claims_table(out).to_pylist()}
    split, overruled, untouched = rows[ids[0]], rows[ids[1]], rows[ids[2]]
    assert split["verdict"] == 1 and split["agreement"] == 0.5  # refuted; first-round agreement
    assert split["provenance"]["adjudication"] == {
        "round": 2, "project_id": 8, "task_id": 50, "annotators": [C],
        "overridden_verdict": None, "overridden_claim_quality": "correct",
    }  # fmt: skip
    assert split["provenance"]["label_studio"]["task_ids"] == [1]  # the first round's task
    assert overruled["verdict"] == 1 and overruled["claim_quality"] == 0
    assert overruled["provenance"]["adjudication"]["overridden_verdict"] == "supported"
    assert overruled["provenance"]["adjudication"]["overridden_claim_quality"] == "not_atomic"
    assert untouched["provenance"]["adjudication"]["round"] is None
    result = check(out)
    assert not result.errors, [f.message for f in result.errors]
    # alpha over the first round only: the adjudicators saw the earlier verdicts
    assert report.agreement["verdict"]["num_values"] == 4


def test_two_tasks_of_one_claim_in_a_review_round_are_still_flagged(tmp_path: Path) -> None:
    workdir, ids = _case(tmp_path)
    with (workdir / "annotations.jsonl").open("a", encoding="utf-8") as f:
        for record in (
            _review(ids[0], 10, C, "refuted", "correct", 50),
            _review(ids[0], 12, ADJ, "refuted", "correct", 52),  # the claim pushed twice
        ):
            f.write(json.dumps(record) + "\n")
    out = tmp_path / "dataset"
    export_dataset(workdir, out=out)
    result = check(out)
    assert [f.rule for f in result.errors] == ["tasks.several"]
    assert result.errors[0].claim_id == ids[0]


def test_a_round_below_one_is_rejected_and_counted(tmp_path: Path) -> None:
    workdir, ids = _case(tmp_path)
    with (workdir / "annotations.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(_review(ids[2], 20, C, "refuted", "correct", 53) | {"round": 0}) + "\n")
    report = export_dataset(workdir, out=tmp_path / "dataset")
    assert report.rejected_annotations == {"round not a round number (1, 2, ...)": 1}
    table = load_claims_table(tmp_path / "dataset")
    assert pa.compute.sum(table["num_annotations"]).as_py() == 4
