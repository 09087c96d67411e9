"""The ``annotation_copies`` rule: config ``annotations`` equals the copies nested in ``claims``.

The exporter writes every annotation twice: as a row of config ``annotations`` (with its
``claim_id`` and ``task_id``) and as an item of its claim's ``annotations[]`` list. The ``ids``
rule checks that both hold the same annotation ids; this rule checks that each row equals its
copy field by field (labels, texts, annotator, times, spans) and names the claim that lists it.
An edit of one copy only (a verdict flipped in ``annotations``, say) is caught here, while the
``aggregates`` rule recomputes from the nested copies alone.

Rows are matched to copies by ``annotation_id`` (by position when both are in the same order,
as the exporter writes them). Fields are compared one at a time, so at most one field of each
side is held besides the row masks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa

from export.check.arrays import BoolArray, IntArray, bools, ints, is_null, pc
from export.check.engine import Emitter, Options
from export.check.hashing import index_of
from export.check.report import clip
from export.check.screen import Scan, Screener, scan
from export.check.source import DatasetSource, Stack


def check_annotation_copies(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """Each ``annotations`` row equals the item with its ``annotation_id`` in ``annotations[]``."""
    if not ds.parts_of("claims") or not ds.parts_of("annotations"):
        return
    claims, ann = ds.stack("claims"), ds.stack("annotations")
    if "annotations" not in claims.table.column_names:
        return
    copy, aligned = copy_positions(ds)
    found = copy >= 0
    item_type = claims.type_of("annotations").value_type
    differs: dict[str, BoolArray] = {}
    for name in item_type.names:
        if name == "annotation_id" or name not in ann.table.column_names:
            continue
        same = field_same(ds, name)
        if isinstance(same, bool):  # every row equals its copy
            continue
        differ: BoolArray = found & ~same
        if differ.any():
            differs[name] = differ
    owner = _owner(claims, copy, aligned)
    claim_ids = claims.column("claim_id")
    if "claim_id" in ann.table.column_names:
        mask = found & _other_claim(ds, ann, claim_ids, owner)
        if mask.any():
            differs["claim_id"] = mask
    if not differs:
        return
    bad = np.logical_or.reduce(list(differs.values()))
    ids = ann.column("annotation_id")
    ann.emit(
        out,
        "differs",
        bad,
        lambda i: (
            f"annotation {ids[i].as_py()} differs from its copy in the annotations[] of claim "
            f"{clip(claim_ids[int(owner[i])].as_py())} in "
            f"{', '.join(n for n, m in differs.items() if m[i])}"
        ),
    )


def field_same(ds: DatasetSource, name: str) -> BoolArray | bool:
    """Per ``annotations`` row, whether field ``name`` equals its nested copy's (the copy
    found by ``annotation_id``; rows without one compare with item 0): ``True`` when every
    row does. Computed once: the ``privacy`` rule asks the same to skip scanning a copy."""

    def compute() -> BoolArray | bool:
        claims, ann = ds.stack("claims"), ds.stack("annotations")
        copy, aligned = copy_positions(ds)
        if aligned:
            same = _streamed_same(claims, ann, name)
            return True if bool(same.all()) else same
        theirs = _nested_screened(claims, name)
        same = _same(ann.table.peek(name), theirs, None if aligned else copy)
        return True if bool(same.all()) else same

    result: BoolArray | bool = ds.cache.get(("copy_same", name), compute)
    return result


def copy_positions(ds: DatasetSource) -> tuple[IntArray, bool]:
    """``_copy_of`` of the dataset's claims and annotations, computed once."""
    result: tuple[IntArray, bool] = ds.cache.get(
        "copy_positions", lambda: _copy_of(ds.stack("claims"), ds.stack("annotations"))
    )
    return result


def _copy_of(claims: Stack, ann: Stack) -> tuple[IntArray, bool]:
    """For each ``annotations`` row, the position of its copy among the nested items (-1: none),
    and whether that is simply the row's own position (the exporter's order)."""
    nested = claims.child("annotations.annotation_id")
    rows = ann.column("annotation_id")
    if len(nested) == len(rows):
        a, b = ints(rows, null=-1), ints(nested, null=-1)
        if np.array_equal(a, b):
            return np.where(a >= 0, np.arange(len(a), dtype=np.int64), -1), True
    return index_of(rows, nested), False


def _owner(claims: Stack, copy: IntArray, aligned: bool) -> IntArray:
    """The ``claims`` row whose ``annotations[]`` holds each copy."""
    offsets = claims.offsets("annotations")
    if aligned:
        return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    return np.searchsorted(offsets, np.maximum(copy, 0), side="right") - 1


