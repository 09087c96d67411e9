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
