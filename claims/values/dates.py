"""Date expressions in news text, resolved against the article's own date.

``find_dates(text, reference)`` finds absolute dates (``25 April 2023``, ``March 2020``, ``2011``)
and relative ones (``on Tuesday``, ``In December``, ``earlier this month``, ``last year``) and
resolves them to ISO 8601 at their own precision (``2023-04-25``, ``2022-12``, ``2011``). A relative
expression in an undated article resolves to ``None``. ``rewrite_relative`` turns a sentence into a
self-contained one by writing resolved dates beside (or instead of) the relative expressions.

Which Tuesday, which April 8: by the tense of the clause (``claims.values.date_math.clause_tense``,
cheap cues around the expression). A weekday is the last one (news reports the past) unless the
clause speaks of the future (``will meet on Thursday``, ``plans to hold``, ``would reopen on
Friday``, ``has scheduled a hearing Friday``, ``postponed until Tuesday``; a weekday before a
past intent, ``On Friday, the government planned to pay``, dates the planning); a month and day
without a year take the next one in a future clause, the last one in a past clause or after
``since``, and otherwise the nearer one (``payable Dec. 7``, ``was extended to Nov. 16``); a
weekday written beside it picks the year it fits (``Monday, Oct. 26``). ``June last year`` keeps
its month. Periods: ``this fiscal year``, ``for the full year``, ``by year-end``, ``year-ago``,
``over the weekend`` (its Saturday) count from the article; ``later that year``, ``the following
month``, ``a year later`` from the story's last calendar date (``story``, given by the caller,
then the last one seen in ``text``) and give nothing without one; ``a year earlier`` from a date
earlier in the sentence, else the article. Year spans (``2009-2010``, ``1957-58``) give two
mentions, the whole span dated by its first year and the closing year (relation ``until``).

``the next day``, ``that evening``, ``the previous night``, ``the day before``, ``the previous
Friday``, ``the following Monday`` count from the last day named before (in the sentence, else
the story's, a weekday too: ``story_day``); ``the day before Tuesday's hearing``, ``two days after
Christmas`` from the day named right after them (TimeML anchors them there). ``3 March last
year`` keeps its day; ``a week or so ago`` is ``a week ago``; ``since the start of the year`` is
the article's year; a present that schedules (``takes effect``, ``expires``) puts the date ahead.
Years in words (``nineteen ninety-six``, ``the year two thousand``) are years, days in words
(``March eighth``, ``the first of March``) days.

Also: holidays (``Christmas 1986`` -> 1986-12-25, ``on Boxing Day`` against the article's date,
Easter by the Gregorian computus; a holiday with neither a year nor a temporal preposition, as in
``Christmas shoppers``, is no date, unless its name is one day: ``found Thanksgiving Day``);
coordinations (``2 and 9 July`` and ``June 24 and 25`` give
one mention per day; ``in June or July`` one mention dated by its first month; ``in October and
November 2004`` lends the year to October); a lone month after ``into``/``than`` or as a modifier
(``the December meeting``, ``a June agreement``). Not dates: clock times (``2000 GMT``), years in
names (``Fifa 2005``, ``Euro 2004``, ``Windows 2000``), decades (``the 1990s``: ISO ``199`` is
outside the contract's ``YYYY[-MM[-DD]]``).

The calendar words (months, abbreviations, weekdays, seasons, holidays, qualifiers, tense cues)
are the ``calendar`` table of ``claims.lexicon``. A few precompiled regular expressions do the
finding (a first-character lookahead lets the engine skip most text; rarer forms run only when a
cheap substring test says they may occur); the calendar arithmetic lives in
``claims.values.date_math``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from claims.lexicon import table
from claims.values.date_math import (
    clause_tense,
    deferred,
    holiday_date,
    iso_day,
    pick_year,
    resolve_ago,
    resolve_holiday,
    resolve_month,
    resolve_season,
    resolve_unit,
    resolve_weekday,
    resolve_weekday_from,
    resolve_weekday_in_week,
    resolve_weekend,
    shift_iso,
)
from claims.values.numbers import CLOCK_RANGE_RE, is_opener

__all__ = ["DateMention", "find_dates", "format_date", "rewrite_relative"]

_CAL = table("calendar")
#: Lower-case month names -> 1..12, weekday names Monday first (``datetime.date.weekday()``
#: order), month abbreviations -> 1..12: from ``claims/lexicon/calendar.json``.
MONTHS: dict[str, int] = {name: i for i, name in enumerate(_CAL["months"], 1)}
WEEKDAYS: tuple[str, ...] = tuple(_CAL["weekdays"])
MONTH_ABBR: dict[str, int] = dict(_CAL["month_abbreviations"])
MONTH_NAMES = [name.capitalize() for name in MONTHS]

#: Prepositions recorded as the ``relation`` of a date (``till`` is normalised to ``until``).
RELATIONS = {"till": "until", "as of": "as of", "throughout": "during"}

_MONTH_FULL = "|".join(MONTH_NAMES)
_ABBR = "|".join(sorted((a.capitalize() for a in MONTH_ABBR), key=len, reverse=True))
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_ABBR})\.?)"
_WEEKDAY = rf"(?:{'|'.join(w.capitalize() for w in WEEKDAYS)})(?!s\b)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_END = r"(?![\d%]|[.,]\d|-\d|\s?(?:bn|m|km|kg)\b|\w)"
_PREPS = frozenset(
    {"on", "in", "since", "until", "till", "by", "before", "after", "during", "from", "to"}
    | {"through", "throughout", "between", "of", "at", "for", "into", "than"}
)
_MODS = frozenset({"early", "late", "mid", "the end of", "the start of", "the beginning of"})
_MODS |= {"fiscal", "calendar", "around", "about", "earlier", "later"}
_MODS |= {"a good part of", "the better part of", "a large part of", "much of"}
_MODS |= {"the middle of", "the first half of", "the second half of", "the spring of"}
_MODS |= {"the summer of", "the autumn of", "the end of", "the turn of"}
_MODS |= {"the year"}  # "in the year 2000"
_MODS |= {"the early part of", "the latter part of", "the later part of", "the first part of"}
_WORD_SPAN_RE = re.compile(r"\S+")


def _look_back(text: str, start: int, holiday: bool = False) -> tuple[int, str | None]:
    """Extend a date leftwards over a modifier and a preposition: ``in early`` 2005."""
    for prefix in ("mid-", "late-", "early-", "post-", "pre-"):
        if text.endswith(prefix, max(0, start - len(prefix)), start):
            start -= len(prefix)
            break
    if start == 0 or not text[start - 1].isspace():
        return start, None
    spans = [(m.start(), m.end()) for m in _WORD_SPAN_RE.finditer(text, max(0, start - 30), start)]
    words = [text[a:b].lower() for a, b in spans]
    i = len(words)
    for size in (4, 3, 2, 1):  # "the first half of", "the end of", "much of", "early"
        if i >= size and " ".join(words[i - size : i]) in _MODS:
            i -= size
            break
    prep = None
    if i >= 2 and words[i - 2] == "as" and words[i - 1] == "of":
        prep, i = "as of", i - 2
    elif i >= 1 and (words[i - 1] in _PREPS or (holiday and words[i - 1] in ("over", "around"))):
        prep, i = words[i - 1], i - 1
    return (spans[i][0] if i < len(spans) else start), prep


_SEASONS: dict[str, int] = dict(_CAL["seasons"])
_DAY_PARTS: tuple[str, ...] = tuple(_CAL["day_parts"])
_REL_DELTA: dict[str, int] = dict(_CAL["qualifiers"])
_DAY_DELTA: dict[str, int] = dict(_CAL["day_words"])
_PART = rf"(?:\s+(?:{'|'.join(_DAY_PARTS)}))?"
_REL_UNIT = r"(?:week|weekend|month|year)"


def _cap(words: str) -> str:
    """``last|next`` -> ``[Ll]ast|[Nn]ext``: case-insensitive first letter, cheap to scan for."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split("|"))


