"""Numbers and quantity claims on real sentences (the original article and BBC business/sport)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.model import ClaimType, Document
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.quantities import find_quantities
from claims.values.numbers import find_numbers, parse_number_words


def numbers(text: str) -> list[tuple[str, float, str | None, str | None]]:
    return [(text[n.start : n.end], n.value, n.unit, n.qualifier) for n in find_numbers(text)]


def quantities(text: str, published: dt.date | None = None) -> list[Draft]:
    doc = Document.from_text(text)
    return find_quantities(Sentence(0, len(text), text, 0), RuleContext(doc, published))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killed nearly 500,000 people", [("nearly 500,000", 500000, None, "nearly")]),
        ("profits rose 43%", [("43%", 43, "percent", None)]),
        ("a rise of 43 per cent", [("43 per cent", 43, "percent", None)]),
        ("about 5 percent", [("about 5 percent", 5, "percent", "about")]),
        ("up 3.5 percentage points", [("3.5 percentage points", 3.5, "percentage points", None)]),
        ("a $3bn deal", [("$3bn", 3_000_000_000, "USD", None)]),
        ("it paid £5.2m", [("£5.2m", 5_200_000, "GBP", None)]),
        ("fines of €12bn", [("€12bn", 12_000_000_000, "EUR", None)]),
        ("worth US$5.2m", [("US$5.2m", 5_200_000, "USD", None)]),
        ("1.5 trillion", [("1.5 trillion", 1_500_000_000_000, None, None)]),
        ("nearly two million", [("nearly two million", 2_000_000, None, "nearly")]),
        ("twenty-three", [("twenty-three", 23, None, None)]),
        ("a dozen", [("a dozen", 12, None, None)]),
        ("two thirds of voters", [("two thirds", 0.6667, None, None)]),
        ("a third of them", [("a third", 0.3333, None, None)]),
        ("three and a half years", [("three and a half", 3.5, None, None)]),
        ("more than 2,000 jobs", [("more than 2,000", 2000, None, "more than")]),
        ("at least 12 died", [("at least 12", 12, None, "at least")]),
        ("up to £350m", [("up to £350m", 350_000_000, "GBP", "up to")]),
        ("the 12-year war", [("12-year", 12, "year", None)]),
        ("a 23-year-old man", [("23-year-old", 23, "year", None)]),
        ("World 5000m champion", [("5000m", 5000, "metre", None)]),
        ("the 9.2km race", [("9.2km", 9.2, "km", None)]),
        ("some 10m households", [("some 10m", 10_000_000, None, "some")]),
    ],
)
def test_numbers(text: str, expected: list) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a 4-2 win",
        "kick-off at 10:30",
        "the M4 highway",
        "one of the best",
        "in the second half",
        "at half-time",
        "four-party meetings",
        "BBC Radio 4 said",
        "he was number one",
        "the 12th place",
    ],
)
def test_not_quantities(text: str) -> None:
    assert numbers(text) == []


def test_parse_number_words() -> None:
    assert parse_number_words("twenty-three") == 23
    assert parse_number_words("two hundred thousand") == 200_000
    assert parse_number_words("half") == 0.5
    assert parse_number_words("banana") is None


def test_original_article_sentence() -> None:
    text = (
        "Moscow has maintained its military presence in Syria following the civil war that has "
        "killed nearly 500,000 people and displaced half of the country’s prewar population."
    )
    found = quantities(text)
    assert [(text[d.start : d.end], d.slots) for d in found] == [
        (
            "killed nearly 500,000 people",
            {"value": 500000, "unit": "people", "qualifier": "nearly", "measure": "people killed"},
        ),
        (
            "half of the country’s prewar population",
            {
                "value": 0.5,
                "unit": None,
                "qualifier": None,
                "measure": "country’s prewar population",
            },
        ),
    ]
    assert all(d.type is ClaimType.QUANTITY and d.text == text for d in found)


def test_bbc_business_sentence_money_and_percent() -> None:
    text = (
        "Pre-tax profits rose 15% from a year ago to reach £546m ($1.04bn), ahead of average "
        "analysts' forecasts of £532m."
    )
    found = {text[d.start : d.end]: d.slots for d in quantities(text)}
    assert found["Pre-tax profits rose 15%"]["value"] == 15
    assert found["Pre-tax profits rose 15%"]["measure"] == "pre-tax profits"
    values = sorted(s["value"] for s in found.values())
    assert values == [15, 532_000_000, 546_000_000, 1_040_000_000]
    assert {s["unit"] for s in found.values()} == {"percent", "GBP", "USD"}


def test_years_inside_dates_are_not_quantities() -> None:
    text = "The uprising began in 2011 and the truce was reached on 5 March 2020."
    assert quantities(text) == []


def test_relative_dates_are_resolved_in_the_claim_text() -> None:
    text = "On Tuesday, the ministry said 40 soldiers were killed."
    (draft,) = quantities(text, dt.date(2023, 4, 25))
    assert draft.slots["value"] == 40
    assert draft.text == "On 25 April 2023, the ministry said 40 soldiers were killed."


def test_ap_and_ahram_styles() -> None:
    text = "The blast at 10 p.m. killed 12 people; the state paid LE500 million and 80p a share."
    assert numbers(text) == [
        ("12", 12, None, None),
        ("LE500 million", 500_000_000, "EGP", None),
        ("80p", 0.8, "GBP", None),
    ]


def test_money_compounds_and_html_entities() -> None:
    text = "Tottenham bid &#163;8m; the offer comprised £3m-plus and two players."
    assert numbers(text) == [("£3m-plus", 3_000_000, "GBP", None), ("two", 2, None, None)]


def test_athletics_and_neighbouring_numbers() -> None:
    assert numbers("the four-time world 1500m champion eyes the 5,000m crown") == [
        ("four-time", 4, "time", None),
        ("1500m", 1500, "metre", None),
        ("5,000m", 5000, "metre", None),
    ]
    text = "The event is split into two groups of four with the top two advancing."
    spans = [(text[d.start : d.end], d.slots["value"]) for d in quantities(text)]
    assert spans == [
        ("two groups of four", 2),
        ("groups of four", 4),
        ("the top two advancing", 2),
    ]


def test_a_scale_or_percent_written_once_serves_both_numbers() -> None:
    text = "only six or seven million had been spent; growth of 3 to 3.5%"
    assert [(v, u) for _, v, u, _ in numbers(text)] == [
        (6_000_000, None),
        (7_000_000, None),
        (3, "percent"),
        (3.5, "percent"),
    ]


def spans(text: str) -> list[tuple[str, float]]:
    return [(text[d.start : d.end], d.slots["value"]) for d in quantities(text)]


def test_amounts_after_possessors_in_a_coordination() -> None:
    text = (
        "Unison's 800,000 workers, the Transport and General Workers' Union's 70,000 and "
        "Amicus' 20,000 are among those being balloted."
    )
    assert [v for _, v in spans(text)] == [800_000, 70_000, 20_000]
    assert numbers("Boeing's 777 line and Standard and Poor's 500, and Ocean's 12.") == []


def test_an_acronym_is_part_of_the_counted_noun() -> None:
    text = "The tour begins in San Diego on 28 March and will cover 13 US cities."
    ((span, value),) = spans(text)
    assert value == 13 and span.endswith("13 US cities")


@pytest.mark.parametrize(
    "text",
    [
        "Call the helpline by telephoning 0800 028 9276 in the UK.",
        "Viewers tuned into EastEnders between 2000 and 2100 GMT.",
        "It will be shown from 1130 to 1215 GMT on Wednesday.",
        "Konami's Pro Evo dropped only one place to two, while the only new entry in the top 10 "
        "was another football title.",
        "In the charts, Tony Hawk's Underground 2 held its own at three.",
        "Their self-titled album moved from 13 to number four.",
        "Halo 2 has broken video game records.",
        "It runs Windows 95 and Fifa 2005 sold well.",
        "The Dublin dates on June 24 and 25 form part of the worldwide Vertigo tour.",
        "Tests on 25 June, 2 and 9 July.",
        "The show runs from 6 to 9 January.",
        "Chelsea beat Arsenal 3-1 on Saturday.",
        "Thousands of people and hundreds of shops, several hundred million pounds.",
        "Music of the 1990s and the 70s.",
    ],
)
def test_numbers_that_are_no_quantity_claims(text: str) -> None:
    assert quantities(text) == []


def test_counts_near_rankings_and_sentence_adverbs_stay() -> None:
    assert [v for _, v in spans("NAAMSA expects sales to top 500,000 this year.")] == [500_000]
    assert [v for _, v in spans("Meanwhile 70 Hong Kong stars re-recorded the song.")] == [70]
    assert [v for _, v in spans("The top two from each group advance.")] == [2]


def test_a_range_gives_both_bounds_with_the_shared_unit() -> None:
    text = "Users would get replacement cords within two to four weeks from the time of order."
    low, high = quantities(text)
    assert text[low.start : low.end].startswith("two to four weeks")
    assert (low.slots["value"], low.slots["unit"], low.slots["qualifier"]) == (
        2,
        "week",
        "at least",
    )
    assert (high.slots["value"], high.slots["unit"], high.slots["qualifier"]) == (
        4,
        "week",
        "at most",
    )
    damage = quantities("They put the physical damage at $1.3 to $1.5bn.")
    assert [d.slots["value"] for d in damage] == [1_300_000_000, 1_500_000_000]


def test_changes_are_not_ranges() -> None:
    for text in (
        "The bill had risen from its normal £3 to £5.",
        "Crude rose, adding $1.89 to $48.62.",
    ):
        assert all(d.slots["qualifier"] is None for d in quantities(text)), text


def test_one_in_n_is_a_share() -> None:
    (draft,) = quantities("One in five adults now smoke.")
    assert (draft.slots["value"], draft.slots["unit"]) == (0.2, "share")
    (draft,) = quantities("The firm said fewer than one in 10,000 consoles had failed.")
    assert (draft.slots["value"], draft.slots["qualifier"]) == (0.0001, "fewer than")


def test_time_offsets_and_ordinals_are_not_amounts() -> None:
    assert [v for _, v in spans("Two years later, 24 million saw him shot.")] == [24_000_000]
    assert [v for _, v in spans("It arrived two weeks later than planned.")] == [2]
    assert numbers("the results were respectable in a third quarter") == []
    assert [v for _, v, _, _ in numbers("a third of voters")] == [0.3333]
    assert [(v, u) for _, v, u, _ in numbers("his third number one in three weeks")] == [(3, None)]


def test_a_hyphen_range_shares_its_unit_and_a_poll_pair_is_two_figures() -> None:
    low, high = quantities("Mexico agreed to pay $5-10 billion.")
    assert [(d.slots["value"], d.slots["unit"], d.slots["qualifier"]) for d in (low, high)] == [
        (5_000_000_000, "USD", "at least"),
        (10_000_000_000, "USD", "at most"),
    ]
    low, high = quantities("Supply will fall 15-20 percent.")
    assert [(d.slots["value"], d.slots["qualifier"]) for d in (low, high)] == [
        (15, "at least"),
        (20, "at most"),
    ]
    pair = quantities("He has a negative 42%-49% approval rating.")
    assert [(d.slots["value"], d.slots["qualifier"]) for d in pair] == [(42, None), (49, None)]
    assert numbers("a 4-2 win and the 2009-2010 season") == []


def test_minor_units_count_in_the_currency() -> None:
    assert [(v, u) for _, v, u, _ in numbers("up 46 cents, 3p and 4 dollars 5 cents")] == [
        (0.46, "USD"),
        (0.03, "GBP"),
        (4.05, "USD"),
    ]
    assert [(v, u) for _, v, u, _ in numbers("a dividend of 70 euro cents")] == [(0.7, "EUR")]
    assert [(v, u) for _, v, u, _ in numbers("the 2 euros, up 5 cents")] == [
        (2, "EUR"),
        (0.05, "EUR"),
    ]


def test_markup_is_not_a_percentage() -> None:
    assert numbers(".wrap { width: 100%; margin: 0 auto; }") == []
    assert [v for _, v, _, _ in numbers("Turnout: 65% voted")] == [65]


def test_parts_of_scales_and_hyphenated_scales() -> None:
    assert [(v, u) for _, v, u, _ in numbers("half a million dollars, a $2.5-billion deal")] == [
        (500_000, "USD"),
        (2_500_000_000, "USD"),
    ]
    assert [v for _, v, _, _ in numbers("a quarter of a billion and half a dozen")] == [
        250_000_000,
        6,
    ]
