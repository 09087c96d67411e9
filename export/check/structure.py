"""Rules on the shape of a dataset: schema, labels, ids and splits.

The expected shapes come from ``export.features`` (which derives them from the one label schema);
the card's declared features are compared with both the Parquet files and those expectations.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from datasets import ClassLabel, Features, List

from export.check.arrays import BoolArray, bools, ints, is_null, normal_type, pc, type_str
from export.check.engine import Emitter, Options, Where
from export.check.hashing import duplicated, index_of, repeated_by_sort, repeated_ints
from export.check.report import clip
from export.check.source import DatasetSource, Stack
from export.features import CONFIGS, features_for


def check_schema(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Parquet columns and types equal the card's features; required columns are declared."""
    for config in CONFIGS:
        if not ds.parts_of(config) and not (config == "annotations" and _no_annotations(ds)):
            out.add(
                "missing_config", f"no Parquet files for config {config!r}", where=Where(config)
            )
    for config in ds.configs:
        declared = ds.declared_features(config)
        if declared is None:
            out.add(
                "undeclared",
                f"the card declares no dataset_info features for config {config!r}",
                where=Where(config, file="README.md"),
            )
        elif config in CONFIGS:
            _compare(
                out,
                "card_features",
                declared.arrow_schema,
                features_for(config).arrow_schema,
                Where(config, file="README.md"),
                extra_ok=True,
                what="card features",
            )
        reference = declared.arrow_schema if declared is not None else None
        if reference is None and config in CONFIGS:
            reference = features_for(config).arrow_schema
        if reference is None:
            continue
        for part in ds.parts_of(config):
            _compare(
                out,
                "columns",
                part.schema,
                reference,
                Where(config, part.split, part.rel),
                extra_ok=False,
                what="Parquet file",
            )


def _no_annotations(ds: DatasetSource) -> bool:
    """A dataset exported before any annotation has no ``annotations`` config, legitimately."""
    if not ds.parts_of("claims"):
        return False
    claims = ds.stack("claims")
    if "annotations" not in claims.table.column_names:
        return False
    return int(claims.offsets("annotations")[-1]) == 0


def _compare(
    out: Emitter,
    code: str,
    actual: pa.Schema,
    expected: pa.Schema,
    where: Where,
    *,
    extra_ok: bool,
    what: str,
) -> None:
    """Report columns missing from ``actual``, extra in it, or of another type."""
    have = {f.name: f.type for f in actual}
    for f in expected:
        if f.name not in have:
            out.add(code, f"{what} lacks column {f.name!r} ({type_str(f.type)})", where=where)
        elif not normal_type(have[f.name]).equals(normal_type(f.type)):
            out.add(
                code,
                f"{what} column {f.name!r} is {type_str(have[f.name])}, "
                f"expected {type_str(f.type)}",
                where=where,
            )
    if not extra_ok:
        names = set(expected.names)
        for name in actual.names:
            if name not in names:
                out.add(code, f"{what} has undeclared column {name!r}", where=where)


def class_labels(features: Features) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """ClassLabel sizes: top-level columns, and fields of list-of-struct columns."""
    top: dict[str, int] = {}
    nested: dict[str, dict[str, int]] = {}
    for name, feature in features.items():
        if isinstance(feature, ClassLabel):
            top[name] = feature.num_classes
        elif isinstance(feature, List) and isinstance(feature.feature, dict):
            inner = {
                k: v.num_classes for k, v in feature.feature.items() if isinstance(v, ClassLabel)
            }
            if inner:
                nested[name] = inner
    return top, nested


def check_labels(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """ClassLabel values in range; -1 only where ``needs_adjudication`` is true."""
    for config in ds.configs:
        if config not in CONFIGS:
            continue
        top, nested = class_labels(features_for(config))
        stack = ds.stack(config)
        has_flag = "needs_adjudication" in stack.table.column_names
        unresolved_ok: BoolArray = np.ones(stack.table.num_rows, dtype=bool)
        if has_flag:
            unresolved_ok = bools(stack.column("needs_adjudication"))
            if "num_annotations" in stack.table.column_names:
                # an unannotated claim is unresolved without needing adjudication
                unresolved_ok = unresolved_ok | (ints(stack.column("num_annotations")) == 0)
        for name, n in top.items():
            _top_label(out, stack, name, n, unresolved_ok, has_flag)
        for column, fields in nested.items():
            for name, n in fields.items():
                _nested_label(out, stack, column, name, n)
        if config == "claims":
            check_score_range(out, stack)


def check_score_range(out: Emitter, stack: Stack, column: str = "checkworthiness") -> None:
    """A claim's check-worthiness is null (claims scored before it existed) or within 0..1."""
    if column not in stack.table.column_names:
        return  # a missing column is the schema rule's finding
    array = stack.column(column)
    if not (pa.types.is_floating(array.type) or pa.types.is_integer(array.type)):
        return  # a column of another type is the schema rule's finding
    values = pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False)
    bad = ~np.isnan(values) & ((values < 0.0) | (values > 1.0))
    stack.emit(out, "out_of_range", bad, lambda i: f"{column} {values[i]:g} is not within 0..1")


