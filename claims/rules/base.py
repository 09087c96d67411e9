"""What every rule family works on and produces.

The pipeline (``claims.pipeline``) splits a document into lines and paragraphs, drops boilerplate,
splits sentences, and hands each ``Sentence`` to every rule family (``claims.rules.quantities``,
``dates``, ``meetings``, ``statements``). A rule returns ``Draft`` claims with offsets into the
*document* text; the pipeline dedupes, orders and gives them stable ids.

A family that reads the dependency parse is a ``ParsingRule``: with its per-sentence function it
declares which sentences it needs parsed (``wants``: the text to parse, or None). Before any rule
runs on a document, the pipeline asks every such family for its sentences and records them in
the document's ``RuleContext.parses`` (a ``claims.syntax.ParseStore``); the first parse a rule
asks for then parses them all, once each, in one call. A rule that is a plain function simply
finds no parse declared for it (``context.parses.get`` parses what it asks for on demand).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from claims.model import ClaimType, Document
from claims.syntax import ParseStore


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``document.text[start:end] == text`` (raw, never normalised)."""

    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (block of lines) the sentence belongs to


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What rules may know beyond the sentence: the document and its reference date; and the
    document's explicit per-document state: its parses (``parses``, shared by every family)
    and the families' own document-level state (``state``: a family's by its name, the
    sentences a ``ParsingRule`` declines by the rule)."""

    document: Document
    reference_date: dt.date | None  # the article's own date (or --published); None if unknown
    parses: ParseStore = field(default_factory=ParseStore, compare=False)
    state: dict[Any, Any] = field(default_factory=dict, compare=False)


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


@dataclass(frozen=True, slots=True)
class ParsingRule:
    """A rule family that reads the parse: ``find`` per sentence, and ``wants``, the text of a
    sentence to parse for it (None when the sentence needs no parse: the family's trigger).
    ``find`` must return no draft for a sentence ``wants`` declines: a sentence declined when
    the parses were declared is not given to ``find`` at all."""

    find: Rule
    wants: Callable[[Sentence], str | None]

    def __call__(self, sentence: Sentence, context: RuleContext) -> list[Draft]:
        declined = context.state.get(self)
        if isinstance(declined, set) and sentence in declined:
            return []
        return self.find(sentence, context)


def declare_parses(
    rules: Iterable[Rule], sentences: Iterable[Sentence], context: RuleContext
) -> None:
    """Record in ``context.parses`` every sentence text any ``ParsingRule`` of ``rules`` wants
    (and in ``context.state``, under the rule, the sentences it declines)."""
    parsing = [rule for rule in rules if isinstance(rule, ParsingRule)]
    if not parsing:
        return
    declined: dict[ParsingRule, set[Sentence]] = {rule: set() for rule in parsing}
    for sentence in sentences:
        for rule in parsing:
            text = rule.wants(sentence)
            if text is None:
                declined[rule].add(sentence)
            else:
                context.parses.want(text)
    context.state.update(declined)
