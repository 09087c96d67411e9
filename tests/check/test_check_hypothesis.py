"""Hypothesis: any single corruption of the small dataset is caught by the rule it concerns."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from corruptions import (
    annotated_rows,
    claim_row,
    document_text,
    edit_card,
    forge_claim_id,
    move_span,
    nested,
    part,
    replace_once,
    reseal,
    set_annotation_tasks,
    set_value,
    share_task,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.check import check

Mutation = tuple[str, Callable[[Path], None]]


def _bump_examples(delta: int) -> Callable[[str], str]:
    """A card edit changing the first ``num_examples`` by ``delta``."""

    def change(text: str) -> str:
        return re.sub(
            r"num_examples: (\d+)", lambda m: f"num_examples: {int(m[1]) + delta}", text, count=1
        )

    return change


def _rows(root: Path, config: str, split: str = "train") -> int:
    return pq.read_metadata(part(root, config, split)).num_rows


@st.composite
def mutations(draw: st.DrawFn, root: Path) -> Mutation:
    """A rule id and a corruption that breaks the dataset in that rule's way."""
    claims, docs = _rows(root, "claims"), _rows(root, "documents")
    row = draw(st.integers(0, claims - 1))
    kind = draw(
        st.sampled_from(
            [
                "offset",
                "label",
                "duplicate",
                "document",
                "provenance",
                "email",
                "token",
                "aggregate",
                "annotation_id",
                "card",
                "end_moved",
                "span_shifted",
                "claim_id_forged",
                "task_shared",
                "task_split",
                "annotation_copy",
                "content_hash",
            ]
        )
    )
    if kind in CONSISTENT:
        return CONSISTENT[kind](draw, root, row)
    if kind == "annotation_id":
        n = _rows(root, "annotations")
        a, b = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
        ids = pq.read_table(part(root, "annotations")).column("annotation_id").to_pylist()
        return "ids", lambda r: set_value(r, "annotations", "annotation_id", a, lambda v: ids[b])
    if kind == "card":
        delta = draw(st.integers(-3, 3).filter(bool))
        return "card", lambda r: edit_card(r, _bump_examples(delta))
    if kind == "offset":
        column = draw(st.sampled_from(["start", "end"]))
        delta = draw(st.integers(-5, 5).filter(bool))
        return "spans", lambda r: set_value(r, "claims", column, row, lambda v: v + delta)
    if kind == "label":
        column = draw(st.sampled_from(["verdict", "claim_quality"]))
        bad = draw(st.one_of(st.integers(4, 1000), st.integers(-1000, -2)))
        return "labels", lambda r: set_value(r, "claims", column, row, lambda v: bad)
    if kind == "duplicate":
        other = draw(st.integers(0, claims - 1).filter(lambda i: i != row))
        ids = pq.read_table(part(root, "claims")).column("claim_id").to_pylist()
        return "ids", lambda r: set_value(r, "claims", "claim_id", row, lambda v: ids[other])
    if kind == "document":
        doc = draw(st.integers(0, docs - 1))
        char = draw(st.characters(codec="utf-8", exclude_categories=("Cs",)))
        position = draw(st.integers(0, 50))

        def edit(text: str) -> str:
            i = min(position, len(text) - 1)
            return text[:i] + (char if text[i] != char else char + char) + text[i + 1 :]

        return "documents", lambda r: set_value(r, "documents", "text", doc, edit)
    if kind == "provenance":
        field = draw(
            st.sampled_from(
                [
                    "document.sha256",
                    "extractor.name",
                    "extractor.version",
                    "builder.name",
                    "builder.version",
                ]
            )
        )
        return "provenance", lambda r: set_value(
            r, "claims", "provenance", row, nested(field, None)
        )
    if kind == "email":
        user = draw(st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True))
        column = draw(st.sampled_from(["claim_text", "span_text", "annotations"]))
        address = f" {user}@news.example.com "
        if column == "annotations":
            lists = pq.read_table(part(root, "claims")).column("annotations").to_pylist()
            row = draw(st.sampled_from([i for i, items in enumerate(lists) if items]))
            return "privacy", lambda r: set_value(
                r, "claims", column, row, nested("notes", address)
            )
        return "privacy", lambda r: set_value(r, "claims", column, row, lambda v: v + address)
    if kind == "token":
        body = draw(st.text("abcdefABCDEF0123456789", min_size=34, max_size=40))
        token = draw(st.sampled_from(["hf_", "ghp_", "glpat-", "sk-"])) + body
        return "privacy", lambda r: set_value(
            r, "claims", "claim_text", row, lambda v: f"{v} {token}"
        )
    flipped = draw(st.sampled_from(["num_annotations", "agreement", "needs_adjudication"]))
    change: dict[str, Callable[[Any], Any]] = {
        "num_annotations": lambda v: v + 1,
        "agreement": lambda v: 0.5 if v != 0.5 else 0.25,
        "needs_adjudication": lambda v: not v,
    }
    return "aggregates", lambda r: set_value(r, "claims", flipped, row, change[flipped])