def _top_label(
    out: Emitter, stack: Stack, name: str, n: int, unresolved_ok: np.ndarray, has_flag: bool
) -> None:
    values = ints(stack.column(name), null=-2)
    bad = ((values < -1) | (values >= n)) | ((values == -1) & ~unresolved_ok)
    stack.emit(out, "out_of_range", bad, lambda i: _label_msg(name, values[i], n, has_flag))


def _nested_label(out: Emitter, stack: Stack, column: str, name: str, n: int) -> None:
    offsets = stack.offsets(column)
    values = ints(stack.child(f"{column}.{name}"), null=-1)
    bad_values = (values < -1) | (values >= n)
    if not bad_values.any():
        return
    bad = np.zeros(stack.table.num_rows, dtype=bool)
    bad[np.searchsorted(offsets, np.flatnonzero(bad_values), side="right") - 1] = True
    stack.emit(
        out, "out_of_range", bad, lambda i: f"{column}[].{name} has a value outside -1..{n - 1}"
    )


def _label_msg(name: str, value: int, n: int, has_flag: bool) -> str:
    if value == -2:
        return f"{name} is null (unresolved labels are stored as -1)"
    if value == -1 and has_flag:
        return f"{name} is -1 (unresolved) on an annotated claim but needs_adjudication is false"
    return f"{name} is {value}, outside -1..{n - 1}"


