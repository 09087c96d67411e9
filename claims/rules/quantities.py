"""Quantity claims: a number, its unit and qualifier, and what it counts (``measure``).

``killed nearly 500,000 people`` -> value 500000, qualifier ``nearly``, measure ``people killed``;
``Pre-tax profits rose 15%`` -> value 15, unit ``percent``, measure ``pre-tax profits``;
``half of the country's prewar population`` -> value 0.5, measure ``country's prewar population``.
The span covers the subject or verb, the number and the counted noun phrase, so that it stands for
the whole fact. Numbers that are part of a date (``in 2011``, ``on 4 July``) are left to the date
rule.
"""

from __future__ import annotations

import bisect
import itertools
import re

from claims.model import ClaimType
from claims.rules.base import Draft, RuleContext, Sentence
from claims.values.dates import DateMention, find_dates, rewrite_relative
from claims.values.numbers import NumberMention, find_numbers

__all__ = ["claim_text", "find_quantities"]


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


_STOP = _wordset(
    """a an the of in on at to for from by with and or but as than that which who whom whose
    this these those there their its his her our your my is are was were be been being has have
    had will would could should may might can shall do does did not no said says say told
    while when where after before since until during over under about into onto per each every
    between among against through throughout ago earlier later last next more less most least
    also just only so such up down out off if then it he she they we you i them him us
    year's despite because although though unless whether including plus via amid like near
    towards toward across along beyond within without behind"""
)
_UNITS = {
    "people": "people",
    "persons": "people",
    "year": "year",
    "years": "year",
    "month": "month",
    "months": "month",
    "week": "week",
    "weeks": "week",
    "day": "day",
    "days": "day",
    "hours": "hour",
    "hour": "hour",
    "minutes": "minute",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "miles": "mile",
    "metres": "metre",
    "meters": "metre",
    "tonnes": "tonne",
    "tons": "tonne",
    "barrels": "barrel",
    "points": "point",
    "votes": "vote",
    "seats": "seat",
    "goals": "goal",
}
_WORD_RE = re.compile(r"\s*([^\W\d][\w'’-]*|\d[\w'’-]*)")
_LEFT_WORD_RE = re.compile(r"([^\W\d][\w'’-]*)\s+$")
_SUBJECT_VERBS = _wordset(
    """rose fell grew jumped dropped climbed increased decreased declined slipped slumped soared
    surged plunged tumbled gained lost was were is are totalled totaled reached hit stood stands
    of at be fall rise grow reach total"""
)
_PARTICIPLE_RE = re.compile(r"(?:ed|en|lost|cut|hit|sold|won|held|paid|spent|built|left)$")
_OF_DETERMINERS = _wordset("the its their his her our this that these those all")
_MAX_NOUN_WORDS = 4
_PER_RE = re.compile(r"\s+per\s+(?:[A-Z][\w'’-]*\s+)?[^\W\d][\w'’-]*")
_COMPARATIVE_RE = re.compile(
    r"\s+(?:more|less|higher|lower|fewer|bigger|smaller|greater|cheaper|dearer)\s+than"
    r"(?:\s+[^\W\d][\w'’-]*){1,2}"
)
_CHANGE_NOUNS = _wordset(
    """drop fall rise increase decrease cut jump gain loss stake share slump decline growth
    improvement boost reduction surge hike slide dip rebound"""
)
_CHANGE_OBJECT_RE = re.compile(r"\s+(?:in|of)\s+(?:the\s+|its\s+|their\s+)?[^\W\d][\w'’-]*")
_PP_AFTER_RE = re.compile(
    r"\s+(?:of|in|on|for|before|after|at|from|by|with)\s+"
    r"(?:the\s+|its\s+|their\s+|his\s+|her\s+|a\s+)?[^\W\d][\w'’-]*"
)
_SELECTORS = _wordset("last first top other remaining final latest next past previous")
_LEAD_PREPOSITIONS = _wordset("by to from of at than on")
_OF_BEFORE_RE = re.compile(r"([^\W\d][\w'’-]*)\s+of\s+$")