def _other_claim(ds: DatasetSource, ann: Stack, claim_ids: pa.Array, owner: IntArray) -> BoolArray:
    """Rows whose ``claim_id`` is not the id of the claim that lists their copy.

    The join several rules share proposes the answer; only the rows it places elsewhere (a
    repeated claim id, or a real difference) are compared as strings.
    """
    joined = ds.lookup("annotations", "claim_id", "claims", "claim_id")
    rows = np.flatnonzero(joined != owner)
    other = np.zeros(len(owner), dtype=bool)
    if len(rows):
        ours = pc.take(ann.column("claim_id"), pa.array(rows))
        listed = pc.take(claim_ids, pa.array(owner[rows]))
        other[rows] = ~_same(ours, listed, None)
    return other


def _nested_screened(claims: Stack, name: str) -> Any:
    """``_nested``; a string field is screened for the ``privacy`` rule while it is held, so
    that rule does not read it again."""
    path = f"annotations.{name}"
    item = claims.type_of("annotations").value_type
    if ("child", path) in claims.columns or not pa.types.is_string(item.field(name).type):
        return _nested(claims, name)
    column = claims.table.subtree("annotations", path)
    scan(claims, "annotations", path, column)
    return claims.descend(column, path)


def _streamed_same(claims: Stack, ann: Stack, name: str) -> BoolArray:
    """``field_same`` when each ``annotations`` row is the nested item at its own position
    (the exporter's order): both sides read a row group at a time, compared slice by slice.
    A string field is screened for the ``privacy`` rule on the way, unless it was already."""
    path = f"annotations.{name}"
    item = claims.type_of("annotations").value_type
    found: list[BoolArray] = []
    if ("child", path) in claims.columns or not pa.types.is_string(item.field(name).type):
        found.append(_compare_pieces(ann.table.pieces(name), iter([_nested(claims, name)])))
        return found[0]

    def screened() -> Scan:
        screener = Screener("annotations", path)
        nested = (
            claims.descend(p, path)
            for p in _fed(claims.table.pieces("annotations", path), screener)
        )
        found.append(_compare_pieces(ann.table.pieces(name), nested))
        return screener.result()

    claims.columns.get(("scan", path), screened)
    if not found:  # the privacy rule screened it already
        nested = (claims.descend(p, path) for p in claims.table.pieces("annotations", path))
        found.append(_compare_pieces(ann.table.pieces(name), nested))
    return found[0]


def _fed(pieces: Iterator[pa.Array], screener: Screener) -> Iterator[pa.Array]:
    """``pieces``, each fed to ``screener`` first."""
    for piece in pieces:
        screener.feed(piece)
        yield piece


def _compare_pieces(ours: Iterator[Any], theirs: Iterator[Any]) -> BoolArray:
    """``_same`` of two arrays given as pieces of different lengths (equal total length),
    compared slice by slice: no side is ever held whole."""
    masks: list[BoolArray] = []
    a = b = None
    ai = bi = 0
    while True:
        while a is None or ai == len(a):
            a, ai = next(ours, None), 0
            if a is None:
                break
        while b is None or bi == len(b):
            b, bi = next(theirs, None), 0
            if b is None:
                break
        if a is None or b is None:
            break
        n = min(len(a) - ai, len(b) - bi)
        masks.append(_same(a.slice(ai, n), b.slice(bi, n), None))
        ai, bi = ai + n, bi + n
    rest = sum(len(x) for x in ours) + (len(a) - ai if a is not None else 0)
    if rest:  # one side longer than the other: those rows have no copy
        masks.append(np.zeros(rest, dtype=bool))
    return np.concatenate(masks) if masks else np.zeros(0, dtype=bool)


def _nested(claims: Stack, name: str) -> Any:
    """Field ``name`` of every nested item (the cached copy if another rule made one)."""
    return claims.field(f"annotations.{name}")


def _same(ours: Any, theirs: Any, at: IntArray | None) -> BoolArray:
    """``ours[j] == theirs[at[j]]`` (``at`` None: row by row); null equals null, NaN NaN."""
    if at is not None:
        theirs = pc.take(theirs, pa.array(np.maximum(at, 0)))
    ours, theirs = _chunked(ours), _chunked(theirs)
    if ours.type == theirs.type and ours.equals(theirs):
        return np.ones(len(ours), dtype=bool)  # the usual case, without a mask per kernel
    same = bools(pc.equal(ours, theirs), null=False)
    same |= is_null(ours) & is_null(theirs)
    if pa.types.is_floating(ours.type) and pa.types.is_floating(theirs.type):
        same |= bools(pc.is_nan(ours), null=False) & bools(pc.is_nan(theirs), null=False)
    return same


def _chunked(array: Any) -> pa.ChunkedArray:
    return array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
