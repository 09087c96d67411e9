"""The sort-based key helpers agree with plain Python on any keys, collisions or not."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export.check.hashing import duplicated, index_of


@st.composite
def key_sets(draw: st.DrawFn) -> tuple[list[str | None], list[str | None], list[int]]:
    width = draw(st.sampled_from([1, 5, 8, 13, 26, 70]))
    text = (
        st.text("ab\u00e9", min_size=width, max_size=width).filter(
            lambda s: len(s.encode()) == width
        )
        if width < 70
        else st.text("ab", min_size=width, max_size=width + 3)
    )
    keys = draw(st.lists(text, min_size=1, max_size=30, unique=True))
    queries = draw(st.lists(st.one_of(st.sampled_from(keys), text, st.none()), max_size=40))
    guess = draw(
        st.lists(st.integers(-2, len(keys) + 2), min_size=len(queries), max_size=len(queries))
    )
    return keys, queries, guess


@settings(max_examples=150, deadline=None)
@given(key_sets())
def test_index_of_and_duplicated_match_python(case: tuple[list, list, list[int]]) -> None:
    keys, queries, guess = case
    want = [keys.index(q) if q in keys else -1 for q in queries]
    k, q = pa.array(keys, pa.string()), pa.array(queries, pa.string())
    assert index_of(q, k).tolist() == want
    assert index_of(q, k, np.array(guess, dtype=np.int64)).tolist() == want
    dup = [x is not None and queries.count(x) > 1 for x in queries]
    assert duplicated(q).tolist() == dup


@given(st.lists(st.integers(-5, 5), max_size=40), st.lists(st.integers(-5, 5), max_size=40))
def test_integer_keys(queries: list[int], keys: list[int]) -> None:
    keys = list(dict.fromkeys(keys))
    want = [keys.index(x) if x in keys else -1 for x in queries]
    got = index_of(pa.array(queries, pa.int64()), pa.array(keys, pa.int64()))
    assert got.tolist() == want
    assert duplicated(pa.array(queries, pa.int64())).tolist() == [
        queries.count(x) > 1 for x in queries
    ]


@pytest.mark.parametrize("spread", [40, 10**12])  # counted in one pass; sorted
def test_integer_duplicates_match_a_sort(spread: int) -> None:
    rng = np.random.default_rng(spread)
    for _ in range(100):
        n = int(rng.integers(0, 60))
        values = rng.integers(-3, spread, n)
        nulls = rng.random(n) < 0.2
        seen: dict[int, int] = {}
        for v, null in zip(values.tolist(), nulls.tolist(), strict=True):
            key = -1 if null else v  # a null's fingerprint is -1's
            seen[key] = seen.get(key, 0) + 1
        expected = [
            not null and seen[v] > 1
            for v, null in zip(values.tolist(), nulls.tolist(), strict=True)
        ]
        assert duplicated(pa.array(values, mask=nulls)).tolist() == expected