def _noun_after(text: str, pos: int) -> tuple[str, int]:
    """The counted noun phrase right after ``pos`` (``people``, ``of the country's population``).

    Up to four content words; ``of`` and a determiner after a unit or at the start are taken
    along (``half of the country's prewar population``); a participle after a noun ends it.
    """
    words: list[str] = []
    content = 0
    end = pos
    took_of = False
    while content < _MAX_NOUN_WORDS:
        m = _WORD_RE.match(text, end)
        if m is None:
            break
        word, low = m.group(1), m.group(1).lower()
        if low == "of" and not took_of and (not words or low_last(words) in _UNITS):
            nxt = _WORD_RE.match(text, m.end())
            if nxt is None or nxt.group(1).lower() in _STOP - _OF_DETERMINERS:
                break
            took_of = True
            words.append(word)
            end = m.end()
            if nxt.group(1).lower() in _OF_DETERMINERS:
                words.append(nxt.group(1))
                end = nxt.end()
            continue
        if _stop(word) or (content and low.endswith(("ed", "ing", "ly"))):
            break
        words.append(word)
        content += 1
        end = m.end()
    while words and _stop(words[-1]):
        words.pop()
    if not content or not words:
        return "", pos
    return " ".join(words), text.index(words[-1], pos) + len(words[-1])


def _stop(word: str) -> bool:
    """A function word; ``US``, ``IT`` in capitals are names (``13 US cities``)."""
    return word.lower() in _STOP and not (len(word) > 1 and word.isupper())


def low_last(words: list[str]) -> str:
    """The last word, lower-cased."""
    return words[-1].lower()


def _word_before(text: str, pos: int) -> tuple[str, int]:
    m = _LEFT_WORD_RE.search(text, max(0, pos - 40), pos)
    return (m.group(1), m.start(1)) if m else ("", pos)


def _subject_before(text: str, pos: int) -> tuple[str, int]:
    """``Pre-tax profits rose 15%``: the noun phrase before a reporting verb, with its start."""
    verb, verb_start = _word_before(text, pos)
    if verb.lower() not in _SUBJECT_VERBS:
        return "", pos
    words: list[str] = []
    cursor = verb_start
    while len(words) < 3:
        word, start = _word_before(text, cursor)
        if not word or word.lower() in _STOP or word.lower() in _SUBJECT_VERBS:
            break
        words.insert(0, word)
        cursor = start
    if not words:
        return "", pos
    return " ".join(words), cursor


def _measure(text: str, n: NumberMention) -> tuple[str | None, str | None, int, int]:
    """(measure, unit from the noun, span start, span end) for one number in ``text``."""
    noun, noun_end = _noun_after(text, n.end)
    start, end = n.start, max(n.end, noun_end)
    unit = n.unit
    of_phrase = noun.lower().startswith("of ")
    if noun:
        head = noun.split()[0].lower()
        if unit is None and head in _UNITS:
            unit = _UNITS[head]
    per = _PER_RE.match(text, end) or _COMPARATIVE_RE.match(text, end)
    if per:
        end = per.end()
    elif noun and noun.split()[-1].lower() in _CHANGE_NOUNS:
        change = _CHANGE_OBJECT_RE.match(text, end)  # "a 40% drop in profits"
        end = change.end() if change else end
    elif noun and not of_phrase:
        phrase = _PP_AFTER_RE.match(text, end)  # "two weeks before the event"
        end = phrase.end() if phrase else end
    of_before = _OF_BEFORE_RE.search(text, max(0, n.start - 30), n.start)
    if of_before and of_before.group(1).lower() not in _STOP:
        start = of_before.start(1)  # "a series of 18 reissues", "a population of 70,000"
    verb, verb_start = _word_before(text, n.start)
    if noun and not of_phrase and _PARTICIPLE_RE.search(verb.lower()) and verb.lower() not in _STOP:
        return f"{noun} {verb.lower()}", unit, verb_start, end
    measure = _strip_determiner(noun.removeprefix("of ").strip()) if noun else ""
    if not measure or measure.lower() in _UNITS:
        subject, subject_start = _subject_before(text, n.start)
        if subject:
            if subject_start == 0 and subject[1:2].islower():
                subject = subject[0].lower() + subject[1:]
            joined = f"{subject} {measure}".strip()
            return joined, unit, subject_start, end
        if verb and verb.lower() not in _STOP:
            start = verb_start
    return (measure or None), unit, _lead_in(text, min(start, n.start)), end


