"""Calendar arithmetic for relative dates: which Tuesday, which December, which year.

Every function takes the article's reference date and returns an ISO 8601 string at the
expression's own precision (``2023-04-25``, ``2022-12``, ``2011``); ``claims.values.dates``
finds the expressions and calls these. ``clause_tense`` reads the tense a date is spoken in
from cheap cues around it (the calendar table's cue words of ``claims.lexicon``), so that
``said on Saturday`` is the last Saturday and ``is due to testify on April 8`` the next April 8.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from claims import lexicon

_CAL = lexicon.table("calendar")
_WEEKDAYS: list[str] = _CAL["weekdays"]
#: How far a tense cue may sit from the date, in characters (one clause, about).
_LEFT_REACH, _RIGHT_REACH = 150, 150


def _phrase_kinds() -> dict[tuple[str, ...], str]:
    """Cue phrases as word tuples -> ``intent``, ``future`` or ``open``."""
    kinds: dict[tuple[str, ...], str] = {}
    for kind, key in (("open", "open_cues"), ("future", "future_cues"), ("intent", "intent_cues")):
        for phrase in _CAL[key]:
            if phrase[0].isalpha():
                kinds[tuple(phrase.lower().split())] = kind
    return kinds


_PHRASES = _phrase_kinds()
_LONGEST = max(len(p) for p in _PHRASES)
_FIRST_WORDS = frozenset(p[0] for p in _PHRASES)
#: Words of a clause (``won't`` and ``he'll`` whole; ``Cuba's`` is a name).
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_CLOSED = lexicon.table("closed_class")
_PASSIVE_AUXILIARIES = frozenset(_CLOSED["passive_auxiliaries"])
_DETERMINERS = frozenset(_CLOSED["determiners"])
_PAST_WORDS = frozenset(_CAL["past_cues"])
_NOT_PAST_ED = frozenset(_CAL["not_past_ed"])


def _not_after_abbreviation() -> str:
    """Look-behinds that refuse a stop after one of the lexicon's abbreviations, in any case
    (``Gov.``, ``vs.``, ``Sept.``): fixed width each, so one per length of word."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(lexicon.abbreviations()):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in sorted(by_length.items()))


#: A sentence end (not after an initial or an abbreviation: ``U.S.``, ``vs.``, ``Mr.``).
_SENTENCE_BREAK_RE = re.compile(r"[.!?](?<![A-Z][.!?])" + _not_after_abbreviation() + r"\s|\n")
#: A coordination that opens the next verb phrase: a cue after it is not the date's clause's.
_COORDINATION_RE = re.compile(r"\s(?:and|but|or|while|whereas|then)\s")
#: About ten months: a past clause's month and day further back than this is read forward.
FAR_DAYS = 300
#: The same reach for a month alone, in months: ``in December`` of a past clause, in late
#: October, is the last December (ten months back, whatever the days of the months).
FAR_MONTHS = 10


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


def _cue(word: str) -> str | None:
    """``past`` for a past-tense verb form, else ``None`` (a lower-case word)."""
    if word in _PAST_WORDS:
        return "past"
    if word.endswith("ed") and len(word) > 3 and word not in _NOT_PAST_ED:
        return "past"
    return None