def check_ids(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Ids unique (claims across all splits, annotations everywhere); references resolve."""
    if ds.parts_of("claims"):
        claims = ds.stack("claims")
        report_duplicates(out, claims, "claim_id", "claim_id")
        if "annotations" in claims.table.column_names:
            _nested_annotation_ids(out, claims)
        if ds.parts_of("documents"):
            dangling = ds.lookup("claims", "doc_id", "documents", "doc_id") < 0
            claims.emit(
                out,
                "unknown_document",
                dangling,
                lambda i: (
                    f"doc_id {clip(claims.table['doc_id'][i].as_py())} is not in config 'documents'"
                ),
            )
    if ds.parts_of("documents"):
        for part in ds.parts_of("documents"):
            single = Stack("documents", [part], part.table, np.array([0, part.table.num_rows]))
            report_duplicates(out, single, "doc_id", "doc_id")
    if ds.parts_of("annotations"):
        annotations = ds.stack("annotations")
        report_duplicates(out, annotations, "annotation_id", "annotation_id")
        if ds.parts_of("claims") and "annotations" in ds.stack("claims").table.column_names:
            _configs_agree(out, ds.stack("claims"), annotations)
        if ds.parts_of("claims"):
            dangling = ds.lookup("annotations", "claim_id", "claims", "claim_id") < 0
            annotations.emit(
                out,
                "unknown_claim",
                dangling,
                lambda i: (
                    f"annotation {annotations.table['annotation_id'][i].as_py()} refers to an "
                    "unknown claim_id"
                ),
            )


def report_duplicates(out: Emitter, stack: Stack, column: str, label: str) -> None:
    """Report null and repeated values of ``column`` over the whole stack."""
    values = stack.column(column)
    nulls = is_null(values)
    stack.emit(out, "null", nulls, lambda i: f"{label} is null")
    dup = duplicated(values)
    if dup.any():
        stack.emit(
            out,
            "duplicate",
            dup,
            lambda i: (
                f"{label} {clip(values[i].as_py())} occurs more than once "
                f"(here in split {stack.split_of(i)!r})"
            ),
        )


def _configs_agree(out: Emitter, claims: Stack, annotations: Stack) -> None:
    """Config ``annotations`` holds exactly the annotations listed in the claims' rows."""
    nested = claims.child("annotations.annotation_id")
    rows = annotations.column("annotation_id")
    if len(nested) == len(rows) and np.array_equal(ints(nested), ints(rows)):
        return  # the same annotations in the same order, as the exporter writes them
    annotations.emit(
        out,
        "not_in_claims",
        (index_of(rows, nested) < 0) & ~is_null(rows),
        lambda i: f"annotation {rows[i].as_py()} is in no claim's annotations list",
    )
    absent = np.flatnonzero((index_of(nested, rows) < 0) & ~is_null(nested))
    if len(absent):
        bad = np.zeros(claims.table.num_rows, dtype=bool)
        bad[np.searchsorted(claims.offsets("annotations"), absent, side="right") - 1] = True
        claims.emit(
            out,
            "not_in_annotations",
            bad,
            lambda i: "an annotation in annotations[] is missing from config 'annotations'",
        )


def _nested_annotation_ids(out: Emitter, claims: Stack) -> None:
    """Annotation ids inside the claims' ``annotations`` lists are unique across all claims."""
    offsets = claims.offsets("annotations")
    ids = ints(claims.child("annotations.annotation_id"), null=-1)
    counted = repeated_ints(ids)
    same = counted if counted is not None else repeated_by_sort(ids)
    same |= ids < 0
    if not same.any():
        return
    bad = np.zeros(claims.table.num_rows, dtype=bool)
    bad[np.searchsorted(offsets, np.flatnonzero(same), side="right") - 1] = True
    claims.emit(
        out,
        "annotation_duplicate",
        bad,
        lambda i: "an annotation_id in annotations[] is null or repeated",
    )


def check_splits(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Every document in exactly one split; a claim and its annotations in its document's split."""
    for config in ds.configs:
        for part in ds.parts_of(config):
            if part.table.num_rows == 0:
                out.add("empty", "empty split file", where=Where(config, part.split, part.rel))
    if not ds.parts_of("documents"):
        return
    docs = ds.stack("documents")
    doc_ids = docs.column("doc_id")
    doc_split = np.repeat(np.arange(len(docs.parts)), np.diff(docs.bounds))
    dup = np.flatnonzero(duplicated(doc_ids))
    if len(dup):
        splits_of: dict[str, set[int]] = {}
        for row, key in zip(dup.tolist(), pc.take(doc_ids, pa.array(dup)).to_pylist(), strict=True):
            splits_of.setdefault(key, set()).add(int(doc_split[row]))
        bad = np.zeros(len(doc_ids), dtype=bool)
        bad[[r for r in dup.tolist() if len(splits_of[doc_ids[r].as_py()]) > 1]] = True
        docs.emit(
            out,
            "document_in_many",
            bad,
            lambda i: f"document {clip(doc_ids[i].as_py())} appears in more than one split",
        )
    _same_split(out, ds, ("claims", "doc_id"), ("documents", "doc_id"), "document")
    if ds.parts_of("annotations") and ds.parts_of("claims"):
        _same_split(out, ds, ("annotations", "claim_id"), ("claims", "claim_id"), "claim")


def split_codes(ds: DatasetSource, config: str) -> tuple[np.ndarray, list[str]]:
    """The split of each row of ``config`` as a small integer, and the split names by code."""
    names = sorted({str(p.split) for c in ds.configs for p in ds.parts_of(c)})
    stack = ds.stack(config)
    codes = np.array([names.index(str(p.split)) for p in stack.parts], dtype=np.int8)
    return np.repeat(codes, np.diff(stack.bounds)), names


def _same_split(
    out: Emitter,
    ds: DatasetSource,
    source: tuple[str, str],
    target: tuple[str, str],
    what: str,
) -> None:
    """Rows of ``source[0]`` sit in the split of the ``target[0]`` row they reference."""
    config, key = source
    if not ds.parts_of(config):
        return
    index = ds.lookup(config, key, *target)
    row_split, names = split_codes(ds, config)
    target_split, _ = split_codes(ds, target[0])
    found = index >= 0
    bad = np.zeros(len(index), dtype=bool)
    bad[found] = target_split[index[found]] != row_split[found]
    ds.stack(config).emit(
        out,
        f"{config}_split",
        bad,
        lambda i: (
            f"row is in split {names[row_split[i]]!r} but its {what} is in split "
            f"{names[target_split[index[i]]]!r}"
        ),
    )
