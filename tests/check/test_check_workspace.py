"""``check`` on a workspace (before export): documents, claims and annotations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.datasets import ANNOTATORS, annotation, make_workspace, small_case

from claims.errors import InputError
from claims.model import Claim
from export.check import check, rule_ids
from export.cli import cli


def test_clean_workspace_passes(small_workspace: Path) -> None:
    report = check(small_workspace)
    assert report.kind == "workspace"
    assert [r.rule for r in report.results] == rule_ids("workspace")
    assert report.ok and report.error_count == 0 and report.warning_count == 0


def _workspace(tmp_path: Path, **change: object) -> Path:
    """The small workspace with one thing changed (documents, claims or annotation records)."""
    docs, claims, records = small_case()
    parts = {"documents": docs, "claims": claims, "annotations": records}
    for key, edit in change.items():
        parts[key] = edit(parts[key])  # type: ignore[operator]
    return make_workspace(
        tmp_path / "ws", parts["documents"], parts["claims"], parts["annotations"]
    )


def _replace(items: list, index: int, **fields: object) -> list:
    items = list(items)
    items[index] = dataclasses.replace(items[index], **fields)
    return items


CASES = {
    "document text edited": (
        "documents.sha256",
        {
            "documents": lambda d: _replace(d, 1, text=d[1].text + " more"),
        },
    ),
    "span beyond the document": (
        "spans.out_of_range",
        {
            "claims": lambda c: _replace(c, 2, end=10_000),
        },
    ),
    "sentence that does not hold the span": (
        "spans.sentence",
        {
            "claims": lambda c: _replace(
                c, 2, sentence_start=c[2].start + 1, sentence_end=c[2].end + 5
            ),
        },
    ),
    "claim of an unknown document": (
        "ids.unknown_document",
        {
            "claims": lambda c: _replace(c, 2, doc_id="doc-0000000000000000"),
        },
    ),
    "claim id repeated": (
        "ids.duplicate",
        {
            "claims": lambda c: [*c, c[0]],
        },
    ),
    "annotation of an unknown claim": (
        "ids.unknown_claim",
        {
            "annotations": lambda a: [*a, annotation("claim-unknown", 5000, ANNOTATORS[0])],
        },
    ),
    "annotation id reused for another claim": (
        "ids.annotation_reused",
        {
            "annotations": lambda a: [*a, {**a[0], "claim_id": _other_claim(a[0]["claim_id"])}],
        },
    ),
    "label not in the schema": (
        "labels.verdict",
        {
            "annotations": lambda a: [{**a[0], "verdict": "true"}, *a[1:]],
        },
    ),
    "e-mail in notes": (
        "privacy",
        {
            "annotations": lambda a: [{**a[0], "notes": "write to x.y@example.com"}, *a[1:]],
        },
    ),
    "annotation span beyond the document": (
        "spans.annotation_out_of_range",
        {
            "annotations": lambda a: [{**a[0], "span_start": 5, "span_end": 99_999}, *a[1:]],
        },
    ),
    "check-worthiness below 0": (
        "labels.out_of_range",
        {
            "claims": lambda c: _replace(c, 1, checkworthiness=-0.25),
        },
    ),
}


def _other_claim(claim_id: str) -> str:
    _, claims, _ = small_case()
    return next(c.id for c in claims if c.id != claim_id)


@pytest.mark.parametrize("case", list(CASES))
def test_workspace_corruption_is_caught(tmp_path: Path, case: str) -> None:
    rule, change = CASES[case]
    report = check(_workspace(tmp_path, **change))
    assert not report.ok
    assert rule in {f.rule for f in report.errors}, report.summary()


def test_workspace_through_the_cli(tmp_path: Path, small_workspace: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["check", str(small_workspace)]).exit_code == 0
    broken = _workspace(tmp_path, claims=lambda c: _replace(c, 0, start=-1))
    result = runner.invoke(cli, ["check", str(broken)])
    assert result.exit_code == 1 and "spans.out_of_range [claims row 0 " in result.stdout


def test_unreadable_workspace_file(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    with (ws / "claims.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    with pytest.raises(InputError, match=r"claims\.jsonl"):
        check(ws)
    assert CliRunner().invoke(cli, ["check", str(ws)]).exit_code == 2


def test_claim_helper_is_the_model() -> None:
    # The cases above edit claims through the domain model, so they stay valid records.
    _, claims, _ = small_case()
    assert all(isinstance(c, Claim) for c in claims)


def _retask(records: list, claim_id: str, task: int, count: int) -> list:
    """Move the first ``count`` annotation records of ``claim_id`` to Label Studio task ``task``."""
    out, moved = [], 0
    for record in records:
        if record["claim_id"] == claim_id and moved < count:
            record, moved = {**record, "task_id": task}, moved + 1
        out.append(record)
    return out


def test_workspace_two_tasks_for_one_claim_and_one_task_for_two(tmp_path: Path) -> None:
    _, claims, records = small_case()
    task_of_second = next(r["task_id"] for r in records if r["claim_id"] == claims[1].id)
    workspace = _workspace(
        tmp_path, annotations=lambda rs: _retask(rs, claims[0].id, task_of_second, 1)
    )
    report = check(workspace)
    assert report.failed_rules() == ["tasks"]
    rules = {f.rule for f in report.errors}
    assert rules == {"tasks.shared", "tasks.several"}
    several = [f for f in report.errors if f.rule == "tasks.several"]
    assert [f.claim_id for f in several] == [claims[0].id]


def test_workspace_claim_id_not_derived_from_its_span(tmp_path: Path) -> None:
    _, claims, _ = small_case()
    moved = claims[3].end - 2
    workspace = _workspace(tmp_path, claims=lambda cs: _replace(cs, 3, end=moved))
    report = check(workspace)
    assert report.failed_rules() == ["claim_ids"]
    (finding,) = report.errors
    assert finding.rule == "claim_ids.derived" and finding.claim_id == claims[3].id