def clause_tense(text: str, start: int, end: int) -> str | None:
    """The tense of the verb group nearest to ``text[start:end]`` in its sentence: ``"past"``
    (``said on Friday``), ``"future"`` (``will meet Bush on Thursday``, ``On Tuesday, the
    league plans to hold``), ``"intent"`` (``planned to leave on Thursday``), ``"open"``
    (``would be paid in January``, ``effective Feb. 1``: either side of the article's date) or
    ``None``. Cheap cues only: the phrases of ``claims/lexicon/calendar.json``, an irregular past
    form, a lower-case ``-ed`` word that is not a present passive (``are held``).
    """
    left = max(0, start - _LEFT_REACH)
    for cut_left in _SENTENCE_BREAK_RE.finditer(text, left, start):
        left = cut_left.end()
    right = min(len(text), end + _RIGHT_REACH)
    cut = _SENTENCE_BREAK_RE.search(text, end, right)
    if cut:
        right = cut.start()
    near_left = _last_cue(text, left, start)
    if near_left is not None:  # "would be held on April 24, he added": the clause ends at a comma
        comma = text.find(",", end, right)
        right = comma if comma >= 0 else right
        joint = _COORDINATION_RE.search(text, end, right)  # "on Saturday and were planning to"
        right = joint.start() if joint else right
    near_right = _first_cue(text, end, right)
    if near_right is not None and (near_left is None or start - near_left[1] > near_right[1] - end):
        return _fronted(text, near_right)
    return near_left[0] if near_left is not None else None


def _fronted(text: str, cue: tuple[str, int]) -> str:
    """The tense of a date written before the verb group that follows it. A past act of intent
    (``On Friday, the government planned to pay``, ``decided to``) dates the act: the past; a
    schedule (``On Friday, leaders were to gather``) keeps its intent; ``would`` after the date
    is another clause's (``told voters on Sunday that he would``): open, as ``could``."""
    kind, at = cue
    if kind != "intent":
        return kind
    found = _TOKEN_RE.match(text, at)
    word = found.group().lower() if found is not None else ""
    if word == "would":
        return "open"
    if word not in _BE_PAST and _cue(word) == "past":
        return "past"
    return kind


_BE_PAST = frozenset({"was", "were"})


_DEFERRAL_RE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(v).replace(r"\ ", r"\s+")
        for v in sorted(_CAL["deferral_verbs"], key=len, reverse=True)
    )
    + r")\b"
)
#: How far before a date a deferral verb may sit (``postponed until Tuesday morning``).
_DEFERRAL_REACH = 60


def deferred(text: str, start: int) -> bool:
    """Whether a date after ``until``/``to`` at ``start`` is where an event was moved to
    (``postponed until Tuesday``, ``adjourned the hearing to Monday``): a deferral verb of the
    calendar table shortly before it, in the same sentence."""
    left = max(0, start - _DEFERRAL_REACH)
    for cut in _SENTENCE_BREAK_RE.finditer(text, left, start):
        left = cut.end()
    return _DEFERRAL_RE.search(text, left, start) is not None


def _tokens(text: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]]:
    """The lower-case words of ``text[start:end]`` and their offsets."""
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]
    return [w for w, _, _ in found], [(a, b) for _, a, b in found]


