"""Undated news datelines (``HAVANA (AP) --``): read by the news-agency table of the lexicon, the
place is the article's, and the dateline is never part of a sentence, so never in a claim."""

from __future__ import annotations

import pytest

from claims import lexicon
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.segment import news_dateline, parse_header, segment

BODY = "Cuban President Fidel Castro said on Wednesday that 5,000 people would march."


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("HAVANA (AP) --", "HAVANA"),
        ("DAR ES SALAAM, Tanzania (AP) _", "DAR ES SALAAM, Tanzania"),
        ("BUFFALO, N.Y. (AP) --", "BUFFALO, N.Y."),
        ("WELLINGTON, New Zealand (Reuters) -", "WELLINGTON, New Zealand"),
        ("MIAMI (AP ) --", "MIAMI"),
        ("BEIJING (Xinhua) —", "BEIJING"),
    ],
)
def test_an_undated_dateline_gives_the_place_and_no_claim(dateline: str, place: str) -> None:
    text = f"Castro hails the march\n\n{dateline} {BODY}\n"
    assert parse_header(text).place == place
    (sentence,) = segment(text).body
    assert sentence.text == BODY
    claims = RuleBasedExtractor().extract(document_from_text(text, published="2000-04-05"))
    assert claims and all(c.start >= text.index(BODY) for c in claims)
    assert all(dateline.split()[0] not in c.text for c in claims)


@pytest.mark.parametrize(
    "line",
    [
        "Obama (AP) -- said nothing",  # no place in capitals
        "HAVANA (Agency) -- an unknown name in brackets",  # no news agency of the lexicon
        "The talks (AP) -- resumed",
    ],
)
def test_no_undated_dateline_without_a_place_in_capitals_and_an_agency(line: str) -> None:
    assert news_dateline(line) is None


def test_the_agencies_come_from_the_lexicon() -> None:
    agencies = lexicon.table("organisations")["news_agencies"]
    assert "AP" in agencies and "Reuters" in agencies
    for agency in agencies:
        m = news_dateline(f"KABUL ({agency}) -- The")
        assert m is not None and m.group("agency") == agency


def test_a_placeless_dateline_is_the_date_and_never_a_date_claim() -> None:
    """``Dec 29 (Reuters) -`` gave a date claim ``Dec 29`` and opened the first sentence."""
    text = f"Clinton speaks\n\nDec 29, 2015 (Reuters) - {BODY}\n"
    assert parse_header(text).published == "2015-12-29"
    (sentence,) = segment(text).body
    assert sentence.text == BODY
    claims = RuleBasedExtractor().extract(document_from_text(text, published="2015-12-30"))
    assert all(c.start >= text.index(BODY) for c in claims)


def test_a_news_dateline_after_the_publishers_line_is_cut_too() -> None:
    """``AP , Thursday 16 Mar 2023`` then ``WASHINGTON (AP) - ...``: both are datelines."""
    text = f"Castro hails the march\n\nAP , Wednesday 5 Apr 2000\n\nHAVANA (AP) - {BODY}\n"
    header = parse_header(text)
    assert (header.publisher, header.published, header.place) == ("AP", "2000-04-05", "HAVANA")
    assert [s.text for s in segment(text).body] == [BODY]
