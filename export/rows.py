"""Column-wise construction of the ``claims`` and ``annotations`` rows of one batch of claims.

Everything is Arrow or NumPy arrays; the only per-claim Python work is slicing ``span_text``
out of the document text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute

from annotations.schema import active_schema
from export.aggregate import ClaimAggregates, aggregate_claims
from export.features import arrow_schema_for
from export.keys import KeyIndex

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _list_type() -> pa.ListType:
    """The ``annotations`` list type of the active schema's ``claims`` config."""
    list_type: pa.ListType = arrow_schema_for("claims").field("annotations").type
    return list_type


def _prov_type() -> pa.StructType:
    prov: pa.StructType = arrow_schema_for("claims").field("provenance").type
    return prov


@dataclass(slots=True)
class Documents:
    """The documents the claims point into, as Arrow columns (texts held once, in Arrow)."""

    table: pa.Table  # documents config columns, file order
    texts: pa.Array  # the text column as one array ("" for a missing text)
    lengths: IntArray  # length of each text in code points
    split: IntArray  # split index of each document
    ids: KeyIndex  # doc_id -> row (documents ids are unique)


@dataclass(frozen=True, slots=True)
class Constants:
    """Provenance values shared by every row."""

    extractor_name: str | None
    extractor_version: str | None
    builder_version: str
    adjudicators: tuple[str, ...]


def _struct(columns: dict[str, pa.Array], struct_type: pa.StructType) -> pa.StructArray:
    """A struct array from named child arrays, cast to ``struct_type``'s child types."""
    children = [columns[f.name].cast(f.type) for f in struct_type]
    return pa.StructArray.from_arrays(children, fields=list(struct_type))


def _repeat(value: object, n: int, type_: pa.DataType) -> pa.Array:
    return pa.array([value], type_).take(pa.array(np.zeros(n, dtype=np.int64)))


def span_texts(docs: Documents, doc_index: IntArray, start: IntArray, end: IntArray) -> pa.Array:
    """``text[start:end]`` of each claim's document.

    Only the batch's documents become Python strings (a few MB), never every article.
    """
    used, where = np.unique(doc_index, return_inverse=True)
    texts = docs.texts.take(pa.array(used)).to_pylist()
    doc_index = where.astype(np.int64)
    return pa.array(
        [
            texts[d][s:e]
            for d, s, e in zip(doc_index.tolist(), start.tolist(), end.tolist(), strict=True)
        ],
        pa.string(),
    )


def annotations_list(ann: pa.Table, offsets: IntArray) -> pa.ListArray:
    """The ``annotations`` list column: one list of annotation structs per claim."""
    list_type = _list_type()
    item_type: pa.StructType = list_type.value_type
    item = _struct({n: ann[n].combine_chunks() for n in item_type.names}, item_type)
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), item, type=list_type)


def aggregates(ann: pa.Table, offsets: IntArray, adjudicators: tuple[str, ...]) -> ClaimAggregates:
    """Per-claim aggregates of the batch (see ``export.aggregate.aggregate_claims``)."""
    adj = None
    if adjudicators:
        adj = pc.is_in(ann["annotator"], value_set=pa.array(adjudicators, pa.string()))
        adj = adj.fill_null(False).to_numpy(zero_copy_only=False)
    schema = active_schema()
    return aggregate_claims(
        offsets,
        {f.name: ann[f.name].to_numpy() for f in schema.aggregated},
        ann["was_cancelled"].to_numpy(zero_copy_only=False),
        n_classes={f.name: len(f.names) for f in schema.aggregated},
        adjudicator=adj,
        agreement_field=schema.agreement_field,
        rounds=entry_rounds(ann),
    )


def entry_rounds(ann: pa.Table) -> IntArray:
    """The ``round`` of each annotation row (1 where the column is absent or null)."""
    if "round" not in ann.column_names or not ann.num_rows:
        return np.ones(ann.num_rows, dtype=np.int64)
    return ann["round"].fill_null(1).to_numpy().astype(np.int64)


