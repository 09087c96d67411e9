"""Date expressions in news text, resolved against the article's own date.

``find_dates(text, reference)`` finds absolute dates (``25 April 2023``, ``March 2020``, ``2011``)
and relative ones (``on Tuesday``, ``In December``, ``earlier this month``, ``last year``) and
resolves them to ISO 8601 at their own precision (``2023-04-25``, ``2022-12``, ``2011``). A relative
expression in an undated article resolves to ``None``. ``rewrite_relative`` turns a sentence into a
self-contained one by writing resolved dates beside (or instead of) the relative expressions.

Also: holidays (``Christmas 1986`` -> 1986-12-25, ``on Boxing Day`` against the article's date,
Easter by the Gregorian computus; a holiday with neither a year nor a temporal preposition, as in
``Christmas shoppers``, is no date); coordinations (``2 and 9 July`` and ``June 24 and 25`` give
one mention per day; ``in June or July`` one mention dated by its first month; ``in October and
November 2004`` lends the year to October); a lone month after ``into``/``than`` or as a modifier
(``the December meeting``). Not dates: clock times (``2000 GMT``), years in names (``Fifa 2005``,
``Euro 2004``, ``Windows 2000``), decades (``the 1990s``: ISO ``199`` is outside the contract's
``YYYY[-MM[-DD]]``), ``the previous year`` (relative to the story, not to the article's date).

A few precompiled regular expressions do the finding (a first-character lookahead lets the engine
skip most text; rarer forms run only when a cheap substring test says they may occur); the calendar
arithmetic lives in ``claims.date_math``. There is no per-token Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from claims.date_math import (
    holiday_date,
    is_future,
    iso_day,
    resolve_ago,
    resolve_holiday,
    resolve_month,
    resolve_season,
    resolve_unit,
    resolve_weekday,
)
from claims.numbers import CLOCK_RANGE_RE, is_opener

__all__ = ["DateMention", "find_dates", "format_date", "rewrite_relative"]

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
#: Lower-case weekday names, Monday first (``datetime.date.weekday()`` order).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9}
MONTH_ABBR.update({"sept": 9, "oct": 10, "nov": 11, "dec": 12})
MONTH_NAMES = [name.capitalize() for name in MONTHS]

#: Prepositions recorded as the ``relation`` of a date (``till`` is normalised to ``until``).
RELATIONS = {"till": "until", "as of": "as of", "throughout": "during"}

_MONTH_FULL = "|".join(MONTH_NAMES)
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!s\b)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_END = r"(?![\d%]|[.,]\d|-\d|\s?(?:bn|m|km|kg)\b|\w)"
_PREPS = frozenset(
    {"on", "in", "since", "until", "till", "by", "before", "after", "during", "from", "to"}
    | {"through", "throughout", "between", "of", "at", "for", "into", "than"}
)
_MODS = frozenset({"early", "late", "mid", "the end of", "the start of", "the beginning of"})
_MODS |= {"the middle of", "the first half of", "the second half of", "the spring of"}
_MODS |= {"the summer of", "the autumn of", "the end of", "the turn of"}
_WORD_SPAN_RE = re.compile(r"\S+")


def _look_back(text: str, start: int, holiday: bool = False) -> tuple[int, str | None]:
    """Extend a date leftwards over a modifier and a preposition: ``in early`` 2005."""
    if text.endswith("mid-", max(0, start - 4), start):
        start -= 4
    if start == 0 or not text[start - 1].isspace():
        return start, None
    spans = [(m.start(), m.end()) for m in _WORD_SPAN_RE.finditer(text, max(0, start - 30), start)]
    words = [text[a:b].lower() for a, b in spans]
    i = len(words)
    for size in (4, 3, 1):  # "the first half of", "the end of", "early"
        if i >= size and " ".join(words[i - size : i]) in _MODS:
            i -= size
            break
    prep = None
    if i >= 2 and words[i - 2] == "as" and words[i - 1] == "of":
        prep, i = "as of", i - 2
    elif i >= 1 and (words[i - 1] in _PREPS or (holiday and words[i - 1] in ("over", "around"))):
        prep, i = words[i - 1], i - 1
    return (spans[i][0] if i < len(spans) else start), prep


_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_REL_UNIT = r"(?:week|weekend|month|year)"


def _cap(words: str) -> str:
    """``last|next`` -> ``[Ll]ast|[Nn]ext``: case-insensitive first letter, cheap to scan for."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split("|"))


