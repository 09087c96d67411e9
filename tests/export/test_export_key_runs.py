"""``KeyIndex.lookup_runs`` gives what ``lookup`` gives, on runs, nulls and unknown keys."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from export.keys import KeyIndex


@pytest.mark.parametrize("mixed_widths", [False, True])
def test_runs_match_lookup(mixed_widths: bool) -> None:
    rng = random.Random(7)
    keys = [f"doc-{i:06d}" for i in range(200)]
    if mixed_widths:  # the dict fallback
        keys += ["short", "a-much-longer-document-id"]
    index = KeyIndex(pa.array(keys))
    pool: list[str | None] = [*keys, "doc-999999", "unknown", None]
    for _ in range(50):
        queries: list[str | None] = []
        while len(queries) < 300:
            queries += [rng.choice(pool)] * rng.randint(1, 25)
        array = pa.array(queries, pa.string())
        assert index.lookup_runs(array).tolist() == index.lookup(array).tolist()
        part = array.slice(17, 150)
        assert index.lookup_runs(part).tolist() == index.lookup(part).tolist()
        chunked = pa.chunked_array([array.slice(0, 100), array.slice(100)])
        assert index.lookup_runs(chunked).tolist() == index.lookup(array).tolist()


def test_short_and_empty_queries() -> None:
    index = KeyIndex(pa.array(["a1", "b2"]))
    assert index.lookup_runs(pa.array([], pa.string())).tolist() == []
    assert index.lookup_runs(pa.array(["b2"])).tolist() == [1]
    assert index.lookup_runs(pa.array([None, None, "a1", "a1"], pa.string())).tolist() == [
        -1,
        -1,
        0,
        0,
    ]