def first_round_rows(ann: pa.Table, offsets: IntArray) -> BoolArray:
    """The rows of each claim's earliest round (every row when there is one round)."""
    rounds = entry_rounds(ann)
    if not len(rounds) or rounds.min() == rounds.max():
        return np.ones(len(rounds), dtype=bool)
    claim_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    low = np.full(len(offsets) - 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(low, claim_of, rounds)
    return np.asarray(rounds == low[claim_of])


def _first_of(mask: BoolArray, offsets: IntArray) -> tuple[pa.Array, pa.Array]:
    """Per claim, the index of its first row in ``mask`` (0 if none) and whether it has one."""
    n = len(offsets) - 1
    claim_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    rows = np.flatnonzero(mask)
    owners, first = np.unique(claim_of[rows], return_index=True)
    index = np.zeros(n, dtype=np.int64)
    index[owners] = rows[first]
    has = np.zeros(n, dtype=bool)
    has[owners] = True
    return pa.array(index), pa.array(has)


def _ids_at(ann: pa.Table, name: str, index: pa.Array, has: pa.Array) -> pa.Array:
    """Column ``name`` of the rows ``index`` (null where ``has`` is false)."""
    if not ann.num_rows:
        return pa.nulls(len(index), pa.int64())
    picked = ann[name].combine_chunks().take(index)
    return pc.if_else(has, picked, pa.scalar(None, picked.type))


def task_ids_lists(ann: pa.Table, offsets: IntArray, rows: BoolArray | None = None) -> pa.ListArray:
    """Each claim's distinct Label Studio task ids, ascending, from its annotations (``rows``
    only, when given: the first round's).

    Normally one; two or more mean the claim was imported twice and both copies were
    annotated (the rows keep every annotation; ``claimset check`` flags the claim).
    """
    n = len(offsets) - 1
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    task = ann["task_id"].combine_chunks() if ann.num_rows else pa.array([], pa.int64())
    valid = task.is_valid().to_numpy(zero_copy_only=False)
    if rows is not None:
        valid = valid & rows
    ids = task.fill_null(0).to_numpy().astype(np.int64)[valid]
    owner = owner[valid]
    order = np.lexsort((ids, owner))
    owner, ids = owner[order], ids[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (owner[1:] != owner[:-1]) | (ids[1:] != ids[:-1])
    owner, ids = owner[first], ids[first]
    bounds = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(owner, minlength=n), out=bounds[1:])
    return pa.ListArray.from_arrays(pa.array(bounds), pa.array(ids, pa.int64()))


def several_tasks(table: pa.Table) -> list[tuple[str, list[int]]]:
    """``(claim_id, task ids)`` of the claims of ``table`` whose annotations span several tasks."""
    lists = pc.struct_field(table["provenance"].combine_chunks(), ["label_studio", "task_ids"])
    several = pc.greater(pc.list_value_length(lists), 1).fill_null(False)
    if not pc.any(several).as_py():
        return []
    claims = table["claim_id"].combine_chunks().filter(several).to_pylist()
    return list(zip(claims, lists.filter(several).to_pylist(), strict=True))


def _no_adjudication(n: int, struct_type: pa.StructType) -> pa.StructArray:
    """``provenance.adjudication`` of ``n`` claims no review round decided."""
    columns: dict[str, pa.Array] = {f.name: pa.nulls(n, f.type) for f in struct_type}
    columns["annotators"] = pa.ListArray.from_arrays(
        pa.array(np.zeros(n + 1, dtype=np.int32)), pa.array([], pa.string())
    )
    return _struct(columns, struct_type)


def adjudication(
    ann: pa.Table, offsets: IntArray, agg: ClaimAggregates, struct_type: pa.StructType
) -> pa.StructArray:
    """``provenance.adjudication``: the review round that decided each claim's labels, if any.

    Round, project and task of that round's first annotation, its live annotators (pseudonyms,
    in annotation order, each once) and the first round's majority label of every aggregated
    field (null: none); all null / empty for a claim no review round decided.
    """
    n = len(offsets) - 1
    done = agg.adjudicated
    if not done.any():  # the common case: one round, nothing to record
        return _no_adjudication(n, struct_type)
    decided = agg.decided_round
    claim_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    rows = done[claim_of] & (entry_rounds(ann) == decided[claim_of])
    first, has = _first_of(rows, offsets)
    live = rows & ~ann["was_cancelled"].to_numpy(zero_copy_only=False).astype(bool)
    who = ann["annotator"].combine_chunks().filter(pa.array(live)).cast(pa.string())
    names = who.to_numpy(zero_copy_only=False).astype(str)
    owners = claim_of[live]
    keep = np.zeros(len(owners), dtype=bool)
    if len(owners):  # each annotator once per claim
        keep[np.unique(np.char.add(owners.astype(str) + ":", names), return_index=True)[1]] = True
    bounds = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(owners[keep], minlength=n), out=bounds[1:])
    annotators = pa.ListArray.from_arrays(pa.array(bounds), pa.array(names[keep], pa.string()))
    overridden: dict[str, pa.Array] = {}
    for f in active_schema().aggregated:
        earlier = agg[f.name].first_label
        if earlier is None:
            earlier = np.full(n, -1, dtype=np.int64)
        values = pa.array(f.names, pa.string()).take(pa.array(np.maximum(earlier, 0)))
        shown = pa.array(done & (earlier >= 0))
        overridden[f"overridden_{f.name}"] = pc.if_else(shown, values, pa.scalar(None, pa.string()))
    columns = {
        "round": pa.array(decided, pa.int64(), mask=~done),
        "project_id": _ids_at(ann, "project_id", first, has),
        "task_id": _ids_at(ann, "task_id", first, has),
        "annotators": annotators,
        **overridden,
    }
    return _struct(columns, struct_type)


