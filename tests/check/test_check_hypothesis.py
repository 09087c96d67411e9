"""Hypothesis: any single corruption of the small dataset is caught by the rule it concerns."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from corruptions import edit_card, nested, part, set_value
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
            ]
        )
    )
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_corruption_is_caught(built_dataset: Path, data: st.DataObject) -> None:
    rule, corrupt = data.draw(mutations(built_dataset))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(shutil.copytree(built_dataset, Path(tmp) / "dataset"))
        corrupt(root)
        report = check(root)
    assert rule in report.failed_rules(), report.summary()
    assert report.exit_code == 1
