"""A date that is the time of another claim's event is a slot of that claim, not a claim of its own.

``Russia's defense minister hosted his counterparts on Tuesday`` is one fact, a meeting; its date
claim (``on Tuesday``) would state it a second time under another wording, and an annotator would
judge it twice. ``fold_event_dates`` runs last in ``RuleBasedExtractor.extract``, on the claims
with their texts and scores, and folds such a date claim into the claim whose event it dates.

The rule. A date claim D of a sentence folds into a claim H of the same sentence (a meeting,
action, statement, quantity, fact or comparison; never another date) when

1. D has a resolved value (its ``date`` slot): an unresolved date is not a value to carry;
2. D lies inside H's clause: H's span, widened to the clauses of the sentence it touches
   (``claims.render.clauses``, the surface clauses the claim texts are cut at; the date phrases
   are never cut). ``In December, Moscow hosted ...``: the fronted date is in the meeting's
   main clause. ``a truce reached in March 2020 ... that ended an offensive``: the date is in the
   main clause, the action ``that ended ...`` in a relative clause of its own, so the date is
   no slot of that action: its claim stays;
3. H carries no other date: its ``date`` slot (a meeting's own, or one folded before) is empty
   or the same value. A claim has one time; a second date in its clause is a fact of its own.

Of the claims that qualify, D folds into the nearest: one whose span holds or overlaps D before
any other (distance 0), then the smallest gap between the spans; ties go to the smaller span
(the inner clause: an action inside a statement), then the earlier one. A date claim no claim
qualifies for states its own fact and stays (``Moscow has waged a campaign in Syria since
September 2015``, the sentence's only claim).

Folding puts D's slots on H, in the slot fields the date type already has (``EVENT_DATE_SLOTS``
of ``claims.model``: the value ``date``, its wording ``expression`` and ``relation``, such as
``since``; a meeting keeps its own ``date``, which is the same value), gives H the higher of the
two check-worthiness scores (it now states the date's fact: a threshold that kept D keeps H, so
``--min-checkworthiness`` loses no fact), and drops D. Texts, spans and ids of the other claims
do not change. The state is explicit (the claims of one sentence at a time) and the work is
linear in the document: one clause split per sentence that has a date claim and another claim.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from claims.model import EVENT_DATE_SLOTS, Claim, ClaimType
from claims.render import clauses

__all__ = ["fold_event_dates", "folded_date", "slot_date_spans"]

Span = tuple[int, int]


def fold_event_dates(claims: Sequence[Claim], text: str) -> list[Claim]:
    """``claims`` (one document's, in order) with every date claim that dates another claim of
    its sentence folded into it (see the module docstring); the order is kept."""
    by_sentence: dict[Span, list[int]] = {}
    for i, claim in enumerate(claims):
        by_sentence.setdefault(_sentence(claim), []).append(i)
    out: list[Claim | None] = list(claims)
    for (lo, hi), members in by_sentence.items():
        dates = [i for i in members if claims[i].type == ClaimType.DATE and _value(claims[i])]
        hosts = [i for i in members if claims[i].type != ClaimType.DATE]
        if not dates or not hosts:
            continue
        protected = [(claims[i].start - lo, claims[i].end - lo) for i in dates]
        cut = [(lo + c.body, lo + c.end) for c in clauses(text[lo:hi], protected)]
        regions = {i: _region(claims[i], cut) for i in hosts}
        for d in dates:
            date = claims[d]
            h = _host(date, [i for i in hosts if _fits(out[i], date, regions[i])], claims)
            if h is None:
                continue
            host = out[h]
            assert host is not None
            out[h] = _folded(host, date)
            out[d] = None
    return [c for c in out if c is not None]


def _sentence(claim: Claim) -> Span:
    lo = claim.start if claim.sentence_start is None else claim.sentence_start
    hi = claim.end if claim.sentence_end is None else claim.sentence_end
    return lo, hi


def _value(claim: Claim) -> str | None:
    value = claim.slots.get("date")
    return value if isinstance(value, str) and value else None


def _region(claim: Claim, cut: Sequence[Span]) -> Span:
    """A claim's clause: its span widened to every clause it touches (document offsets)."""
    lo, hi = claim.start, claim.end
    for a, b in cut:
        if a < claim.end and claim.start < b:
            lo, hi = min(lo, a), max(hi, b)
    return lo, hi


def _fits(host: Claim | None, date: Claim, region: Span) -> bool:
    """May ``date`` be a slot of ``host``: inside its clause, and no other date on it?"""
    if host is None or not (region[0] <= date.start and date.end <= region[1]):
        return False
    have = host.slots.get("date")
    return have is None or have == "" or have == _value(date)


def _gap(a: Claim, b: Claim) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _host(date: Claim, candidates: Iterable[int], claims: Sequence[Claim]) -> int | None:
    """The nearest candidate: by the gap between the spans, then the smaller span, then the
    earlier one."""
    return min(
        candidates,
        key=lambda i: (_gap(claims[i], date), claims[i].end - claims[i].start, claims[i].start),
        default=None,
    )


def _folded(host: Claim, date: Claim) -> Claim:
    slots = dict(host.slots)
    for name in EVENT_DATE_SLOTS:
        if slots.get(name) in (None, ""):
            slots[name] = date.slots.get(name)
    scores = [s for s in (host.checkworthiness, date.checkworthiness) if s is not None]
    return dataclasses.replace(
        host, slots=slots, checkworthiness=max(scores) if scores else None
    )


def folded_date(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """The value and wording of the date folded into a claim record of another type (a
    ``claims.jsonl`` record or ``Claim.to_dict()``), or None: a date claim, or no folded date
    (a meeting's own ``date`` without an ``expression`` is no folded date)."""
    if str(record.get("type")) == ClaimType.DATE:
        return None
    slots = record.get("slots") or {}
    value, expression = slots.get("date"), slots.get("expression")
    if isinstance(value, str) and value and isinstance(expression, str) and expression:
        return value, expression
    return None


def slot_date_spans(claim: Claim, text: str) -> Iterator[Span]:
    """Where the date folded into ``claim`` is written: each place its ``expression`` occurs in
    the claim's sentence (document offsets; nothing for a claim with no folded date)."""
    found = folded_date(claim.to_dict())
    if found is None:
        return
    expression = found[1]
    lo, hi = _sentence(claim)
    at = text.find(expression, lo, hi)
    while at >= 0:
        yield at, at + len(expression)
        at = text.find(expression, at + 1, hi)
