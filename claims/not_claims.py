"""Not claims: the drafts a rule family produced that state no checkable fact.

Opinions and beliefs in the first person, the speaker's own speech acts, questions,
hypotheticals, debate procedure, durations of a plan, the time of speaking: the frames fire on
them ("I think ..." is a statement, "45 seconds" a quantity, "tonight" a date) but nobody can
check them. The rules are data (``claims/patterns/not_claims.json``): each names the claim
types it applies to and conditions on the draft's slots, its raw span and its sentence. The
pipeline applies them after every rule family has run (``RuleBasedExtractor``), so a rule family
stays a frame finder, and each rule can be switched off and measured on its own
(``benchmarks/not_claims.py``). A rule marked ``"default": false`` is kept as data, measured,
and not applied unless asked for (``RuleBasedExtractor(not_claim_rules=[...])``): its cost to
the news gold outweighed what it removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from claims import patterns
from claims.errors import ConfigError
from claims.rules.base import Draft, Sentence

__all__ = ["NotClaimRule", "is_not_claim", "rule_names", "rules", "select"]

_KEYS = frozenset(
    {
        "name",
        "why",
        "default",
        "off_because",
        "types",
        "slot_in",
        "slot_null",
        "sentence",
        "span",
        "content",
        "unquoted",
    }
)


#: Quotation marks: a sentence holding one reports somebody's words (news), where "I said" or a
#: question is a quoted speaker's, not the text's own voice (a debate transcript's).
_QUOTE = re.compile('["\u201c\u201d]')


@dataclass(frozen=True, slots=True)
class NotClaimRule:
    """One declarative not-claim rule: every condition given must hold."""

    name: str
    why: str
    default: bool  # applied unless the extractor is given another list of rules
    types: frozenset[str] | None  # None: every claim type
    slot_in: Mapping[str, frozenset[str]]
    slot_null: tuple[str, ...]
    sentence: re.Pattern[str] | None
    span: re.Pattern[str] | None
    unquoted: bool = False  # only where the sentence quotes nobody (the writer's own voice)
    content: re.Pattern[str] | None = None  # matched at the start of the ``content`` slot

    def matches(self, draft: Draft, sentence: Sentence, document_text: str) -> bool:
        """Whether ``draft`` (found in ``sentence``) is not a claim by this rule."""
        if self.types is not None and str(draft.type) not in self.types:
            return False
        for slot, words in self.slot_in.items():
            if str(draft.slots.get(slot) or "").casefold().strip() not in words:
                return False
        if any(draft.slots.get(slot) not in (None, "") for slot in self.slot_null):
            return False
        if self.sentence is not None and not self.sentence.search(sentence.text):
            return False
        if self.unquoted and _QUOTE.search(sentence.text):
            return False
        if self.content is not None:
            said = str(draft.slots.get("content") or "").lstrip("\"“‘' ")
            if self.content.match(said) is None:
                return False
        span = document_text[draft.start : draft.end]
        return self.span is None or self.span.match(span) is not None


def _rule(record: Any, n: int) -> NotClaimRule:
    """One rule of the JSON file; ``ConfigError`` naming the rule when it is malformed."""
    where = f"claims/patterns/not_claims.json rule {n + 1}"
    if not isinstance(record, dict) or not isinstance(record.get("name"), str):
        raise ConfigError(f"{where}: must be an object with a 'name'")
    unknown = sorted(set(record) - _KEYS)
    if unknown:
        raise ConfigError(f"{where} ({record['name']}): unknown key(s) {', '.join(unknown)}")
    try:
        types = record.get("types")
        return NotClaimRule(
            name=record["name"],
            why=str(record.get("why", "")),
            default=bool(record.get("default", True)),
            types=None if types is None else frozenset(map(str, types)),
            slot_in={
                k: frozenset(str(w).casefold() for w in v)
                for k, v in dict(record.get("slot_in", {})).items()
            },
            slot_null=tuple(map(str, record.get("slot_null", ()))),
            sentence=_regex(record.get("sentence")),
            span=_regex(record.get("span")),
            unquoted=bool(record.get("unquoted", False)),
            content=_regex(record.get("content")),
        )
    except (TypeError, ValueError, re.error) as e:
        raise ConfigError(f"{where} ({record['name']}): {e}") from None


def _regex(pattern: Any) -> re.Pattern[str] | None:
    return None if pattern is None else re.compile(str(pattern), re.IGNORECASE)


@cache
def rules() -> tuple[NotClaimRule, ...]:
    """Every rule of ``claims/patterns/not_claims.json``, in file order."""
    records = patterns.load("not_claims").get("rules")
    if not isinstance(records, list):
        raise ConfigError("claims/patterns/not_claims.json: 'rules' must be a list")
    found = tuple(_rule(r, n) for n, r in enumerate(records))
    names = [r.name for r in found]
    if len(set(names)) != len(names):
        raise ConfigError("claims/patterns/not_claims.json: two rules share a name")
    return found


def rule_names() -> list[str]:
    """The names of ``rules()``, in file order."""
    return [r.name for r in rules()]


def select(names: Iterable[str] | None) -> tuple[NotClaimRule, ...]:
    """The rules called ``names`` (the default ones when None); ``ConfigError`` for an unknown
    name."""
    if names is None:
        return tuple(r for r in rules() if r.default)
    wanted = list(names)
    unknown = sorted(set(wanted) - set(rule_names()))
    if unknown:
        raise ConfigError(f"unknown not-claim rule(s) {', '.join(unknown)} (have {rule_names()})")
    return tuple(r for r in rules() if r.name in wanted)


def is_not_claim(
    draft: Draft, sentence: Sentence, document_text: str, active: Sequence[NotClaimRule]
) -> str | None:
    """The name of the first rule of ``active`` that says ``draft`` is not a claim, or None."""
    for rule in active:
        if rule.matches(draft, sentence, document_text):
            return rule.name
    return None
