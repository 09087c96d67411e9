"""Claims -> Label Studio tasks, each with the extractor's span as a prediction.

A task's ``data`` carries what the labeling page shows and what a pull or a UI export needs to
map annotations back: ``claim_id``, ``doc_id``, the article ``text``, its ``title``,
``publisher`` and ``published`` date, the ``claim_text``, ``claim_type``, the typed values as
readable text (``slots``), the claim's ``start``/``end`` and its sentence's
``sentence_start``/``sentence_end`` (code points, for reference; the card's ``context`` is that
sentence) and its ``checkworthiness`` (a Data Manager column; also the prediction's ``score``). The
task ``meta`` repeats the ``claim_id`` so that listing a project's claims stays light.

The prediction region is in Label Studio's offset unit, converted through
``annotations.offsets.LabelStudioOffsets`` (the only conversion in this direction).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotations.offsets import LabelStudioOffsets
from annotations.schema import LABEL_SCHEMA
from claims.model import REQUIRED_SLOTS, Claim, Document
from claims.workspace import MANIFEST

#: The payload format of ``task_payload``: bump it when a task's data, meta or prediction
#: change for the same claim, so that a push's saved workspace summary
#: (``annotations.workspace_summary``) no longer matches and the payloads are built again.
TASK_FORMAT = 1


def extractor_version(workdir: Path) -> str:
    """The prediction's name: the extractor's name and version from ``WORKDIR/manifest.json``.

    E.g. ``claimset-rules 1.0.0``: Label Studio shows it as the prediction's tab title and in
    the Data Manager, so annotators and the lead see which extractor made the pre-filled span
    ("unknown" if the manifest does not say).
    """
    path = Path(workdir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "unknown"
    if not isinstance(manifest, dict):
        return "unknown"
    extractor = manifest.get("extractor")
    if isinstance(extractor, Mapping) and extractor.get("version"):
        name = str(extractor.get("name") or "").strip()
        return f"{name} {extractor['version']}" if name else str(extractor["version"])
    for key in ("extractor_version", "version"):
        if manifest.get(key):
            return str(manifest[key])
    return "unknown"


def slots_text(claim: Claim) -> str:
    """The typed values as one readable line, e.g. ``value: 12 · unit: percent``."""
    names = REQUIRED_SLOTS.get(claim.type, ()) + tuple(
        k for k in claim.slots if k not in REQUIRED_SLOTS.get(claim.type, ())
    )
    parts = []
    for name in names:
        value = claim.slots.get(name)
        if value is None or value == [] or value == "":
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{name}: {shown}")
    return " · ".join(parts) or "(no typed values)"


def sentence_context(text: str, start: int, end: int, *, limit: int = 400) -> str:
    """The sentence(s) the claim's span sits in, at most about ``limit`` characters.

    Shown in the claim card, so the annotator reads the claim in its words without scrolling
    the article to the highlight.
    """
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "? ", "! "))
    right_marks = [i for i in (text.find(m, end) for m in (". ", "\n", "? ", "! ")) if i >= 0]
    begin = left + 1 if left >= 0 else 0
    finish = min(right_marks) + 1 if right_marks else len(text)
    begin = max(begin, start - limit // 2)
    finish = min(finish, end + limit // 2)
    snippet = " ".join(text[begin:finish].split())
    return ("… " if begin > 0 and text[begin - 1] not in ".\n?! " else "") + snippet


def claim_context(claim: Claim, document: Document, *, limit: int = 400) -> str:
    """What the claim card shows around the claim: the sentence it comes from (its
    ``sentence_start``/``sentence_end``), at most about ``limit`` characters around the span;
    ``sentence_context`` for a claim of a workspace written before sentence offsets existed."""
    sentence = claim.sentence_text(document)
    if sentence is None or claim.sentence_start is None:
        return sentence_context(document.text, claim.start, claim.end, limit=limit)
    begin = max(claim.sentence_start, claim.start - limit // 2)
    finish = min(claim.sentence_start + len(sentence), claim.end + limit // 2)
    snippet = " ".join(document.text[begin:finish].split())
    return ("… " if begin > claim.sentence_start else "") + snippet


def claim_region(claim: Claim, document: Document, offsets: LabelStudioOffsets) -> dict[str, Any]:
    """The claim's span as a Label Studio ``labels`` result (in Label Studio's offsets)."""
    span = LABEL_SCHEMA.span
    return {
        "id": "claim",
        "from_name": span.name,
        "to_name": span.to_name,
        "type": "labels",
        "value": {
            "start": offsets.to_label_studio(claim.start),
            "end": offsets.to_label_studio(claim.end),
            "text": claim.span_text(document),
            "labels": [span.label],
        },
    }


def task_payload(
    claim: Claim,
    document: Document,
    *,
    model_version: str,
    offsets: LabelStudioOffsets | None = None,
) -> dict[str, Any]:
    """The import payload of one claim: ``data``, ``meta`` and the prediction."""
    offsets = offsets or LabelStudioOffsets(document.text)
    # Key order is the Data Manager's column order after the config's own keys: the claim
    # first, the article text last (``annotations.config`` reads the claim keys first too).
    data = {
        "claim_text": claim.text,
        "claim_type": str(claim.type),
        "slots": slots_text(claim),
        "claim_id": claim.id,
        "doc_id": claim.doc_id,
        "title": document.title or "(untitled article)",
        "publisher": document.publisher or "unknown publisher",
        "published": document.published or "undated",
        "context": claim_context(claim, document),
        "start": claim.start,
        "end": claim.end,
        "sentence_start": claim.sentence_start,
        "sentence_end": claim.sentence_end,
        "checkworthiness": claim.checkworthiness,
        "text": document.text,
    }
    prediction: dict[str, Any] = {
        "model_version": model_version,
        "result": [claim_region(claim, document, offsets)],
    }
    if claim.checkworthiness is not None:
        prediction["score"] = claim.checkworthiness  # Label Studio's "prediction score" column
    return {"data": data, "meta": {"claim_id": claim.id}, "predictions": [prediction]}
