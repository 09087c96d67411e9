"""The domain model every stage shares: documents, claims, spans and typed slots.

Offsets are half-open ``[start, end)`` code-point indices into ``Document.text``, the raw article
exactly as decoded (only a UTF-8 BOM dropped). Conversion to other offset systems (Label Studio's
UTF-16 code units) happens at that boundary only, never here.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, TypedDict


class ClaimType(StrEnum):
    """The kinds of checkable claim the extractor produces."""

    QUANTITY = "quantity"
    DATE = "date"
    MEETING = "meeting"
    STATEMENT = "statement"
    ACTION = "action"
    COMPARISON = "comparison"
    FACT = "fact"


class QuantitySlots(TypedDict):
    value: float | int
    unit: str | None
    qualifier: str | None
    measure: str | None


class DateSlots(TypedDict):
    date: str | None
    expression: str
    relation: str | None


class MeetingSlots(TypedDict):
    host: str | None
    participants: list[str]
    date: str | None
    place: str | None


class StatementSlots(TypedDict):
    speaker: str
    content: str
    cue: str


class ActionSlots(TypedDict):
    """An action or record ("the senator voted against the bill"), from the parse."""

    subject: str | None  # who acted: "the senator"
    predicate: str  # the verb with its auxiliaries and preposition: "voted against"
    object: str | None  # what it was done to: "the bill"


class ComparisonSlots(TypedDict):
    """A comparison or superlative ("more donations from students than from Wall Street")."""

    subject: str | None  # what is compared: "we"
    predicate: str  # the clause's verb or copula: "got"
    object: str | None  # the compared phrase: "more donations from students"
    degree: str  # "comparative" or "superlative"
    standard: str | None  # the other term: "than from Wall Street", "since the Second World War"


class FactSlots(TypedDict):
    """A check-worthy sentence no other claim type covers ("Incomes went up for everybody")."""

    cues: list[str]  # the check-worthiness cues it shows: "action verb", "superlative" ...


#: The one registry of claim types: each type's slots, in order, with their Python type
#: ("float", "str" or "list[str]"). ``SLOT_FIELDS``, ``REQUIRED_SLOTS``, the Hugging Face
#: ``slots`` struct and the checks derive from it; a new claim type is one entry here.
CLAIM_TYPES: dict[str, dict[str, str]] = {
    ClaimType.QUANTITY: {"value": "float", "unit": "str", "qualifier": "str", "measure": "str"},
    ClaimType.DATE: {"date": "str", "expression": "str", "relation": "str"},
    ClaimType.MEETING: {"host": "str", "participants": "list[str]", "date": "str", "place": "str"},
    ClaimType.STATEMENT: {"speaker": "str", "content": "str", "cue": "str"},
    ClaimType.ACTION: {"subject": "str", "predicate": "str", "object": "str"},
    ClaimType.COMPARISON: {
        "subject": "str",
        "predicate": "str",
        "object": "str",
        "degree": "str",
        "standard": "str",
    },
    ClaimType.FACT: {"cues": "list[str]"},
}


def slot_fields(types: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Every slot any of ``types`` may carry, first appearance first, with its Python type."""
    out: dict[str, str] = {}
    for slots in types.values():
        for name, kind in slots.items():
            if out.setdefault(name, kind) != kind:
                raise ValueError(f"slot {name!r} is both {out[name]} and {kind}")
    return out


#: Every slot any claim type may carry, with its Python type. The Hugging Face ``slots`` struct
#: and the checks derive from this table; a slot a claim type lacks is null there.
SLOT_FIELDS: dict[str, str] = slot_fields(CLAIM_TYPES)

#: The slots each claim type must carry (the claims contract).
REQUIRED_SLOTS: dict[ClaimType, tuple[str, ...]] = {
    ClaimType(t): tuple(slots) for t, slots in CLAIM_TYPES.items()
}

_active_types: list[Mapping[str, Mapping[str, str]]] = [CLAIM_TYPES]
_lock = threading.Lock()


def active_claim_types() -> Mapping[str, Mapping[str, str]]:
    """The claim type registry in force: ``CLAIM_TYPES`` unless ``use_claim_types`` is open."""
    return _active_types[-1]


def active_slot_fields() -> dict[str, str]:
    """``slot_fields`` of the active registry."""
    types = active_claim_types()
    return SLOT_FIELDS if types is CLAIM_TYPES else slot_fields(types)