def _first_cue(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The first tense cue of ``text[start:end]``: (kind, its start)."""
    words, spans = _tokens(text, start, end)
    lower = [w.lower() for w in words]
    for i, word in enumerate(words):
        hit = _phrase_at(lower, i) if lower[i] in _FIRST_WORDS else None
        if hit is not None:
            return hit[0], spans[i][0]
        kind = _word_kind(word)
        if kind == "future" and _blocked_schedule(lower, i):
            continue
        if kind == "future" or (kind and not _passive_or_adjective(lower, i)):
            return kind, spans[i][0]
    return None


def _last_cue(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The last tense cue of ``text[start:end]``: (kind, its end). A past participle right after
    a future, intent or open cue (``will be named``, ``would have agreed``) takes that cue's
    kind; one after ``is``/``are``/``be`` (``are held``) is a present passive, no cue; a
    capitalised word is a name (``Ahmed``), not a verb."""
    words, spans = _tokens(text, start, end)
    lower = [w.lower() for w in words]
    for j in range(len(words) - 1, -1, -1):
        kind = _phrase_ending(lower, j)
        if kind is not None:
            return kind, spans[j][1]
        kind = _word_kind(words[j])
        if kind == "future" and _blocked_schedule(lower, j):
            continue
        if kind == "future":
            return kind, spans[j][1]
        if kind != "past":
            continue
        group = _phrase_ending(lower, j - 1) or _phrase_ending(lower, j - 2)
        if group is not None:
            return group, spans[j][1]  # "will be named": the auxiliary decides
        if _passive_or_adjective(lower, j):
            continue  # "are held on May 9", "a still unspecified date"
        return "past", spans[j][1]
    return None


def _passive_or_adjective(lower: list[str], i: int) -> bool:
    """Whether the ``-ed`` word ``i`` is a present passive (``are held``) or an adjective after a
    determiner (``the planned talks``, ``a still unspecified date``): no past tense."""
    before = lower[i - 1] if i else ""
    if before in _PASSIVE_AUXILIARIES or before in _DETERMINERS:
        return True
    adverb = before.endswith("ly") or before in ("still", "newly", "long", "much")
    return adverb and i >= 2 and lower[i - 2] in _DETERMINERS


def _phrase_ending(lower: list[str], j: int) -> str | None:
    """The kind of a cue phrase (or ``he'll``) ending at word ``j``, if any."""
    if j < 0:
        return None
    if lower[j].endswith(("'ll", "’ll")):
        return "future"
    for k in range(min(_LONGEST, j + 1), 0, -1):  # the longest: "is set to", not "set to"
        kind = _PHRASES.get(tuple(lower[j - k + 1 : j + 1]))
        if kind is not None:
            return kind
    return None


def _phrase_at(lower: list[str], i: int) -> tuple[str, int] | None:
    """The longest cue phrase starting at word ``i``: (kind, number of words)."""
    for k in range(min(_LONGEST, len(lower) - i), 0, -1):
        kind = _PHRASES.get(tuple(lower[i : i + k]))
        if kind is not None:
            return kind, k
    return None


def _word_kind(word: str) -> str | None:
    """``future`` for ``he'll``/``won't``, ``past`` for a lower-case past form, else ``None``."""
    if word.endswith(("'ll", "’ll")) or word in ("won't", "won’t") or word in _SCHEDULED:
        return "future"  # "he'll", "the leaders meet on Monday" (lower case: not "Meet the Press")
    return None if word[:1].isupper() else _cue(word)


_SCHEDULED = frozenset(_CAL["schedule_present_cues"])
_SCHEDULE_BLOCKERS = frozenset(_CAL["schedule_blockers"]) | _DETERMINERS


def _blocked_schedule(lower: list[str], i: int) -> bool:
    """Whether the scheduling present ``i`` is no present of its own: a word of the calendar
    table or a determiner right before it (``did not meet``, ``failed to begin``, ``the start``)."""
    return lower[i] in _SCHEDULED and i > 0 and lower[i - 1] in _SCHEDULE_BLOCKERS


def resolve_weekday(name: str, ref: dt.date, tense: str | None, qualifier: str | None) -> str:
    """``on Tuesday``: the latest such day up to ``ref`` (news reports the past), the coming one
    in a future clause (``will meet on Tuesday``) or after ``next``/``coming``."""
    target = _WEEKDAYS.index(name.lower())
    q = (qualifier or "").lower()
    forward = tense in ("future", "intent")
    if q in ("next", "coming") or (forward and q not in ("last", "past", "previous")):
        ahead = (target - ref.weekday()) % 7
        if q in ("next", "coming") and ahead == 0:
            ahead = 7
        return (ref + dt.timedelta(days=ahead)).isoformat()
    back = (ref.weekday() - target) % 7
    if q in ("last", "past", "previous") and back == 0:
        back = 7
    return (ref - dt.timedelta(days=back)).isoformat()


def resolve_weekday_in_week(name: str, ref: dt.date, step: int) -> str:
    """``Monday last week`` (step -1), ``Tuesday this week`` (0), ``Friday of next week`` (1):
    that weekday of the week ``step`` weeks from ``ref``'s, weeks starting on Monday (ISO)."""
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
    return (monday + dt.timedelta(days=_WEEKDAYS.index(name.lower()))).isoformat()


def resolve_weekday_from(name: str, base: dt.date, step: int) -> str:
    """``the previous Friday`` (step -1): the last such day before ``base``; ``the following
    Monday`` (step 1): the first one after it."""
    target = _WEEKDAYS.index(name.lower())
    if step < 0:
        return (base - dt.timedelta(days=(base.weekday() - target - 1) % 7 + 1)).isoformat()
    return (base + dt.timedelta(days=(target - base.weekday() - 1) % 7 + 1)).isoformat()


def pick_year(month: int, day: int, ref: dt.date, tense: str | None) -> int:
    """The year of a month and day written without one (``on April 8``, ``in May``: ``day`` 1).

    A future clause takes the next such day (``is due to testify on April 8``), ``"since"`` the
    last one (``since January 24``), a past clause the last one unless that lies more than ten
    months back (a past verb of the sentence, not of the date: ``declared a dividend, payable
    Dec. 15`` in late October); otherwise (no tense, an intent, a deadline after a past verb:
    ``was extended to Nov. 16``) the nearer of the two.
    """
    day = min(day, 28) if month == 2 else day
    this = dt.date(ref.year, month, day)
    last = this if this <= ref else dt.date(ref.year - 1, month, day)
    following = this if this >= ref else dt.date(ref.year + 1, month, day)
    if tense == "future":
        return following.year
    back, ahead = (ref - last).days, (following - ref).days
    if tense == "since" or (tense == "past" and back <= FAR_DAYS):
        return last.year
    return last.year if back <= ahead else following.year


def resolve_month(month: int, ref: dt.date, tense: str | None, qualifier: str | None) -> str:
    """``In December``: by ``pick_year`` (the current month when it is the article's), or the
    qualifier's year (``last December``, ``next May``, ``this June``). A past clause's month up
    to ten months back is the last one (``changed ... in December``, in late October)."""
    q = (qualifier or "").lower()
    year = ref.year
    if q in ("last", "past", "previous"):
        year = ref.year - 1 if month >= ref.month else ref.year
    elif q in ("next", "coming"):
        year = ref.year + 1 if month <= ref.month else ref.year
    elif not q and tense == "past" and 0 < (ref.month - month) % 12 <= FAR_MONTHS:
        year = ref.year - 1 if month > ref.month else ref.year  # months back, not days
    elif q != "this" and month != ref.month:
        year = pick_year(month, 15, dt.date(ref.year, ref.month, 15), tense)
    return f"{year:04d}-{month:02d}"


def resolve_weekend(ref: dt.date, delta: int, tense: str | None, this: bool = False) -> str:
    """``over the weekend``, ``this weekend``: its Saturday, the last one (news reports the
    past; the article's own weekend counts) or the coming one in a future clause; written from
    Wednesday to Friday, the coming one in a plan too (``is planned for this weekend``), and
    ``this weekend`` outside a past clause (``the rally is this weekend``); ``last weekend`` the
    one before, ``next weekend`` the one after."""
    back = (ref.weekday() - 5) % 7  # days since the last Saturday
    last = ref - dt.timedelta(days=back)
    late_week = back >= 4  # Wednesday to Friday: the weekend past is "last weekend"
    planned = tense == "intent" or (this and tense != "past")
    ahead = tense == "future" or (late_week and planned)
    if delta < 0:
        day = last - dt.timedelta(days=7 if back <= 1 else 0)
    elif delta > 0 or (ahead and back > 1):
        day = last + dt.timedelta(days=7)
    else:
        day = last
    return day.isoformat()


def shift_iso(iso: str, unit: str, step: int, precision: int) -> str | None:
    """``iso`` moved by ``step`` units (year, month, week, day), written to ``precision``
    characters (4, 7 or 10); ``None`` when ``iso`` is coarser than that."""
    if len(iso) < precision:
        return None
    year, month, day = (int(x) for x in (iso + "-01-01")[:10].split("-"))
    if unit == "year":
        year += step
    elif unit == "month":
        year, month = shift_month(year, month, step)
    else:
        moved = dt.date(year, month, day) + dt.timedelta(days=step * (7 if unit == "week" else 1))
        year, month, day = moved.year, moved.month, moved.day
    if not 1 <= year <= 9999:
        return None
    day = min(day, calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"[:precision]


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
    """``two years ago`` -> the year; ``two months ago`` -> the month; ``three days ago`` and
    ``two weeks ago`` -> the day (a count of weeks back from the article lands on one day)."""
    unit = unit.lower()
    if unit == "year":
        return f"{ref.year - n:04d}"
    if unit == "month":
        y, mo = shift_month(ref.year, ref.month, -n)
        return f"{y:04d}-{mo:02d}"
    days = n if unit == "day" else 7 * n
    day = ref - dt.timedelta(days=days)
    return day.isoformat()


#: Holidays on a fixed day (month, day), moving with Easter (days after Easter Sunday) and on
#: the n-th weekday of a month (month, weekday, n): ``claims/lexicon/calendar.json``.
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    k: (v[0], v[1]) for k, v in _CAL["holidays_fixed"].items()
}
EASTER_OFFSETS: dict[str, int] = dict(_CAL["holidays_easter"])
NTH_WEEKDAY_HOLIDAYS: dict[str, tuple[int, int, int, int]] = {
    k: (v[0], v[1], v[2], v[3] if len(v) > 3 else 0)
    for k, v in _CAL["holidays_nth_weekday"].items()
}


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


#: Holidays spoken of ahead of them (``until Election Day``): the coming one unless in the past.
_AHEAD_HOLIDAYS = frozenset(_CAL["holidays_ahead"])


def _key(name: str) -> str:
    return name.lower().replace("’", "'")


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day of a named holiday in ``year`` (``Boxing Day`` 2004 -> 2004-12-26); ``None`` if
    the name is not known."""
    key = _key(name)
    if key in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[key]
        return dt.date(year, month, day)
    if key in EASTER_OFFSETS:
        return easter_sunday(year) + dt.timedelta(days=EASTER_OFFSETS[key])
    if key in NTH_WEEKDAY_HOLIDAYS:  # Thanksgiving: the fourth Thursday of November
        month, weekday, n, after = NTH_WEEKDAY_HOLIDAYS[key]
        if n < 0:  # Memorial Day: the last Monday of May
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            nth = last - dt.timedelta(days=(last.weekday() - weekday) % 7)
        else:
            first = dt.date(year, month, 1)
            nth = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        return nth + dt.timedelta(days=after)
    return None


def resolve_holiday(
    name: str, ref: dt.date, tense: str | None, qualifier: str | None
) -> str | None:
    """``at Christmas``: the latest such holiday up to ``ref`` (the next one in future context,
    the article's year after ``this``)."""
    q = (qualifier or "").lower()
    this_year = holiday_date(name, ref.year)
    if this_year is None:
        return None
    if q == "this":
        return this_year.isoformat()
    ahead = tense == "future" or (tense != "past" and _key(name) in _AHEAD_HOLIDAYS)
    coming = ref.year if this_year >= ref else ref.year + 1
    last = ref.year if this_year <= ref else ref.year - 1
    if q in ("next", "coming") or (ahead and q not in ("last", "past", "previous")):
        year = coming
    elif not q and _key(name) in _AHEAD_HOLIDAYS:  # a past clause: the nearer of the two
        back, forth = (holiday_date(name, y) for y in (last, coming))
        near = back is not None and forth is not None and ref - back <= forth - ref
        year = last if near else coming
    else:
        year = last
    found = holiday_date(name, year)
    return found.isoformat() if found else None