def _lead_in(text: str, start: int) -> int:
    """Take in the article or preposition that introduces the figure: ``a 3%``, ``rose by £6m``,
    ``from £6``, so that the span reads as the fact rather than as a bare number."""
    word, word_start = _word_before(text, start)
    low = word.lower()
    if low in _SELECTORS:  # "the last two men", "its first three games"
        det, det_start = _word_before(text, word_start)
        if det.lower() in _OF_DETERMINERS:
            return det_start
    if low in ("a", "an", "the"):
        return word_start
    if low in _LEAD_PREPOSITIONS:
        verb, verb_start = _word_before(text, word_start)
        if verb and verb.lower() not in _STOP:
            return verb_start
        return word_start
    return start


def _strip_determiner(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return rest if rest and first.lower() in _OF_DETERMINERS else phrase


_LEADING_CONJUNCTION_RE = re.compile(r"(?:And|But)\s+(?=[a-zA-Z])")


def claim_text(sentence: Sentence, context: RuleContext) -> str:
    """The sentence as a self-contained claim: relative dates rewritten, whitespace trimmed and
    a leading ``And``/``But`` dropped (it only links to the previous sentence)."""
    mentions = find_dates(sentence.text, context.reference_date)
    text = rewrite_relative(sentence.text, mentions) if mentions else sentence.text
    text = " ".join(text.split())
    lead = _LEADING_CONJUNCTION_RE.match(text)
    if lead and len(text) > lead.end():
        text = text[lead.end()].upper() + text[lead.end() + 1 :]
    return text


#: ``two to four weeks``, ``six or seven million``, ``3-4%``: the joint of a range (``from 3 to 4``
#: is a change, two claims; ``between 3 and 4`` is a range).
_RANGE_JOINT_RE = re.compile(r"\s*(?:to|-|–)\s*$")
_BETWEEN_BEFORE_RE = re.compile(r"\b[Bb]etween\s+$")
#: ``from its normal £3 to £5``, ``adding $1.89 to $48.62``: a change, not a range.
_CHANGE_BEFORE_RE = re.compile(r"\b(?:from|adding|added)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute"})
_OFFSET_AFTER_RE = re.compile(r"\s+(?:later|earlier)\b(?!\s+than)")
_MAX_RANGE_RATIO = 5  # "17,000 to 4.483 million" is a change, not a range
_UNIT_SIGNS = ("%", "percent", "per cent")


def _range_start(text: str, a: NumberMention, b: NumberMention) -> bool:
    """Whether ``a`` opens a range that ``b`` closes (one claim: the lower bound, ``between``)."""
    if a.unit == "share" or b.unit == "share" or a.value > b.value:
        return False
    if a.unit is not None and a.unit != b.unit:
        return False
    joint = text[a.num_end : b.start]
    if joint.strip() == "or":
        return True
    if joint in ("-", "–") and text[a.num_start : a.num_end].endswith(_UNIT_SIGNS):
        return False  # "89%-6%", "42%-49%": a poll's pair, each with its own sign
    if _RANGE_JOINT_RE.fullmatch(joint):
        if a.value <= 0 or b.value > _MAX_RANGE_RATIO * a.value:
            return False
        return not _CHANGE_BEFORE_RE.search(text, max(0, a.start - 30), a.start)
    return joint.strip() == "and" and bool(
        _BETWEEN_BEFORE_RE.search(text, max(0, a.start - 9), a.start)
    )


