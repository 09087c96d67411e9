"""One annotation as pulled from Label Studio: the record of ``WORKDIR/annotations.jsonl``.

The annotator is a pseudonym (a salted hash of the Label Studio user id; the salt stays in the
workspace), never an e-mail or a name. Offsets are code points into the document text, converted
from Label Studio's offsets when pulled (``annotations.offsets``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Annotation:
    """One live (or cancelled) annotation of one claim by one annotator."""

    claim_id: str
    task_id: int
    annotation_id: int
    annotator: str  # pseudonym, e.g. "annotator-3f9c2a1b"
    verdict: str | None  # a value of schema.VERDICT, None if cancelled or missing
    claim_quality: str | None  # a value of schema.CLAIM_QUALITY
    evidence_url: str | None
    evidence_quote: str | None
    corrected_claim: str | None
    notes: str | None
    span_start: int | None  # the adjusted claim span, code points into the document text
    span_end: int | None
    was_cancelled: bool
    created_at: str  # ISO 8601 UTC, e.g. "2026-11-24T16:20:43.123456Z"
    updated_at: str
    lead_time: float | None  # seconds the annotator spent, as Label Studio reports it
    project_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``annotations.jsonl`` record."""
        return asdict(self)

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Annotation:
        """Read an ``annotations.jsonl`` record back (unknown keys are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in names})
