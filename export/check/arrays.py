"""Small Arrow helpers the rules share: numpy views, list offsets, string leaves, types.

Everything here works on whole columns; nothing loops over rows in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time and the stubs
#: pyarrow ships lack most of them. The rules import ``pc`` from here.
pc: Any = _compute

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def contiguous(array: Any) -> Any:
    """``array`` as one array: a chunked array's single chunk as it is (``combine_chunks``
    copies even one chunk), several chunks concatenated; anything else unchanged."""
    if not isinstance(array, pa.ChunkedArray):
        return array
    return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()


def ints(array: pa.Array | pa.ChunkedArray, *, null: int = -1) -> IntArray:
    """An integer column as int64 numpy, nulls replaced by ``null``."""
    filled = pc.fill_null(array, null) if array.null_count else array
    filled = contiguous(filled)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.int64)


def floats(array: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.float64]:
    """A float column as float64 numpy, nulls as NaN."""
    filled = pc.fill_null(pc.cast(array, pa.float64()), np.nan)
    filled = contiguous(filled)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.float64)


def bools(array: pa.Array | pa.ChunkedArray, *, null: bool = False) -> BoolArray:
    """A boolean column as numpy, nulls replaced by ``null``."""
    filled = pc.fill_null(array, null) if array.null_count else array
    filled = contiguous(filled)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.bool_)


def is_null(array: pa.Array | pa.ChunkedArray) -> BoolArray:
    """True where the value is null."""
    return bools(pc.is_null(array))


def list_offsets(array: pa.Array) -> IntArray:
    """The offsets of a (contiguous) list array, rebased to its flattened values (nulls empty)."""
    array = contiguous(array)
    offsets = np.asarray(array.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
    return offsets - offsets[0]


def row_of_values(offsets: IntArray, index: IntArray) -> IntArray:
    """For positions in a list array's flattened values, the row that owns each."""
    return np.searchsorted(offsets, index, side="right").astype(np.int64) - 1


def struct_field(array: pa.Array, path: str) -> pa.Array:
    """A nested struct field by dotted path, with parent nulls propagated (``a.b.c``)."""
    for name in path.split("."):
        array = pc.struct_field(contiguous(array), name)
    return array


def string_bytes(array: pa.Array) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """A string array's UTF-8 data and its offsets (row ``i`` is ``data[o[i]:o[i+1]]``).

    Zero-copy views of the Arrow buffers (only the offsets are widened to int64).
    """
    array = contiguous(array)
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    _, offsets_buf, data_buf = array.buffers()
    first = array.offset
    if offsets_buf is None:  # an empty array may have no buffers
        return np.zeros(0, dtype=np.uint8), np.zeros(len(array) + 1, dtype=np.int64)
    offsets = np.frombuffer(offsets_buf, dtype=width)[first : first + len(array) + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8)
        if data_buf is not None
        else np.zeros(0, dtype=np.uint8)
    )
    return data, offsets.astype(np.int64)


def normal_type(t: pa.DataType) -> pa.DataType:
    """``t`` with list item names and nullability dropped, so equal layouts compare equal."""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(normal_type(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, normal_type(f.type)) for f in t])
    return t


def type_str(t: pa.DataType) -> str:
    """A short, readable form of an Arrow type."""
    return str(normal_type(t)).replace("list<item: ", "list<")


@dataclass(frozen=True, slots=True)
class Leaf:
    """A string column or nested string field, flattened, with the row each value belongs to."""

    path: str  # e.g. "annotations.notes"
    values: pa.Array | pa.ChunkedArray
    rows: IntArray | None  # row of each value; None when values are aligned with the rows


def string_leaves(columns: dict[str, pa.Array | pa.ChunkedArray]) -> Iterator[Leaf]:
    """Every string column, including fields of structs and of lists of structs (chunked
    columns stay chunked: nothing is copied)."""
    for name, array in columns.items():
        yield from _leaves(name, array, None)


def _leaves(path: str, array: Any, rows: IntArray | None) -> Iterator[Leaf]:
    t = array.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        yield Leaf(path, array, rows)
    elif pa.types.is_struct(t):
        for f in t:
            yield from _leaves(f"{path}.{f.name}", pc.struct_field(array, f.name), rows)
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        sizes = ints(pc.list_value_length(array), null=0)
        owner = np.repeat(np.arange(len(array), dtype=np.int64), sizes)
        yield from _leaves(path, pc.list_flatten(array), owner if rows is None else rows[owner])
