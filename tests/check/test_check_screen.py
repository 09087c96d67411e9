"""The privacy screen batches pieces and screens repeated values through their distinct ones:
it must find exactly the values and rows that matching every value on its own finds."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pytest

import export.check.screen as screen
from export.check.screen import EMAIL, HEX_TOKEN, HOME_PATH, TOKEN, Screener

SECRETS = ("ana@example.org", "hf_" + "a1" * 20, "/home/ana/notes.txt", "f" * 40)
PATTERN = re.compile(f"({EMAIL})|{TOKEN}|{HOME_PATH}|{HEX_TOKEN}")


def _pieces(distinct: int, seed: int) -> list[pa.Array]:
    """Pieces of a struct column with a string field and a list-of-strings field: values
    drawn from ``distinct`` clean ones, a few secrets and nulls among them."""
    rng = np.random.default_rng(seed)
    pool = [f"value {i} of the pool" for i in range(distinct)]
    pieces = []
    for size in (7, 300, 1, 120, 55):
        text = [
            None if u < 0.05 else SECRETS[k % 4] if u > 0.97 else pool[k % distinct]
            for u, k in zip(
                rng.random(size).tolist(), rng.integers(0, 1000, size).tolist(), strict=True
            )
        ]
        notes = [[t, "clean"] if t else [] for t in text]
        pieces.append(
            pa.StructArray.from_arrays([pa.array(text), pa.array(notes)], ["text", "notes"])
        )
    return pieces


def _expected(pieces: list[pa.Array], field: str) -> tuple[list[int], list[str]]:
    rows, values = [], []
    base = 0
    for piece in pieces:
        for i, row in enumerate(piece.field(field).to_pylist()):
            for v in row if isinstance(row, list) else [row]:
                if v is not None and PATTERN.search(v):
                    rows.append(base + i)
                    values.append(v)
        base += len(piece)
    return rows, values


@pytest.mark.parametrize("distinct", [2, 400])  # deduplicated, and not
@pytest.mark.parametrize("flush", [1, 1 << 30])  # every piece alone, all in one batch
@pytest.mark.parametrize("field", ["text", "notes"])
def test_batched_and_deduplicated_screen_finds_every_match(
    distinct: int, flush: int, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screen, "FLUSH_BYTES", flush)
    pieces = _pieces(distinct, seed=distinct + flush)
    screener = Screener("col", f"col.{field}")
    for piece in pieces:
        screener.feed(piece)
    hits = screener.result()
    rows, values = _expected(pieces, field)
    assert rows, "the fixture holds secrets"
    assert hits is not None
    assert hits.rows.tolist() == rows
    assert hits.values.to_pylist() == values