_QUAL_YEAR = "|".join(_cap(q) for q in ("last", "this", "next"))
_FORMS = [
    # June last year / January this year / March 5 last year / 5 March last year / Sept. 5 of
    # last year: the month (or day) of that year
    rf"(?P<mrel>(?:(?P<d12a>{_DAY})\s+(?:of\s+)?)?(?P<m12>{_MONTH_FULL}|(?:{_ABBR})\.)"
    rf"(?(d12a)|(?:\s+(?P<d12>{_DAY}))?)\s+(?:of\s+)?(?P<mq>{_QUAL_YEAR})\s+year\b)",
    # Tuesday 25 Apr 2023 / 25 April 2023 / 25th April, 2023
    rf"(?P<dmy>(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH_ANY}),?\s+"
    rf"(?P<y1>{_YEAR}){_YEAR_END})",
    # April 25, 2023 / Tuesday, April 25, 2023
    rf"(?P<mdy>(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<m2>{_MONTH_ANY})\s+(?P<d2>{_DAY}),?\s+"
    rf"(?P<y2>{_YEAR}){_YEAR_END})",
    rf"(?P<iso>(?P<y3>{_YEAR})-(?P<m3>0[1-9]|1[0-2])-(?P<d3>[0-2]\d|3[01])\b)",
    # 2009-2010 / 1957-58 / 2009/10: a span of years (two claims, one per bound)
    rf"(?P<yrange>(?P<ya>{_YEAR})\s?[-–/]\s?(?P<yb>{_YEAR}|\d\d){_YEAR_END})",
    # March 2020 / March of 2020
    rf"(?P<my>(?P<m4>{_MONTH_ANY}),?\s+(?:of\s+)?(?P<y4>{_YEAR}){_YEAR_END})",
    # 25 April / Tuesday 25 April
    rf"(?P<dm>(?:(?P<wd5>{_WEEKDAY}),?\s+)?(?P<d5>{_DAY})\s+(?:of\s+)?(?P<m5>{_MONTH_ANY})(?!\w))",
    # April 25 / Tuesday, April 25
    rf"(?P<md>(?:(?P<wd6>{_WEEKDAY}),?\s+)?(?P<m6>{_MONTH_ANY})\s+(?P<d6>{_DAY})\b(?![,.]?\d|-(?![0-3]?\d\b)))",
    # Tuesday / Tuesday morning (a qualifier "last", "next" is looked up leftwards) / Monday
    # last week, Tuesday of next week: that weekday of that week
    rf"(?P<wd>(?P<wd8>{_WEEKDAY}){_PART}(?:\s+(?:of\s+)?(?P<wkq>{_QUAL_YEAR})\s+week\b(?!-|['’]s))?)",
    rf"(?P<mo>(?P<m10>{_MONTH_FULL})\b)",
    rf"(?P<yr>(?P<y11>{_YEAR}){_YEAR_END})",
]
#: Dates that start with a digit or a capital: the lookahead lets the engine skip other text fast.
_DATE_RE = re.compile(
    rf"(?=[\dJFMASONDTW])(?:(?<=mid-)|(?<=late-)|(?<=early-)|(?<=post-)|(?<=pre-)"
    rf"|(?<![\w$£€#/.-])|(?<=\d[-–])(?={_DAY}\s+{_MONTH_ANY}\b))"
    rf"(?:{'|'.join(_FORMS)})"
)
#: ``earlier this month``, ``last year``: found from the unit, the qualifier looked up leftwards.
_UNIT_WORDS: tuple[str, ...] = ("weekend", "week", "month", "year", *_DAY_PARTS, *_SEASONS)
_UNIT_RE = re.compile(rf"\b(?P<relu>{'|'.join(_UNIT_WORDS)})\b")
_QUALIFIERS = "|".join(_cap(q) for q in _REL_DELTA)
_UNIT_BACK_RE = re.compile(
    r"(?:\b(?P<relm>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
    r"(?:\b(?:[Tt]he|[Tt]his)\s+(?=[Pp]ast|[Pp]revious|[Cc]oming))?"
    rf"\b(?P<relq>{_QUALIFIERS})\s+$"
)
_QUALIFIER_BACK_RE = re.compile(
    rf"(?:\b[Tt]his\s+(?=[Cc]oming|[Pp]ast))?\b(?P<q>{_QUALIFIERS})\s+$"
)
_WEEKDAY_ANAPHORA: dict[str, int] = dict(_CAL["weekday_anaphora"])
_WEEKDAY_STEPS = "|".join(
    _cap(w).replace(" ", r"\s+") for w in sorted(_WEEKDAY_ANAPHORA, key=len, reverse=True)
)
#: ``the previous Friday``, ``the following Monday``: counted from the last day named.
_WEEKDAY_ANAPHORA_RE = re.compile(rf"(?<![\w-])(?P<wdan>{_WEEKDAY_STEPS})\s+$")
_ANAPHORIC = "|".join(
    _cap(w).replace(" ", r"\s+") for w in sorted(_CAL["anaphoric_steps"], key=len, reverse=True)
)
_OFFSETS = "|".join(_CAL["offset_words"])
#: The first words of a year in words (``the year two thousand`` is no current period).
_SPELLED_LEADS = "|".join(
    [*_CAL["spelled_years"]["centuries"], *_CAL["spelled_years"]["millennia"]]
).replace(" ", r"\s+")
_CURRENT = "|".join(_cap(w).replace(" ", r"\s+") for w in _CAL["current_periods"])
#: Periods counted from the story or the article: ``later that year``, ``the following month``,
#: ``a year earlier``, ``year-ago``, ``this fiscal year``, ``by year-end``, ``over the weekend``.
_PERIOD_RE = re.compile(
    rf"(?<![\w-])(?:(?P<anaph>(?:(?:[Ee]arlier|[Ll]ater)\s+(?:in\s+)?)?(?P<anq>{_ANAPHORIC})\s+"
    r"(?P<anu>year|month|day)\b)"
    rf"|(?P<offs>(?P<offn>{_cap('a|one|two|three|four|five|six|seven|eight|nine|ten')})\s+"
    rf"(?P<offu>year|month|week|day)s?\s+(?P<offw>earlier|later|(?:before|after)(?=\s*(?:[,.;:)]|$))))"
    r"|(?P<inper>(?:[Ee]arlier|[Ll]ater)\s+in\s+the\s+(?P<inu>year|month|day))\b"
    r"|(?P<yago>[Yy]ear-(?:earlier|ago))"
    rf"|(?P<cur>{_CURRENT})\b(?!-|\s+(?:\d|(?i:{_SPELLED_LEADS})\b))"
    r"|(?P<yend>[Yy]ear[- ]end)\b(?!-)"
    r"|(?P<wkend>[Tt]he\s+weekend)\b)"
)
_PERIOD_WORDS = ("year", "month", " day", "weekend")
_DAY_ANAPHORA: dict[str, int] = dict(_CAL["day_anaphora"])
#: ``the next day``, ``that morning``, ``later that day``: a day counted from the last day named.
_DAY_STEPS = "|".join(
    _cap(w).replace(" ", r"\s+") for w in sorted(_DAY_ANAPHORA, key=len, reverse=True)
)
_DAY_ANAPHORA_RE = re.compile(
    r"(?=[EeLlTt])(?<![\w-])(?P<nday>(?:(?:[Ee]arlier|[Ll]ater)\s+)?"
    rf"(?:(?P<ndq>{_DAY_STEPS})\s+(?P<ndu>day|{'|'.join(_DAY_PARTS)})\b"
    rf"|[Tt]he\s+(?:day|{'|'.join(_DAY_PARTS)})\s+(?P<ndw>before|after)(?=\s*(?:[,.;:!?)]|$))))"
)
#: What may count from the story's last date (``that year``, ``a year later``, ``the previous
#: Friday``).
_STORY_RE = re.compile(
    rf"\b(?:{_ANAPHORIC})\s+(?:year|month|day)\b|\s(?:year|month|week|day)s?\s+(?:later|after)\b"
    rf"|\b(?:{_DAY_STEPS})\s+(?:day|{'|'.join(_DAY_PARTS)})\b"
    rf"|\b[Tt]he\s+(?:day|{'|'.join(_DAY_PARTS)})\s+(?:before|after)\b"
    rf"|\b(?:{_WEEKDAY_STEPS})\s+{_WEEKDAY}"
)
#: "by year's end", "at the end of the month", "since the start of the year": this period (its
#: year or month).
_PERIOD_END_RE = re.compile(
    r"\b(?:(?P<endu>[Yy]ear|[Mm]onth)['’]s (?:end|start)"
    r"|[Tt]he (?:end|start|beginning|middle) of (?:the|this) (?P<endu2>year|month))\b"
)
_UNIT_WORDS_RE = re.compile("|".join(_UNIT_WORDS))
_AGO_RE = re.compile(r"\bago\b")


