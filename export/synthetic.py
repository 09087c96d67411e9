"""A synthetic annotated workspace of any size, for benchmarks, fixtures and demos.

Deterministic for a seed. Documents are filler text with one claim sentence every so often;
each claim gets ``annotators_per_claim`` annotations from a small pool of pseudonymous
annotators who mostly agree; a few annotations are cancelled and a few are updated (two
versions in the file). Annotation lines are shuffled in blocks, so the file is not ordered
by claim (as after several incremental pulls).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotations.schema import CLAIM_QUALITY, LABEL_SCHEMA, VERDICT, active_schema
from claims.model import make_claim_id, make_doc_id, sha256_text
from claims.workspace import ANNOTATIONS, CLAIMS, DOCUMENTS, MANIFEST

_WORDS = (
    "the",
    "council",
    "said",
    "on",
    "tuesday",
    "that",
    "its",
    "budget",
    "rose",
    "by",
    "percent",
    "after",
    "a",
    "vote",
    "in",
    "the",
    "city",
    "where",
    "ministers",
    "met",
    "officials",
    "and",
    "reporters",
    "asked",
    "about",
    "plans",
    "for",
    "next",
    "year",
)
_BLOCK = 20_000


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    """How big the workspace is and how the annotations look."""

    documents: int = 100
    claims_per_document: int = 10
    annotators_per_claim: int = 3
    annotators: int = 12
    cancelled_rate: float = 0.02
    updated_rate: float = 0.01
    seed: int = 0


def _document(i: int, claims: int, rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and its claim spans ``(start, end, sentence)``."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for c in range(claims):
        filler = " ".join(rng.choice(_WORDS) for _ in range(12)) + ". "
        sentence = f"Item {i}-{c} rose by {rng.randint(1, 99)} percent."
        parts.append(filler)
        pos += len(filler)
        spans.append((pos, pos + len(sentence), sentence))
        parts.append(sentence + " ")
        pos += len(sentence) + 1
    return "".join(parts), spans


def _annotation(
    claim_id: str, task: int, aid: int, who: str, truth: int, rng: random.Random
) -> dict[str, object]:
    cancelled = rng.random() < 0.02
    verdict = truth if rng.random() < 0.8 else rng.randrange(len(VERDICT.names))
    quality = 0 if rng.random() < 0.85 else rng.randrange(len(CLAIM_QUALITY.names))
    minute = aid % 60
    return {
        "claim_id": claim_id,
        "task_id": task,
        "annotation_id": aid,
        "annotator": who,
        "verdict": None if cancelled else VERDICT.names[verdict],
        "claim_quality": None if cancelled else CLAIM_QUALITY.names[quality],
        "evidence_url": None if cancelled else f"https://example.org/source/{aid % 997}",
        "evidence_quote": None if cancelled else "The agency's figures show the same rise.",
        "corrected_claim": None,
        "notes": None,
        "span_start": None,
        "span_end": None,
        "was_cancelled": cancelled,
        "created_at": f"2026-11-0{1 + aid % 9}T10:{minute:02d}:00.000000Z",
        "updated_at": f"2026-11-0{1 + aid % 9}T11:{minute:02d}:00.000000Z",
        "lead_time": float(30 + aid % 90),
        "project_id": 1,
        **_other_fields(cancelled, truth, rng),
    }


def _other_fields(cancelled: bool, truth: int, rng: random.Random) -> dict[str, object]:
    """Values for the fields an extended label schema adds (none for the built-in one)."""
    out: dict[str, object] = {}
    for f in active_schema().choices:
        if f.name not in (VERDICT.name, CLAIM_QUALITY.name):
            pick = truth % len(f.names) if rng.random() < 0.8 else rng.randrange(len(f.names))
            out[f.name] = None if cancelled else f.names[pick]
    builtin = {t.name for t in LABEL_SCHEMA.texts}
    out.update({t.name: None for t in active_schema().texts if t.name not in builtin})
    return out


def _dump(f: IO[str], record: dict[str, object]) -> None:
    f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_workspace(workdir: Path, spec: SyntheticSpec = SyntheticSpec()) -> int:
    """Write documents, claims, manifest and annotations under ``workdir``; return #claims."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(spec.seed)
    pool = [f"annotator-{rng.getrandbits(48):012x}" for _ in range(spec.annotators)]
    (workdir / MANIFEST).write_text(
        json.dumps({"extractor": {"name": "claimset-rules", "version": "synthetic"}}) + "\n"
    )
    n_claims = 0
    aid = 0
    block: list[str] = []
    with (
        (workdir / DOCUMENTS).open("w", encoding="utf-8") as docs,
        (workdir / CLAIMS).open("w", encoding="utf-8") as claims,
        (workdir / ANNOTATIONS).open("w", encoding="utf-8") as anns,
    ):
        for i in range(spec.documents):
            text, spans = _document(i, spec.claims_per_document, rng)
            digest = sha256_text(text)
            doc_id = make_doc_id(digest)
            _dump(
                docs,
                {
                    "doc_id": doc_id,
                    "title": f"Article {i}",
                    "publisher": "Synthetic News",
                    "published": f"2026-10-{1 + i % 28:02d}",
                    "source": f"synthetic/{i}.txt",
                    "sha256": digest,
                    "text": text,
                },
            )
            for start, end, sentence in spans:
                claim_id = make_claim_id(digest, start, end, "quantity")
                n_claims += 1
                _dump(
                    claims,
                    {
                        "id": claim_id,
                        "doc_id": doc_id,
                        "type": "quantity",
                        "text": sentence,
                        "start": start,
                        "end": end,
                        "slots": {
                            "value": float(end % 97),
                            "unit": "percent",
                            "qualifier": None,
                            "measure": "rise",
                        },
                    },
                )
                truth = rng.randrange(len(VERDICT.names))
                for who in rng.sample(pool, spec.annotators_per_claim):
                    aid += 1
                    record = _annotation(claim_id, n_claims, aid, who, truth, rng)
                    block.append(json.dumps(record, separators=(",", ":")))
                    if rng.random() < spec.updated_rate:
                        record["updated_at"] = "2026-11-20T12:00:00.000000Z"
                        record["notes"] = "revised"
                        block.append(json.dumps(record, separators=(",", ":")))
            if len(block) >= _BLOCK or i == spec.documents - 1:
                rng.shuffle(block)
                anns.write("\n".join(block) + "\n" if block else "")
                block = []
    return n_claims
