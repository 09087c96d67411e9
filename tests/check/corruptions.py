"""Ways to break a built dataset, one rule at a time, for the checker's tests.

Each helper edits a writable copy in place: Parquet files are rewritten with pyarrow (keeping
the schema and its ``huggingface`` metadata), the card and ``croissant.json`` as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def part(root: Path, config: str, split: str = "train") -> Path:
    """The Parquet file of one split of one config."""
    return root / "data" / config / f"{split}-00000-of-00001.parquet"


def rewrite(path: Path, change: Callable[[pa.Table], pa.Table]) -> None:
    """Replace the file's rows by ``change(table)``."""
    table = pq.read_table(path)
    pq.write_table(change(table), path)


def set_value(
    root: Path,
    config: str,
    column: str,
    row: int,
    change: Callable[[Any], Any],
    split: str = "train",
) -> None:
    """Replace one cell by ``change(old_value)`` (nested values come as dicts and lists)."""

    def edit(table: pa.Table) -> pa.Table:
        values = table.column(column).to_pylist()
        values[row] = change(values[row])
        index = table.schema.get_field_index(column)
        field = table.schema.field(index)
        return table.set_column(index, field, pa.array(values, field.type))

    rewrite(part(root, config, split), edit)


def nested(path: str, value: Any) -> Callable[[Any], Any]:
    """A ``set_value`` change setting ``a.b`` of a struct (or of each item of a list)."""
    keys = path.split(".")

    def change(cell: Any) -> Any:
        for item in cell if isinstance(cell, list) else [cell]:
            target = item
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value
        return cell

    return change


def edit_card(root: Path, change: Callable[[str], str]) -> None:
    """Edit ``README.md`` as text."""
    card = root / "README.md"
    card.write_text(change(card.read_text(encoding="utf-8")), encoding="utf-8")


def replace_once(pattern: str, repl: str) -> Callable[[str], str]:
    """A card edit replacing the first match of ``pattern``."""

    def change(text: str) -> str:
        new, n = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
        assert n == 1, f"{pattern!r} not found in the card"
        return new

    return change


def edit_croissant(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit ``croissant.json`` as a dict."""
    path = root / "croissant.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def reseal(root: Path) -> None:
    """Write the recomputed content hash into the card, as a careful forger would after an edit
    (so only the rule the edit concerns fails, not ``content_hash`` too)."""
    from export.build import content_hash
    from export.card import read_front_matter

    splits = read_front_matter(root)["claimset"]["splits"]
    digest = content_hash(root, splits)
    edit_card(root, replace_once(r"content_hash: \w+", f"content_hash: {digest}"))


def claim_row(root: Path, row: int, split: str = "train") -> dict[str, Any]:
    """One ``claims`` row as a dict."""
    return dict(pq.read_table(part(root, "claims", split)).slice(row, 1).to_pylist()[0])


def document_text(root: Path, doc_id: str) -> str:
    """The text of document ``doc_id`` (whatever its split)."""
    for path in sorted((root / "data" / "documents").glob("*.parquet")):
        table = pq.read_table(path, columns=["doc_id", "text"]).to_pylist()
        for record in table:
            if record["doc_id"] == doc_id:
                return str(record["text"])
    raise AssertionError(f"no document {doc_id}")


def move_span(root: Path, row: int, start_delta: int, end_delta: int) -> None:
    """Move a claim's span and edit ``span_text`` to match: the span stays self-consistent."""
    claim = claim_row(root, row)
    start, end = claim["start"] + start_delta, claim["end"] + end_delta
    text = document_text(root, claim["doc_id"])
    assert 0 <= start < end <= len(text), "the moved span must stay inside the document"
    set_value(root, "claims", "start", row, lambda v: start)
    set_value(root, "claims", "end", row, lambda v: end)
    set_value(root, "claims", "span_text", row, lambda v: text[start:end])


def forge_claim_id(root: Path, row: int, new_id: str) -> None:
    """Replace a claim's id in ``claims`` and in every ``annotations`` row of it, consistently."""
    old = claim_row(root, row)["claim_id"]
    set_value(root, "claims", "claim_id", row, lambda v: new_id)
    rewrite(
        part(root, "annotations"),
        lambda t: t.set_column(
            t.schema.get_field_index("claim_id"),
            t.schema.field("claim_id"),
            pa.array([new_id if c == old else c for c in t.column("claim_id").to_pylist()]),
        ),
    )


def set_annotation_tasks(root: Path, claim_id: str, task: int, *, rows: int | None = None) -> None:
    """Set ``task_id`` of the claim's ``annotations`` rows (the first ``rows`` of them, or all)."""

    def change(t: pa.Table) -> pa.Table:
        claims, tasks = t.column("claim_id").to_pylist(), t.column("task_id").to_pylist()
        mine = [i for i, c in enumerate(claims) if c == claim_id]
        assert mine, f"claim {claim_id} has no annotations in this split"
        for i in mine[: rows if rows is not None else len(mine)]:
            tasks[i] = task
        index = t.schema.get_field_index("task_id")
        return t.set_column(index, t.schema.field(index), pa.array(tasks, pa.int64()))

    rewrite(part(root, "annotations"), change)


def share_task(root: Path, row: int, other: int) -> None:
    """Point claim ``row`` at the Label Studio task of claim ``other`` (provenance and its
    annotation rows alike): one task for two claims."""
    task = claim_row(root, other)["provenance"]["label_studio"]["task_id"]
    assert task is not None
    set_value(root, "claims", "provenance", row, nested("label_studio.task_id", task))
    set_annotation_tasks(root, claim_row(root, row)["claim_id"], task)


def annotated_rows(root: Path, at_least: int = 1, split: str = "train") -> list[int]:
    """``claims`` rows with at least ``at_least`` items in ``annotations[]``."""
    lists = pq.read_table(part(root, "claims", split)).column("annotations").to_pylist()
    return [i for i, items in enumerate(lists) if len(items) >= at_least]
