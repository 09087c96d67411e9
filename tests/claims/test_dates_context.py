"""Dates by tense and context: one test per error class seen on unseen news (issue 11).

The sentences are written for these tests (not taken from the dev sets), several per class, each
with its own article date; a fix of a class must hold for all of them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.lexicon import table
from claims.model import Document
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.segment import parse_header, segment
from claims.values.dates import find_dates

MONDAY = dt.date(2021, 3, 15)  # a Monday
THURSDAY = dt.date(2019, 10, 24)  # a Thursday
FEBRUARY = dt.date(2016, 2, 10)  # a Wednesday


def dated(text: str, ref: dt.date | None) -> list[tuple[str, str | None]]:
    return [(m.expression, m.date) for m in find_dates(text, ref)]


def only_date(text: str, ref: dt.date | None) -> str | None:
    """The value of the one date ``text`` holds (the test fails when it holds another count)."""
    (mention,) = find_dates(text, ref)
    return mention.date


# (1) weekdays: a reported event in the past, a future clause forward ---------------------------


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("The governor said on Saturday that the bridge would reopen.", MONDAY, "2021-03-13"),
        ("The ministry announced Friday it intends to appeal.", MONDAY, "2021-03-12"),
        ("Police said Sunday they will publish the report.", THURSDAY, "2019-10-20"),
        (
            "Talks collapsed on Wednesday, officials said, and they would not resume.",
            MONDAY,
            "2021-03-10",
        ),
        ("The council will vote on Thursday.", MONDAY, "2021-03-18"),
        ("The envoy is due to arrive in Paris on Saturday.", THURSDAY, "2019-10-26"),
        ("On Friday, the union plans to hold a rally outside the plant.", MONDAY, "2021-03-19"),
        ("The team planned to leave the capital on Wednesday.", MONDAY, "2021-03-17"),
        ("The minister, who will be named on Tuesday, faces a hard task.", THURSDAY, "2019-10-29"),
        ("He met the president on Tuesday.", THURSDAY, "2019-10-22"),
    ],
)
def test_weekday_follows_the_tense_of_its_clause(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


# (2) month and day without a year: tense plus nearness --------------------------------------


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("The banker is due to testify on April 8.", dt.date(2018, 10, 2), "2019-04-08"),
        ("She has stayed in the shelter since January 24.", dt.date(2018, 1, 20), "2017-01-24"),
        ("The dividend is payable Dec. 7 to holders of record.", THURSDAY, "2019-12-07"),
        ("The offer was extended to Nov. 16.", THURSDAY, "2019-11-16"),
        ("The plant closed on March 3 after the fire.", THURSDAY, "2019-03-03"),
        ("He was last seen Nov. 3 near the harbour.", dt.date(2017, 5, 2), "2016-11-03"),
        ("The board agreed to sell the unit on Jan. 15.", THURSDAY, "2020-01-15"),
        ("Elections are held on May 9.", FEBRUARY, "2016-05-09"),
    ],
)
def test_month_and_day_take_their_year_from_tense_and_nearness(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


def test_a_written_weekday_picks_the_year_it_fits() -> None:
    # 26 October was a Monday in 2015; the article is of 25 October 2016
    (mention,) = find_dates(
        "The paper wrote on Monday, Oct. 26, that it was over.", dt.date(2016, 10, 25)
    )
    assert mention.date == "2015-10-26"


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("The mission will fly in December.", dt.date(2017, 3, 4), "2017-12"),
        ("In January, the firm hired a new chief.", THURSDAY, "2019-01"),
        ("The ban has been in force since November.", FEBRUARY, "2015-11"),
        ("A ruling is expected in May.", dt.date(2020, 3, 29), "2020-05"),
    ],
)
def test_lone_months_by_tense_and_nearness(sentence: str, ref: dt.date, expected: str) -> None:
    assert only_date(sentence, ref) == expected


# (3) relative periods: from the article, or from the story's last explicit date --------------


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        (
            "She moved to Lyon in March 2004 and left later that year.",
            THURSDAY,
            [("in March 2004", "2004-03"), ("later that year", "2004")],
        ),
        (
            "The pact was signed on 2 May 1995, and the following year it lapsed.",
            THURSDAY,
            [("on 2 May 1995", "1995-05-02"), ("the following year", "1996")],
        ),
        ("Sales rose 4% from a year earlier.", THURSDAY, [("from a year earlier", "2018")]),
        (
            "For the quarter ended Sept. 30, profit fell from a year earlier.",
            THURSDAY,
            [("Sept. 30", "2019-09-30"), ("from a year earlier", "2018-09-30")],
        ),
        ("Revenue this fiscal year will top $2bn.", THURSDAY, [("this fiscal year", "2019")]),
        ("The deal should close by year-end.", THURSDAY, [("by year-end", "2019")]),
        ("The year-ago results were restated.", THURSDAY, [("year-ago", "2018")]),
        ("Fans gathered over the weekend.", MONDAY, [("over the weekend", "2021-03-13")]),
        ("The match will be played this weekend.", THURSDAY, [("this weekend", "2019-10-26")]),
        ("Crowds gathered last weekend.", MONDAY, [("last weekend", "2021-03-13")]),
        ("Crowds gathered last weekend.", dt.date(2021, 3, 14), [("last weekend", "2021-03-06")]),
    ],
)
def test_relative_periods(sentence: str, ref: dt.date, expected: list) -> None:
    assert dated(sentence, ref) == expected


def test_story_anchor_comes_from_an_earlier_sentence_of_the_document() -> None:
    text = (
        "Head of the club\n\nThe club was founded in 1921 by dockers.\n"
        "The following year it won the cup. Later that year it moved grounds.\n"
    )
    doc = Document.from_text(text, published="2019-10-24")
    claims = RuleBasedExtractor().extract(doc)
    got = {text[c.start : c.end]: c.slots["date"] for c in claims if c.type == "date"}
    assert got == {"in 1921": "1921", "The following year": "1922", "Later that year": "1921"}


def test_story_anchor_can_be_a_resolved_month() -> None:
    text = (
        "Head of the firm\n\nIn March, the firm lost its chief.\nThe following month it was sold.\n"
    )
    doc = Document.from_text(text, published="2019-10-24")
    claims = RuleBasedExtractor().extract(doc)
    got = {text[c.start : c.end]: c.slots["date"] for c in claims if c.type == "date"}
    assert got == {"In March": "2019-03", "The following month": "2019-04"}


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("Sales were hurt earlier in the year by floods.", THURSDAY, "2019"),
        ("The split would be paid on a date in January.", THURSDAY, "2020-01"),
        ("It would be paid on a still unspecified date in January.", THURSDAY, "2020-01"),
        ("The new chairman takes office effective Feb. 1.", THURSDAY, "2020-02-01"),
        ("The summit would still be held on April 24, he added.", FEBRUARY, "2016-04-24"),
    ],
)
def test_periods_and_open_cues(sentence: str, ref: dt.date, expected: str) -> None:
    assert only_date(sentence, ref) == expected


def test_anaphoric_period_without_a_story_date_gives_no_claim() -> None:
    assert dated("Later that year he resigned.", THURSDAY) == []


# (4) year ranges: one claim per bound, as quantity ranges -----------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The 2009-2010 season was his last.", [("2009-2010", "2009"), ("2010", "2010")]),
        ("He served in the 1957-58 cabinet.", [("1957-58", "1957"), ("58", "1958")]),
        ("The budget for 2021/22 was cut.", [("for 2021/22", "2021"), ("22", "2022")]),
        ("Prices of the 1999-00 harvest fell.", [("1999-00", "1999"), ("00", "2000")]),
    ],
)
def test_year_ranges_give_both_bounds(sentence: str, expected: list) -> None:
    mentions = find_dates(sentence, THURSDAY)
    assert [(m.expression, m.date) for m in mentions] == expected
    assert mentions[1].relation == "until"


def test_years_too_far_apart_are_no_range() -> None:
    assert dated("The 2010-2090 plan.", THURSDAY) == []
    assert dated("Scores ended 2012-11.", THURSDAY) == []


# (5) compounds keep the month ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("But in June last year the leaders fell out.", ("in June last year", "2018-06")),
        ("In January this year, the police closed the case.", ("In January this year", "2019-01")),
        ("The road opens in March next year.", ("in March next year", "2020-03")),
        ("He was arrested on May 4 last year.", ("on May 4 last year", "2018-05-04")),
    ],
)
def test_month_with_last_this_next_year(sentence: str, expected: tuple) -> None:
    assert dated(sentence, THURSDAY) == [expected]


# (6) datelines: the article's date and place, never a claim ---------------------------------


@pytest.mark.parametrize(
    ("text", "published", "place"),
    [
        ("LONDON, March 2, 2011 - Shares fell on Monday.\n", "2011-03-02", "LONDON"),
        (
            "Quake hits coast\n\nLIMA, August 7 (Agency) --\nThe quake struck in 2007 at dawn.\n",
            "2007-08-07",
            "LIMA",
        ),
        (
            "WASHINGTON, Dec. 8 (UPI) — The Senate voted on Tuesday, as it did in 1983.\n",
            "1983-12-08",
            "WASHINGTON",
        ),
        ("NEW YORK, 14 June 2012 (Reuters) - Stocks rose.\n", "2012-06-14", "NEW YORK"),
    ],
)
def test_dateline_is_the_articles_date_and_never_a_claim(
    text: str, published: str, place: str
) -> None:
    header = parse_header(text)
    assert (header.published, header.place) == (published, place)
    doc = document_from_text(text)
    assert doc.published == published
    claims = RuleBasedExtractor().extract(doc)
    line_end = text.index(" -" if " - " in text else "—" if "—" in text else "--")
    assert not any(c.start < line_end + 2 for c in claims), claims
    assert all(s.text[:4] != place[:4] for s in segment(text).body)


def test_a_comma_and_a_date_in_a_sentence_is_no_dateline() -> None:
    text = "Meanwhile, March 2 - the day of the vote - was calm.\n"
    assert parse_header(text).published is None
    assert segment(text).body[0].text.startswith("Meanwhile")


# (7) spans start at the preposition or the date word ----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("Ankara held talks with Turkey on Tuesday.", "on Tuesday"),
        ("The firm paid €1.2bn in 2005 for the stake.", "in 2005"),
        ("Voters in the north go to the polls in May.", "in May"),
        ("Rebels attacked the convoy since March 2020.", "since March 2020"),
    ],
)
def test_span_never_swallows_the_word_before(sentence: str, span: str) -> None:
    doc = Document.from_text(sentence, published="2021-03-15")
    (claim,) = [c for c in RuleBasedExtractor().extract(doc) if c.type == "date"]
    assert sentence[claim.start : claim.end] == span


def test_calendar_words_live_in_the_lexicon() -> None:
    import claims.values.date_math as date_math
    import claims.values.dates as dates

    calendar = table("calendar")
    assert not hasattr(date_math, "WEEKDAYS")
    assert list(dates.WEEKDAYS) == calendar["weekdays"]
    assert list(dates.MONTHS) == calendar["months"]
    assert set(date_math.FIXED_HOLIDAYS) == set(calendar["holidays_fixed"])


@pytest.mark.parametrize(
    ("sentence", "rewritten"),
    [
        ("Revenue this fiscal year will top $2bn.", "Revenue in fiscal 2019 will top $2bn."),
        ("The deal should close by year-end.", "The deal should close by the end of 2019."),
        ("The year-ago results were restated.", "The 2018 results were restated."),
        ("Fans gathered over the weekend.", "Fans gathered over the weekend of 19 October 2019."),
        ("In June last year the leaders fell out.", "In June 2018 the leaders fell out."),
    ],
)
def test_new_periods_rewrite_readably(sentence: str, rewritten: str) -> None:
    from claims.values.dates import rewrite_relative

    assert rewrite_relative(sentence, find_dates(sentence, THURSDAY)) == rewritten


# (8) weekdays: the verb group that governs the date -----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # a date before a past-tense intent dates the planning: the past one
        ("On Wednesday, the club planned to sell its stadium.", MONDAY, "2021-03-10"),
        ("On Tuesday, the mayor wanted to close the road.", THURSDAY, "2019-10-22"),
        # a present-tense intent after it still looks ahead
        ("On Friday, the union plans to march.", THURSDAY, "2019-10-25"),
        # an event planned or scheduled as an object: the coming day
        ("Farmers planned a protest outside parliament on Thursday.", MONDAY, "2021-03-18"),
        ("The coroner has scheduled a hearing Friday on the crash.", MONDAY, "2021-03-19"),
        # future in the past: "would <verb>", "would be <verb>ing"; a plan under way
        ("Aides said the queen would be visiting the town Wednesday.", MONDAY, "2021-03-17"),
        ("Engineers said the line would reopen on Saturday.", THURSDAY, "2019-10-26"),
        ("The firm is planning to open a store on Friday.", MONDAY, "2021-03-19"),
        # a weekday's possessive is news already made, whatever "would" says
        ("Rivals said they would fight Tuesday's ruling.", THURSDAY, "2019-10-22"),
        # "could" is no future: "could not be reached Sunday"
        ("The owner could not be reached Sunday.", MONDAY, "2021-03-14"),
        # "would" after the date is the reported clause's, not the date's
        ("The coach told fans on Saturday that he would stay.", MONDAY, "2021-03-13"),
        ("The bank ended talks on Friday by saying it would cut jobs.", MONDAY, "2021-03-12"),
        # a fronted schedule (was/were to) keeps its intent: the coming day
        ("On Thursday, delegates were to sign the accord.", MONDAY, "2021-03-18"),
        # a present that announces a schedule: the coming day; a title is no verb
        ("The two leaders meet in Oslo on Friday.", MONDAY, "2021-03-19"),
        ("The festival opens on Wednesday with a new film.", THURSDAY, "2019-10-30"),
        ("She told Meet the Nation on Sunday that taxes rose.", THURSDAY, "2019-10-20"),
        # a cue after "and" belongs to the next verb phrase, not to the date's
        ("Fans planned a vigil on Sunday and were hoping to meet him.", THURSDAY, "2019-10-27"),
    ],
)
def test_weekday_reads_the_verb_group_that_governs_it(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("The judge adjourned the trial until Tuesday.", THURSDAY, "2019-10-29"),
        ("Officials postponed until Friday morning any vote on the budget.", MONDAY, "2021-03-19"),
        ("The launch was pushed back to Saturday.", MONDAY, "2021-03-20"),
        # the day the postponing happened is in the past
        ("The board postponed the vote on Tuesday.", THURSDAY, "2019-10-22"),
        # a deadline reached without a deferral verb stays in the past
        ("The strike lasted until Saturday.", MONDAY, "2021-03-13"),
    ],
)
def test_a_deferred_event_moves_to_the_coming_day(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


def test_weeks_ago_counts_back_to_the_day() -> None:
    (weeks,) = find_dates("The plant closed three weeks ago.", THURSDAY)
    (months,) = find_dates("The plant closed two months ago.", THURSDAY)
    assert (weeks.date, months.date) == ("2019-10-03", "2019-08")


# (9) years in words (broadcast transcripts) -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The dam burst in nineteen eighty-three.", [("in nineteen eighty-three", "1983")]),
        ("Nineteen sixty-eight changed the city.", [("Nineteen sixty-eight", "1968")]),
        ("She was born in nineteen oh four.", [("in nineteen oh four", "1904")]),
        ("It shut in May nineteen sixty-one.", [("in May nineteen sixty-one", "1961-05")]),
        ("A treaty of eighteen fifteen ended it.", [("of eighteen fifteen", "1815")]),
        ("Goals for the year two thousand were set.", [("for the year two thousand", "2000")]),
        ("The law changed in two thousand and three.", [("in two thousand and three", "2003")]),
        # numbers, not years
        ("Nineteen people were hurt.", []),
        ("About two thousand people marched in two thousand towns.", []),
        ("They sent nineteen hundred soldiers.", []),
    ],
)
def test_years_written_in_words(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected


def test_a_year_in_words_anchors_the_story() -> None:
    (_, later) = find_dates("In nineteen ninety-two he left; later that year he returned.", MONDAY)
    assert later.date == "1992"


# (10) open-ended years and one-day holidays --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "date"),
    [
        ("The mine will not reopen until 2031 or later.", "until 2031 or later", "2031"),
        ("The board is upbeat about sales for 2024 and beyond.", "for 2024 and beyond", "2024"),
        ("A rate cut is due in 2026 at the earliest.", "in 2026 at the earliest", "2026"),
    ],
)
def test_an_open_end_belongs_to_the_date_span(sentence: str, span: str, date: str) -> None:
    doc = Document.from_text(sentence, published="2021-03-15")
    (claim,) = [c for c in RuleBasedExtractor().extract(doc) if c.type == "date"]
    assert (sentence[claim.start : claim.end], claim.slots["date"]) == (span, date)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The boat sank Boxing Day off the coast.", [("Boxing Day", "2015-12-26")]),
        ("Shops shut New Year's Eve at noon.", [("New Year's Eve", "2015-12-31")]),
        # a bare festival name modifying a noun is no date
        ("Christmas shoppers filled the streets.", []),
        ("Easter eggs sold out.", []),
    ],
)
def test_a_one_day_holiday_needs_no_preposition(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Music shapes today's youth more than school.", []),
        ("In today's world, privacy is rare.", []),
        ("Today's vote is the first in a decade.", [("Today", "2016-02-10")]),
        ("The result of yesterday's match stood.", [("yesterday", "2016-02-09")]),
    ],
)
def test_todays_as_nowadays_is_no_date(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected


# (11) a day counted from the last day named: "the next day", "that evening" -----------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The pilot was detained on Friday and released the next day.",
            [("on Friday", "2021-03-12"), ("the next day", "2021-03-13")],
        ),
        (
            "Rebels took the town on 2 March; that night they looted it.",
            [("on 2 March", "2021-03-02"), ("that night", "2021-03-02")],
        ),
        (
            "The dam failed on March 4 after heavy rain the previous evening.",
            [("on March 4", "2021-03-04"), ("the previous evening", "2021-03-03")],
        ),
        # nothing named before: no day to count from, no claim
        ("He felt better the next morning.", []),
        # "the previous night" without a day named: the night before the article
        ("Looters struck the previous night.", [("the previous night", "2021-03-14")]),
    ],
)
def test_day_anaphora_counts_from_the_last_day_named(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


def test_day_anaphora_counts_from_a_weekday_of_an_earlier_sentence() -> None:
    text = (
        "Striker freed\n\nPolice arrested the striker on Saturday after the match.\n"
        "He was freed without charge the following morning.\n"
    )
    doc = Document.from_text(text, published="2021-03-15")
    claims = RuleBasedExtractor().extract(doc)
    got = {text[c.start : c.end]: c.slots["date"] for c in claims if c.type == "date"}
    assert got == {"on Saturday": "2021-03-13", "the following morning": "2021-03-14"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The audit must finish by May, the regulator said.", [("by May", "2016-05")]),
        ("The bridge will be repaired by May at the latest.", [("by May", "2016-05")]),
        # the agent of a passive, or a name before a noun: Theresa May
        ("The plan was drafted by May.", []),
        ("A speech by May on trade drew cheers.", []),
    ],
)
def test_by_may_is_a_deadline_unless_it_names_someone(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected


@pytest.mark.parametrize(
    ("sentence", "rewritten"),
    [
        (
            "The mill shut on 2 March. Later that day it reopened.",
            "The mill shut on 2 March 2021. Later on 2 March 2021 it reopened.",
        ),
        ("Foes of the 4 March ruling rallied.", "Foes of the 4 March 2021 ruling rallied."),
        ("Looters struck the previous night.", "Looters struck on the night of 14 March 2021."),
    ],
)
def test_day_rewrites_read_as_english(sentence: str, rewritten: str) -> None:
    from claims.values.dates import rewrite_relative

    assert rewrite_relative(sentence, find_dates(sentence, MONDAY)) == rewritten


# (12) compounds, hedges, anchored days and points of a period (rules 1.16) -------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a day written before its month keeps its day and takes the qualifier's year
        ("The dam burst on 3 March last year.", [("on 3 March last year", "2020-03-03")]),
        ("Voting opens on 9 May next year.", [("on 9 May next year", "2022-05-09")]),
        ("The ferry sank on 14 June this year.", [("on 14 June this year", "2021-06-14")]),
        # an abbreviated month with its dot, ``of`` before the qualifier
        ("The plant shut on Sept. 5 of last year.", [("on Sept. 5 of last year", "2020-09-05")]),
        ("Rates rose in Nov. last year.", [("in Nov. last year", "2020-11")]),
    ],
)
def test_day_month_with_last_this_next_year(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("A week or so ago, the talks stalled.", MONDAY, [("A week or so ago", "2021-03-08")]),
        ("The mine closed a year or so ago.", THURSDAY, [("a year or so ago", "2018")]),
        ("Two months or so ago, rents fell.", MONDAY, [("Two months or so ago", "2021-01")]),
    ],
)
def test_a_hedged_ago_keeps_its_unit(sentence: str, ref: dt.date, expected: list) -> None:
    assert dated(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He flew in the day before Tuesday's summit.", [("the day before Tuesday", "2021-03-08")]),
        ("Two days after Christmas, the river rose.", [("Two days after Christmas", "2020-12-27")]),
        ("She resigned three days after 4 March.", [("three days after 4 March", "2021-03-07")]),
        ("The verdict comes the day after tomorrow.", [("the day after tomorrow", "2021-03-17")]),
        ("He fled the day before yesterday.", [("the day before yesterday", "2021-03-13")]),
        # no day named after it: an offset from the article's date, as before
        ("The dam was inspected two days before.", [("two days before", "2021-03-13")]),
        ("He was seen 10 days before the murder.", []),
    ],
)
def test_days_before_or_after_a_named_day(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


def test_a_day_moved_from_a_possessive_keeps_its_words() -> None:
    from claims.values.dates import rewrite_relative

    sentence = "The day before Tuesday's hearing, the lawyers met."
    assert rewrite_relative(sentence, find_dates(sentence, MONDAY)) == sentence
    sentence = "The river rose two days after Christmas."
    rewritten = "The river rose on 27 December 2020."
    assert rewrite_relative(sentence, find_dates(sentence, MONDAY)) == rewritten


@pytest.mark.parametrize(
    ("sentence", "story_day", "expected"),
    [
        # counted from the last day named (a Friday close), not from the article's Monday
        (
            "The index closed on Friday 4.5% below the previous Friday.",
            None,
            [("on Friday", "2021-03-12"), ("the previous Friday", "2021-03-05")],
        ),
        (
            "Talks began on Tuesday and resumed the following Thursday.",
            None,
            [("on Tuesday", "2021-03-09"), ("the following Thursday", "2021-03-11")],
        ),
        # the last day named in an earlier sentence of the story
        (
            "Troops left the preceding Sunday.",
            "2021-02-03",
            [("the preceding Sunday", "2021-01-31")],
        ),
        (
            "The following Monday, the port reopened.",
            "2021-02-03",
            [("The following Monday", "2021-02-08")],
        ),
        # no day named before: from the article's date
        ("Troops left the previous Friday.", None, [("the previous Friday", "2021-03-12")]),
    ],
)
def test_previous_or_following_weekday_counts_from_the_last_day_named(
    sentence: str, story_day: str | None, expected: list
) -> None:
    found = find_dates(sentence, MONDAY, None, story_day)
    assert [(m.expression, m.date) for m in found] == expected


def test_previous_weekday_counts_from_a_day_of_an_earlier_sentence() -> None:
    text = (
        "Shares slide\n\nLondon shares closed lower on Friday after a late sell-off.\n"
        "The main index ended 3% down from the previous Friday.\n"
    )
    doc = Document.from_text(text, published="2021-03-15")
    claims = RuleBasedExtractor().extract(doc)
    got = {text[c.start : c.end]: c.slots["date"] for c in claims if c.type == "date"}
    assert got == {"on Friday": "2021-03-12", "from the previous Friday": "2021-03-05"}


@pytest.mark.parametrize(
    ("sentence", "expected", "rewritten"),
    [
        (
            "Prices have risen 4% since the start of the year.",
            [("since the start of the year", "2021")],
            "Prices have risen 4% since the start of 2021.",
        ),
        (
            "The firm hired 200 staff at the beginning of the month.",
            [("at the beginning of the month", "2021-03")],
            "The firm hired 200 staff at the beginning of March 2021.",
        ),
        (
            "By year's start, the fund had doubled.",
            [("By year's start", "2021")],
            "By the start of 2021, the fund had doubled.",
        ),
    ],
)
def test_the_start_of_this_period(sentence: str, expected: list, rewritten: str) -> None:
    from claims.values.dates import rewrite_relative

    assert dated(sentence, MONDAY) == expected
    assert rewrite_relative(sentence, find_dates(sentence, MONDAY)) == rewritten


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # a present that schedules: the coming day, the next such date
        ("The ban takes effect on Friday.", MONDAY, "2021-03-19"),
        ("The new tariff takes effect Jan. 1.", THURSDAY, "2020-01-01"),
        ("The rules come into force on 1 March.", MONDAY, "2022-03-01"),
        ("The ceasefire expires on Sunday.", THURSDAY, "2019-10-27"),
        # the past of the same verbs stays in the past
        ("The ban took effect on Friday.", MONDAY, "2021-03-12"),
        ("The ceasefire expired on Sunday.", THURSDAY, "2019-10-20"),
    ],
)
def test_a_scheduling_present_puts_the_date_ahead(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The festival opens on April twenty-first.", [("on April twenty-first", "2021-04-21")]),
        ("The ballot is set for the ninth of May.", [("for the ninth of May", "2021-05-09")]),
        (
            "Ties were cut on the third of June, 1999.",
            [("on the third of June, 1999", "1999-06-03")],
        ),
        ("Polls close on March the thirtieth.", [("on March the thirtieth", "2021-03-30")]),
        (
            "The rally is on Sunday, March twenty-first.",
            [("on Sunday, March twenty-first", "2021-03-21")],
        ),
        # an ordinal that is an adverb or part of a compound is no day
        ("Exports in March first fell, then rose.", [("in March", "2021-03")]),
        ("In April fourth-quarter orders slumped.", [("In April", "2021-04")]),
        ("Theresa May second-guessed the plan.", []),
    ],
)
def test_a_day_of_the_month_in_words(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


def test_this_coming_and_this_past_belong_to_the_weekday() -> None:
    from claims.values.dates import rewrite_relative

    sentence = "The strike starts this coming Friday."
    assert dated(sentence, MONDAY) == [("this coming Friday", "2021-03-19")]
    assert rewrite_relative(sentence, find_dates(sentence, MONDAY)) == (
        "The strike starts on 19 March 2021."
    )
    assert dated("The mill shut this past Tuesday.", MONDAY) == [
        ("this past Tuesday", "2021-03-09")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The envoy landed on Tuesday. He had met the rebels the day before.",
            [("on Tuesday", "2021-03-09"), ("the day before", "2021-03-08")],
        ),
        ("Looters struck the night before, police said.", [("the night before", "2021-03-14")]),
        # a step forward needs a day named before it; one followed by an event is no date
        ("He died the day after.", []),
        ("The day after the vote, he resigned.", []),
    ],
)
def test_the_day_before_counts_from_the_last_day_named(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a span reported in the past ends at the last such month, however near the next one
        ("Profits rose 8% in the three months to May.", [("to May", "2020-05")]),
        ("Exports fell in the year to April 30, the agency said.", [("to April 30", "2020-04-30")]),
        # a span still ahead, or a deadline moved: as before
        ("Profits will rise in the six months to May.", [("to May", "2021-05")]),
        ("The deadline was extended to May.", [("to May", "2021-05")]),
    ],
)
def test_a_reported_span_to_a_month_is_over(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # the Tuesday after the first Monday of November: the 8th when the 1st is a Tuesday
        ("Voters will go to the polls on Election Day.", dt.date(2016, 10, 20), "2016-11-08"),
        ("The count started the day after Election Day.", dt.date(2020, 11, 20), "2020-11-04"),
        ("Parades were held on Memorial Day.", dt.date(2021, 6, 2), "2021-05-31"),
        ("The strike began on Labor Day.", dt.date(2021, 9, 20), "2021-09-06"),
        ("Crowds marched on St. Patrick's Day.", MONDAY, "2020-03-17"),
        ("Fireworks lit the sky on the Fourth of July.", THURSDAY, "2019-07-04"),
    ],
)
def test_us_holidays_by_rule(sentence: str, ref: dt.date, expected: str) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # campaign news speaks of Election Day ahead of it, unless the clause is past
        ("Turnout could double by Election Day.", [("by Election Day", "2021-11-02")]),
        ("Canvassers knock on doors until Election Day.", [("until Election Day", "2021-11-02")]),
        ("She won easily on Election Day.", [("on Election Day", "2020-11-03")]),
        # a year written after the holiday is its year
        (
            "He was first elected on Election Day in 2014.",
            [("on Election Day", "2014-11-04"), ("in 2014", "2014")],
        ),
        ("They wed at Christmas in 1999.", [("at Christmas", "1999-12-25"), ("in 1999", "1999")]),
    ],
)
def test_election_day_lies_ahead_and_a_year_after_a_holiday_is_its_year(
    sentence: str, expected: list
) -> None:
    assert dated(sentence, MONDAY) == expected


def test_election_day_in_a_past_clause_is_the_nearer_one() -> None:
    sentence = "Ads targeted at young voters ran until Election Day."
    assert dated(sentence, dt.date(2016, 9, 4)) == [("until Election Day", "2016-11-08")]
    assert dated(sentence, dt.date(2016, 12, 1)) == [("until Election Day", "2016-11-08")]
    assert dated(sentence, dt.date(2017, 2, 1)) == [("until Election Day", "2016-11-08")]
    assert dated(sentence, dt.date(2017, 8, 1)) == [("until Election Day", "2017-11-07")]


# (issue 11, 1.24.0) tense and context: month counts, year-back spans, day counts, ellipsis -----


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # a past clause's lone month ten months back is the last one, counted in months
        ("The insurer switched to a calendar year in December.", dt.date(2019, 10, 27), "2018-12"),
        ("The mill closed in January.", dt.date(2021, 11, 3), "2021-01"),
        # a plan named by a noun before an infinitive is an intent: the nearer month
        (
            "The bank announced an agreement to buy the lender in January.",
            dt.date(2021, 11, 3),
            "2022-01",
        ),
        ("It made an offer to acquire the chain in February.", dt.date(2015, 12, 1), "2016-02"),
        # ... but a weekday keeps the past: the signing is the news
        ("They signed an agreement to build a pipeline on Tuesday.", MONDAY, "2021-03-09"),
    ],
)
def test_lone_month_of_a_past_clause_counts_months_back(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("In the year-ago quarter, the third quarter ended Oct. 31, it lost $2 million.",
         dt.date(2019, 10, 27), "2018-10-31"),
        ("Net was $5 million in the year-earlier period ended Sept. 30.",
         dt.date(2021, 11, 3), "2020-09-30"),
        # the current span's closing day is this year's, whatever else the sentence names
        ("Net rose from the year-earlier level in the quarter ended Sept. 30.",
         dt.date(2021, 11, 3), "2021-09-30"),
    ],
)  # fmt: skip
def test_closing_day_of_a_span_named_a_year_back(
    sentence: str, ref: dt.date, expected: str
) -> None:
    days = [m.date for m in find_dates(sentence, ref) if m.date and len(m.date) == 10]
    assert days == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It's the third day of a strike by dock workers.", [("the third day", "2021-03-15")]),
        (
            "Today is the 40th day of the siege.",
            [("Today", "2021-03-15"), ("the 40th day", "2021-03-15")],
        ),
        ("It was the second day of the talks.", []),  # the past: a day of the story, unknown
        ("He is the first day trader to win.", []),
    ],
)
def test_present_count_of_days_is_the_articles_day(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The board expects twice the dividend this year as last.",
            [("this year", "2021"), ("last", "2020")],
        ),
        (
            "Orders rose faster this month than last, the firm said.",
            [("this month", "2021-03"), ("than last", "2021-02")],
        ),
        ("This year he came last.", [("This year", "2021")]),  # no comparison: no date
    ],
)
def test_elliptic_last_after_this_period(sentence: str, expected: list) -> None:
    assert dated(sentence, MONDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # a weekday with a qualified week: that weekday of that week (weeks from Monday)
        (
            "The strike ended on Monday last week.",
            THURSDAY,
            [("on Monday last week", "2019-10-14")],
        ),
        (
            "Voting began Friday last week, officials said.",
            MONDAY,
            [("Friday last week", "2021-03-12")],
        ),
        (
            "The board meets on Tuesday of next week.",
            THURSDAY,
            [("on Tuesday of next week", "2019-10-29")],
        ),
        (
            "The union will walk out Wednesday next week.",
            MONDAY,
            [("Wednesday next week", "2021-03-24")],
        ),
        (
            "The ferry sailed on Sunday of last week.",
            THURSDAY,
            [("on Sunday of last week", "2019-10-20")],
        ),
        ("The results are due Friday this week.", MONDAY, [("Friday this week", "2021-03-19")]),
        # a week of its own after the weekday stays apart
        (
            "He said on Monday last week's vote was rigged.",
            THURSDAY,
            [("on Monday", "2019-10-21"), ("last week", "2019-10")],
        ),
    ],
)
def test_a_weekday_of_a_qualified_week(sentence: str, ref: dt.date, expected: list) -> None:
    assert dated(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # set or slated for a day: a schedule, the day ahead
        ("The runoff is set for Sunday.", THURSDAY, "2019-10-27"),
        ("Both votes are set for Saturday, the commission said.", MONDAY, "2021-03-20"),
        ("Hearings are slated for Friday.", MONDAY, "2021-03-19"),
        ("The launch is slated to take place on Tuesday.", THURSDAY, "2019-10-29"),
        ("The final is set for May 2.", THURSDAY, "2020-05-02"),
        # a past schedule may lie either side: the weekday ahead, a month and day the nearer
        ("The vote was set for Saturday.", THURSDAY, "2019-10-26"),
        ("The trial was slated for Sept. 30.", THURSDAY, "2019-09-30"),
    ],
)
def test_set_or_slated_for_a_day_is_a_schedule(sentence: str, ref: dt.date, expected: str) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an age after a noun of the calendar table: no date
        ("The academy trains the leaders of tomorrow.", []),
        ('"We must build the cities of tomorrow," the mayor said.', []),
        ("The children of today read less.", []),
        # other nouns and a time word before "of" keep the day
        ("The rules apply as of today.", [("as of today", "2016-02-10")]),
        ("The offer lapses at the end of tomorrow.", [("at the end of tomorrow", "2016-02-11")]),
        ("The results of yesterday's vote were annulled.", [("yesterday", "2016-02-09")]),
    ],
)
def test_a_day_word_after_an_age_noun_is_no_date(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # a plural present that schedules: the day ahead
        ("The peace talks resume on Monday.", THURSDAY, "2019-10-28"),
        ("The two sides begin a new round on Friday.", MONDAY, "2021-03-19"),
        ("Finance ministers convene in Lisbon on Saturday.", THURSDAY, "2019-10-26"),
        ("The envoy leaves for Tokyo on Sunday.", MONDAY, "2021-03-21"),
        # after a negation, an auxiliary, "to", a copula or a determiner it is no present
        ("The two leaders did not meet on Monday.", THURSDAY, "2019-10-21"),
        ("The sides failed to resume talks on Tuesday.", THURSDAY, "2019-10-22"),
        ("Shops were open on Sunday, the mayor said.", MONDAY, "2021-03-14"),
        ("Their meet on Saturday drew a crowd.", MONDAY, "2021-03-13"),
    ],
)
def test_a_plural_scheduling_present_unless_blocked(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # from Wednesday to Friday a planned weekend and "this weekend" are the coming one
        ("The rally is planned for this weekend.", THURSDAY, "2019-10-26"),
        ("The final is this weekend.", THURSDAY, "2019-10-26"),
        ("Organisers planned a march over the weekend.", THURSDAY, "2019-10-26"),
        # a past clause, or a Monday, keeps the weekend just past
        ("Fans gathered this weekend.", THURSDAY, "2019-10-19"),
        ("The final is this weekend.", MONDAY, "2021-03-13"),
        ("Protesters planned to rally over the weekend.", MONDAY, "2021-03-13"),
    ],
)
def test_a_planned_weekend_late_in_the_week_lies_ahead(
    sentence: str, ref: dt.date, expected: str
) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        # an expectation in the present looks ahead, its object before the infinitive or not
        ("Economists expect exports to recover in January.", FEBRUARY, "2017-01"),
        ("The airline anticipates demand to pick up in January.", FEBRUARY, "2017-01"),
        ("The bank forecasts growth of 2% in January.", FEBRUARY, "2017-01"),
        # in the past it may lie either side: the nearer one
        ("The firm expected exports to recover in January.", FEBRUARY, "2016-01"),
        # after "to" or a negation it is no present of its own
        ("Pollsters failed to predict his win on Monday night.", FEBRUARY, "2016-02-08"),
    ],
)
def test_a_present_expectation_looks_ahead(sentence: str, ref: dt.date, expected: str) -> None:
    assert only_date(sentence, ref) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a current period closed by a day after it is the year of that day
        (
            "Net income rose 4% in the fiscal year ended Oct. 31.",
            [("in the fiscal year", "2015"), ("Oct. 31", "2015-10-31")],
        ),
        (
            "For the year ending Dec. 31, 2015, revenue doubled.",
            [("For the year", "2015"), ("Dec. 31, 2015", "2015-12-31")],
        ),
        # no closing day: the article's year
        ("The firm expects a loss for the full year.", [("for the full year", "2016")]),
    ],
)
def test_a_period_closed_by_a_day_is_that_days_year(sentence: str, expected: list) -> None:
    assert dated(sentence, FEBRUARY) == expected
