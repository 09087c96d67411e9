"""Uniqueness and joins on key columns, with numpy sorting instead of Arrow hash kernels.

On these machines Arrow's hash kernels (``value_counts``, ``index_in``) take about a second per
million keys, while sorting 64-bit fingerprints takes milliseconds. Keys (claim ids, doc ids,
annotation ids) are integers or fixed-width strings: a fixed-width string's bytes become one
64-bit fingerprint with a few vector operations. Fingerprints only propose answers; every
proposed match or duplicate is confirmed on the real values, so the results are exact. Other
columns fall back to the Arrow kernels.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from export.check.arrays import BoolArray, IntArray, bools, ints, is_null, pc, string_bytes

_PRIME = np.uint64(1099511628211)
_MAX_WIDTH = 64


def fingerprint(values: pa.Array) -> npt.NDArray[np.uint64] | None:
    """A 64-bit fingerprint per value (equal values, equal prints), or None if not cheap."""
    t = values.type
    if pa.types.is_integer(t):
        return ints(values, null=-1).view(np.uint64)
    if not (pa.types.is_string(t) or pa.types.is_large_string(t)) or len(values) == 0:
        return None
    data, offsets = string_bytes(values)
    widths = np.diff(offsets)
    width = int(widths[0])
    if width == 0 or width > _MAX_WIDTH or not (widths == width).all():
        return None
    matrix = data[offsets[0] : offsets[-1]].reshape(-1, width)
    out = np.zeros(len(values), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            out *= _PRIME
            out += matrix[:, j]
    return out


def duplicated(values: pa.Array) -> BoolArray:
    """True for every non-null value that occurs more than once."""
    nulls = is_null(values)
    prints = fingerprint(values)
    if prints is None:
        counts = pc.value_counts(values)
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
        return bools(pc.is_in(values, value_set=repeated)) & ~nulls
    order = np.argsort(prints, kind="stable")
    ranked = prints[order]
    same = np.zeros(len(prints), dtype=bool)
    if len(prints) > 1:
        eq = ranked[1:] == ranked[:-1]
        same[order[1:][eq]] = True
        same[order[:-1][eq]] = True
    same &= ~nulls
    candidates = np.flatnonzero(same)
    if len(candidates) == 0:
        return same
    # Confirm on the real values (a fingerprint collision is not a duplicate).
    subset = pc.take(values, pa.array(candidates))
    counts = pc.value_counts(subset)
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    confirmed = np.zeros(len(values), dtype=bool)
    confirmed[candidates] = bools(pc.is_in(subset, value_set=repeated))
    return confirmed


def index_of(queries: pa.Array, keys: pa.Array) -> IntArray:
    """For each query, the position of an equal key (the first), -1 when absent or null."""
    q_prints, k_prints = fingerprint(queries), fingerprint(keys)
    same_kind = queries.type == keys.type or (
        pa.types.is_integer(queries.type) and pa.types.is_integer(keys.type)
    )
    if q_prints is None or k_prints is None or not same_kind or len(keys) == 0:
        return ints(pc.index_in(queries, value_set=keys), null=-1)
    order = np.argsort(k_prints, kind="stable")
    ranked = k_prints[order]
    pos = np.minimum(np.searchsorted(ranked, q_prints), len(ranked) - 1)
    found = order[pos].astype(np.int64)
    hit = (ranked[pos] == q_prints) & ~is_null(queries)
    found[~hit] = -1
    rows = np.flatnonzero(hit)
    if len(rows):
        equal = bools(
            pc.equal(pc.take(queries, pa.array(rows)), pc.take(keys, pa.array(found[rows])))
        )
        collided = rows[~equal]
        if len(collided):  # a fingerprint collision: settle those queries exactly
            subset = pc.take(queries, pa.array(collided))
            found[collided] = ints(pc.index_in(subset, value_set=keys), null=-1)
    return found
