"""Every rule: the clean dataset passes it, a dataset broken in exactly its way fails it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corruptions import (
    edit_card,
    edit_croissant,
    move_span,
    nested,
    part,
    replace_once,
    rewrite,
    set_value,
    share_task,
)

from export.check import check, rule_ids
from export.check.report import Severity


def test_clean_dataset_passes_every_rule(built_dataset: Path) -> None:
    report = check(built_dataset)
    assert report.kind == "dataset"
    assert [r.rule for r in report.results] == rule_ids("dataset")
    assert report.ok, report.summary() + "\n" + "\n".join(f.line() for f in report.errors)
    assert report.error_count == 0
    # The small dataset has one unannotated claim: coverage warns, nothing else does.
    assert {f.rule for f in report.warnings} == {"coverage.incomplete"}
    assert report.exit_code == 0


def _drop_column(root: Path) -> None:
    rewrite(part(root, "claims"), lambda t: t.drop_columns(["agreement"]))


def _retype_column(root: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        i = t.schema.get_field_index("start")
        return t.set_column(i, pa.field("start", pa.int32()), t.column("start").cast(pa.int32()))

    rewrite(part(root, "claims"), change)


def _undeclared_in_card(root: Path) -> None:
    edit_card(root, replace_once(r"^  - name: claim_type\n    dtype: string\n", ""))


def _duplicate_document(root: Path) -> None:
    row = pq.read_table(part(root, "documents", "train")).slice(0, 1)
    rewrite(part(root, "documents", "validation"), lambda t: pa.concat_tables([t, row]))


def _alpha_in_card(root: Path) -> None:
    edit_card(root, replace_once(r"krippendorff_alpha: [-0-9.]+", "krippendorff_alpha: 0.99"))


def _change_text(text: str) -> str:
    return ("Z" if text[0] != "Z" else "Y") + text[1:]


#: (rule that must fail, corruption). Each corruption breaks the dataset in one way.
CORRUPTIONS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "missing column": ("schema", _drop_column),
    "column type": ("schema", _retype_column),
    "card lacks a column": ("schema", _undeclared_in_card),
    "verdict out of range": (
        "labels",
        lambda r: set_value(r, "claims", "verdict", 0, lambda v: 7),
    ),
    "annotation label out of range": (
        "labels",
        lambda r: set_value(r, "annotations", "claim_quality", 0, lambda v: 9),
    ),
    "claim_id repeated across splits": (
        "ids",
        lambda r: set_value(
            r,
            "claims",
            "claim_id",
            0,
            lambda v: pq.read_table(part(r, "claims")).column("claim_id")[0].as_py(),
            split="validation",
        ),
    ),
    "annotation id repeated": (
        "ids",
        lambda r: set_value(
            r,
            "annotations",
            "annotation_id",
            1,
            lambda v: pq.read_table(part(r, "annotations")).column("annotation_id")[0].as_py(),
        ),
    ),
    "annotation row missing": (
        "ids",
        lambda r: rewrite(part(r, "annotations"), lambda t: t.slice(1)),
    ),
    "span offset shifted": ("spans", lambda r: set_value(r, "claims", "start", 0, lambda v: v + 1)),
    "span beyond the text": ("spans", lambda r: set_value(r, "claims", "end", 0, lambda v: 10**6)),
    "span_text edited": ("spans", lambda r: set_value(r, "claims", "span_text", 1, _change_text)),
    "document text edited": (
        "documents",
        lambda r: set_value(r, "documents", "text", 0, _change_text),
    ),
    "provenance sha256 wrong": (
        "documents",
        lambda r: set_value(r, "claims", "provenance", 0, nested("document.sha256", "0" * 64)),
    ),
    "num_annotations wrong": (
        "aggregates",
        lambda r: set_value(r, "claims", "num_annotations", 2, lambda v: v + 1),
    ),
    "agreement wrong": (
        "aggregates",
        lambda r: set_value(r, "claims", "agreement", 2, lambda v: 0.123),
    ),
    "annotation flipped": (
        "aggregates",
        lambda r: set_value(r, "claims", "annotations", 2, nested("verdict", 3)),
    ),
    "document in two splits": ("splits", _duplicate_document),
    "provenance field null": (
        "provenance",
        lambda r: set_value(r, "claims", "provenance", 0, nested("extractor.version", None)),
    ),
    "provenance title differs from the document": (
        "provenance",
        lambda r: set_value(r, "claims", "provenance", 0, nested("document.title", "Other")),
    ),
    "claim annotated on two tasks": (
        "tasks",
        lambda r: set_value(r, "claims", "provenance", 2, nested("label_studio.task_ids", [3, 40])),
    ),
    "annotation from another task": (
        "tasks",
        lambda r: set_value(r, "annotations", "task_id", 0, lambda v: v + 10_000),
    ),
    "num_examples wrong": (
        "card",
        lambda r: edit_card(r, replace_once(r"num_examples: (\d+)", "num_examples: 999")),
    ),
    "alpha wrong": ("card", _alpha_in_card),
    "e-mail in claim_text": (
        "privacy",
        lambda r: set_value(r, "claims", "claim_text", 0, lambda v: v + " jane.doe@example.com"),
    ),
    "e-mail in nested notes": (
        "privacy",
        lambda r: set_value(
            r, "claims", "annotations", 1, nested("notes", "ask bob@mail.example.org")
        ),
    ),
    "token in a title": (
        "privacy",
        lambda r: set_value(r, "documents", "title", 0, lambda v: "hf_" + "a1B2c3D4" * 5),
    ),
    "e-mail in a provenance title only": (
        "privacy",
        lambda r: set_value(r, "claims", "provenance", 1, nested("document.title", "me@x.org")),
    ),
    "home-directory path as a document source": (
        "privacy",
        lambda r: set_value(r, "documents", "source", 0, lambda v: "/home/jane/news/article.txt"),
    ),
    "span moved consistently": ("claim_ids", lambda r: move_span(r, 0, 3, 3)),
    "annotations row differs from its copy": (
        "annotation_copies",
        lambda r: set_value(r, "annotations", "notes", 0, lambda v: "one copy only"),
    ),
    "one task for two claims": ("tasks", lambda r: share_task(r, 1, 0)),
    "content hash edited": (
        "content_hash",
        lambda r: edit_card(r, replace_once(r"content_hash: \w+", "content_hash: " + "0" * 64)),
    ),
    "croissant missing": ("croissant", lambda r: (r / "croissant.json").unlink()),
    "croissant not JSON": ("croissant", lambda r: (r / "croissant.json").write_text("{")),
    "croissant without recordSet": (
        "croissant",
        lambda r: edit_croissant(r, lambda d: d.pop("recordSet")),
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_corruption_fails_its_rule(dataset: Path, case: str) -> None:
    rule, corrupt = CORRUPTIONS[case]
    corrupt(dataset)
    report = check(dataset)
    assert not report.ok
    assert rule in report.failed_rules(), report.summary()
    finding = next(f for f in report.errors if f.family == rule)
    assert finding.severity == Severity.ERROR
    assert finding.message and "\n" not in finding.line()


def test_corruptions_cover_every_rule_but_thresholds() -> None:
    covered = {rule for rule, _ in CORRUPTIONS.values()}
    assert covered | {"coverage", "agreement"} == set(rule_ids("dataset"))


def test_row_findings_name_config_split_row_and_claim(dataset: Path) -> None:
    set_value(dataset, "claims", "start", 3, lambda v: v + 1, split="validation")
    report = check(dataset, rules=["spans"])
    (finding,) = report.result("spans").findings
    claim_id = pq.read_table(part(dataset, "claims", "validation")).column("claim_id")[3].as_py()
    assert (finding.rule, finding.config, finding.split, finding.row) == (
        "spans.text",
        "claims",
        "validation",
        3,
    )
    assert finding.claim_id == claim_id
    assert finding.file == "data/claims/validation-00000-of-00001.parquet"
    assert f"claims/validation row 3 {claim_id}" in finding.line()


def test_coverage_threshold(built_dataset: Path) -> None:
    assert check(built_dataset, min_coverage=0.9).result("coverage").ok
    failed = check(built_dataset, min_coverage=1.0)
    assert failed.failed_rules() == ["coverage"]
    assert "94.4%" in failed.result("coverage").findings[0].message
    assert check(built_dataset, min_annotations=4, min_coverage=0.5).failed_rules() == ["coverage"]


def test_agreement_threshold(built_dataset: Path) -> None:
    assert check(built_dataset, min_alpha=-1.0).ok
    report = check(built_dataset, min_alpha=0.9)
    assert report.failed_rules() == ["agreement"]
    assert {f.rule for f in report.errors} == {"agreement.below_minimum"}
    assert any("verdict" in note for note in report.result("agreement").notes)


def test_findings_are_capped_but_counted(dataset: Path) -> None:
    def shift(t: pa.Table) -> pa.Table:
        i = t.schema.get_field_index("start")
        return t.set_column(i, t.schema.field(i), pa.compute.add(t.column("start"), 1))

    rewrite(part(dataset, "claims"), shift)
    rows = pq.read_metadata(part(dataset, "claims")).num_rows
    report = check(dataset, rules=["spans"])
    result = report.result("spans")
    assert result.error_count == rows
    from export.check.engine import Options, run_rules
    from export.check.source import DatasetSource

    (capped,) = run_rules(DatasetSource.open(dataset), [_rule("spans")], Options(cap=3))
    assert len(capped.findings) == 3
    assert capped.error_count == rows
    assert capped.omitted == rows - 3


def _rule(name: str) -> Any:
    from export.check.api import DATASET_RULES

    return next(r for r in DATASET_RULES if r.id == name)


def test_rules_subset_and_unknown_rule(built_dataset: Path) -> None:
    from claims.errors import InputError

    report = check(built_dataset, rules=["spans", "privacy.email"])
    assert [r.rule for r in report.results] == ["spans", "privacy"]
    with pytest.raises(InputError, match="unknown rule"):
        check(built_dataset, rules=["nope"])


def test_unreadable_input_is_an_input_error(tmp_path: Path, dataset: Path) -> None:
    from claims.errors import InputError

    with pytest.raises(InputError, match="no such directory"):
        check(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="neither a dataset"):
        check(tmp_path / "empty")
    part(dataset, "claims").write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        check(dataset)
    edit_card(dataset, lambda text: "---\nconfigs: [\n---\n")
    with pytest.raises(InputError, match="YAML"):
        check(dataset)


def test_report_to_dataframe_and_dict(dataset: Path) -> None:
    set_value(dataset, "claims", "end", 0, lambda v: 10**6)
    report = check(dataset)
    frame = report.to_dataframe()
    assert list(frame.columns) == [
        "rule",
        "severity",
        "message",
        "config",
        "split",
        "row",
        "claim_id",
        "file",
    ]
    assert (frame["rule"] == "spans.out_of_range").sum() == 1
    data = report.to_dict()
    assert json.loads(json.dumps(data))["ok"] is False
    assert {r["rule"] for r in data["rules"]} == set(rule_ids("dataset"))


def test_full_croissant_validation_with_mlcroissant(dataset: Path) -> None:
    assert check(dataset, rules=["croissant"], full_croissant=True).ok

    def nonsense_type(doc: dict[str, Any]) -> None:
        claims = next(r for r in doc["recordSet"] if r["name"] == "claims")
        claims["field"][0]["dataType"] = "sc:NoSuchType"

    edit_croissant(dataset, nonsense_type)
    assert check(dataset, rules=["croissant"]).ok  # the fast check does not read data types
    report = check(dataset, rules=["croissant"], full_croissant=True)
    (finding,) = report.errors
    assert finding.rule == "croissant.validator" and "NoSuchType" in finding.message


def test_parallel_and_sequential_runs_agree(dataset: Path) -> None:
    set_value(dataset, "claims", "start", 0, lambda v: v + 1)
    set_value(dataset, "documents", "title", 0, lambda v: "mail x@example.com")

    def stable(workers: int) -> list[dict[str, Any]]:
        rules = check(dataset, workers=workers).to_dict()["rules"]
        return [{k: v for k, v in r.items() if k != "seconds"} for r in rules]

    assert stable(1) == stable(4)


def test_dataset_exported_before_any_annotation_passes(tmp_path: Path) -> None:
    from fixtures.datasets import make_workspace, small_case

    from export.build import export_dataset

    docs, claims, _ = small_case()
    workspace = make_workspace(tmp_path / "ws", docs, claims, annotations=None)
    export_dataset(workspace, out=tmp_path / "ds")
    report = check(tmp_path / "ds")
    assert report.ok, [f.line() for f in report.errors]
    assert {f.rule for f in report.warnings} == {"coverage.incomplete"}
    assert "0.0% of 18 claims" in report.result("coverage").notes[0]
