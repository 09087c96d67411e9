"""Date claims: each date expression of a sentence, resolved against the article's date.

``since September 2015`` -> date ``2015-09``, relation ``since``; ``on Tuesday`` in an article of
Tuesday 25 April 2023 -> ``2023-04-25``; ``on Saturday`` in an undated article -> date ``None``.
The claim text is the sentence with every relative date written out (``on 25 April 2023``).
"""

from __future__ import annotations

from claims.dates import find_dates
from claims.model import ClaimType
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.quantities import claim_text

__all__ = ["find_date_claims"]


def find_date_claims(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """Date claims of one sentence (offsets into the document)."""
    mentions = find_dates(sentence.text, context.reference_date)
    if not mentions:
        return []
    text = claim_text(sentence, context)
    return [
        Draft(
            type=ClaimType.DATE,
            start=sentence.start + m.start,
            end=sentence.start + m.end,
            text=text,
            slots={"date": m.date, "expression": m.expression, "relation": m.relation},
        )
        for m in mentions
    ]
