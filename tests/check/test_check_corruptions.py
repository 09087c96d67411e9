"""Corruptions that keep every row self-consistent, each caught by the rule made for it.

Each edit here passes the older rules (a moved span still matches its ``span_text``, a forged id
still resolves): the card's content hash is resealed after the edit, as a careful forger would,
so the rule named is the only one that fails.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from corruptions import (
    annotated_rows,
    claim_row,
    edit_card,
    forge_claim_id,
    move_span,
    part,
    replace_once,
    reseal,
    rewrite,
    set_annotation_tasks,
    set_value,
    share_task,
)

from claims.model import make_claim_id
from export.check import check
from export.check.report import CheckReport


def _only(report: CheckReport, rule: str) -> list[str]:
    """The failed rules must be exactly ``[rule]``; return the sub-rules it reported."""
    assert report.failed_rules() == [rule], (
        report.summary() + "\n" + "\n".join(f.line() for f in report.errors)
    )
    assert report.exit_code == 1
    return sorted({f.rule for f in report.errors})


def test_end_moved_with_span_text_edited_to_match(dataset: Path) -> None:
    claim = claim_row(dataset, 2)
    move_span(dataset, 2, 0, -3)
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "claim_ids") == ["claim_ids.derived"]
    (finding,) = report.errors
    assert finding.claim_id == claim["claim_id"] and finding.row == 2
    end = claim["end"] - 3
    expected = make_claim_id(
        claim["provenance"]["document"]["sha256"], claim["start"], end, "quantity"
    )
    assert f"[{claim['start']}, {end})" in finding.message and expected in finding.message


def test_span_moved_by_three_characters_consistently(dataset: Path) -> None:
    move_span(dataset, 4, 3, 3)
    reseal(dataset)
    assert _only(check(dataset), "claim_ids") == ["claim_ids.derived"]


def test_claim_id_forged_in_claims_and_annotations(dataset: Path) -> None:
    row = annotated_rows(dataset)[0]
    forge_claim_id(dataset, row, "claim-0123456789abcdef0123")
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "claim_ids") == ["claim_ids.derived"]
    assert report.errors[0].claim_id == "claim-0123456789abcdef0123"


def test_a_claim_type_changed_changes_the_id_it_should_have(dataset: Path) -> None:
    set_value(dataset, "claims", "claim_type", 0, lambda v: "date")
    reseal(dataset)
    assert _only(check(dataset), "claim_ids") == ["claim_ids.derived"]


def test_one_task_for_two_claims(dataset: Path) -> None:
    first, second = annotated_rows(dataset)[:2]
    share_task(dataset, second, first)
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "tasks") == ["tasks.shared"]
    rows = sorted(f.row for f in report.errors if f.config == "claims")
    assert rows == sorted([first, second])
    other = claim_row(dataset, first)["claim_id"]
    assert any(other in f.message and "one task for two claims" in f.message for f in report.errors)


def test_two_tasks_for_one_claim(dataset: Path) -> None:
    row = annotated_rows(dataset, at_least=2)[0]
    claim_id = claim_row(dataset, row)["claim_id"]
    set_annotation_tasks(dataset, claim_id, 9999, rows=1)
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "tasks") == ["tasks.several"]
    (finding,) = report.errors
    assert finding.claim_id == claim_id and "9999" in finding.message
    assert "two tasks for one claim" in finding.message


def test_annotations_of_another_task_than_the_provenance_names(dataset: Path) -> None:
    row = annotated_rows(dataset)[0]
    set_annotation_tasks(dataset, claim_row(dataset, row)["claim_id"], 9999)
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "tasks") == ["tasks.provenance"]
    assert all("task 9999" in f.message for f in report.errors)


def test_annotations_row_disagrees_with_its_nested_copy(dataset: Path) -> None:
    table = pq.read_table(part(dataset, "annotations"))
    verdict = table.column("verdict")[0].as_py()
    set_value(dataset, "annotations", "verdict", 0, lambda v: (v + 1) % 4)
    set_value(dataset, "annotations", "notes", 1, lambda v: "edited in one copy only")
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "annotation_copies") == ["annotation_copies.differs"]
    first, second = report.errors
    assert (first.config, first.row, second.row) == ("annotations", 0, 1)
    assert first.message.endswith("in verdict") and second.message.endswith("in notes")
    assert verdict is not None


def test_annotations_row_moved_to_another_claim(dataset: Path) -> None:
    ids = pq.read_table(part(dataset, "annotations")).column("claim_id").to_pylist()
    other = next(c for c in ids if c != ids[0])
    set_value(dataset, "annotations", "claim_id", 0, lambda v: other)
    reseal(dataset)
    report = check(dataset)
    assert "annotation_copies" in report.failed_rules()
    finding = next(f for f in report.errors if f.family == "annotation_copies")
    assert finding.row == 0 and finding.message.endswith("in claim_id")


def test_content_hash_edited(dataset: Path) -> None:
    edit_card(dataset, replace_once(r"content_hash: \w+", "content_hash: " + "ab" * 32))
    report = check(dataset)
    assert _only(report, "content_hash") == ["content_hash.mismatch"]
    assert report.errors[0].file == "README.md"


def test_data_changed_after_export_fails_the_content_hash(dataset: Path) -> None:
    set_value(dataset, "claims", "claim_text", 0, lambda v: v + " Edited.")
    assert check(dataset).failed_rules() == ["content_hash"]
    reseal(dataset)
    assert check(dataset).ok


def test_content_hash_missing(dataset: Path) -> None:
    edit_card(dataset, replace_once(r"^  content_hash: \w+\n", ""))
    assert _only(check(dataset), "content_hash") == ["content_hash.missing"]


def test_card_alpha_in_scientific_notation_matches() -> None:
    # YAML writes a small rounded alpha such as -0.000077 as -7.7e-05: still the same figure.
    from export.check.figures import _same_figure

    assert _same_figure(-7.7e-05, -0.0000768)
    assert not _same_figure(-7.7e-05, -0.0000780)
    assert _same_figure(0.8123, 0.81234) and not _same_figure(0.8123, 0.8125)


def test_annotations_rows_in_another_order_are_matched_by_id(dataset: Path) -> None:
    rewrite(part(dataset, "annotations"), lambda t: t.take(list(range(t.num_rows))[::-1]))
    set_value(dataset, "annotations", "annotator", 0, lambda v: "annotator-ffffffffffff")
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "annotation_copies") == ["annotation_copies.differs"]
    (finding,) = report.errors
    assert finding.row == 0 and finding.message.endswith("in annotator")


def test_checkworthiness_outside_0_1(dataset: Path) -> None:
    claim = claim_row(dataset, 1)
    set_value(dataset, "claims", "checkworthiness", 1, lambda _: 1.5)
    reseal(dataset)
    report = check(dataset)
    assert _only(report, "labels") == ["labels.out_of_range"]
    (finding,) = report.errors
    assert finding.claim_id == claim["claim_id"] and "checkworthiness 1.5" in finding.message
