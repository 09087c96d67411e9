"""Label Studio's wire format -> ``Annotation`` records.

One conversion, shared by ``claimset annotate pull`` (tasks read page by page from the API) and
``claimset export --from-label-studio-export FILE`` (the JSON export saved from the UI): both
hand over Label Studio task dicts with their ``annotations``. Drafts are never read; cancelled
annotations (a skipped task) are kept with ``was_cancelled`` true and empty fields. The claim
span comes back in Label Studio's offsets and leaves here in code points
(``annotations.offsets``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from annotations.model import Annotation
from annotations.offsets import LabelStudioOffsets
from annotations.schema import LabelSchema, active_schema
from claims.errors import InputError


class WireError(InputError):
    """A Label Studio task or annotation that does not fit the label schema."""


def pseudonym(user_id: int | str, salt: str) -> str:
    """The annotator's stable pseudonym: a salted hash of the Label Studio user id.

    The salt stays private in the workspace, so nobody can map the pseudonym back to the user
    by hashing the (small, guessable) user ids.
    """
    digest = hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()
    return f"annotator-{digest[:12]}"


def utc_iso(value: object) -> str:
    """A Label Studio timestamp as ISO 8601 UTC with microseconds (``...T16:20:43.123456Z``)."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"not a timestamp: {value!r}")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def user_id_of(annotation: Mapping[str, Any]) -> int | str:
    """``completed_by`` is an id, or a user object when the API expands it."""
    who = annotation.get("completed_by")
    if isinstance(who, Mapping):
        who = who.get("id")
    if who is None:
        raise ValueError("no completed_by")
    return who if isinstance(who, int) else str(who)


def _fields_from_result(
    result: Iterable[Mapping[str, Any]], schema: LabelSchema, offsets: LabelStudioOffsets | None
) -> dict[str, Any]:
    """The schema's fields and the claim span found in one annotation ``result``."""
    out: dict[str, Any] = {name: None for name in schema.field_names}
    choice_fields = {f.name: f for f in schema.choices}
    text_fields = {f.name for f in schema.texts}
    spans: list[tuple[bool, int, int]] = []  # (drawn by the annotator, start, end)
    for item in result:
        name, value = item.get("from_name"), item.get("value") or {}
        if name in choice_fields:
            picked = value.get("choices") or []
            if picked:
                if picked[0] not in choice_fields[name].names:
                    raise ValueError(f"{name}={picked[0]!r} is not a value of the schema")
                out[name] = picked[0]
        elif name in text_fields:
            text = "\n".join(str(t) for t in value.get("text") or []).strip()
            out[name] = text or None
        elif name == schema.span.name and "start" in value and "end" in value:
            drawn = item.get("origin") not in (None, "prediction")
            spans.append((drawn, int(value["start"]), int(value["end"])))
    out["span_start"] = out["span_end"] = None
    if spans and offsets is not None:
        # A region the annotator drew beats the copied prediction; several: their envelope.
        if any(drawn for drawn, _, _ in spans):
            spans = [span for span in spans if span[0]]
        out["span_start"] = offsets.from_label_studio(min(s for _, s, _ in spans))
        out["span_end"] = offsets.from_label_studio(max(e for _, _, e in spans))
    return out


def annotation_from_wire(
    task: Mapping[str, Any],
    annotation: Mapping[str, Any],
    *,
    salt: str,
    project_id: int | None,
    offsets: LabelStudioOffsets | None = None,
    schema: LabelSchema | None = None,
) -> Annotation:
    """One Label Studio annotation of ``task`` as an ``Annotation``; ``WireError`` if malformed."""
    data = task.get("data") or {}
    where = f"task {task.get('id')} annotation {annotation.get('id')}"
    try:
        if offsets is None:
            offsets = LabelStudioOffsets(str(data.get("text") or ""))
        cancelled = bool(annotation.get("was_cancelled"))
        fields = _fields_from_result(
            annotation.get("result") or [], schema or active_schema(), offsets
        )
        span_start, span_end = fields.pop("span_start"), fields.pop("span_end")
        lead_time = annotation.get("lead_time")
        return Annotation(
            claim_id=str(data["claim_id"]),
            task_id=int(task["id"]),
            annotation_id=int(annotation["id"]),
            annotator=pseudonym(user_id_of(annotation), salt),
            labels=fields,
            span_start=span_start,
            span_end=span_end,
            was_cancelled=cancelled,
            created_at=utc_iso(annotation.get("created_at")),
            updated_at=utc_iso(annotation.get("updated_at") or annotation.get("created_at")),
            lead_time=float(lead_time) if lead_time is not None else None,
            project_id=project_id if project_id is not None else _project_of(task, annotation),
            round=task_round(data),
        )
    except (KeyError, TypeError, ValueError) as e:
        detail = f"missing {e}" if isinstance(e, KeyError) else str(e)
        raise WireError(f"Label Studio {where}: {detail}; is this a claimset project?") from None


def task_round(data: Mapping[str, Any]) -> int:
    """The round a task belongs to (its ``data.round``; 1 for a task pushed without one)."""
    value = data.get("round")
    if value is None:
        return 1
    if isinstance(value, bool) or not str(value).isdigit() or int(value) < 1:
        raise ValueError(f"round {value!r} is not a round number (1, 2, ...)")
    return int(value)


def _project_of(task: Mapping[str, Any], annotation: Mapping[str, Any]) -> int | None:
    project = annotation.get("project") or task.get("project")
    return int(project) if isinstance(project, int | str) and str(project).isdigit() else None


def annotations_from_task(
    task: Mapping[str, Any], *, salt: str, project_id: int | None
) -> Iterator[Annotation]:
    """Every submitted or cancelled annotation of one task (drafts are not annotations)."""
    annotations = task.get("annotations") or []
    if not annotations:
        return
    offsets = LabelStudioOffsets(str((task.get("data") or {}).get("text") or ""))
    for annotation in annotations:
        yield annotation_from_wire(
            task, annotation, salt=salt, project_id=project_id, offsets=offsets
        )


def annotations_from_export(
    tasks: Iterable[Mapping[str, Any]], *, salt: str, project_id: int | None
) -> Iterator[Annotation]:
    """The annotations in a Label Studio JSON export (a list of tasks saved from the UI).

    Tasks without annotations yield nothing; a task that is not a claimset task (no
    ``data.claim_id``) or an annotation outside the schema raises ``WireError`` naming it.
    """
    for task in tasks:
        if not isinstance(task, Mapping):
            kind = type(task).__name__
            raise WireError(f"Label Studio export: expected task objects, got {kind}")
        yield from annotations_from_task(task, salt=salt, project_id=project_id)
