"""Date claims: each date expression of a sentence, resolved against the article's date.

``since September 2015`` -> date ``2015-09``, relation ``since``; ``on Tuesday`` in an article of
Tuesday 25 April 2023 -> ``2023-04-25``; ``on Saturday`` in an undated article -> date ``None``.
The claim text is the sentence with every relative date written out (``on 25 April 2023``).
"""

from __future__ import annotations

import re

from claims.dates import DateMention, find_dates
from claims.model import ClaimType
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.quantities import claim_text

__all__ = ["find_date_claims"]


_POSSESSED_RE = re.compile(r"['’]s\s+[^\W\d][\w-]*")
_NOUN_AFTER_RE = re.compile(
    r"\s+([^\W\d][\w'’-]*)(?:\s+(?!(?:[a-z]+ed|[a-z]+ing)\b)([a-z][\w-]*))?"
)
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|its|their|his|her|our|a|an|The|Its|Their)\s+$")
_HEAD_BEFORE_RE = re.compile(r"([^\W\d][\w'’-]*)\s+$")
_NOT_HEADS = frozenset(
    {"the", "a", "an", "and", "or", "but", "that", "which", "who", "it", "he", "she", "they"}
    | {"was", "were", "is", "are", "be", "been", "has", "have", "had", "said", "says", "also"}
    | {"as", "than", "then", "there", "this", "these", "those", "we", "i", "you", "not"}
    | {"will", "would", "could", "should", "may", "might", "can", "must", "shall", "to"}
)


def _span(text: str, m: DateMention) -> tuple[int, int]:
    """The claim's span: the expression plus what it dates (``elections in May``,
    ``Tuesday’s talks``), so that the span stands for the dated fact."""
    start, end = m.start, m.end
    possessed = _POSSESSED_RE.match(text, end)
    if possessed:
        end = possessed.end()
    elif m.relation:
        head = _HEAD_BEFORE_RE.search(text, max(0, start - 30), start)
        if head and head.group(1).lower() not in _NOT_HEADS:
            start = head.start(1)
    else:  # attributive: "its 2001 predecessor", "the 2004 election"
        noun = _NOUN_AFTER_RE.match(text, end)
        if noun and noun.group(1).lower() not in _NOT_HEADS:
            second = noun.group(2)
            end = noun.end() if second and second not in _NOT_HEADS else noun.end(1)
            det = _DETERMINER_BEFORE_RE.search(text, max(0, start - 8), start)
            start = det.start() if det else start
    return start, end


def find_date_claims(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """Date claims of one sentence (offsets into the document)."""
    mentions = find_dates(sentence.text, context.reference_date)
    if not mentions:
        return []
    text = claim_text(sentence, context)
    return [
        Draft(
            type=ClaimType.DATE,
            start=sentence.start + _span(sentence.text, m)[0],
            end=sentence.start + _span(sentence.text, m)[1],
            text=text,
            slots={"date": m.date, "expression": m.expression, "relation": m.relation},
        )
        for m in mentions
    ]