def _holiday_names() -> list[str]:
    """The holidays of the calendar table as written (``New Year's Day``), longest first."""
    keys = [*_CAL["holidays_fixed"], *_CAL["holidays_easter"], *_CAL["holidays_nth_weekday"]]
    names = {" ".join(w.capitalize() for w in k.split()) for k in keys}
    return sorted(names, key=len, reverse=True)


_HOLIDAY_NAMES = _holiday_names()
#: The word of each holiday name least likely to occur elsewhere (a cheap test first).
_HOLIDAY_KEYS = frozenset(max(n.replace("'s", "").split(), key=len) for n in _HOLIDAY_NAMES)
_HOLIDAY_KEY_RE = re.compile("|".join(sorted(_HOLIDAY_KEYS)))


def _may_hold_holiday(text: str) -> bool:
    """A cheap test before the holiday expression runs (most sentences name none)."""
    return _HOLIDAY_KEY_RE.search(text) is not None


#: ``Christmas 1986``, ``on Boxing Day``, ``over Easter``: named holidays, maybe with a year.
_HOLIDAY_RE = re.compile(
    rf"(?=[{''.join(sorted({n[0] for n in _HOLIDAY_NAMES}))}])(?<![\w-])(?P<hol>"
    + "|".join(re.escape(n).replace("'", "['’]").replace(r"\ ", " ") for n in _HOLIDAY_NAMES)
    + r")(?![\w'’-])"
    rf"(?:,?\s+(?P<hy>{_YEAR}){_YEAR_END})?"
)
_DAYREL_RE = re.compile(
    rf"(?<![\w-])(?P<dayrel>(?P<dr>{_cap('yesterday|today|tomorrow|tonight')})\b(?!\s+programme))"
)
_DAYREL_WORDS = ("esterday", "oday", "omorrow", "onight")
_NOWADAYS_RE = re.compile(rf"['’]s\s+(?:{'|'.join(_CAL['nowadays_nouns'])})\b")
#: ``the leaders of tomorrow``: a noun of the calendar table, then ``of`` before the day word.
_NOWADAYS_OF_RE = re.compile(rf"\b(?:{'|'.join(_CAL['nowadays_of_nouns'])})\s+of\s+$", re.I)
_SPELLED: dict[str, dict[str, int]] = {
    k: v for k, v in _CAL["spelled_years"].items() if isinstance(v, dict)
}
_SPELLED_ZERO = "|".join(_CAL["spelled_years"]["zero"])


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True)).replace(" ", r"\s+")


_SP_ONES, _SP_TEENS, _SP_TENS = (_alternatives(_SPELLED[k]) for k in ("ones", "teens", "tens"))
_SP_TWO_DIGITS = (
    rf"(?:(?:{_SP_TENS})(?:[-\s](?:{_SP_ONES}))?|{_SP_TEENS}"
    rf"|(?:{_SPELLED_ZERO})[-\s](?:{_SP_ONES}))"
)
_SP_UNDER_100 = rf"(?:{_SP_TWO_DIGITS}|{_SP_ONES})"
#: ``nineteen ninety-six``, ``January nineteen ninety-seven``, ``the year two thousand``, ``in two
#: thousand and one``: a year in words. A century word before a two-digit number is a year
#: wherever it stands; ``two thousand ...`` only after ``the year`` or a temporal preposition and
#: before no noun (``two thousand people`` is a number).
_SPELLED_YEAR_RE = re.compile(
    rf"(?i:(?<![\w-])(?:(?P<spm>{_MONTH_FULL})\s+)?"
    rf"(?:(?P<spc>{_alternatives(_SPELLED['centuries'])})\s+(?P<spn>{_SP_TWO_DIGITS})"
    rf"|(?:(?P<spk>(?<=the year ))|(?<=\bin |\bby |\bto )|(?<=since |until |after )|(?<=before ))"
    rf"(?P<spt>{_alternatives(_SPELLED['millennia'])})"
    rf"(?:(?:\s+and)?\s+(?P<spu>{_SP_UNDER_100}))?"
    r"(?(spk)|(?=\s*(?:[,.;:?!)]|$|and\b|or\b)))"
    r")(?![\w-]))"
)
#: A cheap test first: a century or millennium word (its first letter in either case).
_SPELLED_KEYS = tuple(w[1:] + " " for w in (*_SPELLED["centuries"], *_SPELLED["millennia"]))


def _sum_of_words(words: str, table: dict[str, dict[str, int]]) -> int:
    """The number ``words`` write with ``table``'s ones, teens and tens (``ninety-six`` -> 96)."""
    total = 0
    for word in re.split(r"[-\s]+", words.lower()):
        for kind in ("ones", "teens", "tens"):
            total += table[kind].get(word, 0)
    return total


def _spelled_number(words: str) -> int:
    """``ninety-six`` -> 96, ``oh five`` -> 5, ``eleven`` -> 11 (words of ``_SP_UNDER_100``)."""
    return _sum_of_words(words, _SPELLED)


def _spelled_year(g: dict[str, str | None]) -> int:
    """The year a ``_SPELLED_YEAR_RE`` match writes."""
    if g["spc"]:
        return _SPELLED["centuries"][(g["spc"] or "").lower()] + _spelled_number(g["spn"] or "")
    base = _SPELLED["millennia"][" ".join((g["spt"] or "").lower().split())]
    return base + (_spelled_number(g["spu"]) if g["spu"] else 0)


_Groups = dict[str, str | None]
_Hit = tuple[int, int, _Groups]
_ORDINALS: dict[str, dict[str, int]] = _CAL["ordinal_days"]
_ORD_SIMPLE = _alternatives({**_ORDINALS["ones"], **_ORDINALS["teens"]})
_ORD_TENS, _ORD_ONES = _alternatives(_ORDINALS["tens"]), _alternatives(_ORDINALS["ones"])
_ORD_DAY = rf"(?i:(?:{_ORD_TENS})[-\s](?:{_ORD_ONES})|{_ORD_SIMPLE})"
#: ``March eighth``, ``March the twenty-first``, ``the eighth of March, 1998``: a day in words.
_ORDINAL_DATE_RE = re.compile(
    rf"(?<![\w-])(?:(?:(?P<owd>{_WEEKDAY}),?\s+)?(?P<om>{_MONTH_FULL})\s+(?:the\s+)?"
    rf"(?P<od>{_ORD_DAY})"
    rf"|[Tt]he\s+(?P<od2>{_ORD_DAY})\s+of\s+(?P<om2>{_MONTH_FULL}))(?![\w-])"
    rf"(?:,?\s+(?P<oy>{_YEAR}){_YEAR_END})?"
)


_ORDINAL_PREP_RE = re.compile(r"\b(on|by|until|till|since|before|after)\s+$")
#: A cheap test first: an ordinal's ending.
_ORDINAL_KEY_RE = re.compile(r"(?:st|nd|rd|th)\b")


def _ordinal_day(words: str) -> int:
    """``eighth`` -> 8, ``twenty-first`` -> 21 (words of ``_ORD_DAY``)."""
    return _sum_of_words(words, _ORDINALS)


def _ordinal_hits(text: str, blank: _Groups) -> list[tuple[int, int, _Groups]]:
    """Days in words as month-day (or month-day-year) hits: ``March eighth``, ``the first of
    March``. A month before an ordinal is a date after a temporal preposition or before the
    clause's end (``in March first rose`` is an adverb; ``May`` needs ``on``)."""
    out: list[tuple[int, int, _Groups]] = []
    for m in _ORDINAL_DATE_RE.finditer(text):
        if m.group("om"):
            month, words = m.group("om"), m.group("od")
            prep = _ORDINAL_PREP_RE.search(text, max(0, m.start() - 7), m.start())
            if month == "May" and (prep is None or prep.group(1) != "on"):
                continue
            if not (prep or m.group("owd") or m.group("oy") or _CLAUSE_END_RE.match(text, m.end())):
                continue
        else:
            month, words = m.group("om2"), m.group("od2")
        day = str(_ordinal_day(words or ""))
        if m.group("oy"):
            g = {**blank, "mdy": m.group(), "m2": month, "d2": day, "y2": m.group("oy")}
        else:
            g = {**blank, "md": m.group(), "m6": month, "d6": day, "wd6": m.group("owd")}
        out.append((m.start(), m.end(), g))
    return out


