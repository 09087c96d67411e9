"""Helpers of the MEETING class tests: the meetings a text gives, and who takes part in each."""

from __future__ import annotations

import datetime as dt

from claims.model import Document
from claims.rules.base import Draft, RuleContext
from claims.rules.meetings import find_meetings
from claims.segment import segment

#: The reference date of the test articles.
MAY_4 = dt.date(2022, 5, 4)


def meetings(text: str) -> list[Draft]:
    """The MEETING drafts of ``text`` (headline and body), dated against ``MAY_4``."""
    parts = segment(text)
    context = RuleContext(Document.from_text(text), MAY_4)
    return [d for s in parts.headline + parts.body for d in find_meetings(s, context)]


def people(text: str) -> list[list[str]]:
    """Per meeting of ``text``: its host (when it has one) and participants, in order."""
    return [
        ([d.slots["host"]] if d.slots["host"] else []) + list(d.slots["participants"])
        for d in meetings(text)
    ]
