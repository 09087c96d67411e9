"""Fast lookup of string keys (claim ids) without a Python object per key.

The exporter joins each batch of claims with its annotations through the claim id. A Python
dict of a million ids costs seconds and hundreds of MB, and ``pyarrow.compute.index_in`` rebuilds
its hash table on every call; instead the keys become one sorted fixed-width NumPy byte array
(claim ids all have the same length) searched with ``np.searchsorted``. Keys of differing byte
lengths fall back to a dict.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

IntArray = npt.NDArray[np.int64]


def _fixed_width(keys: pa.Array, width: int) -> npt.NDArray[np.bytes_] | None:
    """``keys`` as a NumPy ``S{width}`` array, or None when some key is not ``width`` bytes."""
    if len(keys) == 0:
        return np.zeros(0, dtype=f"S{max(width, 1)}")
    if keys.null_count:
        return None
    lengths = pc.binary_length(keys)
    if pc.min_max(lengths).as_py() != {"min": width, "max": width}:
        return None
    keys = pa.concat_arrays([keys]) if keys.offset else keys  # data starts at offsets[0]
    offsets = np.frombuffer(keys.buffers()[1], dtype=np.int32, count=len(keys) + 1)
    data = keys.buffers()[2]
    return np.frombuffer(data, dtype=f"S{width}", count=len(keys), offset=int(offsets[0]))


class KeyIndex:
    """Position of each key of a unique string array; ``lookup`` gives -1 for unknown keys."""

    def __init__(self, keys: pa.Array | pa.ChunkedArray) -> None:
        if isinstance(keys, pa.ChunkedArray):
            keys = keys.combine_chunks()
        keys = keys.cast(pa.string())
        self._n = len(keys)
        lengths = pc.binary_length(keys)
        bounds = pc.min_max(lengths).as_py()
        self._width = int(bounds["max"] or 0)
        fixed = _fixed_width(keys, self._width) if bounds["min"] == bounds["max"] else None
        self._dict: dict[str, int] | None = None
        if fixed is None:
            self._dict = {k: i for i, k in enumerate(keys.to_pylist())}
            return
        self._order = np.argsort(fixed, kind="stable").astype(np.int64)
        self._sorted = fixed[self._order]

    def __len__(self) -> int:
        return self._n

    def lookup(self, queries: pa.Array | pa.ChunkedArray) -> IntArray:
        """The position of each query in the keys, -1 where absent (or null)."""
        if isinstance(queries, pa.ChunkedArray):
            queries = queries.combine_chunks()
        queries = queries.cast(pa.string())
        if self._dict is not None:
            d = self._dict
            return np.fromiter(
                (d.get(q, -1) if q is not None else -1 for q in queries.to_pylist()),
                dtype=np.int64,
                count=len(queries),
            )
        out = np.full(len(queries), -1, dtype=np.int64)
        if self._n == 0 or len(queries) == 0:
            return out
        ok = pc.equal(pc.binary_length(queries), self._width)
        ok_np = ok.fill_null(False).to_numpy(zero_copy_only=False)
        if not ok_np.any():
            return out
        fixed = _fixed_width(queries.filter(ok), self._width)
        assert fixed is not None
        where = np.flatnonzero(ok_np)
        pos = np.searchsorted(self._sorted, fixed)
        pos = np.minimum(pos, self._n - 1)
        hit = self._sorted[pos] == fixed
        out[where[hit]] = self._order[pos[hit]]
        return out