def _leads(words: list[str]) -> str:
    """Lexicon phrases as alternatives, any space run between words, first letter either case."""
    return "|".join(_cap(w).replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


#: ``It's the second day of an offensive``, ``today is the eighth day of``: the article's day.
_DAY_COUNT_RE = re.compile(
    rf"(?<![\w-])(?:{_leads(_CAL['present_day_count_leads'])})\s+"
    rf"(?P<nthday>the\s+(?:{_ORD_DAY}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+)?"
    r"day)\s+of\b"
)
#: ``twice as high a dividend this year as last.``: ``last`` is the unit before ``this``'s.
_ELLIPTIC_LAST_RE = re.compile(
    r"\b[Tt]his\s+(?P<ellu>year|month|week)\b[^.;:!?]{0,80}?"
    rf"\b(?:{_leads(_CAL['elliptic_last_after'])})\s+(?P<ell>last)(?=\s*(?:[,.;:!?)]|$))"
)
_AGO_BACK_RE = re.compile(
    rf"(?<![\w-])(?P<agon>{_cap('a|an|one|two|three|four|five|six|seven|eight|nine|ten')}"
    r"|\d{1,2})\s+(?P<agou>day|week|month|year)s?(?:\s+or\s+so)?\s+$"
)
_ISO_RE = re.compile(r"^(?!0000)\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_POSS_RE = re.compile(r"['’]s\b")
_GROUPS = (
    *_DATE_RE.groupindex,
    *_PERIOD_RE.groupindex,
    *_DAY_ANAPHORA_RE.groupindex,
    "dayrel",
    "dr",
    *_SPELLED_YEAR_RE.groupindex,
    "spy",
    "relu",
    "relm",
    "relq",
    "agon",
    "agou",
    "hol",
    "hy",
    "rwdq",
    "wdan",
    "rel",
    "ago",
    "nthday",
    "ell",
    "ellu",
)


#: The unit word every period expression holds, found first (a cheap scan), the expression then
#: matched in a short window around it.
_PERIOD_UNIT_RE = re.compile(r"(?:year|month|week|day)")


def _period_hits(text: str, blank: dict[str, str | None]) -> list[tuple[int, int, _Groups]]:
    """``later that year``, ``a year earlier``, ``by year-end``, ``the weekend`` ... of ``text``."""
    out: list[tuple[int, int, _Groups]] = []
    seen: set[int] = set()
    pos = 0
    for unit in _PERIOD_UNIT_RE.finditer(text):
        window = max(pos, unit.start() - 40)
        m = _PERIOD_RE.search(text, window, min(len(text), unit.end() + 16))
        if m is not None and m.start() not in seen and m.start() <= unit.start() < m.end():
            seen.add(m.start())
            out.append((m.start(), m.end(), {**blank, **m.groupdict()}))
            pos = m.end()
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip()
    return not before or before[-1] in ".!?\"“‘'(:`"


def _hits(text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    """Every date-like match ``(start, end, groups)``, leftmost-longest, not overlapping."""
    hits: list[tuple[int, int, dict[str, str | None]]] = []
    blank = dict.fromkeys(_GROUPS)
    for m in _DATE_RE.finditer(text):
        g = {**blank, **m.groupdict()}
        start = m.start()
        anaphora = _WEEKDAY_ANAPHORA_RE.search(text, max(0, start - 16), start) if g["wd"] else None
        if anaphora is not None:
            g["wdan"], start = anaphora.group("wdan"), anaphora.start()
        elif g["wd"] or g["mo"]:
            q = _QUALIFIER_BACK_RE.search(text, max(0, start - 12), start)
            if q:
                g["rwdq"], start = q.group("q"), q.start()
        hits.append((start, m.end(), g))
    if _UNIT_WORDS_RE.search(text):
        for m in _UNIT_RE.finditer(text):
            back = _UNIT_BACK_RE.search(text, max(0, m.start() - 25), m.start())
            if back and not back.group().lower().startswith("the previous"):
                g = {**blank, "rel": m.group(), "relu": m.group("relu"), **back.groupdict()}
                hits.append((back.start(), m.end(), g))
    if "ago" in text:
        for m in _AGO_RE.finditer(text):
            back = _AGO_BACK_RE.search(text, max(0, m.start() - 25), m.start())
            if back:
                g = {**blank, "ago": m.group(), **back.groupdict()}
                hits.append((back.start(), m.end(), g))
    if " day" in text or any(part in text for part in _DAY_PARTS):
        for m in _DAY_ANAPHORA_RE.finditer(text):
            hits.append((m.start(), m.end(), {**blank, **m.groupdict()}))
    if any(word in text for word in _PERIOD_WORDS):
        hits.extend(_period_hits(text, blank))
    if " of th" in text or "'s " in text or "’s " in text:
        for m in _PERIOD_END_RE.finditer(text):
            unit = (m.group("endu") or m.group("endu2")).lower()
            hits.append(
                (m.start(), m.end(), {**blank, "rel": m.group(), "relu": unit, "relq": "this"})
            )
    if _may_hold_holiday(text):
        for m in _HOLIDAY_RE.finditer(text):
            g, start = {**blank, **m.groupdict()}, m.start()
            q = _QUALIFIER_BACK_RE.search(text, max(0, start - 12), start)
            if q:
                g["rwdq"], start = q.group("q"), q.start()
            hits.append((start, m.end(), g))
    if any(word in text for word in _SPELLED_KEYS):
        for m in _SPELLED_YEAR_RE.finditer(text):
            start = m.start()
            if m.group("spt") and text[max(0, start - 9) : start].lower() == "the year ":
                start -= 9
            hits.append((start, m.end(), {**blank, **m.groupdict(), "spy": m.group()}))
    if _ORDINAL_KEY_RE.search(text) and any(name in text for name in MONTH_NAMES):
        hits.extend(_ordinal_hits(text, blank))
    if " day of" in text:
        for m in _DAY_COUNT_RE.finditer(text):
            hits.append(
                (m.start("nthday"), m.end("nthday"), {**blank, "nthday": m.group("nthday")})
            )
    if " last" in text and "his " in text:
        for m in _ELLIPTIC_LAST_RE.finditer(text):
            g = {**blank, "ell": m.group("ell"), "ellu": m.group("ellu")}
            hits.append((m.start("ell"), m.end("ell"), g))
    if any(word in text for word in _DAYREL_WORDS):
        for m in _DAYREL_RE.finditer(text):
            if m.group()[0].isupper() and not _sentence_initial(text, m.start()):
                continue  # "Are You Lonesome Tonight", "the Today programme": a title
            if _NOWADAYS_RE.match(text, m.end()):
                continue  # "today's youth": nowadays, no date
            if _NOWADAYS_OF_RE.search(text, max(0, m.start() - 30), m.start()):
                continue  # "the leaders of tomorrow": an age, no date
            hits.append((m.start(), m.end(), {**blank, **m.groupdict()}))
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, dict[str, str | None]]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


_NUMBER_WORDS = {"the": 1, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NUMBER_WORDS.update({"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10})
#: Prepositions that make a lone month name a date (``in May``, not ``Theresa May``).
_MONTH_ALONE_PREPS = frozenset(
    {"in", "since", "until", "till", "by", "before", "after", "during", "from", "to", "through"}
    | {"throughout", "between", "of", "at", "as of", "for", "into", "than"}
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: offsets into the text given to ``find_dates``, resolved ISO date."""

    start: int  # offsets relative to the text passed in
    end: int
    expression: str  # as written, e.g. "on Tuesday", "since September 2015"
    date: str | None  # ISO at its precision: "2023-04-25", "2022-12", "2011"; None if unresolvable
    relation: str | None  # "on", "in", "since", "until", "by", "before", "after", "during", ...
    relative: bool = False  # resolved against the reference date (rewrite it for a claim text)
    anchor: str | None = None  # for week expressions: the ISO day the week is counted from
    calendar: bool = False  # a day, month or year as written: "the following month" counts from it


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBR[key]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


_YEAR_SOON_RE = re.compile(
    r"(?:\s+[a-z][\w-]*){0,4}?,?\s+(?:in|of)\s+(1[89]\d\d|20\d\d)\b(?![\d-])"
)


_Resolved = tuple[str | None, bool] | None


def _resolve(
    g: dict[str, str | None],
    text: str,
    span: tuple[int, int],
    ref: dt.date | None,
    prep: str | None,
    anchors: tuple[str | None, str | None, str | None] = (None, None, None),
) -> _Resolved:
    """The ISO date of one hit and whether it is relative; ``None`` to drop the hit.

    ``anchors``: the story's last explicit date before this text and the last one before the
    hit in this text (for ``later that year``, ``a year earlier``)."""
    if g["dmy"] or g["mdy"] or g["iso"]:
        y, mo, d = (
            (g["y1"], g["m1"], g["d1"])
            if g["dmy"]
            else ((g["y2"], g["m2"], g["d2"]) if g["mdy"] else (g["y3"], g["m3"], g["d3"]))
        )
        assert y is not None and mo is not None and d is not None
        month = int(mo) if g["iso"] else _month(mo)
        iso = iso_day(int(y), month, _day(d))
        return (iso, False) if iso else None
    if g["spy"]:
        year = _spelled_year(g)
        if g["spm"]:
            return f"{year:04d}-{_month(g['spm']):02d}", False
        return f"{year:04d}", False
    if g["my"]:
        return f"{int(g['y4'] or 0):04d}-{_month(g['m4'] or ''):02d}", False
    if g["yr"]:
        return None if _not_a_year(text, span) else (g["y11"], False)
    if g["yrange"]:
        return None if _year_range_end(g) is None else (g["ya"], False)
    if g["hol"]:
        return _resolve_holiday(g, text, span, ref, prep)
    if g["nthday"]:  # "it's the second day of an offensive": today, written as it stands
        return (ref.isoformat(), False) if ref is not None else None
    if g["ell"]:  # "as high this year as last": the year before
        return (resolve_unit(g["ellu"] or "", -1, ref), True) if ref is not None else None
    tense = None
    if (prep or "").lower() in _SINCE:
        tense = "since"
    elif ref is not None and (prep or "").lower() in _MOVED_TO and deferred(text, span[0]):
        tense = "intent"  # "postponed until Tuesday": where the event was moved to
    elif ref is not None and (any(g[k] for k in _TENSED) or g["relu"] == "weekend"):
        tense = clause_tense(text, span[0], span[1])
    if any(g[k] for k in ("anaph", "offs", "inper", "yago", "cur", "yend", "wkend", "nday")):
        return _resolve_period(g, ref, tense, anchors)
    if g["wdan"]:  # "the previous Friday": from the last day named, else the article's
        step = _WEEKDAY_ANAPHORA[" ".join((g["wdan"] or "").lower().split())]
        base = dt.date.fromisoformat(anchors[2]) if anchors[2] else ref
        return (resolve_weekday_from(g["wd8"] or "", base, step) if base else None), True
    if ref is None:
        return _undated(g, text, span, prep)
    return _resolve_relative(g, text, span, ref, prep, tense)


_SINCE = frozenset(_CAL["since_words"])
#: Prepositions after a deferral verb that name the new date (``postponed until Tuesday``).
_MOVED_TO = frozenset({"until", "till", "to"})
#: Hits whose date depends on the clause's tense.
_TENSED = ("dm", "md", "wd", "mo", "yend", "wkend")
_DEADLINES = frozenset({"until", "till", "through", "to", "by"})
#: ``the three months to June``, ``the year to March 31``: a reported span ending there.
_PERIOD_TO_RE = re.compile(rf"\b(?:{'|'.join(_CAL['period_to_nouns'])})\s+to\s+$")
#: ``the year-ago quarter ended Oct. 31``: a reported span named a year back, its closing day.
_YEAR_BACK_RE = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, _CAL['year_back_modifiers']))})\s+"
    rf"(?:{'|'.join(_CAL['period_to_nouns'])})\b[^.;:]{{0,40}}?\b(?:ended|ending)\s+$"
)
#: Hits that anchor ``a year earlier`` in their sentence: calendar dates, not weekdays.
_ANCHOR_KINDS = ("dmy", "mdy", "iso", "my", "yr", "dm", "md", "mo", "mrel", "yrange", "spy")


def _undated(
    g: dict[str, str | None], text: str, span: tuple[int, int], prep: str | None
) -> _Resolved:
    """A relative expression in an undated article: kept without a date when it is one."""
    if g["dm"] or g["md"]:
        day, name = (g["d5"], g["m5"]) if g["dm"] else (g["d6"], g["m6"])
        year = _YEAR_SOON_RE.match(text, span[1])  # "11 September terror attacks in 2001"
        if year is not None:
            iso = iso_day(int(year.group(1)), _month(name or ""), _day(day or ""))
            return (iso, False) if iso else None
        return None, True
    if g["wd"] and not (prep or g["rwdq"] or g["poss"]) and not _weekday_alone_ok(text, span[0]):
        return None
    if g["mo"] and not (g["rwdq"] or _month_alone_ok(text, span, g["m10"] or "", prep)):
        return None
    return None, True


def _resolve_relative(
    g: dict[str, str | None],
    text: str,
    span: tuple[int, int],
    ref: dt.date,
    prep: str | None,
    tense: str | None,
) -> _Resolved:
    """Dates counted from the article's date: ``on April 8``, ``on Tuesday``, ``in May``,
    ``June last year``, ``last week``, ``two years ago``, ``yesterday``. A deadline after a past
    verb (``was extended to Nov. 16``) or an intent (``agreed to buy it in February``) may lie
    either side of the article's date: the nearer one."""
    if tense in ("intent", "open") or (tense == "past" and (prep or "").lower() in _DEADLINES):
        year_tense: str | None = None
    else:
        year_tense = tense
    if tense == "past" and _PERIOD_TO_RE.search(text, max(0, span[0] - 20), span[0]):
        year_tense = "since"  # "profits in the three months to June": a span reported is over
    if g["dm"] or g["md"]:
        day, name = (g["d5"], g["m5"]) if g["dm"] else (g["d6"], g["m6"])
        year = _YEAR_SOON_RE.match(text, span[1])  # "11 September terror attacks in 2001"
        month, number = _month(name or ""), _day(day or "")
        if year is None and not 1 <= number <= 31:
            return None
        weekday = g["wd5"] or g["wd6"]
        if year is not None:
            y = int(year.group(1))
        elif weekday:  # "Monday, Oct. 26": the year nearest the article's where that day fits
            y = _weekday_year(month, number, WEEKDAYS.index(weekday.lower()), ref)
        else:
            y = pick_year(month, number, ref, year_tense)
            if _YEAR_BACK_RE.search(text, max(0, span[0] - 90), span[0]):
                y -= 1  # "the year-ago quarter ended Oct. 31": the day a year before
        iso = iso_day(y, month, number)
        return (iso, year is None) if iso else None
    if g["mrel"]:
        y = ref.year + _REL_DELTA[(g["mq"] or "").lower()]
        month = _month(g["m12"] or "")
        day = g["d12"] or g["d12a"]
        iso = iso_day(y, month, _day(day)) if day else f"{y:04d}-{month:02d}"
        return (iso, True) if iso else None
    if g["wd"]:
        if not (prep or g["rwdq"] or g["poss"]) and not _weekday_alone_ok(text, span[0]):
            return None
        if g["wkq"]:  # "Monday last week": that weekday of the week named (weeks from Monday)
            return resolve_weekday_in_week(g["wd8"] or "", ref, _REL_DELTA[g["wkq"].lower()]), True
        if g["poss"] and tense in ("intent", "open"):
            tense = None  # "would get around Wednesday's ruling": the ruling is news, past
        return resolve_weekday(g["wd8"] or "", ref, tense, g["rwdq"]), True
    if g["mo"]:
        if not (g["rwdq"] or _month_alone_ok(text, span, g["m10"] or "", prep)):
            return None
        return resolve_month(_month(g["m10"] or ""), ref, year_tense, g["rwdq"]), True
    if g["rel"]:
        delta = _REL_DELTA[(g["relq"] or "").lower()]
        unit = (g["relu"] or "").lower()
        if unit in _SEASONS:
            return resolve_season(_SEASONS[unit], delta, ref), True
        if unit == "weekend":
            this = (g["relq"] or "").lower() == "this"
            return resolve_weekend(ref, delta, tense, this), True
        return resolve_unit(unit, delta, ref), True
    if g["ago"]:
        n = _NUMBER_WORDS.get((g["agon"] or "").lower()) or int(g["agon"] or 0)
        return resolve_ago(n, g["agou"] or "", ref), True
    if g["dayrel"]:
        return (ref + dt.timedelta(days=_DAY_DELTA[(g["dr"] or "").lower()])).isoformat(), True
    return None


def _weekday_year(month: int, day: int, weekday: int, ref: dt.date) -> int:
    """The year nearest ``ref`` in which ``month``/``day`` falls on ``weekday``."""
    for y in sorted(range(ref.year - 6, ref.year + 7), key=lambda y: (abs(y - ref.year), -y)):
        if iso_day(y, month, day) and dt.date(y, month, day).weekday() == weekday:
            return y
    return ref.year


def _year_range_end(g: dict[str, str | None]) -> str | None:
    """The closing year of ``2009-2010`` / ``1957-58`` (``None``: not a span of years)."""
    first, second = int(g["ya"] or 0), g["yb"] or ""
    last = int(second) if len(second) == 4 else first - first % 100 + int(second)
    if len(second) == 2 and last <= first:
        last += 100  # 1999-00
    return f"{last:04d}" if first < last <= first + 30 else None


_PRECISION = {"year": 4, "month": 7, "day": 10, "week": 10}


def _resolve_period(
    g: dict[str, str | None],
    ref: dt.date | None,
    tense: str | None,
    anchors: tuple[str | None, str | None, str | None],
) -> _Resolved:
    """Periods counted from the story (``later that year``, ``the following month``: the last
    explicit date before; ``a year earlier``: one in the same sentence, else the article's
    date) or from the article (``this fiscal year``, ``year-ago``, ``by year-end``,
    ``over the weekend``). Without an anchor there is no claim (or, undated, no date)."""
    story, local, day = anchors
    if g["nday"]:  # "freed the next day": from the last day named, in the sentence or before
        if g["ndw"]:  # "the day before", "the night after": a step either way
            step = _CAL["offset_words"][g["ndw"]]
        else:
            step = _DAY_ANAPHORA[" ".join((g["ndq"] or "").lower().split())]
        base = day
        if base is None and ref is not None and step < 0:
            base = ref.isoformat()  # "the previous night": the night before the article
        iso = shift_iso(base, "day", step, 10) if base else None
        return (iso, True) if iso else None
    if g["anaph"]:
        unit = (g["anu"] or "").lower()
        step = _CAL["anaphoric_steps"][" ".join((g["anq"] or "").lower().split())]
        base = local or story or (ref.isoformat() if ref and step < 0 else None)
        iso = shift_iso(base, unit, step, _PRECISION[unit]) if base else None
        return (iso, True) if iso else None  # "that day" after "in 1998": no day to count from
    if g["offs"]:
        unit = (g["offu"] or "").lower()
        n = _NUMBER_WORDS[(g["offn"] or "").lower()] * _CAL["offset_words"][g["offw"] or ""]
        base = local or (story if n > 0 else None)
        if base is None:
            if ref is None or n > 0:
                return (None, True) if ref is None and n < 0 else None
            return shift_iso(ref.isoformat(), unit, n, _PRECISION[unit]), True
        return shift_iso(base, unit, n, len(base)), True
    if ref is None:
        return None, True
    if g["yago"]:
        return f"{ref.year - 1:04d}", True
    if g["inper"]:  # "earlier in the year": the article's year (month, day)
        unit = (g["inu"] or "").lower()
        return shift_iso(ref.isoformat(), unit, 0, _PRECISION[unit]), True
    if g["yend"]:
        return f"{ref.year - (1 if tense == 'since' else 0):04d}", True
    if g["wkend"]:
        return resolve_weekend(ref, 0, tense), True
    return f"{ref.year:04d}", True  # this fiscal year, the full year


#: ``Fifa 2005``, ``LMA Manager 2005``, ``Windows 2000``: a year after a capitalised name.
_NAME_BEFORE_RE = re.compile(r"([A-Z][\w'’-]*)\s$")
_YEAR_AFTER_NAME_OK = frozenset(
    {"and", "or", "but", "the", "early", "late", "mid", "spring", "summer", "autumn", "winter"}
    | {"fall", "end", "start", "q1", "q2", "q3", "q4", "fy", "around", "circa", "c", "about"}
    | {"even", "not", "only", "until", "also", "then", "since", "as", "like", "unlike"}
    | {"that", "this", "these", "those", "its", "his", "her", "their", "our", "a", "an"}
)
#: ``between 2000 and 2100 GMT``, ``1300 GMT``: times on the 24-hour clock, not years.
_CLOCK_AFTER_RE = re.compile(r"\s?(?:GMT|BST|CET|EST|EDT|PST|UTC|hrs|hours|local time)\b")


def _not_a_year(text: str, span: tuple[int, int]) -> bool:
    """A four-digit number that is a clock time or part of a product name, not a year."""
    if _CLOCK_AFTER_RE.match(text, span[1]) or CLOCK_RANGE_RE.match(text, span[0]):
        return True
    name = _NAME_BEFORE_RE.search(text, max(0, span[0] - 25), span[0])
    if name is None:
        return False
    word = name.group(1)
    low = word.lower()
    if word.endswith(("'s", "’s", "'", "’")) or low in _YEAR_AFTER_NAME_OK or is_opener(word):
        return False
    return low not in _PREPS and low not in MONTHS


#: ``the December meeting``, ``its March figures``: a month name modifying a noun.
_MONTH_MODIFIER_BEFORE_RE = re.compile(
    r"\b(?:the|its|their|his|her|our|The|Its|Their|(?P<a>an?|An?))\s$"
)
_MONTH_MODIFIER_AFTER_RE = re.compile(r"\s(?!of\b|and\b|or\b|to\b)[a-z]{3,}")


_BEFORE_BY_RE = re.compile(r"([A-Za-z]+)\s+by\s+$")
_CLAUSE_END_RE = re.compile(r"\s*(?:[,.;:)!?]|$|at the latest\b)")


def _by_may_is_a_date(text: str, start: int, end: int) -> bool:
    """``conclude by May,`` is a deadline; ``was written by May`` names Theresa May: a date when
    a clause ends after it and the word before ``by`` is no past participle (the agent's)."""
    after = _CLAUSE_END_RE.match(text, end)
    if after is None:
        return False
    if after.group().strip() == "at the latest":
        return True
    before = _BEFORE_BY_RE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1).lower()
    return not (word.endswith(("ed", "en")) or word in _PARTICIPLES)


_PARTICIPLES = frozenset(_CAL["past_cues"])


def _month_alone_ok(text: str, span: tuple[int, int], name: str, prep: str | None) -> bool:
    """A month name without day or year is a date after a temporal preposition (``in May``,
    ``into June``, ``than March``; not ``than May``, a name) or as a modifier (``the December
    meeting``)."""
    low = (prep or "").lower()
    start = span[0]
    for prefix in ("mid-", "late-", "early-"):
        if text.endswith(prefix, max(0, start - len(prefix)), start):
            start -= len(prefix)
    if low in _MONTH_ALONE_PREPS:
        if name != "May" or low not in ("than", "by"):
            return True
        return low == "by" and _by_may_is_a_date(text, start, span[1])
    det = _modifier_before(text, start)
    if det is None or (det.group("a") and name == "May"):  # "a May aide": a name
        return False
    return bool(_MONTH_MODIFIER_AFTER_RE.match(text, span[1]))


def _modifier_before(text: str, start: int) -> re.Match[str] | None:
    """The determiner right before a month used as a modifier (``the December meeting``)."""
    return _MONTH_MODIFIER_BEFORE_RE.search(text, max(0, start - 6), start)


#: Prepositions that make a holiday without a year a date (``over Christmas``).
_HOLIDAY_PREPS = frozenset(
    {"at", "over", "on", "by", "before", "after", "since", "until", "till", "during", "from"}
    | {"to", "through", "into", "around", "between", "as of", "throughout"}
)


_HOLIDAY_DAY_WORDS = frozenset(_CAL["holiday_day_words"])
_HOLIDAY_YEAR_AFTER_RE = re.compile(rf"\s+(?:in|of)\s+({_YEAR}){_YEAR_END}")


def _resolve_holiday(
    g: dict[str, str | None],
    text: str,
    span: tuple[int, int],
    ref: dt.date | None,
    prep: str | None,
) -> tuple[str | None, bool] | None:
    """``Christmas 1986`` -> 1986-12-25; ``on Boxing Day`` against the article's date; a
    holiday with neither a year nor a temporal preposition (``Christmas shoppers``) is dropped."""
    name = g["hol"] or ""
    year = g["hy"]
    if year is None:
        later = _HOLIDAY_YEAR_AFTER_RE.match(text, span[1])  # "on Election Day in 2014"
        year = later.group(1) if later else None
    if year is not None:
        day = holiday_date(name, int(year))
        return (day.isoformat(), False) if day else None
    one_day = name.split()[-1].lower() in _HOLIDAY_DAY_WORDS  # "found Thanksgiving Day"
    if not g["rwdq"] and (prep or "").lower() not in _HOLIDAY_PREPS and not one_day:
        return None
    if ref is None:
        return None, True
    return resolve_holiday(name, ref, clause_tense(text, span[0], span[1]), g["rwdq"]), True


_WEEKDAY_NAME_RE = re.compile(
    rf"(?:{'|'.join(w.capitalize() for w in _CAL['weekday_name_words'])})\s+$"
)


def _weekday_alone_ok(text: str, start: int) -> bool:
    """A weekday without a preposition: a date unless it names something (``Black Friday``)."""
    before = text[max(0, start - 12) : start]
    return not _WEEKDAY_NAME_RE.search(before)


def find_dates(
    text: str,
    reference: dt.date | None,
    story: str | None = None,
    story_day: str | None = None,
) -> list[DateMention]:
    """All date expressions of ``text`` in order, resolved against ``reference`` when given;
    ``story`` is the document's last calendar date before ``text`` (``later that year``),
    ``story_day`` its last day of any kind, a weekday too (``freed the next day``)."""
    if (story is not None or story_day is not None) and not _STORY_RE.search(text):
        story = story_day = None  # nothing counts from them: share the plain call's result
    return list(_find_dates_cached(text, reference, story, story_day))


_JOINT = r"\s*(?:,|and|or|to|until|till|through|-|–|&)\s*"
#: ``2 and`` before ``9 July``, ``6 to`` before ``9 January``: days sharing the month after them.
_LEFT_DAYS_RE = re.compile(rf"(?<![\w.,£$€%-]){_DAY}(?:\s*,\s*{_DAY})*{_JOINT}$")
#: ``and 25`` after ``June 24``: days sharing the month before them.
_RIGHT_DAYS_RE = re.compile(
    r"(?:\s*(?:and|or|to|until|till|through|-|–|&)\s*"
    rf"{_DAY}\b(?![.,:]?\d|%|\s*(?:per\b|bn\b|m\b|million|billion|{_MONTH_ANY}\b)))+"
)
_DAY_NUMBER_RE = re.compile(r"\d+")
#: ``or July`` after ``in June``, ``and July 2005``: months sharing the first one's preposition.
_MONTH_COORD_RE = re.compile(
    r"(?:\s*[-–/]\s*|\s+(?:or|and|to|until|till|through)\s+)(?:early\s+|late\s+|mid-)?"
    rf"(?P<mc>{_MONTH_FULL})\b(?:,?\s+(?P<mcy>{_YEAR}){_YEAR_END})?"
)


def _elliptic_days(text: str, hit: _Hit, floor: int) -> list[_Hit]:
    """The days that share this date's month: ``2`` in ``2 and 9 July`` (span ``2 and 9 July``),
    ``25`` in ``June 24 and 25`` (span ``June 24 and 25``), each with its own day."""
    start, end, g = hit
    out: list[_Hit] = []
    if g["dm"] or g["dmy"]:
        key = "d5" if g["dm"] else "d1"
        left = _LEFT_DAYS_RE.search(text, max(floor, start - 40), start)
        if left:
            for day in _DAY_NUMBER_RE.finditer(text, left.start(), left.end()):
                if int(day.group()) < _day(g[key] or "0"):
                    out.append((day.start(), end, {**g, key: day.group()}))
    elif g["md"]:
        right = _RIGHT_DAYS_RE.match(text, end)
        if right:
            for day in _DAY_NUMBER_RE.finditer(text, right.start(), right.end()):
                if int(day.group()) > _day(g["d6"] or "0"):
                    out.append((start, day.end(), {**g, "d6": day.group()}))
    return out


def _mention(
    text: str,
    hit: _Hit,
    reference: dt.date | None,
    anchors: tuple[str | None, str | None, str | None] = (None, None, None),
) -> DateMention | None:
    """One hit as a resolved mention (``None`` when it is not a date after all)."""
    core_start, core_end, g = hit
    start, prep = _look_back(text, core_start, holiday=bool(g["hol"] or g["wkend"]))
    poss = _POSS_RE.match(text, core_end)
    g["poss"] = poss.group() if poss else None
    try:
        resolved = _resolve(g, text, (core_start, core_end), reference, prep, anchors)
    except (OverflowError, ValueError):  # a reference date at the ends of the calendar
        resolved = None, True
    if resolved is not None and resolved[0] is not None and not _ISO_RE.match(resolved[0]):
        resolved = None, resolved[1]
    if resolved is None:
        return None
    iso, relative = resolved
    if g.get("coord_year"):  # "in October and November 2004": October 2004
        iso, relative = f"{g['coord_year']}-{_month(g['m10'] or ''):02d}", False
    if poss:  # "of Tuesday's talks": the date is "Tuesday", no relation
        start, prep = core_start, None
    relation = RELATIONS.get(prep.lower(), prep.lower()) if prep else None
    week = (g["relu"] or "") == "week"
    anchor = reference.isoformat() if week and reference is not None else None
    return DateMention(
        start=start,
        end=core_end,
        expression=text[start:core_end],
        date=iso,
        relation=relation,
        relative=relative,
        anchor=anchor,
    )


def _same_year(extra: DateMention, main: DateMention) -> DateMention:
    """An elliptic day (``2`` of ``2 and 9 July``) in the year its month's day was put in."""
    if extra.date is None or main.date is None or len(extra.date) != 10 or len(main.date) != 10:
        return extra
    day = iso_day(int(main.date[:4]), int(extra.date[5:7]), int(extra.date[8:]))
    return replace(extra, date=day) if day else extra


def _year_range_close(text: str, hit: _Hit, main: DateMention) -> DateMention | None:
    """The closing bound of ``2009-2010`` / ``1957-58``: its own mention (``until``), as a
    quantity range gives one claim per bound; the opening one spans the whole range."""
    end = _year_range_end(hit[2])
    if end is None:
        return None
    close = text.rfind(hit[2]["yb"] or "", hit[0], hit[1])
    return DateMention(close, hit[1], text[close : hit[1]], end, "until", relative=False)


_COUNTS = _cap("the|a|one|two|three|four|five|six|seven|eight|nine|ten")
#: ``the day before`` / ``two days after`` right before a day: that day moved by so many days.
_DAYS_APART_RE = re.compile(
    rf"(?<![\w-])(?P<n>{_COUNTS}|\d{{1,2}})\s+days?\s+(?P<w>before|after)\s+$"
)
_DAYS_COUNT_RE = re.compile(rf"(?<![\w-])(?P<n>{_COUNTS}|\d{{1,2}})\s+days?\s+$")


def _days_apart(text: str, main: DateMention) -> DateMention:
    """``the day before Tuesday's hearing``, ``two days after Christmas``, ``the day after
    tomorrow``: a day counted from the day named right after it (TimeML anchors such an
    expression to that day). A day moved from a possessive (``Tuesday's hearing``) keeps its
    words in the claim text: the hearing is on Tuesday, the date is the day before."""
    if main.date is None or len(main.date) != 10:
        return main
    if main.relation in ("before", "after"):
        found = _DAYS_COUNT_RE.search(text, max(0, main.start - 20), main.start)
        word = main.relation
    elif main.relation is None:
        found = _DAYS_APART_RE.search(text, max(0, main.start - 30), main.start)
        word = found.group("w") if found else ""
    else:
        return main
    if found is None:
        return main
    count = found.group("n").lower()
    n = _NUMBER_WORDS.get(count, 1) if not count.isdigit() else int(count)
    day = shift_iso(main.date, "day", n * _CAL["offset_words"][word], 10)
    if day is None:
        return main
    possessive = text[main.end : main.end + 2] in ("'s", "’s")
    return replace(
        main,
        start=found.start(),
        expression=text[found.start() : main.end],
        date=day,
        relation=None,
        relative=main.relative and not possessive,
    )


@lru_cache(maxsize=512)
def _find_dates_cached(
    text: str, reference: dt.date | None, story: str | None = None, story_day: str | None = None
) -> tuple[DateMention, ...]:
    """Coordinations: each elliptic day is its own mention (``2 and 9 July`` gives 2 July and
    9 July, the first written as a claim text unchanged); a month coordination without a year
    after it (``in June or July``) is one mention dated by its first month; ``in October and
    November 2004`` gives October 2004 and November 2004. ``story``: the last explicit date
    before ``text`` in its document; the last explicit date seen in ``text`` takes over."""
    found: list[DateMention] = []
    covered = 0
    local: str | None = None
    day = story_day  # the last day named (a weekday too): "freed the next day"
    for core_start, core_end, g in _hits(text):
        if core_start < covered:
            continue  # the second month of a coordination already taken in
        other = _MONTH_COORD_RE.match(text, core_end) if g["mo"] else None
        if other is not None and other.group("mcy"):
            g = {**g, "coord_year": other.group("mcy")}
        elif other is not None:
            core_end = covered = other.end()
        main = _mention(text, (core_start, core_end, g), reference, (story, local, day))
        if main is None:
            continue
        main = _days_apart(text, main)
        if main.date is not None and len(main.date) == 10:
            day = main.date
        if main.date is not None and any(g[k] for k in _ANCHOR_KINDS):
            local = main.date
            main = replace(main, calendar=True)
        if g["yrange"]:
            close = _year_range_close(text, (core_start, core_end, g), main)
            found.extend([main, close] if close else [main])
            continue
        if other is not None:
            main = replace(main, relative=False)  # keep "June or July" as written
        extras = [
            _mention(text, x, reference)
            for x in _elliptic_days(text, (core_start, core_end, g), covered)
        ]
        if any(extras):  # "on 24 June 2004 and 25" would read badly: keep them as written
            main = replace(main, relative=False)
        found.append(main)
        found.extend(replace(_same_year(m, main), relative=False) for m in extras if m is not None)
    found.sort(key=lambda m: (m.start, m.end))
    return tuple(_closing_years(text, found))


#: ``the fiscal year ended Sept. 30``: the words between a current period and its closing day.
_CLOSING_RE = re.compile(r"\s+(?:ended|ending|that\s+ended|which\s+ended)\s+$")
_CURRENT_END_RE = re.compile(rf"(?:{_CURRENT})$")


def _closing_years(text: str, found: list[DateMention]) -> list[DateMention]:
    """A current period closed by a day written after it (``in the fiscal year ended Sept.
    30``, ``for the year ending March 31``) is the year of that day, not the article's."""
    out = list(found)
    for i, (period, closing) in enumerate(pairwise(found)):
        if period.date is None or closing.date is None or period.end > closing.start:
            continue
        if not _CURRENT_END_RE.search(period.expression):
            continue
        if _CLOSING_RE.fullmatch(text, period.end, closing.start) is None:
            continue
        out[i] = replace(period, date=closing.date[:4])
    return out


def format_date(iso: str) -> str:
    """``2023-04-25`` -> ``25 April 2023``; ``2022-12`` -> ``December 2022``; ``2011`` as is."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


#: A determiner or possessive just before a date that modifies a noun (``the 2 March vote``,
#: ``Iowa's Feb. 1 caucuses``): the date is written without ``on``/``in``.
_DETERMINER_BEFORE_RE = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|this|that|The|Its)|\w['’]s)\s$"
)


#: Points of a period a mention may name (``since the start of the year``).
_PERIOD_POINTS = ("start", "beginning", "middle")


def _replacement(mention: DateMention, text: str) -> str:
    """What a relative mention reads as once resolved (keeps its preposition)."""
    assert mention.date is not None
    written = format_date(mention.date)
    expr = mention.expression
    lower = expr.lower()
    possessive = text[mention.end : mention.end + 2] in ("'s", "’s")
    prep = expr.split()[0] + " " if mention.relation else ""
    if "fiscal" in lower:
        return f"{prep or 'in '}fiscal {written}"
    if lower.endswith(("year-end", "year end")):
        return f"{prep}the end of {written}"
    if lower in ("year-ago", "year-earlier"):  # "the year-ago results": "the 2018 results"
        return written
    if "weekend" in lower and len(mention.date) == 10:
        return f"{prep}the weekend of {written}"
    if mention.anchor is not None:
        if "last" in lower or "past" in lower or "previous" in lower:
            where = "the week before"
        elif "next" in lower or "coming" in lower:
            where = "the week after"
        else:
            where = "the week of"
        lead = prep or ("" if lower.startswith("the ") else "in ")
        return f"{lead}{where} {format_date(mention.anchor)}"
    if lower.endswith(" end") or " end of " in lower:
        return f"{prep}the end of {written}"
    point = next((w for w in _PERIOD_POINTS if f" {w} of " in lower or lower.endswith(w)), None)
    if point is not None:  # "at the start of the year": "at the start of 2023"
        return f"{prep}the {point} of {written}"
    season = next((x for x in _SEASONS if x in lower), None)
    if season is not None:
        return f"{prep or 'in '}the {season} of {written}"
    part = next((p for p in _DAY_PARTS if p in lower), None)
    if part is not None and len(mention.date) == 10:
        return f"{prep or 'on '}the {part} of {written}"
    if possessive:
        return (prep + "the " if prep else "the ") + written
    if prep:
        return prep + written
    if _subject_date(mention, text):
        return written  # "Tuesday marks four weeks": "31 May 2016 marks four weeks"
    on_or_in = "on " if len(mention.date) == 10 else "in "
    if lower.startswith(("earlier", "later", "early", "late")):
        return expr.split()[0] + " " + on_or_in + written  # "Later on 2 March 2021"
    if _DETERMINER_BEFORE_RE.search(text, max(0, mention.start - 6), mention.start):
        return written  # "the 2 March vote": "the 2 March 2021 vote"
    return on_or_in + written


_SUBJECT_VERB_RE = re.compile(
    r"\s+(?:" + "|".join(map(re.escape, _CAL["subject_verbs"])) + r")\b(?!\s+(?:said|told)\b)"
)


def _subject_date(mention: DateMention, text: str) -> bool:
    """Is a bare relative mention the subject of its sentence (``Tuesday marks ...``, opening
    it and followed by its verb)?"""
    if mention.relation or text[: mention.start].strip(" \"'`“‘(") != "":
        return False
    return _SUBJECT_VERB_RE.match(text, mention.end) is not None


#: Words before a back-reckoned date and what its resolved date is written with
#: (``nearly four years ago`` -> ``around 1994``): ``claims/lexicon/calendar.json``.
_AGO_APPROXIMATORS: dict[str, str] = dict(_CAL["ago_approximators"])
_APPROXIMATOR_RE = re.compile(
    r"(?i)\b("
    + "|".join(sorted(map(re.escape, _AGO_APPROXIMATORS), key=len, reverse=True))
    + r")\s+$"
)


def _approximated(text: str, last: int, mention: DateMention, new: str) -> tuple[int, str] | None:
    """An approximator before a back-reckoned mention, taken into its rewrite: ``nearly four
    years ago`` reads ``around 1994`` (not ``nearly in 1994``); ``(start, replacement)`` or
    None."""
    if not mention.expression.lower().endswith(" ago") or not new.startswith(("in ", "on ")):
        return None
    m = _APPROXIMATOR_RE.search(text, last, mention.start)
    if m is None:
        return None
    word = _AGO_APPROXIMATORS[m.group(1).lower()]
    return m.start(), f"{word} {new.split(' ', 1)[1]}"


def rewrite_relative(text: str, mentions: list[DateMention]) -> str:
    """``text`` with each resolved relative mention written as an absolute date.

    ``He met them on Tuesday`` (reference 2023-04-25) -> ``He met them on 25 April 2023``.
    Mentions must hold offsets into ``text``; unresolved or absolute ones are left as written.
    """
    pieces: list[str] = []
    last = 0
    for mention in sorted(mentions, key=lambda x: x.start):
        if not mention.relative or mention.date is None or mention.start < last:
            continue
        new = _replacement(mention, text)
        if mention.end < len(text) and text[mention.end : mention.end + 2] in ("'s", "’s"):
            end = mention.end + 2
        else:
            end = mention.end
        start = mention.start
        approx = _approximated(text, last, mention, new)
        if approx is not None:
            start, new = approx
        opens = (
            start == 0
            or text[:start].rstrip().endswith((".", "\n"))
            or not text[:start].strip(" \"'`“‘(")  # opening a quotation: ``Today, I'm ...
        )
        if opens and (approx is None or text[start : start + 1].isupper()):
            new = new[:1].upper() + new[1:]
        pieces.append(text[last:start])
        pieces.append(new)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
