"""Hypothesis properties of the whole extractor over arbitrary Unicode text."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.model import REQUIRED_SLOTS, Document
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.values.dates import find_dates, rewrite_relative

EXTRACTOR = RuleBasedExtractor()

#: Words that trigger every rule family, mixed with arbitrary characters, emoji and NBSPs.
FRAGMENTS = st.sampled_from(
    [
        " on Tuesday",
        " In December",
        " since September 2015",
        " nearly 500,000 people",
        " half of",
        " £5.2m",
        " 43%",
        " two thirds",
        "\u00a0",
        "\u202f",
        "😀",
        "👩‍👩‍👧",
        "\n\n",
        "\n",
        " said",
        " the minister",
        " met",
        " hosted",
        "“",
        "”",
        ". ",
        " - ",
        "Short link:",
        "AP , Tuesday 25 Apr 2023",
        " May",
        " 2011",
        " $3bn",
        " 12-year",
        " Mr.",
        " U.S.",
        "\r\n",
        "\t",
        "'s",
        "’s",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def extract(text: str, published: str | None) -> tuple[Document, list]:
    doc = document_from_text(text, published=published) if text else Document.from_text(text)
    return doc, EXTRACTOR.extract(doc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=DATES)
def test_spans_within_text_unique_ids_required_slots(text: str, published: str | None) -> None:
    doc, found = extract(text, published)
    ids = [c.id for c in found]
    assert len(ids) == len(set(ids))
    for claim in found:
        assert 0 <= claim.start < claim.end <= len(doc.text)
        assert claim.span_text(doc) == doc.text[claim.start : claim.end]
        assert claim.text.strip()
        assert set(REQUIRED_SLOTS[claim.type]) <= set(claim.slots)
    keys = [(c.start, c.end, str(c.type)) for c in found]
    assert keys == sorted(keys)


@settings(max_examples=100, deadline=None)
@given(text=TEXTS, published=DATES)
def test_identical_reruns(text: str, published: str | None) -> None:
    _, first = extract(text, published)
    _, second = extract(text, published)
    assert [c.to_dict() for c in first] == [c.to_dict() for c in second]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    doc, found = extract(text, None)
    assert all(0 <= c.start < c.end <= len(doc.text) for c in found)


ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RELATIVE = st.sampled_from(
    [
        "last week",
        "yesterday",
        "tomorrow",
        "next year",
        "last year",
        "in May",
        "on Monday",
        "next Friday",
        "two years ago",
        "earlier this month",
        "In December",
        "on 3 March",
    ]
)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(RELATIVE, min_size=1, max_size=6), ref=st.one_of(st.none(), st.dates()))
def test_resolved_dates_are_iso_even_at_the_ends_of_the_calendar(
    words: list[str], ref: dt.date | None
) -> None:
    text = ", ".join(words) + "."
    mentions = find_dates(text, ref)
    assert len(mentions) >= len(words) - 1  # "last year" after "in May" may fuse; none is lost
    for m in mentions:
        assert text[m.start : m.end] == m.expression
        assert m.date is None or ISO.match(m.date)
        if ref is None:
            assert m.date is None or not m.relative
    assert rewrite_relative(text, mentions).endswith(".")
