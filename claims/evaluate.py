"""Score extracted claims against hand-made gold claims (recall and precision per claim type).

Gold lives in ``tests/data/gold/<article-stem>/<type>.jsonl``, one claim per line::

    {"type": "quantity", "start": 120, "end": 141, "span": "nearly 500,000 people", "value": 500000}

``start``/``end`` may be left out: the span is then looked up in the article text (the
``occurrence``-th time it appears, 1 by default), which keeps hand-written gold easy to edit. When
offsets are given, ``span`` must equal ``text[start:end]``; a mismatch is an ``InputError``.

A found claim matches a gold claim when it has the same type, its span covers at least half of the
gold span, and its typed value agrees: quantity ``value`` within 1e-3 relative; date ``date``;
meeting ``host`` and ``participants`` (as a set, case-insensitive, lenient on titles: gold
``Sergei Shoigu`` matches ``Russian Defense Minister Sergei Shoigu``); statement ``speaker``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.errors import InputError
from claims.model import Claim

__all__ = [
    "GoldClaim",
    "TypeScore",
    "load_gold",
    "names_match",
    "score",
    "summarise",
]


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One hand-made gold claim: type, span in the article and its typed value fields."""

    type: str
    start: int
    end: int
    span: str
    fields: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # file:line, for messages


@dataclass(slots=True)
class TypeScore:
    """Recall and precision of one claim type; ``missed`` lists gold claims nothing matched."""

    type: str
    gold: int = 0
    found: int = 0
    matched_gold: int = 0
    matched_found: int = 0
    missed: list[GoldClaim] = field(default_factory=list)
    unmatched: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold claims some found claim matches (1.0 when there is no gold)."""
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of found claims that match some gold claim (1.0 when nothing was found)."""
        return self.matched_found / self.found if self.found else 1.0

    def add(self, other: TypeScore) -> None:
        """Accumulate another article's counts (micro-averaging over a corpus)."""
        self.gold += other.gold
        self.found += other.found
        self.matched_gold += other.matched_gold
        self.matched_found += other.matched_found
        self.missed.extend(other.missed)
        self.unmatched.extend(other.unmatched)


def _locate(text: str, span: str, occurrence: int, where: str) -> tuple[int, int]:
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(span, start + 1)
        if start < 0:
            raise InputError(f"{where}: span {span!r} (occurrence {occurrence}) not in the article")
    return start, start + len(span)


def _gold_record(record: dict[str, Any], text: str | None, where: str) -> GoldClaim:
    span = record.get("span")
    if not isinstance(span, str) or "type" not in record:
        raise InputError(f"{where}: a gold claim needs 'type' and 'span' (the exact text)")
    start, end = record.get("start"), record.get("end")
    if start is None or end is None:
        if text is None:
            raise InputError(f"{where}: no start/end and no article text to find {span!r} in")
        start, end = _locate(text, span, int(record.get("occurrence", 1)), where)
    elif text is not None and text[start:end] != span:
        found = text[start:end]
        raise InputError(f"{where}: span {span!r} but the article has {found!r} at {start}..{end}")
    skip = {"type", "span", "start", "end", "occurrence", "note"}
    fields = {k: v for k, v in record.items() if k not in skip}
    return GoldClaim(str(record["type"]), int(start), int(end), span, fields, where)


def load_gold(directory: Path, text: str | None = None) -> list[GoldClaim]:
    """All gold claims of one article directory (``<type>.jsonl`` files), in file order."""
    gold: list[GoldClaim] = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{where}: not valid JSON ({e.msg})") from None
                gold.append(_gold_record(record, text, where))
    return gold


_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _tokens(name: str) -> list[str]:
    """The words of a name, case-folded and in composed Unicode form (a decomposed ``A`` and
    combining tilde is the same letter as a precomposed ``Ã``)."""
    name = re.sub(r"['’]s\b", "", unicodedata.normalize("NFC", name).casefold())
    return _TOKEN_RE.findall(name)


def names_match(gold: str | None, found: str | None) -> bool:
    """Case-insensitive, lenient on titles: one name's words appear in order inside the other's."""
    if gold is None or found is None:
        return gold is None and found is None
    a, b = _tokens(gold), _tokens(found)
    if not a or not b:
        return a == b
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _participants_match(gold: Iterable[str], found: Iterable[str]) -> bool:
    g, f = list(gold or []), list(found or [])
    return all(any(names_match(x, y) for y in f) for x in g) and all(
        any(names_match(x, y) for x in g) for y in f
    )


def _value_match(gold: GoldClaim, found: Mapping[str, Any]) -> bool:
    slots = found.get("slots") or {}
    if gold.type == "quantity":
        want, got = gold.fields.get("value"), slots.get("value")
        if not isinstance(want, int | float) or not isinstance(got, int | float):
            return False
        return abs(got - want) <= 1e-3 * max(abs(want), 1e-9)
    if gold.type == "date":
        return bool(gold.fields.get("date") == slots.get("date"))
    if gold.type == "meeting":
        return names_match(gold.fields.get("host"), slots.get("host")) and _participants_match(
            gold.fields.get("participants") or [], slots.get("participants") or []
        )
    if gold.type == "statement":
        return names_match(gold.fields.get("speaker"), slots.get("speaker"))
    return True


def _matches(gold: GoldClaim, found: Mapping[str, Any]) -> bool:
    if str(found.get("type")) != gold.type:
        return False
    overlap = min(gold.end, int(found["end"])) - max(gold.start, int(found["start"]))
    if overlap * 2 < gold.end - gold.start:
        return False
    return _value_match(gold, found)


def _as_record(claim: Claim | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(claim, Mapping):
        return claim
    if hasattr(claim, "to_dict"):
        return claim.to_dict()
    return {  # a Draft or any object with the claim attributes
        "type": str(claim.type),
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "slots": claim.slots,
    }


def score(
    found: Sequence[Any], gold: Sequence[GoldClaim], *, types: Iterable[str] | None = None
) -> dict[str, TypeScore]:
    """Per type: how many gold claims some found claim matches, and how many found claims match.

    ``found`` holds ``Claim``s, ``Draft``s or ``claims.jsonl`` records of ONE article. Only the
    ``types`` given (default: the types present in the gold) are scored.
    """
    records = [_as_record(c) for c in found]
    wanted = sorted(set(types) if types is not None else {g.type for g in gold})
    scores = {t: TypeScore(t) for t in wanted}
    for t in wanted:
        s = scores[t]
        g_t = [g for g in gold if g.type == t]
        f_t = [r for r in records if str(r.get("type")) == t]
        s.gold, s.found = len(g_t), len(f_t)
        for g in g_t:
            if any(_matches(g, r) for r in f_t):
                s.matched_gold += 1
            else:
                s.missed.append(g)
        for r in f_t:
            if any(_matches(g, r) for g in g_t):
                s.matched_found += 1
            else:
                s.unmatched.append(r)
    return scores


def summarise(scores: Mapping[str, TypeScore]) -> str:
    """One line per type: ``quantity: recall 0.92 (23/25), precision 0.81 (23/28)``."""
    lines = []
    for t, s in sorted(scores.items()):
        lines.append(
            f"{t}: recall {s.recall:.2f} ({s.matched_gold}/{s.gold}), "
            f"precision {s.precision:.2f} ({s.matched_found}/{s.found})"
        )
    return "\n".join(lines)
