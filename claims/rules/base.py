"""What every rule family works on and produces.

The pipeline (``claims.pipeline``) splits a document into lines and paragraphs, drops boilerplate,
splits sentences, and hands each ``Sentence`` to every rule family (``claims.rules.quantities``,
``dates``, ``meetings``, ``statements``). A rule returns ``Draft`` claims with offsets into the
*document* text; the pipeline dedupes, orders and gives them stable ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from claims.model import ClaimType, Document


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``document.text[start:end] == text`` (raw, never normalised)."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (block of lines) the sentence belongs to


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What rules may know beyond the sentence: the document and its reference date."""

    document: Document
    reference_date: dt.date | None  # the article's own date (or --published); None if unknown


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim before ids: span in document offsets, a self-contained sentence and typed slots."""

    type: ClaimType
    start: int
    end: int
    text: str
    slots: dict[str, Any] = field(default_factory=dict)


class Rule(Protocol):
    """A rule family: finds claims of one type in one sentence."""

    def __call__(self, sentence: Sentence, context: RuleContext) -> list[Draft]: ...