def _moved(draw: st.DrawFn, root: Path, row: int, *, shift: bool) -> Mutation:
    """A span moved (both ends by the same amount, or only its end), span_text kept in step."""
    claim = claim_row(root, row)
    length = len(document_text(root, claim["doc_id"]))
    if shift:
        deltas = [d for d in (-3, 3) if claim["start"] + d >= 0 and claim["end"] + d <= length]
        delta = draw(st.sampled_from(deltas))
        return "claim_ids", lambda r: move_span(r, row, delta, delta)
    room = [d for d in range(-5, 6) if d and claim["start"] < claim["end"] + d <= length]
    delta = draw(st.sampled_from(room))
    return "claim_ids", lambda r: move_span(r, row, 0, delta)


def _forged(draw: st.DrawFn, root: Path, row: int) -> Mutation:
    forged = "claim-" + draw(st.text("0123456789abcdef", min_size=20, max_size=20))
    return "claim_ids", lambda r: forge_claim_id(r, row, forged)


def _task_shared(draw: st.DrawFn, root: Path, row: int) -> Mutation:
    a, b = draw(
        st.lists(st.sampled_from(annotated_rows(root)), min_size=2, max_size=2, unique=True)
    )
    return "tasks", lambda r: share_task(r, a, b)


def _task_split(draw: st.DrawFn, root: Path, row: int) -> Mutation:
    row = draw(st.sampled_from(annotated_rows(root, at_least=2)))
    task = draw(st.integers(10_000, 2**40))
    claim_id = claim_row(root, row)["claim_id"]
    return "tasks", lambda r: set_annotation_tasks(r, claim_id, task, rows=1)


def _annotation_copy(draw: st.DrawFn, root: Path, row: int) -> Mutation:
    n = _rows(root, "annotations")
    i = draw(st.integers(0, n - 1))
    column = draw(st.sampled_from(["verdict", "claim_quality", "annotator", "lead_time", "notes"]))
    change: dict[str, Callable[[Any], Any]] = {
        "verdict": lambda v: 0 if v != 0 else 1,
        "claim_quality": lambda v: 0 if v != 0 else 1,
        "annotator": lambda v: "annotator-ffffffffffff",
        "lead_time": lambda v: (v or 0.0) + 1.0,
        "notes": lambda v: "edited in one copy only",
    }
    return "annotation_copies", lambda r: set_value(r, "annotations", column, i, change[column])


def _content_hash(draw: st.DrawFn, root: Path, row: int) -> Mutation:
    digest = draw(st.text("0123456789abcdef", min_size=64, max_size=64))
    return "content_hash", lambda r: edit_card(
        r, replace_once(r"content_hash: \w+", f"content_hash: {digest}")
    )


#: Corruptions that keep each row self-consistent (the rules for issue 10, item 6).
CONSISTENT: dict[str, Callable[[st.DrawFn, Path, int], Mutation]] = {
    "end_moved": lambda d, r, i: _moved(d, r, i, shift=False),
    "span_shifted": lambda d, r, i: _moved(d, r, i, shift=True),
    "claim_id_forged": _forged,
    "task_shared": _task_shared,
    "task_split": _task_split,
    "annotation_copy": _annotation_copy,
    "content_hash": _content_hash,
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_corruption_is_caught(built_dataset: Path, data: st.DataObject) -> None:
    rule, corrupt = data.draw(mutations(built_dataset))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(shutil.copytree(built_dataset, Path(tmp) / "dataset"))
        corrupt(root)
        if rule != "content_hash":
            reseal(root)  # a careful forger: the rule concerned must catch it on its own
        report = check(root)
    assert rule in report.failed_rules(), report.summary()
    assert report.exit_code == 1
