"""Money and percentages in self-written news sentences, scored as the blind set scores them.

``data/money_sentences.jsonl`` holds one sentence a line with every amount it states (``money``:
``[value, unit]``, the unit an ISO 4217 code or ``percent``), grouped by error class (scale glued
to the number, ISO codes, a symbol after the number, currencies beyond the common five, compound
amounts, spaced thousands, accounting negatives, poll pairs, fractions) and sentences that state
no money at all (markup, weights, names and verbs that look like currency words). The sentences
were written for this fixture, not taken from an article or a dev set.

A stated amount is found when a quantity claim of the whole extractor has its unit and a value
within 1 % of it (the blind set's measure); a sentence passes when every stated amount is found
and no other money or percentage claim is made.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claims.model import Document
from claims.pipeline import get_extractor

FIXTURE = Path(__file__).parent / "data" / "money_sentences.jsonl"
CASES = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
ISO_CODE = re.compile(r"[A-Z]{3}")


def money_claims(text: str, published: str | None) -> list[tuple[float, str]]:
    """(value, unit) of every quantity claim whose unit is a currency code or ``percent``."""
    doc = Document.from_text(text, published=published)
    found = []
    for claim in get_extractor("rules").extract(doc):
        unit = claim.slots.get("unit")
        money = isinstance(unit, str) and (ISO_CODE.fullmatch(unit) or unit == "percent")
        if claim.type == "quantity" and money:
            found.append((float(claim.slots["value"]), str(unit)))
    return found


def matches(want: list[Any], got: tuple[float, str]) -> bool:
    value, unit = want
    return got[1] == unit and abs(got[0] - value) <= 0.01 * abs(value)


def test_the_fixture_is_big_and_varied() -> None:
    amounts = [m for case in CASES for m in case["money"]]
    currencies = {unit for _, unit in amounts} - {"percent"}
    assert len(CASES) >= 60 and len(currencies) >= 30
    assert sum(not case["money"] for case in CASES) >= 5  # sentences with no money


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['class']}" for i, c in enumerate(CASES, 1)])
def test_money_sentence(case: dict[str, Any]) -> None:
    found = money_claims(case["text"], case.get("published"))
    missing = [want for want in case["money"] if not any(matches(want, got) for got in found)]
    extra = [got for got in found if not any(matches(want, got) for want in case["money"])]
    assert (missing, extra) == ([], []), case["text"]
