"""Checks of a workspace before export: documents, claims and pulled annotations.

The JSON Lines files are read into Arrow with the exporter's readers (``export.sources``), the
claims' columns renamed to their dataset names (``id`` -> ``claim_id``...), and then the same
vectorised rules run as on a dataset where they apply (documents, spans, privacy), plus the
workspace's own: references, ids, label values and annotation spans.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from annotations.schema import active_schema
from claims import workspace as ws
from claims.model import active_claim_types
from export.check.arrays import bools, ints, is_null, pc
from export.check.claim_ids import check_claim_ids
from export.check.content import check_documents, check_spans
from export.check.engine import Emitter, Options, Rule
from export.check.privacy import check_privacy
from export.check.report import clip
from export.check.source import DatasetSource, Part, Stack
from export.check.structure import check_score_range, report_duplicates
from export.check.tasks import check_tasks
from export.sources import iter_claim_batches, read_annotations_table, read_documents_table

CLAIM_COLUMNS = {"id": "claim_id", "type": "claim_type", "text": "claim_text"}


def is_workspace(path: Path) -> bool:
    """A workspace holds at least ``documents`` or ``claims`` (JSON Lines or Parquet)."""
    return any(ws.workspace_file(path, name).is_file() for name in (ws.DOCUMENTS, ws.CLAIMS))


def open_workspace(root: Path) -> DatasetSource:
    """The workspace's three files as single-part configs of a source the rules can read."""
    source = DatasetSource(root=root, card={}, body="", parts={})
    names = {name: ws.workspace_file(root, name).name for name in (ws.DOCUMENTS, ws.CLAIMS)}
    tables = {"documents": (names[ws.DOCUMENTS], read_documents_table(root))}
    batches = list(iter_claim_batches(root))
    if batches:
        claims = pa.Table.from_batches(batches)
        claims = claims.rename_columns([CLAIM_COLUMNS.get(n, n) for n in claims.column_names])
        tables["claims"] = (names[ws.CLAIMS], claims)
    annotations = read_annotations_table(root)
    if annotations.num_rows:
        tables["annotations"] = (ws.ANNOTATIONS, annotations)
    for config, (name, table) in tables.items():
        source.parts[config] = [Part(config, None, root / name, name, table)]
    return source


