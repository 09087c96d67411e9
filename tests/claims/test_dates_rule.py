"""Date expressions on real sentences: resolution against the article date, false positives."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.model import ClaimType, Document
from claims.rules.base import RuleContext, Sentence
from claims.rules.dates import find_date_claims
from claims.values.dates import find_dates, format_date, rewrite_relative

TUESDAY = dt.date(2023, 4, 25)  # the original article's date, a Tuesday


def dates(text: str, ref: dt.date | None = TUESDAY) -> list[tuple[str, str | None, str | None]]:
    return [(m.expression, m.date, m.relation) for m in find_dates(text, ref)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russia's defense minister hosted his counterparts from Iran, Syria and Turkey on "
            "Tuesday for talks.",
            [("on Tuesday", "2023-04-25", "on")],
        ),
        (
            "Moscow has waged a military campaign in Syria since September 2015, teaming up "
            "with Iran.",
            [("since September 2015", "2015-09", "since")],
        ),
        (
            "In December, Moscow hosted a surprise meeting of the Turkish and Syrian defense "
            "ministers.",
            [("In December", "2022-12", "in")],
        ),
        (
            "And earlier this month, senior diplomats from Russia, Turkey, Syria and Iran met.",
            [("earlier this month", "2023-04", None)],
        ),
        (
            "He faces presidential and parliamentary elections in May.",
            [("in May", "2023-05", "in")],
        ),
        (
            "The decision to reopen it was part of a truce reached in March 2020 between Russia.",
            [("in March 2020", "2020-03", "in")],
        ),
        (
            "Unemployment fell last year, after the uprising began in 2011.",
            [("last year", "2022", None), ("in 2011", "2011", "in")],
        ),
        ("The talks were held yesterday.", [("yesterday", "2023-04-24", None)]),
        ("Leaders met on April 25, 2023 in Moscow.", [("on April 25, 2023", "2023-04-25", "on")]),
        ("The deal was signed on 25 April 2023.", [("on 25 April 2023", "2023-04-25", "on")]),
        ("Shares fell two years ago.", [("two years ago", "2021", None)]),
        ("Profits will rise next year.", [("next year", "2024", None)]),
        (
            "The firm said it would report by the end of 2005.",
            [("by the end of 2005", "2005", "by")],
        ),
    ],
)
def test_dates_resolve_against_the_article_date(sentence: str, expected: list) -> None:
    assert dates(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Prime Minister Theresa May said the plan was sound.",
        "Protesters will march on parliament.",
        "He may March again.",
        "They won 4-2 on aggregate.",
        "More than 2,000 people and 1,999 jobs were affected.",
        "The firm raised $2005m from the sale.",
        "Black Friday sales were strong.",
        "He told BBC Radio 4's Today programme the plan was sound.",
        "The 1990s were a decade of growth.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert dates(sentence) == []


def test_undated_article_keeps_relative_dates_unresolved() -> None:
    found = dates(
        "The match on Saturday was his first since December 2004; he returns in May.", None
    )
    assert found == [
        ("on Saturday", None, "on"),
        ("since December 2004", "2004-12", "since"),
        ("in May", None, "in"),
    ]


def test_last_week_resolves_to_a_month_and_rewrites_readably() -> None:
    text = "Last week, the firm said profits rose."
    mentions = find_dates(text, TUESDAY)
    assert [(m.expression, m.date) for m in mentions] == [("Last week", "2023-04")]
    assert rewrite_relative(text, mentions) == (
        "In the week before 25 April 2023, the firm said profits rose."
    )


def test_rewrite_relative_turns_relative_dates_into_absolute_ones() -> None:
    text = "The ministry said in its readout of Tuesday’s talks that Moscow met In December."
    out = rewrite_relative(text, find_dates(text, TUESDAY))
    assert out == (
        "The ministry said in its readout of the 25 April 2023 talks that Moscow met "
        "In December 2022."
    )


def test_format_date_at_each_precision() -> None:
    assert format_date("2023-04-25") == "25 April 2023"
    assert format_date("2022-12") == "December 2022"
    assert format_date("2011") == "2011"


def test_date_rule_offsets_and_claim_text() -> None:
    text = "Intro line.\nHe faces presidential and parliamentary elections in May."
    doc = Document.from_text(text, published="2023-04-25")
    start = text.index("He")
    sentence = Sentence(start, len(text), text[start:], 1)
    (draft,) = find_date_claims(sentence, RuleContext(doc, TUESDAY))
    assert draft.type is ClaimType.DATE
    assert text[draft.start : draft.end] == "in May"  # never the word before
    assert draft.slots == {"date": "2023-05", "expression": "in May", "relation": "in"}
    assert draft.text == "He faces presidential and parliamentary elections in May 2023."


def test_parts_of_the_day_and_the_past_week_rewrite_readably() -> None:
    text = "Police said last night that the past week was calm."
    mentions = find_dates(text, dt.date(2005, 2, 22))
    assert [(m.expression, m.date) for m in mentions] == [
        ("last night", "2005-02-21"),
        ("the past week", "2005-02"),
    ]
    assert rewrite_relative(text, mentions) == (
        "Police said on the night of 21 February 2005 that the week before 22 February 2005 "
        "was calm."
    )


def test_ap_month_abbreviations() -> None:
    text = "The attack on Jan. 5 followed the vote on Sept. 15, 2022."
    assert dates(text) == [
        ("on Jan. 5", "2023-01-05", "on"),
        ("on Sept. 15, 2022", "2022-09-15", "on"),
    ]


def test_end_of_period() -> None:
    text = "Sony will ship them by year's end."
    mentions = find_dates(text, dt.date(2004, 12, 13))
    assert [(m.expression, m.date, m.relation) for m in mentions] == [
        ("by year's end", "2004", "by")
    ]
    assert rewrite_relative(text, mentions) == "Sony will ship them by the end of 2004."


def test_seasons_and_a_year_written_after_the_day() -> None:
    text = "He targets Helsinki this summer, after last summer; the 11 September attacks in 2001."
    found = dates(text, dt.date(2005, 2, 10))
    assert found == [
        ("this summer", "2005", None),
        ("after last summer", "2004", "after"),
        ("11 September", "2001-09-11", None),
        ("in 2001", "2001", "in"),
    ]


UNDATED_2005 = dt.date(2005, 1, 5)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The show's highest audience came at Christmas 1986, when 30 million watched.",
            [("at Christmas 1986", "1986-12-25", "at")],
        ),
        ("Sales were strong on Boxing Day.", [("on Boxing Day", "2004-12-26", "on")]),
        ("The shops closed over Easter 2005.", [("over Easter 2005", "2005-03-27", "over")]),
        (
            "The wrangling could stretch into 2005, even 2006.",
            [("into 2005", "2005", "into"), ("2006", "2006", None)],
        ),
        ("A charity match in June or July.", [("in June or July", "2005-06", "in")]),
        ("It is a better option than March.", [("than March", "2005-03", "than")]),
        ("Minutes of the December meeting showed it.", [("December", "2004-12", None)]),
        (
            "Talks were held in October and November 2004.",
            [("in October", "2004-10", "in"), ("November 2004", "2004-11", None)],
        ),
        (
            "The Dublin dates on June 24 and 25 form part of the tour.",
            [("on June 24", "2005-06-24", "on"), ("on June 24 and 25", "2005-06-25", "on")],
        ),
        (
            "Tests on 25 June, 2 and 9 July.",
            [
                # no tense: the nearer one; 9 July 2004 is 180 days back, 25 June 2005 171 ahead
                ("on 25 June", "2005-06-25", "on"),
                ("2 and 9 July", "2004-07-02", None),
                ("9 July", "2004-07-09", None),
            ],
        ),
        ("Our 2004 exhibition programme did well.", [("2004", "2004", None)]),
        ("Clearly 2004 was the most difficult year.", [("2004", "2004", None)]),
    ],
)
def test_holidays_coordinations_and_bare_months(sentence: str, expected: list) -> None:
    assert dates(sentence, UNDATED_2005) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Viewers tuned into EastEnders between 2000 and 2100 GMT.",
        "Fifa 2005 is back at the top, and LMA Manager 2005 is in at number seven.",
        "Christmas shoppers flocked to the tills.",
        "He did better than May.",
        "Music of the 1990s.",
    ],
)
def test_more_non_dates(sentence: str) -> None:
    assert dates(sentence, UNDATED_2005) == []


def test_holidays_and_coordinations_in_an_undated_article() -> None:
    assert dates("Sales were strong on Boxing Day.", None) == [("on Boxing Day", None, "on")]
    assert dates("They met in June and July.", None) == [("in June and July", None, "in")]
