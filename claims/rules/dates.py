"""Date claims: each date expression of a sentence, resolved against the article's date.

``since September 2015`` -> date ``2015-09``, relation ``since``; ``on Tuesday`` in an article of
Tuesday 25 April 2023 -> ``2023-04-25``; ``on Saturday`` in an undated article -> date ``None``.
The claim text is the sentence with every relative date written out (``on 25 April 2023``).

The body is read in document order with one piece of state, the story's last calendar date
(``in June 1998``, ``in March``), so that ``later that year`` or ``the following year`` count
from it. A claim's span is the expression from its preposition or its first date word (``on
Tuesday``, never ``Turkey on Tuesday``), plus what it dates when that follows it (``Tuesday’s
talks``; after a bare year or month, ``2004 sales``, or a determiner, ``the Jan. 14
deadline``). A year span (``2009-2010``) gives two claims, one per bound, as quantity ranges
do: the first spans the whole range, the second is the closing year (relation ``until``). A
dateline (``LONDON, March 2 (Reuters) -``) is no sentence (``claims.segment``), so it never
gives a claim.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from claims.lexicon import table
from claims.model import ClaimType
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.quantities import claim_text
from claims.segment import segment
from claims.values.dates import MONTH_NAMES, DateMention, find_dates

__all__ = ["find_date_claims"]


_POSSESSED_RE = re.compile(r"['’]s\s+[^\W\d][\w-]*")
_NOUN_AFTER_RE = re.compile(
    r"\s+([^\W\d][\w'’-]*)(?:\s+(?!(?:[a-z]+ed|[a-z]+ing)\b)([a-z][\w-]*))?"
)
#: A bare year or month name can modify the noun after it (``2004 sales``, ``the December
#: meeting``), a day after a determiner (``the 11 September attacks``), not otherwise (``the
#: quarter ended Sept. 30 fell``).
_ATTRIBUTIVE_RE = re.compile(rf"\d{{4}}|{'|'.join(MONTH_NAMES)}")
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|its|their|his|her|our|a|an|The|Its|Their)\s+$")
_NOT_HEADS = frozenset(
    {"the", "a", "an", "and", "or", "but", "that", "which", "who", "it", "he", "she", "they"}
    | {"was", "were", "is", "are", "be", "been", "has", "have", "had", "said", "says", "also"}
    | {"as", "than", "then", "there", "this", "these", "those", "we", "i", "you", "not"}
    | {"will", "would", "could", "should", "may", "might", "can", "must", "shall", "to"}
)


_OPEN_END_RE = re.compile(
    r",?\s+(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in table("calendar")["open_ends"])
    + r")\b"
)


def _span(text: str, m: DateMention) -> tuple[int, int]:
    """The claim's span: the expression, plus what it dates when that follows it
    (``Tuesday’s talks``; ``2004 election`` after a determiner) or what leaves it open (``1994
    or later``, ``1990 and beyond``), never a word before it."""
    start, end = m.start, m.end
    open_end = _OPEN_END_RE.match(text, end)
    if open_end:
        return start, open_end.end()
    possessed = _POSSESSED_RE.match(text, end)
    if possessed:
        return start, possessed.end()
    attributive = _ATTRIBUTIVE_RE.fullmatch(m.expression) or _DETERMINER_BEFORE_RE.search(
        text, max(0, start - 8), start
    )
    if m.relation is None and attributive:
        noun = _NOUN_AFTER_RE.match(text, end)  # attributive: "its 2001 predecessor"
        if noun and noun.group(1).lower() not in _NOT_HEADS:
            second = noun.group(2)
            end = noun.end() if second and second not in _NOT_HEADS else noun.end(1)
    return start, end


@lru_cache(maxsize=8)
def _body_dates(text: str, reference: dt.date | None) -> dict[int, tuple[DateMention, ...]]:
    """The date mentions of every body sentence (by start offset), read in document order with
    the story's last explicit date carried from one sentence to the next: one linear pass,
    memoised for the last few documents (the rule is called once per sentence)."""
    story: str | None = None
    day: str | None = None  # the last day named, a weekday too ("the next day" counts from it)
    found: dict[int, tuple[DateMention, ...]] = {}
    for sentence in segment(text).body:
        mentions = tuple(find_dates(sentence.text, reference, story, day))
        found[sentence.start] = mentions
        for m in mentions:
            if m.calendar and m.date is not None:
                story = m.date
            if m.date is not None and len(m.date) == 10:
                day = m.date
    return found


def find_date_claims(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """Date claims of one sentence (offsets into the document)."""
    document = context.document.text
    known = _body_dates(document, context.reference_date).get(sentence.start)
    if known is not None and document[sentence.start : sentence.end] == sentence.text:
        mentions = list(known)
    else:  # a headline, or a sentence of another segmentation
        mentions = find_dates(sentence.text, context.reference_date)
    if not mentions:
        return []
    text = claim_text(sentence, context)
    drafts = []
    for m in mentions:
        start, end = _span(sentence.text, m)
        drafts.append(
            Draft(
                type=ClaimType.DATE,
                start=sentence.start + start,
                end=sentence.start + end,
                text=text,
                slots={"date": m.date, "expression": m.expression, "relation": m.relation},
            )
        )
    return drafts