def _range_ends(text: str, numbers: list[NumberMention]) -> list[NumberMention | None]:
    """For each number, the number that closes the range it opens (``None`` if it opens none)."""
    return [b if _range_start(text, a, b) else None for a, b in itertools.pairwise(numbers)] + [
        None
    ] * min(1, len(numbers))


def _outside_dates(numbers: list[NumberMention], dates: list[DateMention]) -> list[NumberMention]:
    """The numbers that overlap no date mention (``5 June 2004`` is a date, not two numbers).

    A bisection over the dates sorted by start, with the running maximum of their ends: a
    number overlaps some date starting before its end iff that maximum passes its start (a
    pairwise test was quadratic in a long run-on "sentence" of numbers and dates)."""
    if not dates:
        return numbers
    spans = sorted((d.start, d.end) for d in dates)
    starts = [start for start, _ in spans]
    reach = list(itertools.accumulate((end for _, end in spans), max))
    kept = []
    for n in numbers:
        i = bisect.bisect_left(starts, n.num_end)  # dates with start < num_end
        if not (i and reach[i - 1] > n.num_start):
            kept.append(n)
    return kept


#: Between the two numbers of a share: ``two of the seven``, ``58 out of 61``.
_SHARE_RE = re.compile(r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|his|her|our|all)\s+)?")


def _plain(value: float | int) -> str:
    """A value as written in a qualifier: ``7``, ``2.5``."""
    return str(int(value)) if float(value).is_integer() else str(value)


def find_quantities(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """Quantity claims of one sentence (offsets into the document).

    A range (``two to four weeks``, ``between 3 and 4%``, ``six or seven million``) gives two
    claims, one per bound, as hand-made gold marks them: the lower bound's span runs over the
    whole range and takes the unit and measure written after the upper one; the qualifiers are
    ``at least`` and ``at most`` unless one is written. ``from 3 to 4`` is a change, not a range.
    """
    numbers = find_numbers(
        sentence.text,
        published=context.reference_date,
        publisher=context.document.publisher,
        article=context.document.text,
    )
    if not numbers:
        return []
    numbers = _outside_dates(numbers, find_dates(sentence.text, context.reference_date))
    text = claim_text(sentence, context)
    drafts: list[Draft] = []
    floor = 0  # a span never reaches back over the previous number ("two groups of four")
    upper_bounds: set[int] = set()
    following = [*numbers[1:], None][: len(numbers)]
    for n, closing, nxt in zip(
        numbers, _range_ends(sentence.text, numbers), following, strict=True
    ):
        qualifier = n.qualifier
        measure, unit, start, end = _measure(sentence.text, n)
        if closing is None and nxt is not None and n.unit is None and nxt.unit is None:
            share = _SHARE_RE.fullmatch(sentence.text, n.end, nxt.start)
            if share:  # "two of the seven seats": 2 seats, of 7 (a share, not "seven seats")
                measure, unit, _, end = _measure(sentence.text, nxt)
                qualifier = qualifier or f"of {_plain(nxt.value)}"
        if unit in _TIME_UNITS and _OFFSET_AFTER_RE.match(sentence.text, end):
            continue  # "Two years later": when something happened, not an amount
        if closing is not None:
            measure, unit, _, end = _measure(sentence.text, closing)
            qualifier = qualifier or "at least"
            between = _BETWEEN_BEFORE_RE.search(sentence.text, max(0, n.start - 9), n.start)
            start = min(start, between.start()) if between else start
            upper_bounds.add(closing.num_start)
        elif n.num_start in upper_bounds:
            qualifier = qualifier or "at most"
        if start < floor <= n.start:
            start = (
                floor
                + len(sentence.text[floor : n.start])
                - len(sentence.text[floor : n.start].lstrip())
            )
        floor = n.num_end
        drafts.append(
            Draft(
                type=ClaimType.QUANTITY,
                start=sentence.start + start,
                end=sentence.start + end,
                text=text,
                slots={
                    "value": n.value,
                    "unit": unit,
                    "qualifier": qualifier,
                    "measure": measure,
                },
            )
        )
    return drafts