_FORMS = [
    # Tuesday 25 Apr 2023 / 25 April 2023 / 25th April, 2023
    rf"(?P<dmy>(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH_ANY}),?\s+"
    rf"(?P<y1>{_YEAR}){_YEAR_END})",
    # April 25, 2023 / Tuesday, April 25, 2023
    rf"(?P<mdy>(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<m2>{_MONTH_ANY})\s+(?P<d2>{_DAY}),?\s+"
    rf"(?P<y2>{_YEAR}){_YEAR_END})",
    rf"(?P<iso>(?P<y3>{_YEAR})-(?P<m3>0[1-9]|1[0-2])-(?P<d3>[0-2]\d|3[01])\b)",
    # March 2020 / March of 2020
    rf"(?P<my>(?P<m4>{_MONTH_ANY}),?\s+(?:of\s+)?(?P<y4>{_YEAR}){_YEAR_END})",
    # 25 April / Tuesday 25 April
    rf"(?P<dm>(?:(?P<wd5>{_WEEKDAY}),?\s+)?(?P<d5>{_DAY})\s+(?:of\s+)?(?P<m5>{_MONTH_ANY})(?!\w))",
    # April 25 / Tuesday, April 25
    rf"(?P<md>(?:(?P<wd6>{_WEEKDAY}),?\s+)?(?P<m6>{_MONTH_ANY})\s+(?P<d6>{_DAY})\b(?![,.]?\d|-(?![0-3]?\d\b)))",
    # Tuesday / Tuesday morning (a qualifier "last", "next" is looked up leftwards)
    rf"(?P<wd>(?P<wd8>{_WEEKDAY}){_PART})",
    rf"(?P<mo>(?P<m10>{_MONTH_FULL})\b)",
    rf"(?P<yr>(?P<y11>{_YEAR}){_YEAR_END})",
]
#: Dates that start with a digit or a capital: the lookahead lets the engine skip other text fast.
_DATE_RE = re.compile(
    rf"(?=[\dJFMASONDTW])(?:(?<=mid-)|(?<![\w$£€#/.-])|(?<=\d[-–])(?={_DAY}\s+{_MONTH_ANY}\b))"
    rf"(?:{'|'.join(_FORMS)})"
)
#: ``earlier this month``, ``last year``: found from the unit, the qualifier looked up leftwards.
_UNIT_RE = re.compile(
    r"\b(?P<relu>week|weekend|month|year|morning|afternoon|evening|night"
    r"|spring|summer|autumn|winter)\b"
)
_UNIT_BACK_RE = re.compile(
    r"(?:\b(?P<relm>[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?"
    r"(?:\b[Tt]he\s+(?=[Pp]ast|[Pp]revious|[Cc]oming))?"
    r"\b(?P<relq>[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast|[Pp]revious|[Cc]oming)\s+$"
)
_QUALIFIER_BACK_RE = re.compile(
    r"\b(?P<q>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Pp]revious|[Cc]oming)\s+$"
)
#: "by year's end", "at the end of the month": this period (its year or month).
_PERIOD_END_RE = re.compile(
    r"\b(?:(?P<endu>[Yy]ear|[Mm]onth)['’]s end|the end of (?:the|this) (?P<endu2>year|month))\b"
)
_UNIT_WORDS: tuple[str, ...] = ("week", "month", "year", "morning", "afternoon", "evening")
_UNIT_WORDS = (*_UNIT_WORDS, "night", "spring", "summer", "autumn", "winter")
_UNIT_WORDS_RE = re.compile("|".join(_UNIT_WORDS))
_AGO_RE = re.compile(r"\bago\b")


