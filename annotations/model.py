"""One annotation as pulled from Label Studio: the record of ``WORKDIR/annotations.jsonl``.

The annotator is a pseudonym (a salted hash of the Label Studio user id; the salt stays in the
workspace), never an e-mail or a name. Offsets are code points into the document text, converted
from Label Studio's offsets when pulled (``annotations.offsets``).

The label fields (choices and texts) are not listed here: they are the fields of the active
label schema (``annotations.schema``), held in ``labels`` and readable as attributes
(``annotation.verdict``). The record keeps the schema's order between ``annotator`` and
``span_start``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from annotations.schema import active_schema

#: The record's keys before the label fields, and after them (in record order).
HEAD = ("claim_id", "task_id", "annotation_id", "annotator")
TAIL = (
    "span_start",
    "span_end",
    "was_cancelled",
    "created_at",
    "updated_at",
    "lead_time",
    "project_id",
    "round",
)


def record_keys() -> list[str]:
    """The keys of an ``annotations.jsonl`` record, in order, under the active label schema."""
    return [*HEAD, *active_schema().field_names, *TAIL]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One live (or cancelled) annotation of one claim by one annotator."""

    claim_id: str
    task_id: int
    annotation_id: int
    annotator: str  # pseudonym, e.g. "annotator-3f9c2a1b"
    #: Each label field of the schema -> its value (a choice value or a text), None if cancelled
    #: or missing.
    labels: Mapping[str, str | None] = field(default_factory=dict, hash=False)
    span_start: int | None = None  # the adjusted claim span, code points into the document text
    span_end: int | None = None
    was_cancelled: bool = False
    created_at: str = ""  # ISO 8601 UTC, e.g. "2026-11-24T16:20:43.123456Z"
    updated_at: str = ""
    lead_time: float | None = None  # seconds the annotator spent, as Label Studio reports it
    project_id: int | None = None
    #: The annotation round of the task: 1 for a first (independent) round, 2, 3... for review
    #: rounds (``claimset annotate push --only``), whose answers override the earlier ones.
    round: int = 1

    def __getattr__(self, name: str) -> str | None:
        """A label field by name (``annotation.verdict``); AttributeError for anything else."""
        try:
            labels = object.__getattribute__(self, "labels")
        except AttributeError:
            raise AttributeError(name) from None
        if name in labels:
            return labels[name]
        raise AttributeError(name)

    def to_dict(self) -> dict[str, Any]:
        """The ``annotations.jsonl`` record."""
        record: dict[str, Any] = {k: getattr(self, k) for k in HEAD}
        record.update(self.labels)
        record.update({k: getattr(self, k) for k in TAIL})
        return record

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Annotation:
        """Read an ``annotations.jsonl`` record back (unknown keys are ignored)."""
        labels = {name: record.get(name) for name in active_schema().field_names}
        known = {k: record[k] for k in (*HEAD, *TAIL) if k in record}
        if known.get("round") is None:  # a record pulled before rounds existed
            known.pop("round", None)
        return cls(labels=labels, **known)
