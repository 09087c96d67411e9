"""A synthetic annotated workspace of any size, for benchmarks, fixtures and demos.

Deterministic for a seed. Documents are filler text with one claim sentence every so often;
each claim gets ``annotators_per_claim`` annotations from a small pool of pseudonymous
annotators who mostly agree; a few annotations are cancelled and a few are updated (two
versions in the file). Annotation lines are shuffled in blocks, so the file is not ordered
by claim (as after several incremental pulls).

The random draws of a block of documents are made at once with numpy and the JSON lines of
the claims and annotations are filled in from precomputed fragments (the records hold only
ASCII text that needs no escaping), so a million claims take seconds, not minutes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from annotations.schema import CLAIM_QUALITY, LABEL_SCHEMA, VERDICT, ChoiceField, active_schema
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
_FILLER_WORDS = 12
_BLOCK = 20_000  # annotation lines shuffled together (about)
_AGREE = 0.8  # an annotator's verdict is the claim's truth this often
_QUALITY_OK = 0.85  # and the claim quality the first value this often
_QUOTE = "The agency's figures show the same rise."
_REVISED_AT = "2026-11-20T12:00:00.000000Z"


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


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _choice_fragments(field: ChoiceField) -> list[str]:
    """``"name":"value"`` for each index of ``field``, then ``"name":null`` (index -1)."""
    return [f'"{field.name}":{_json(v)}' for v in field.names] + [f'"{field.name}":null']


def _times(aid: int) -> tuple[str, str]:
    """The fields that follow ``updated_at`` and the day/minute of annotation ``aid``."""
    day, minute = 1 + aid % 9, aid % 60
    return (
        f"2026-11-0{day}T10:{minute:02d}:00.000000Z",
        f"2026-11-0{day}T11:{minute:02d}:00.000000Z",
    )


class _Fragments:
    """The JSON pieces of an annotation line that depend on a small index only."""

    def __init__(self) -> None:
        schema = active_schema()
        self.verdict = _choice_fragments(VERDICT)
        self.quality = _choice_fragments(CLAIM_QUALITY)
        self.others = [
            f for f in schema.choices if f.name not in (VERDICT.name, CLAIM_QUALITY.name)
        ]
        self.other_choices = [_choice_fragments(f) for f in self.others]
        builtin = {t.name for t in LABEL_SCHEMA.texts}
        self.tail = "".join(f',"{t.name}":null' for t in schema.texts if t.name not in builtin)
        # created_at, updated_at and lead_time repeat every 180 annotation ids (9, 60 and 90)
        self.created = [_times(a)[0] for a in range(180)]
        self.updated = [_times(a)[1] for a in range(180)]
        self.lead = [_json(float(30 + a % 90)) for a in range(180)]
        self.evidence = [
            f'"evidence_url":"https://example.org/source/{a}","evidence_quote":{_json(_QUOTE)}'
            for a in range(997)
        ]


def _document(
    i: int, words: np.ndarray, numbers: np.ndarray
) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and its claim spans ``(start, end, sentence)``: one filler sentence of the
    words of ``words[c]`` before each claim sentence ``c`` (its figure ``numbers[c]``)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for c, (row, number) in enumerate(zip(words.tolist(), numbers.tolist(), strict=True)):
        filler = " ".join([_WORDS[w] for w in row]) + ". "
        sentence = f"Item {i}-{c} rose by {number} percent."
        parts.append(filler)
        pos += len(filler)
        spans.append((pos, pos + len(sentence), sentence))
        parts.append(sentence + " ")
        pos += len(sentence) + 1
    return "".join(parts), spans


def _picks(
    rng: np.random.Generator, n: int, truth: np.ndarray, size: int, agree: float
) -> np.ndarray:
    """``n`` choice indices: ``truth`` with probability ``agree``, else uniform in ``size``."""
    keep = rng.random(n) < agree
    return np.where(keep, truth, rng.integers(0, size, n))


def _annotation_lines(
    rng: np.random.Generator,
    spec: SyntheticSpec,
    frags: _Fragments,
    claim_ids: list[str],
    first_task: int,
    first_aid: int,
    pool: list[str],
) -> list[str]:
    """The annotation lines of ``claim_ids`` (tasks and annotation ids numbered on from
    ``first_task`` and ``first_aid``), updated ones twice, in claim order."""
    n_claims, k = len(claim_ids), spec.annotators_per_claim
    n = n_claims * k
    truth = rng.integers(0, len(VERDICT.names), n_claims)
    who = np.argsort(rng.random((n_claims, spec.annotators)), axis=1)[:, :k].reshape(-1)
    truth_each = np.repeat(truth, k)
    cancelled = rng.random(n) < spec.cancelled_rate
    verdict = np.where(cancelled, -1, _picks(rng, n, truth_each, len(VERDICT.names), _AGREE))
    quality = np.where(
        cancelled, -1, _picks(rng, n, np.zeros(n, np.int64), len(CLAIM_QUALITY.names), _QUALITY_OK)
    )
    others = [
        np.where(cancelled, -1, _picks(rng, n, truth_each % len(f.names), len(f.names), _AGREE))
        for f in frags.others
    ]
    updated = (rng.random(n) < spec.updated_rate).tolist()
    aids = range(first_aid, first_aid + n)
    lines: list[str] = []
    v_frag, q_frag, ev = frags.verdict, frags.quality, frags.evidence
    created, upd, lead, tail = frags.created, frags.updated, frags.lead, frags.tail
    other_lists = [o.tolist() for o in others]
    rows = zip(
        aids,
        who.tolist(),
        verdict.tolist(),
        quality.tolist(),
        cancelled.tolist(),
        updated,
        strict=True,
    )
    for j, (aid, w, v, q, c, u) in enumerate(rows):
        claim = j // k
        head = (
            f'{{"claim_id":"{claim_ids[claim]}","task_id":{first_task + claim},'
            f'"annotation_id":{aid},"annotator":"{pool[w]}",{v_frag[v]},{q_frag[q]},'
            + ('"evidence_url":null,"evidence_quote":null' if c else ev[aid % 997])
            + ',"corrected_claim":null,"notes":'
        )
        r = aid % 180
        middle = (
            f',"span_start":null,"span_end":null,"was_cancelled":{"true" if c else "false"},'
            f'"created_at":"{created[r]}","updated_at":"'
        )
        rest = f'","lead_time":{lead[r]},"project_id":1'
        if other_lists:
            rest += "".join("," + frags.other_choices[f][o[j]] for f, o in enumerate(other_lists))
        rest += tail + "}"
        lines.append(f"{head}null{middle}{upd[r]}{rest}")
        if u:
            lines.append(f'{head}"revised"{middle}{_REVISED_AT}{rest}')
    return lines


def write_workspace(workdir: Path, spec: SyntheticSpec = SyntheticSpec()) -> int:
    """Write documents, claims, manifest and annotations under ``workdir``; return #claims."""
    if spec.annotators_per_claim > spec.annotators:
        raise ValueError("annotators_per_claim is larger than the pool of annotators")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(spec.seed)
    pool = [f"annotator-{int(x):012x}" for x in rng.integers(0, 2**48, spec.annotators)]
    frags = _Fragments()
    (workdir / MANIFEST).write_text(
        json.dumps({"extractor": {"name": "claimset-rules", "version": "synthetic"}}) + "\n"
    )
    per_doc = spec.claims_per_document
    docs_per_block = max(1, -(-_BLOCK // max(1, per_doc * spec.annotators_per_claim)))
    n_claims = 0
    aid = 1
    with (
        (workdir / DOCUMENTS).open("w", encoding="utf-8") as docs,
        (workdir / CLAIMS).open("w", encoding="utf-8") as claims,
        (workdir / ANNOTATIONS).open("w", encoding="utf-8") as anns,
    ):
        for first in range(0, spec.documents, docs_per_block):
            block_docs = range(first, min(first + docs_per_block, spec.documents))
            words = rng.integers(0, len(_WORDS), (len(block_docs), per_doc, _FILLER_WORDS))
            numbers = rng.integers(1, 100, (len(block_docs), per_doc))
            doc_lines: list[str] = []
            claim_lines: list[str] = []
            claim_ids: list[str] = []
            for b, i in enumerate(block_docs):
                text, spans = _document(i, words[b], numbers[b])
                digest = sha256_text(text)
                doc_id = make_doc_id(digest)
                record = {
                    "doc_id": doc_id,
                    "title": f"Article {i}",
                    "publisher": "Synthetic News",
                    "published": f"2026-10-{1 + i % 28:02d}",
                    "source": f"synthetic/{i}.txt",
                    "sha256": digest,
                    "text": text,
                }
                doc_lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                for start, end, sentence in spans:
                    claim_id = make_claim_id(digest, start, end, "quantity")
                    claim_ids.append(claim_id)
                    claim_lines.append(
                        f'{{"id":"{claim_id}","doc_id":"{doc_id}","type":"quantity",'
                        f'"text":"{sentence}","start":{start},"end":{end},'
                        f'"slots":{{"value":{float(end % 97)!r},"unit":"percent",'
                        f'"qualifier":null,"measure":"rise"}}}}'
                    )
            lines = _annotation_lines(rng, spec, frags, claim_ids, n_claims + 1, aid, pool)
            aid += len(claim_ids) * spec.annotators_per_claim
            n_claims += len(claim_ids)
            docs.write("".join(line + "\n" for line in doc_lines))
            claims.write("".join(line + "\n" for line in claim_lines))
            if lines:
                order = rng.permutation(len(lines)).tolist()
                anns.write("".join(lines[o] + "\n" for o in order))
    return n_claims
