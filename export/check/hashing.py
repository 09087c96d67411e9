"""Uniqueness and joins on key columns, with numpy sorting instead of Arrow hash kernels.

On these machines Arrow's hash kernels (``value_counts``, ``index_in``) take about a second per
million keys, while sorting 64-bit fingerprints takes milliseconds. Keys (claim ids, doc ids,
annotation ids) are integers or fixed-width strings: a fixed-width string's bytes become one
64-bit fingerprint with a few vector operations. Fingerprints only propose answers; every
proposed match or duplicate is confirmed on the real values, so the results are exact. Other
columns fall back to the Arrow kernels.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from export.check.arrays import (
    BoolArray,
    IntArray,
    bools,
    contiguous,
    ints,
    is_null,
    pc,
    string_bytes,
)

_PRIME = np.uint64(1099511628211)
_MAX_WIDTH = 64


def words(values: pa.Array) -> list[npt.NDArray[np.unsignedinteger]] | None:
    """The value as a few integer columns that together hold all its bytes, or None.

    Integers are one column; fixed-width strings are unaligned 64-bit words at stride
    ``width`` (the last word may overlap the one before), or single bytes under 8 bytes.
    """
    t = values.type
    if pa.types.is_integer(t):
        return [ints(values, null=-1).view(np.uint64)]
    if not (pa.types.is_string(t) or pa.types.is_large_string(t)) or len(values) == 0:
        return None
    data, offsets = string_bytes(values)
    widths = np.diff(offsets)
    width = int(widths[0])
    if width == 0 or width > _MAX_WIDTH or not (widths == width).all():
        return None
    if width < 8:
        matrix = data[offsets[0] : offsets[-1]].reshape(-1, width)
        return [matrix[:, j] for j in range(width)]
    starts = sorted({*range(0, width - 7, 8), width - 8})
    return [
        np.ndarray(
            (len(values),), dtype="<u8", buffer=data, offset=int(offsets[0]) + k, strides=(width,)
        )
        for k in starts
    ]


def fingerprint(values: pa.Array) -> npt.NDArray[np.uint64] | None:
    """A 64-bit fingerprint per value (equal values, equal prints), or None if not cheap."""
    columns = words(values)
    if columns is None:
        return None
    if len(columns) == 1 and columns[0].dtype == np.uint64:
        return columns[0]
    out = np.zeros(len(values), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in columns:
            out *= _PRIME
            out ^= column
    return out


def _equal(
    queries: pa.Array,
    keys: pa.Array,
    rows: IntArray,
    at: IntArray,
    key_words: list[npt.NDArray[np.unsignedinteger]] | None = None,
) -> BoolArray:
    """``queries[rows] == keys[at]``, exactly (word by word when possible); nulls unequal.
    ``key_words``: ``words(keys)`` when the caller has it (piece after piece, same keys)."""
    q_words, k_words = words(queries), key_words if key_words is not None else words(keys)
    if q_words is None or k_words is None or len(q_words) != len(k_words):
        same = pc.equal(pc.take(queries, pa.array(rows)), pc.take(keys, pa.array(at)))
        return bools(same, null=False)
    every = len(rows) == len(queries)  # rows are sorted and distinct: then 0..n-1, no gather
    equal = np.ones(len(rows), dtype=bool)
    for q, k in zip(q_words, k_words, strict=True):
        equal &= (q if every else q[rows]) == k[at]
    if queries.null_count:
        equal &= ~is_null(queries)[rows]
    return equal


def repeated_by_sort(keys: npt.NDArray[np.generic]) -> BoolArray:
    """Per row, whether another row has the same key (a stable sort, each key compared with
    its neighbour)."""
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    same = np.zeros(len(keys), dtype=bool)
    if len(keys) > 1:
        eq = ranked[1:] == ranked[:-1]
        same[order[1:][eq]] = True
        same[order[:-1][eq]] = True
    return same


def repeated_ints(ids: IntArray) -> BoolArray | None:
    """True where an integer occurs more than once, counted in one pass when the values span
    a range not much wider than their number (ids handed out in sequence); None otherwise."""
    if len(ids) == 0:
        return np.zeros(0, dtype=bool)
    low, high = int(ids.min()), int(ids.max())
    if high - low > 4 * len(ids) + 1024:
        return None
    shifted = ids - low
    return np.asarray(np.bincount(shifted, minlength=high - low + 1)[shifted] > 1)


def duplicated(values: pa.Array) -> BoolArray:
    """True for every non-null value that occurs more than once."""
    nulls = is_null(values)
    if pa.types.is_integer(values.type):  # nulls count as -1, as their fingerprints below
        same = repeated_ints(ints(values, null=-1))
        if same is not None:
            return same & ~nulls
    prints = fingerprint(values)
    if prints is None:
        counts = pc.value_counts(values)
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
        return bools(pc.is_in(values, value_set=repeated)) & ~nulls
    same = repeated_by_sort(prints) & ~nulls
    candidates = np.flatnonzero(same)
    if len(candidates) == 0 or pa.types.is_integer(values.type):
        return same  # integers are their own fingerprints: nothing to confirm
    # Confirm on the real values (a fingerprint collision is not a duplicate).
    subset = pc.take(values, pa.array(candidates))
    counts = pc.value_counts(subset)
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    confirmed = np.zeros(len(values), dtype=bool)
    confirmed[candidates] = bools(pc.is_in(subset, value_set=repeated))
    return confirmed


def index_of(queries: pa.Array, keys: pa.Array, guess: IntArray | None = None) -> IntArray:
    """For each query, the position of an equal key (the first), -1 when absent or null.

    ``guess`` (a likely position per query, e.g. from the layout) is confirmed first, value by
    value; only the queries it gets wrong are searched.
    """
    if guess is not None and len(guess) == len(queries):
        rows = np.flatnonzero((guess >= 0) & (guess < len(keys)))
        right = np.zeros(len(queries), dtype=bool)
        right[rows] = _equal(queries, keys, rows, guess[rows])
        wrong = np.flatnonzero(~right)
        found = np.where(right, guess, -1).astype(np.int64)
        if len(wrong):
            found[wrong] = index_of(pc.take(queries, pa.array(wrong)), keys)
        return found
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
    if len(rows) and not pa.types.is_integer(queries.type):
        # Confirm on every byte: prints can collide.
        collided = rows[~_equal(queries, keys, rows, found[rows])]
        if len(collided):  # settle those queries exactly
            subset = pc.take(queries, pa.array(collided))
            found[collided] = ints(pc.index_in(subset, value_set=keys), null=-1)
    return found


def index_of_pieces(pieces: Iterable[pa.Array], keys: pa.Array, guess: IntArray) -> IntArray:
    """``index_of(queries, keys, guess)`` with the queries given a row group at a time (they
    are never held whole): each piece's guesses are confirmed as it comes, and the few
    queries guessed wrong are kept and searched together at the end."""
    found: list[IntArray] = []
    wrong_rows: list[IntArray] = []
    wrong_values: list[pa.Array] = []
    lo = 0
    key_words = words(keys)  # once for all the pieces
    for piece in pieces:
        hi = lo + len(piece)
        g = guess[lo:hi]
        rows = np.flatnonzero((g >= 0) & (g < len(keys)))
        right = np.zeros(len(piece), dtype=bool)
        right[rows] = _equal(piece, keys, rows, g[rows], key_words)
        found.append(np.where(right, g, -1).astype(np.int64))
        wrong = np.flatnonzero(~right)
        if len(wrong):
            wrong_rows.append(wrong + lo)
            wrong_values.append(pc.take(piece, pa.array(wrong)))
        lo = hi
    result = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    if wrong_rows:
        queries = pa.concat_arrays([contiguous(v) for v in wrong_values])
        result[np.concatenate(wrong_rows)] = index_of(queries, keys)
    return result
