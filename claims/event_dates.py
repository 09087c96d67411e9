"""A date that is the time of another claim's event is a slot of that claim, not a claim of its own.

``Russia's defense minister hosted his counterparts on Tuesday`` is one fact, a meeting; its date
claim (``on Tuesday``) would state it a second time under another wording, and an annotator would
judge it twice. ``fold_event_dates`` runs last in ``RuleBasedExtractor.extract``, on the claims
with their texts and scores, and folds such a date claim into the claim whose event it dates.

The rule. A date claim D belongs to the nearest claim H of its sentence (a meeting, action,
statement, quantity, fact or comparison; never another date) whose clause holds D:

1. H's clause is its span widened to the clause of the sentence that holds most of it
   (``claims.render.clauses``: the surface clauses the claim texts are cut at; date phrases are
   never cut). ``In December, Moscow hosted ...``: the fronted date is in the meeting's main
   clause. ``a truce reached in March 2020 ... that ended an offensive``: the date is in the
   main clause, the action ``that ended ...`` a relative clause of its own, so the date is no
   time of that action;
2. the nearest: a claim whose span holds or overlaps D before any other (distance 0), then the
   smallest gap between the spans; ties go to the smaller span (the inner clause: an action
   inside a statement), then the earlier one.

D folds into H when H carries no other date: its own ``date`` slot (a meeting's) is empty or
D's value, and no date was folded into it before. A claim has one time: a second date is a fact
of its own (``profits of $2m in the third quarter, against $3m a year earlier``) and stays a
claim; it is not handed to a farther claim either. A date with no resolved value (an
article without a date: ``on Friday``) folds too, its ``date`` slot null, its ``expression``
kept. A date claim no claim's clause holds states its own fact and stays (``Moscow has waged a
campaign in Syria since September 2015``, the sentence's only claim).

Folding puts D's slots on H, in the slot fields the date type already has (``EVENT_DATE_SLOTS``
of ``claims.model``: the value ``date``, ``relation``, such as ``since``, and as ``expression``
the words of D's span, ``Tuesday's talks``, so that where the date is written is kept; a meeting
keeps its own ``date``, which is the same value), gives H the higher of the
two check-worthiness scores (it now states the date's fact: a threshold that kept D keeps H, so
``--min-checkworthiness`` loses no fact), and drops D. Texts, spans and ids of the other claims
do not change. The state is explicit (the claims of one sentence at a time) and the work is
linear in the document: one clause split per sentence that has a date claim and another claim.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claims.model import EVENT_DATE_SLOTS, Claim, ClaimType
from claims.render import clauses

__all__ = ["as_date_claims", "fold_event_dates", "folded_date"]

Span = tuple[int, int]


def fold_event_dates(claims: Sequence[Claim], text: str) -> list[Claim]:
    """``claims`` (one document's, in order) with every date claim that dates another claim of
    its sentence folded into it (see the module docstring); the order is kept."""
    by_sentence: dict[Span, list[int]] = {}
    for i, claim in enumerate(claims):
        by_sentence.setdefault(_sentence(claim), []).append(i)
    out: list[Claim | None] = list(claims)
    for (lo, hi), members in by_sentence.items():
        dates = [i for i in members if claims[i].type == ClaimType.DATE]
        hosts = [i for i in members if claims[i].type != ClaimType.DATE]
        if not dates or not hosts:
            continue
        protected = [(claims[i].start - lo, claims[i].end - lo) for i in dates]
        cut = [(lo + c.body, lo + c.end) for c in clauses(text[lo:hi], protected)]
        regions = {i: _region(claims[i], cut) for i in hosts}
        for d in dates:
            date = claims[d]
            h = _host(date, [i for i in hosts if _inside(date, regions[i])], claims)
            if h is None or not _free(out[h], date):
                continue
            host = out[h]
            assert host is not None
            out[h] = _folded(host, date, text)
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
    """A claim's clause: its span widened to the clause that holds most of it (document
    offsets; ``a day | after a grand jury voted`` is of the second clause, not the first)."""
    best, most = None, 0
    for a, b in cut:
        shared = min(b, claim.end) - max(a, claim.start)
        if shared > most:
            best, most = (a, b), shared
    if best is None:
        return claim.start, claim.end
    return min(claim.start, best[0]), max(claim.end, best[1])


def _inside(date: Claim, region: Span) -> bool:
    return region[0] <= date.start and date.end <= region[1]


def _free(host: Claim | None, date: Claim) -> bool:
    """May ``date`` be a slot of ``host``: no other date on it (its own ``date`` slot empty or
    the same value, and none folded into it before)?"""
    if host is None:
        return False
    if host.slots.get("expression"):
        return False
    have = _value(host)
    return have is None or have == _value(date)


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


def _folded(host: Claim, date: Claim, text: str) -> Claim:
    slots = dict(host.slots)
    for name in EVENT_DATE_SLOTS:
        if slots.get(name) in (None, ""):
            slots[name] = date.slots.get(name)
    slots["expression"] = text[date.start : date.end]  # the words the date rests on
    scores = [s for s in (host.checkworthiness, date.checkworthiness) if s is not None]
    return dataclasses.replace(host, slots=slots, checkworthiness=max(scores) if scores else None)


def folded_date(record: Mapping[str, Any]) -> tuple[str | None, str] | None:
    """The value (None when unresolved) and wording of the date folded into a claim record of
    another type (a ``claims.jsonl`` record or ``Claim.to_dict()``), or None: a date claim, or
    no folded date (a meeting's own ``date`` without an ``expression`` is no folded date)."""
    if str(record.get("type")) == ClaimType.DATE:
        return None
    slots = record.get("slots") or {}
    value, expression = slots.get("date"), slots.get("expression")
    if isinstance(expression, str) and expression:
        return (value if isinstance(value, str) and value else None), expression
    return None


def as_date_claims(claims: Sequence[Claim], text: str) -> list[Claim]:
    """The date claims of ``claims`` and, for each claim of another type with a folded date, a
    date claim of it (type date, its date slots, the span where its ``expression`` is written
    in the claim's sentence nearest the claim's span, a place no date claim holds and no
    claim before took if there is one; none when it is not found there): the dates a scorer
    counts when a date carried as a slot still counts as found."""
    out: list[Claim] = []
    # two dates with the same words are at two places
    used: set[Span] = {(c.start, c.end) for c in claims if c.type == ClaimType.DATE}
    for claim in claims:
        if claim.type == ClaimType.DATE:
            out.append(claim)
            continue
        found = folded_date(claim.to_dict())
        if found is None:
            continue
        lo, hi = _sentence(claim)
        places = []
        at = text.find(found[1], lo, hi)
        while at >= 0:
            places.append((at, at + len(found[1])))
            at = text.find(found[1], at + 1, hi)
        if not places:
            continue
        start, end = min(
            places, key=lambda p: (p in used, max(0, claim.start - p[1], p[0] - claim.end))
        )
        used.add((start, end))
        slots = {name: claim.slots.get(name) for name in EVENT_DATE_SLOTS}
        out.append(
            dataclasses.replace(claim, type=ClaimType.DATE, start=start, end=end, slots=slots)
        )
    return out
