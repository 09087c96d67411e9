"""Calendar arithmetic for relative dates: which Tuesday, which December, which year.

Every function takes the article's reference date and returns an ISO 8601 string at the
expression's own precision (``2023-04-25``, ``2022-12``, ``2011``); ``claims.dates`` finds the
expressions and calls these.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_FUTURE_RE = re.compile(
    r"\b(?:will|won't|shall|'ll|faces|facing|face|upcoming|due|scheduled|expected|expects|"
    r"plans?|planned|planning|set to|to be held|is to|are to|going to|would|intends?|hopes? to|"
    r"ahead of|forthcoming|next)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s|\n")


def iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or ``None`` when the day does not exist (31 April)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) ``delta`` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` speaks of the future (``faces ... in May``)."""
    left = max(0, start - 120)
    window = text[left:start]
    breaks = list(_SENTENCE_BREAK_RE.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    right = text[end : end + 40]
    cut = _SENTENCE_BREAK_RE.search(right)
    if cut:
        right = right[: cut.start()]
    return bool(_FUTURE_RE.search(window) or _FUTURE_RE.search(right))


def resolve_weekday(name: str, ref: dt.date, future: bool, qualifier: str | None) -> str:
    """``on Tuesday``: the latest such day up to ``ref`` (the next one in future context)."""
    target = WEEKDAYS.index(name.lower())
    q = (qualifier or "").lower()
    if q in ("next", "coming") or (future and q != "last"):
        ahead = (target - ref.weekday()) % 7
        if q in ("next", "coming") and ahead == 0:
            ahead = 7
        return (ref + dt.timedelta(days=ahead)).isoformat()
    back = (ref.weekday() - target) % 7
    if q in ("last", "past", "previous") and back == 0:
        back = 7
    return (ref - dt.timedelta(days=back)).isoformat()


def resolve_month(month: int, ref: dt.date, future: bool, qualifier: str | None) -> str:
    """``In December``: the latest such month up to ``ref`` (the next one in future context)."""
    q = (qualifier or "").lower()
    year = ref.year
    if q == "last":
        year = ref.year - 1 if month >= ref.month else ref.year
    elif q in ("next", "coming"):
        year = ref.year + 1 if month <= ref.month else ref.year
    elif q == "this":
        year = ref.year
    elif future:
        year = ref.year if month >= ref.month else ref.year + 1
    elif month > ref.month:
        year = ref.year - 1
    return f"{year:04d}-{month:02d}"


def resolve_season(start_month: int, delta: int, ref: dt.date) -> str:
    """``this summer`` -> the article's year; ``last summer`` -> the latest one already begun."""
    if delta < 0:
        return f"{ref.year - (1 if start_month >= ref.month else 0):04d}"
    if delta > 0:
        return f"{ref.year + (1 if start_month <= ref.month else 0):04d}"
    return f"{ref.year:04d}"


def resolve_unit(unit: str, delta: int, ref: dt.date) -> str | None:
    """``last year``, ``next month``, ``this week`` (its month), ``last night`` (its day)."""
    unit = unit.lower()
    if unit in ("morning", "afternoon", "evening", "night"):
        if delta > 0:
            return None  # "next morning": relative to a story day, not to the article's date
        return (ref - dt.timedelta(days=1 if delta < 0 else 0)).isoformat()  # "last night"
    if unit == "year":
        return f"{ref.year + delta:04d}"
    if unit == "month":
        y, m = shift_month(ref.year, ref.month, delta)
        return f"{y:04d}-{m:02d}"
    day = ref + dt.timedelta(days=7 * delta)
    return f"{day.year:04d}-{day.month:02d}"


#: A year written shortly after a day and month: "11 September terror attacks in 2001".
def resolve_ago(n: int, unit: str, ref: dt.date) -> str:
    """``two years ago`` -> the year; ``three days ago`` -> the day; weeks, months -> the month."""
    unit = unit.lower()
    if unit == "year":
        return f"{ref.year - n:04d}"
    if unit == "month":
        y, mo = shift_month(ref.year, ref.month, -n)
        return f"{y:04d}-{mo:02d}"
    days = n if unit == "day" else 7 * n
    day = ref - dt.timedelta(days=days)
    return day.isoformat() if unit == "day" else f"{day.year:04d}-{day.month:02d}"


#: Holidays on a fixed day: (month, day).
FIXED_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year": (1, 1),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "hogmanay": (12, 31),
    "valentine's day": (2, 14),
    "st valentine's day": (2, 14),
    "bonfire night": (11, 5),
    "guy fawkes night": (11, 5),
    "remembrance day": (11, 11),
    "armistice day": (11, 11),
}
#: Holidays that move with Easter: days after Easter Sunday.
EASTER_OFFSETS = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2}


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day of a named holiday in ``year`` (``Boxing Day`` 2004 -> 2004-12-26); ``None`` if
    the name is not known."""
    key = name.lower().replace("’", "'")
    if key in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[key]
        return dt.date(year, month, day)
    if key in EASTER_OFFSETS:
        return easter_sunday(year) + dt.timedelta(days=EASTER_OFFSETS[key])
    if key in ("thanksgiving", "thanksgiving day"):  # the fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    return None


def resolve_holiday(name: str, ref: dt.date, future: bool, qualifier: str | None) -> str | None:
    """``at Christmas``: the latest such holiday up to ``ref`` (the next one in future context,
    the article's year after ``this``)."""
    q = (qualifier or "").lower()
    this_year = holiday_date(name, ref.year)
    if this_year is None:
        return None
    if q == "this":
        return this_year.isoformat()
    if q in ("next", "coming") or (future and q not in ("last", "past", "previous")):
        year = ref.year if this_year >= ref else ref.year + 1
    else:
        year = ref.year if this_year <= ref else ref.year - 1
    found = holiday_date(name, year)
    return found.isoformat() if found else None
