"""Claim texts of quantities, actions, facts and comparisons: one checkable clause each.

``claims.render`` gives each claim a text; this module holds what those four types' texts must
be to state a fact a checker can check on its own:

- ``tidy``: the text without what no sentence of the writer's holds: a TimeML dateline
  (``NEWARK, N.J. _ ``) and markup tags (``<tweet author="..." ...>``);
- ``own_value``: a figure whose clause another figure's claim took, when it is the other's
  equivalent in brackets (``a $27bn (£14bn) tax bill``), states its own fact with its own value
  (``... a £14bn tax bill.``) instead of repeating the clause with a value marker;
- ``uncheckable``: why a final text states nothing checkable (no verb: a fragment such as
  ``The highest level in 12 years.``; an opening pronoun nobody resolved: ``It rose 5%``), or
  None. The pipeline scores such a claim 0 (kept with its values, below every threshold).

The words are data (``claims/lexicon/clauses.json``: ``unresolved_openings``,
``expletive_openings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims import lexicon
from claims.model import ClaimType

__all__ = ["TEXT_TYPES", "own_value", "tidy", "uncheckable"]

#: The claim types whose texts this module checks.
TEXT_TYPES = frozenset({ClaimType.QUANTITY, ClaimType.ACTION, ClaimType.FACT, ClaimType.COMPARISON})

#: A TimeML dateline opening a text: a place in capitals, its state, and an underscore.
_DATELINE_RE = re.compile(r"^[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4}\s+_\s+(?=\S)")
#: A markup tag with or without attributes (``<tweet pic="" ...>``, ``</tweet>``).
_TAG_RE = re.compile(r"</?[a-z][\w-]*(?:\s+[\w-]+=\"[^\"]*\")*\s*/?>")


@dataclass(frozen=True, slots=True)
class _Words:
    openings: frozenset[str]
    expletive: re.Pattern[str]


@cache
def _words() -> _Words:
    t = lexicon.table("clauses")
    expletive = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in t["expletive_openings"])
    return _Words(
        openings=frozenset(t["unresolved_openings"]),
        expletive=re.compile(rf"(?:{expletive})\b", re.IGNORECASE),
    )


def tidy(text: str) -> str:
    """``text`` without a dateline opening it and without markup tags (unchanged otherwise)."""
    out = _TAG_RE.sub(" ", text) if "<" in text else text
    out = _DATELINE_RE.sub("", out)
    if out == text:
        return text
    out = " ".join(out.split())
    out = re.sub(r"\s+([,.;:!?])", r"\1", out).strip()
    return out[:1].upper() + out[1:] if out.strip(" .") else text


def own_value(text: str, span: str) -> str:
    """The claim text of the figure ``span`` given in brackets after its equivalent in
    ``text`` (``a $27bn (£14bn) tax bill``, ``30bn baht (£398m; $768m)``): the text with the
    figure in place of the bracketed group (``a £14bn tax bill``); "" when ``span`` is no such
    figure of ``text``."""
    if not span or len(span) > 40:
        return ""
    for m in re.finditer(r"(\S+(?:\s+\S+)?)\s+\(([^()]*)\)", text):
        parts = [p.strip() for p in m.group(2).split(";")]
        if span not in parts:
            continue
        head = m.group(1)
        words = head.split()
        # the equivalent is the figure just before the bracket: "$27bn", "30bn baht"
        if len(words) == 2 and not words[0][-1:].isdigit():
            head, keep = words[1], words[0] + " "
        else:
            keep = ""
        if not any(ch.isdigit() for ch in head):
            continue
        return text[: m.start()] + keep + span + text[m.end() :]
    return ""


def uncheckable(kind: ClaimType, text: str, has_verb: bool) -> str | None:
    """Why the final ``text`` of a claim of type ``kind`` is no checkable fact, or None:
    ``"no verb"`` (``has_verb``: the caller's test of the text) or ``"pronoun"`` (it opens with
    a pronoun or demonstrative nobody resolved, ``It rose 5%``, ``They signed``; not an
    expletive ``It is expected that ...``)."""
    if kind not in TEXT_TYPES:
        return None
    if not has_verb:
        return "no verb"
    w = _words()
    first = text.split(maxsplit=1)[0].lower().strip("\"“‘'(") if text.split() else ""
    if first in w.openings and not w.expletive.match(text):
        return "pronoun"
    return None