def provenance(
    docs: Documents,
    doc_index: IntArray,
    ann: pa.Table,
    offsets: IntArray,
    const: Constants,
    agg: ClaimAggregates,
) -> pa.StructArray:
    """The ``provenance`` struct of each claim."""
    n = len(doc_index)
    prov_type = _prov_type()
    take = pa.array(doc_index)
    doc_cols = {
        f.name: docs.table[f.name].take(take).combine_chunks() for f in prov_type["document"].type
    }
    base = first_round_rows(ann, offsets)
    first, has = _first_of(base, offsets)
    ls_cols = {name: _ids_at(ann, name, first, has) for name in ("project_id", "task_id")}
    ls_cols["task_ids"] = task_ids_lists(ann, offsets, base)
    return _struct(
        {
            "document": _struct(doc_cols, prov_type["document"].type),
            "extractor": _struct(
                {
                    "name": _repeat(const.extractor_name, n, pa.string()),
                    "version": _repeat(const.extractor_version, n, pa.string()),
                },
                prov_type["extractor"].type,
            ),
            "label_studio": _struct(ls_cols, prov_type["label_studio"].type),
            "adjudication": adjudication(ann, offsets, agg, prov_type["adjudication"].type),
            "builder": _struct(
                {
                    "name": _repeat("claimset", n, pa.string()),
                    "version": _repeat(const.builder_version, n, pa.string()),
                },
                prov_type["builder"].type,
            ),
        },
        prov_type,
    )


def claims_table(
    claims: pa.RecordBatch,
    docs: Documents,
    doc_index: IntArray,
    ann: pa.Table,
    offsets: IntArray,
    agg: ClaimAggregates,
    const: Constants,
) -> pa.Table:
    """The ``claims`` rows of a batch (already filtered to valid claims)."""
    start = claims["start"].to_numpy()
    end = claims["end"].to_numpy()
    agreement = agg.agreement
    schema = arrow_schema_for("claims")
    columns: dict[str, Any] = {
        "claim_id": claims["id"],
        "doc_id": claims["doc_id"],
        "claim_type": claims["type"],
        "claim_text": claims["text"],
        "span_text": span_texts(docs, doc_index, start, end),
        "start": claims["start"],
        "end": claims["end"],
        "checkworthiness": claims["checkworthiness"],
        "sentence_start": claims["sentence_start"],
        "sentence_end": claims["sentence_end"],
        "slots": claims["slots"].cast(schema.field("slots").type),
        **{name: pa.array(a.label, pa.int64()) for name, a in agg.fields.items()},
        "num_annotations": pa.array(agg.num_annotations, pa.int64()),
        "agreement": pa.array(agreement, pa.float64(), mask=np.isnan(agreement)),
        "needs_adjudication": pa.array(agg.needs_adjudication, pa.bool_()),
        "annotations": annotations_list(ann, offsets),
        "provenance": provenance(docs, doc_index, ann, offsets, const, agg),
    }
    return pa.Table.from_arrays([columns[n] for n in schema.names], schema=schema)


def annotations_table(ann: pa.Table) -> pa.Table:
    """The ``annotations`` config rows of a batch (one per annotation, with ``claim_id``)."""
    schema = arrow_schema_for("annotations")
    arrays = [ann[f.name].cast(f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)
