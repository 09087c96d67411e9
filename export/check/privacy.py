"""The ``privacy`` rule: no e-mail address, token-like string or home-directory path in any text
column.

Every string column is scanned, nested ones included (struct fields, fields of lists of
structs), except identifiers and hashes. A cheap screen runs over blocks of values first; only
candidate values meet the exact patterns. Columns that repeat another scanned column value for
value (config ``annotations`` and the claims' ``annotations[]``; ``provenance.document.*``
and config ``documents``) are scanned once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa

from export.check.arrays import IntArray, ints
from export.check.copies import field_same
from export.check.engine import Emitter, Options
from export.check.hashing import index_of
from export.check.provenance import document_mismatches
from export.check.screen import EMAIL, HEX_TOKEN, HOME_PATH, SCREEN, SKIP, TOKEN, Hits, scan
from export.check.source import DatasetSource, Stack

__all__ = ["EMAIL", "HEX_TOKEN", "HOME_PATH", "SCREEN", "TOKEN", "check_privacy"]


def check_privacy(ds: DatasetSource, out: Emitter, options: Options) -> None:
    """No e-mail address or token-like string in any text column, nested ones included."""
    patterns = {
        "email": re.compile(EMAIL),
        "path": re.compile(HOME_PATH),
        "token": re.compile(f"{TOKEN}|{HEX_TOKEN}"),
    }
    work: list[tuple[Stack, str, list[str]]] = []
    for config in ds.configs:
        stack = ds.stack(config)
        for name, t in zip(stack.table.column_names, stack.table.schema.types, strict=True):
            if name in SKIP or not _has_strings(t):
                continue
            paths = [
                path
                for path in _string_paths(name, t)
                if path not in SKIP and not _copy_of_scanned(ds, config, path)
            ]
            if paths:
                work.append((stack, name, paths))
    # The kernels release the GIL: screen on every core, one string field at a time per
    # thread, read from its own Parquet leaves and released after (unless a rule cached it).
    leaves = [(stack, name, path) for stack, name, paths in work for path in paths]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = list(pool.map(lambda item: scan(*item), leaves))
    for (stack, _, _), hit in zip(leaves, found, strict=True):
        if hit is not None:
            _report(out, stack, hit, patterns)


def _string_paths(path: str, t: pa.DataType) -> list[str]:
    """The paths of the string leaves of a column of type ``t`` (as ``string_leaves`` names
    them), from the type alone: no row is read."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return [path]
    if pa.types.is_struct(t):
        return [p for f in t for p in _string_paths(f"{path}.{f.name}", f.type)]
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _string_paths(path, t.value_type)
    return []


def _report(
    out: Emitter,
    stack: Stack,
    hits: Hits,
    patterns: dict[str, re.Pattern[str]],
) -> None:
    """Report the rows of ``stack`` holding a value of ``hits``' field that matched."""
    rows, first = hits.first(stack.table.num_rows)
    message = _privacy_message(hits.path, hits.values, first, patterns)
    stack.emit(out, "", rows, message)


def _copy_of_scanned(ds: DatasetSource, config: str, path: str) -> bool:
    """Whether the column repeats, value for value, a column scanned anyway: config
    ``annotations`` repeats the claims' ``annotations[]``; ``provenance.document.*`` repeats
    the documents config (when the provenance rule finds every value equal)."""
    if config == "annotations":
        return _same_as_nested(ds, path)
    prefix = "provenance.document."
    if config == "claims" and path.startswith(prefix) and ds.parts_of("documents"):
        differs = document_mismatches(ds).get(path.removeprefix(prefix))
        return differs is not None and not differs.any()
    return False


def _same_as_nested(ds: DatasetSource, name: str) -> bool:
    """Whether column ``name`` of config ``annotations`` repeats the claims' ``annotations[]``
    field value for value (as the exporter writes it): then scanning one copy is enough.

    The comparison is the ``annotation_copies`` rule's (``copies.field_same``), made once."""
    aligned, _ = _nested_alignment(ds)
    if not aligned:
        return False
    item = ds.stack("claims").type_of("annotations").value_type
    if name not in item.names:
        return False
    if ds.stack("annotations").type_of(name) != item.field(name).type:
        return False
    return field_same(ds, name) is True


def _nested_alignment(ds: DatasetSource) -> tuple[bool, IntArray | None]:
    """Whether every row of config ``annotations`` is one of the claims' ``annotations[]``,
    and their positions there (None when in the same order, as the exporter writes them)."""

    def compute() -> tuple[bool, IntArray | None]:
        if not (ds.parts_of("claims") and ds.parts_of("annotations")):
            return False, None
        claims = ds.stack("claims")
        if "annotations" not in claims.table.column_names:
            return False, None
        ids = ds.stack("annotations").column("annotation_id")
        nested_ids = claims.child("annotations.annotation_id")
        if len(ids) == len(nested_ids) and np.array_equal(ints(ids), ints(nested_ids)):
            return True, None
        align = index_of(ids, nested_ids)
        if len(align) != len(nested_ids) or not (align >= 0).all():
            return False, None
        return True, align

    result: tuple[bool, IntArray | None] = ds.cache.get("nested", compute)
    return result


def _has_strings(t: pa.DataType) -> bool:
    """Whether a type is or contains a string."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return True
    if pa.types.is_struct(t):
        return any(_has_strings(f.type) for f in t)
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _has_strings(t.value_type)
    return False


def _privacy_message(
    path: str, values: pa.Array, first: np.ndarray, patterns: dict[str, re.Pattern[str]]
) -> Callable[[int], str]:
    """The message for a row: what its first matching value holds."""
    return lambda i: _privacy_msg(path, values[int(first[i])].as_py(), patterns)


def _privacy_msg(path: str, value: str, patterns: dict[str, re.Pattern[str]]) -> str:
    """Name what was found without repeating the secret itself."""
    if patterns["email"].search(value):
        return f"{path} contains an e-mail address; remove it or replace it by a pseudonym"
    if patterns["path"].search(value):
        return (
            f"{path} contains an absolute home-directory path; record sources relative to the "
            "input (re-export with the current claimset) or as URLs"
        )
    return f"{path} contains a token-like string; remove it or replace it by a pseudonym"