def check_ids(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Ids unique; claims name known documents; annotations name known claims."""
    docs = ds.stack("documents")
    report_duplicates(out, docs, "doc_id", "doc_id")
    if ds.parts_of("claims"):
        claims = ds.stack("claims")
        report_duplicates(out, claims, "claim_id", "claim id")
        _references(out, claims, "doc_id", docs.column("doc_id"), "document")
    if ds.parts_of("annotations"):
        ann = ds.stack("annotations")
        if ds.parts_of("claims"):
            _references(out, ann, "claim_id", ds.stack("claims").column("claim_id"), "claim")
        _annotation_versions(out, ann)


def _references(out: Emitter, stack: Stack, column: str, known: pa.Array, what: str) -> None:
    values = stack.column(column)
    dangling = ~bools(pc.is_in(values, value_set=known)) & ~is_null(values)
    stack.emit(
        out,
        f"unknown_{what}",
        dangling,
        lambda i: f"{column} {clip(values[i].as_py())} names no {what} of the workspace",
    )


def _annotation_versions(out: Emitter, ann: Stack) -> None:
    """An annotation id is one annotation: its versions differ in ``updated_at``, one claim."""
    ids = ints(ann.column("annotation_id"), null=-1)
    stamp = ints(pc.cast(ann.column("updated_at"), pa.int64()), null=-1)
    claim = pc.dictionary_encode(ann.column("claim_id")).indices
    codes = ints(claim, null=-1)
    order = np.lexsort((stamp, ids))
    same_id = np.zeros(len(ids), dtype=bool)
    same_id[1:] = ids[order][1:] == ids[order][:-1]
    repeat = same_id.copy()
    repeat[1:] &= stamp[order][1:] == stamp[order][:-1]
    moved = same_id.copy()
    moved[1:] &= codes[order][1:] != codes[order][:-1]
    bad_repeat = np.zeros(len(ids), dtype=bool)
    bad_repeat[order[repeat]] = True
    bad_moved = np.zeros(len(ids), dtype=bool)
    bad_moved[order[moved]] = True
    ann.emit(
        out,
        "annotation_duplicate",
        bad_repeat,
        lambda i: f"annotation_id {ids[i]} appears twice with the same updated_at",
    )
    ann.emit(
        out,
        "annotation_reused",
        bad_moved,
        lambda i: f"annotation_id {ids[i]} is used for more than one claim",
    )
    ann.emit(out, "annotation_null", ids < 0, lambda i: "annotation_id is null")


def check_labels(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Claim types and annotation labels are values of the schema."""
    if ds.parts_of("claims"):
        claims = ds.stack("claims")
        types = claims.column("claim_type")
        names = [str(t) for t in active_claim_types()]
        allowed = pa.array(names)
        bad = ~bools(pc.is_in(types, value_set=allowed))
        check_score_range(out, claims)
        claims.emit(
            out,
            "claim_type",
            bad,
            lambda i: (
                f"type {clip(types[i].as_py())} is not one of {', '.join(allowed.to_pylist())}"
            ),
        )
    if not ds.parts_of("annotations"):
        return
    ann = ds.stack("annotations")
    for field in active_schema().choices:
        _label_values(out, ann, field.name, field.names)


def _label_values(out: Emitter, ann: Stack, name: str, allowed: list[str]) -> None:
    values = ann.column(name)
    bad = ~bools(pc.is_in(values, value_set=pa.array(allowed))) & ~is_null(values)
    ann.emit(
        out,
        name,
        bad,
        lambda i: (
            f"{name} {clip(values[i].as_py())} is not a value of the schema ({', '.join(allowed)})"
        ),
    )


def check_workspace_spans(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Claim offsets within their documents; adjusted annotation spans too."""
    check_spans(ds, out, options)
    if not (ds.parts_of("annotations") and ds.parts_of("claims")):
        return
    ann, claims, docs = ds.stack("annotations"), ds.stack("claims"), ds.stack("documents")
    claim = ints(pc.index_in(ann.column("claim_id"), value_set=claims.column("claim_id")))
    doc = ints(pc.index_in(claims.column("doc_id"), value_set=docs.column("doc_id")))
    length = ints(pc.utf8_length(docs.column("text")), null=0)
    doc_of = np.where(claim >= 0, doc[np.maximum(claim, 0)], -1)
    doc_len = np.where(doc_of >= 0, length[np.maximum(doc_of, 0)], 0)
    start = ints(ann.column("span_start"), null=-2)
    end = ints(ann.column("span_end"), null=-2)
    given = (start != -2) | (end != -2)
    bad = given & (doc_of >= 0) & ((start < 0) | (start >= end) | (end > doc_len))
    ann.emit(
        out,
        "annotation_out_of_range",
        bad,
        lambda i: (
            f"annotation {ints(ann.column('annotation_id'))[i]} span [{start[i]}, {end[i]}) is "
            f"not within its document of length {doc_len[i]}"
        ),
    )


WORKSPACE_RULES: list[Rule[DatasetSource]] = [
    Rule("ids", "ids unique; claims and annotations reference known records", check_ids),
    Rule(
        "labels",
        "claim types and annotation labels are values of the schema; checkworthiness in 0..1",
        check_labels,
    ),
    Rule("spans", "claim and annotation spans lie within their documents", check_workspace_spans),
    Rule("documents", "each document's sha256 and doc_id derive from its text", check_documents),
    Rule(
        "claim_ids",
        "each claim id is the one made from its document's sha256, start, end and type",
        check_claim_ids,
    ),
    Rule("tasks", "one Label Studio task per claim and one claim per task", check_tasks),
    Rule("privacy", "no e-mail address or token-like string in any text field", check_privacy),
]
