"""The sort-based key helpers agree with plain Python on any keys, collisions or not."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
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