def _may_hold_holiday(text: str) -> bool:
    """A cheap test before the holiday expression runs (most sentences name none)."""
    return (
        "Christmas" in text
        or "Day" in text
        or "Easter" in text
        or "New Year" in text
        or "Night" in text
        or "Good Fri" in text
        or "Hogmanay" in text
        or "Thanksgiving" in text
    )


#: ``Christmas 1986``, ``on Boxing Day``, ``over Easter``: named holidays, maybe with a year.
_HOLIDAY_RE = re.compile(
    r"(?=[CBNHSVEGRAT])(?<![\w-])(?P<hol>Christmas(?: Day| Eve)?|Boxing Day"
    r"|New Year['’]s (?:Day|Eve)|New Year"
    r"|Hogmanay|(?:St )?Valentine['’]s Day|Easter(?: Sunday| Monday)?|Good Friday|Bonfire Night"
    r"|Guy Fawkes Night|Remembrance Day|Armistice Day|Thanksgiving(?: Day)?)(?![\w'’-])"
    rf"(?:,?\s+(?P<hy>{_YEAR}){_YEAR_END})?"
)
_DAYREL_RE = re.compile(
    rf"(?<![\w-])(?P<dayrel>(?P<dr>{_cap('yesterday|today|tomorrow|tonight')})\b(?!\s+programme))"
)
_DAYREL_WORDS = ("esterday", "oday", "omorrow", "onight")
_AGO_BACK_RE = re.compile(
    rf"(?<![\w-])(?P<agon>{_cap('a|an|one|two|three|four|five|six|seven|eight|nine|ten')}"
    r"|\d{1,2})\s+(?P<agou>day|week|month|year)s?\s+$"
)
_ISO_RE = re.compile(r"^(?!0000)\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_POSS_RE = re.compile(r"['’]s\b")
_GROUPS = (
    *_DATE_RE.groupindex,
    "dayrel",
    "dr",
    "relu",
    "relm",
    "relq",
    "agon",
    "agou",
    "hol",
    "hy",
    "rwdq",
    "rel",
    "ago",
)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip()
    return not before or before[-1] in ".!?\"“‘'(:"


def _hits(text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    """Every date-like match ``(start, end, groups)``, leftmost-longest, not overlapping."""
    hits: list[tuple[int, int, dict[str, str | None]]] = []
    blank = dict.fromkeys(_GROUPS)
    for m in _DATE_RE.finditer(text):
        g = {**blank, **m.groupdict()}
        start = m.start()
        if g["wd"] or g["mo"]:
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
    if "end" in text:
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
    if any(word in text for word in _DAYREL_WORDS):
        for m in _DAYREL_RE.finditer(text):
            if m.group()[0].isupper() and not _sentence_initial(text, m.start()):
                continue  # "Are You Lonesome Tonight", "the Today programme": a title
            hits.append((m.start(), m.end(), {**blank, **m.groupdict()}))
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int, dict[str, str | None]]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
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


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBR[key]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


_YEAR_SOON_RE = re.compile(
    r"(?:\s+[a-z][\w-]*){0,4}?,?\s+(?:in|of)\s+(1[89]\d\d|20\d\d)\b(?![\d-])"
)
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_REL_DELTA = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}
_DAY_DELTA = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def _resolve(
    g: dict[str, str | None],
    text: str,
    span: tuple[int, int],
    ref: dt.date | None,
    prep: str | None,
) -> tuple[str | None, bool] | None:
    """The ISO date of one hit and whether it is relative; ``None`` to drop the hit."""
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
    if g["my"]:
        return f"{int(g['y4'] or 0):04d}-{_month(g['m4'] or ''):02d}", False
    if g["yr"]:
        return None if _not_a_year(text, span) else (g["y11"], False)
    if g["hol"]:
        return _resolve_holiday(g, text, span, ref, prep)
    future = is_future(text, span[0], span[1])
    if g["dm"] or g["md"]:
        day, name = (g["d5"], g["m5"]) if g["dm"] else (g["d6"], g["m6"])
        year = _YEAR_SOON_RE.match(text, span[1])  # "11 September terror attacks in 2001"
        if year is not None:
            iso = iso_day(int(year.group(1)), _month(name or ""), _day(day or ""))
            return (iso, False) if iso else None
        if ref is None:
            return None, True
        month_iso = resolve_month(_month(name or ""), ref, future, None)
        if int(month_iso[:4]) < 1:
            return None, True  # a reference date at the start of the calendar
        iso = iso_day(int(month_iso[:4]), int(month_iso[5:]), _day(day or ""))
        return (iso, True) if iso else None
    if g["wd"]:
        if not (prep or g["rwdq"] or g["poss"]) and not _weekday_alone_ok(text, span[0]):
            return None
        return (resolve_weekday(g["wd8"] or "", ref, future, g["rwdq"]) if ref else None), True
    if g["mo"]:
        if not (g["rwdq"] or _month_alone_ok(text, span, g["m10"] or "", prep)):
            return None
        month = _month(g["m10"] or "")
        return (resolve_month(month, ref, future, g["rwdq"]) if ref else None), True
    if g["rel"]:
        delta = _REL_DELTA[(g["relq"] or "").lower()]
        unit = (g["relu"] or "").lower()
        if unit in _SEASONS:
            return (resolve_season(_SEASONS[unit], delta, ref) if ref else None), True
        return (resolve_unit(unit, delta, ref) if ref else None), True
    if g["ago"]:
        n = _NUMBER_WORDS.get((g["agon"] or "").lower()) or int(g["agon"] or 0)
        return (resolve_ago(n, g["agou"] or "", ref) if ref else None), True
    if g["dayrel"]:
        if ref is None:
            return None, True
        return (ref + dt.timedelta(days=_DAY_DELTA[(g["dr"] or "").lower()])).isoformat(), True
    return None


#: ``Fifa 2005``, ``LMA Manager 2005``, ``Windows 2000``: a year after a capitalised name.
_NAME_BEFORE_RE = re.compile(r"([A-Z][\w'’-]*)\s$")
_YEAR_AFTER_NAME_OK = frozenset(
    {"and", "or", "but", "the", "early", "late", "mid", "spring", "summer", "autumn", "winter"}
    | {"fall", "end", "start", "q1", "q2", "q3", "q4", "fy", "around", "circa", "c", "about"}
    | {"even", "not", "only", "until", "also", "then", "since", "as", "like", "unlike"}
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
_MONTH_MODIFIER_BEFORE_RE = re.compile(r"\b(?:the|its|their|his|her|our|The|Its|Their)\s$")
_MONTH_MODIFIER_AFTER_RE = re.compile(r"\s(?!of\b|and\b|or\b|to\b)[a-z]{3,}")


def _month_alone_ok(text: str, span: tuple[int, int], name: str, prep: str | None) -> bool:
    """A month name without day or year is a date after a temporal preposition (``in May``,
    ``into June``, ``than March``; not ``than May``, a name) or as a modifier (``the December
    meeting``)."""
    low = (prep or "").lower()
    if low in _MONTH_ALONE_PREPS:
        return not (low in ("than", "by") and name == "May")
    return bool(
        _MONTH_MODIFIER_BEFORE_RE.search(text, max(0, span[0] - 6), span[0])
        and _MONTH_MODIFIER_AFTER_RE.match(text, span[1])
    )


#: Prepositions that make a holiday without a year a date (``over Christmas``).
_HOLIDAY_PREPS = frozenset(
    {"at", "over", "on", "by", "before", "after", "since", "until", "till", "during", "from"}
    | {"to", "through", "into", "around", "between", "as of", "throughout"}
)


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
    if g["hy"]:
        day = holiday_date(name, int(g["hy"]))
        return (day.isoformat(), False) if day else None
    if not g["rwdq"] and (prep or "").lower() not in _HOLIDAY_PREPS:
        return None
    if ref is None:
        return None, True
    return resolve_holiday(name, ref, is_future(text, span[0], span[1]), g["rwdq"]), True


def _weekday_alone_ok(text: str, start: int) -> bool:
    """A weekday without a preposition: a date unless it names something (``Black Friday``)."""
    before = text[max(0, start - 12) : start]
    return not re.search(r"(?:Black|Good|Super|Easter|Ash|Palm|Bloody|Cyber)\s+$", before)


def find_dates(text: str, reference: dt.date | None) -> list[DateMention]:
    """All date expressions of ``text`` in order, resolved against ``reference`` when given."""
    return list(_find_dates_cached(text, reference))


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
_Groups = dict[str, str | None]
_Hit = tuple[int, int, _Groups]


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


def _mention(text: str, hit: _Hit, reference: dt.date | None) -> DateMention | None:
    """One hit as a resolved mention (``None`` when it is not a date after all)."""
    core_start, core_end, g = hit
    start, prep = _look_back(text, core_start, holiday=bool(g["hol"]))
    poss = _POSS_RE.match(text, core_end)
    g["poss"] = poss.group() if poss else None
    try:
        resolved = _resolve(g, text, (core_start, core_end), reference, prep)
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
    week = (g["relu"] or "").startswith("week")
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


@lru_cache(maxsize=512)
def _find_dates_cached(text: str, reference: dt.date | None) -> tuple[DateMention, ...]:
    """Coordinations: each elliptic day is its own mention (``2 and 9 July`` gives 2 July and
    9 July, the first written as a claim text unchanged); a month coordination without a year
    after it (``in June or July``) is one mention dated by its first month; ``in October and
    November 2004`` gives October 2004 and November 2004."""
    found: list[DateMention] = []
    covered = 0
    for core_start, core_end, g in _hits(text):
        if core_start < covered:
            continue  # the second month of a coordination already taken in
        other = _MONTH_COORD_RE.match(text, core_end) if g["mo"] else None
        if other is not None and other.group("mcy"):
            g = {**g, "coord_year": other.group("mcy")}
        elif other is not None:
            core_end = covered = other.end()
        main = _mention(text, (core_start, core_end, g), reference)
        if main is None:
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
        found.extend(replace(m, relative=False) for m in extras if m is not None)
    found.sort(key=lambda m: (m.start, m.end))
    return tuple(found)


def format_date(iso: str) -> str:
    """``2023-04-25`` -> ``25 April 2023``; ``2022-12`` -> ``December 2022``; ``2011`` as is."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


_DAY_PARTS = ("morning", "afternoon", "evening", "night")


def _replacement(mention: DateMention, text: str) -> str:
    """What a relative mention reads as once resolved (keeps its preposition)."""
    assert mention.date is not None
    written = format_date(mention.date)
    expr = mention.expression
    lower = expr.lower()
    possessive = text[mention.end : mention.end + 2] in ("'s", "’s")
    prep = expr.split()[0] + " " if mention.relation else ""
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
    if lower.startswith(("earlier", "later", "early", "late")):
        return expr.split()[0] + " in " + written
    on_or_in = "on " if len(mention.date) == 10 else "in "
    return on_or_in + written


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
        if mention.start == 0 or text[: mention.start].rstrip().endswith((".", "\n")):
            new = new[:1].upper() + new[1:]
        pieces.append(text[last : mention.start])
        pieces.append(new)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
