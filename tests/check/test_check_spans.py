"""The vectorised span comparison agrees with Python slicing on any text (any code points)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from export.check.content import span_mismatches

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int, int, str]]]:
    docs = draw(st.lists(TEXT, min_size=1, max_size=5))
    spans = []
    for _ in range(draw(st.integers(1, 25))):
        d = draw(st.integers(0, len(docs) - 1))
        start = draw(st.integers(0, len(docs[d]) - 1))
        end = draw(st.integers(start + 1, len(docs[d])))
        span = docs[d][start:end]
        if draw(st.booleans()):  # a wrong span_text: another slice or an edited one
            span = draw(st.one_of(TEXT, st.just(span[:-1] + "\u00e9"), st.just(span + "x")))
        spans.append((d, start, end, span))
    return docs, spans


@settings(max_examples=300, deadline=None)
@given(cases())
def test_span_mismatches_equal_python_slicing(case: tuple[list[str], list]) -> None:
    docs, spans = case
    doc = np.array([d for d, _, _, _ in spans], dtype=np.int64)
    start = np.array([s for _, s, _, _ in spans], dtype=np.int64)
    end = np.array([e for _, _, e, _ in spans], dtype=np.int64)
    good = np.ones(len(spans), dtype=bool)
    got = span_mismatches(pa.array(docs), doc, start, end, pa.array([t for *_, t in spans]), good)
    want = [docs[d][s:e] != t for d, s, e, t in spans]
    assert got.tolist() == want


def test_sliced_and_chunked_inputs() -> None:
    docs = pa.chunked_array([["xx"], ["héllo wörld, ünïcode text", "plain ascii text here"]])
    text = docs.combine_chunks().slice(1)  # an array with a non-zero offset
    spans = pa.array(["ünïcode", "ascii text", "wörld"])
    got = span_mismatches(
        text,
        np.array([0, 1, 0]),
        np.array([13, 6, 6]),
        np.array([20, 16, 11]),
        spans,
        np.ones(3, dtype=bool),
    )
    assert got.tolist() == [False, False, False]