@contextmanager
def use_claim_types(types: Mapping[str, Mapping[str, str]]) -> Iterator[None]:
    """Make ``types`` the claim type registry inside the ``with`` block (process-wide).

    For tests and forks that add a claim type: the export's ``slots`` struct and the checks
    follow. The extractor itself only produces the built-in ``ClaimType`` values.
    """
    with _lock:
        _active_types.append(types)
    try:
        yield
    finally:
        with _lock:
            _active_types.pop(max(i for i, t in enumerate(_active_types) if t is types))


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (the ``sha256`` of a document)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_doc_id(sha256: str) -> str:
    """A document id stable across runs and machines: derived from the content hash only."""
    return f"doc-{sha256[:16]}"


def make_claim_id(doc_sha256: str, start: int, end: int, claim_type: str) -> str:
    """A claim id stable across runs: derived from the document hash, the span and the type."""
    key = f"{doc_sha256}:{start}:{end}:{claim_type}".encode()
    return f"claim-{hashlib.sha256(key).hexdigest()[:20]}"


@dataclass(frozen=True, slots=True)
class Document:
    """One article. ``text`` is never normalised: every offset points into it."""

    doc_id: str
    text: str
    sha256: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD, or None when unknown
    source: str | None = None  # path or URL as given

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        source: str | None = None,
    ) -> Document:
        """Build a document, computing its hash and id from ``text``."""
        digest = sha256_text(text)
        return cls(
            doc_id=make_doc_id(digest),
            text=text,
            sha256=digest,
            title=title,
            publisher=publisher,
            published=published,
            source=source,
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``documents.jsonl`` record (the field order is part of the byte-stable output)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "source": self.source,
            "sha256": self.sha256,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Document:
        """Read a ``documents.jsonl`` record back."""
        return cls(
            doc_id=str(record["doc_id"]),
            text=str(record["text"]),
            sha256=str(record["sha256"]),
            title=record.get("title"),
            publisher=record.get("publisher"),
            published=record.get("published"),
            source=record.get("source"),
        )


def _score(value: Any) -> float | None:
    """A stored check-worthiness: a number, or None when the record has none."""
    return None if value is None else float(value)


def _offset(value: Any) -> int | None:
    """A stored offset: an integer, or None when the record has none."""
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Claim:
    """One atomic, checkable claim resting on ``document.text[start:end]``.

    ``text`` is a self-contained sentence a checker can verify without the article (relative
    dates resolved); ``slots`` holds the typed values for the claim's type (see ``REQUIRED_SLOTS``).
    ``checkworthiness`` (0 to 1, 4 decimals so the JSON bytes are the same on every platform) is
    how much the claim needs checking (``claims.checkworthiness.score_claim``); None only for a
    claim read from a workspace written before the score existed. ``sentence_start`` /
    ``sentence_end`` are the offsets of the sentence the claim comes from (it holds the span), so
    that a labeling page or a dataset row can show the claim in its context; None only for a
    claim read from a workspace written before they existed.
    """

    id: str
    doc_id: str
    type: ClaimType
    text: str
    start: int
    end: int
    slots: dict[str, Any] = field(default_factory=dict)
    checkworthiness: float | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``claims.jsonl`` record."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "type": str(self.type),
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "slots": self.slots,
            "checkworthiness": self.checkworthiness,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Claim:
        """Read a ``claims.jsonl`` record back."""
        return cls(
            id=str(record["id"]),
            doc_id=str(record["doc_id"]),
            type=ClaimType(record["type"]),
            text=str(record["text"]),
            start=int(record["start"]),
            end=int(record["end"]),
            slots=dict(record.get("slots") or {}),
            checkworthiness=_score(record.get("checkworthiness")),
            sentence_start=_offset(record.get("sentence_start")),
            sentence_end=_offset(record.get("sentence_end")),
        )

    def span_text(self, document: Document) -> str:
        """The raw text the claim rests on."""
        return document.text[self.start : self.end]

    def sentence_text(self, document: Document) -> str | None:
        """The raw sentence the claim comes from (None when the record does not say)."""
        if self.sentence_start is None or self.sentence_end is None:
            return None
        return document.text[self.sentence_start : self.sentence_end]


#: The keys of a ``claims.jsonl`` record, in ``Claim.to_dict`` order (the dataclass's fields).
CLAIM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Claim))
