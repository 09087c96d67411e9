"""The Arrow memory pool of the commands that handle a whole dataset (export, check).

With the default allocator (mimalloc) the pages of freed Arrow buffers stay resident: a check
that reads, uses and drops columns one after the other, or an export that parses JSON batch
after batch, then keeps the high-water mark of everything it ever read. jemalloc with a zero
decay time returns freed pages at once, so peak RSS follows the memory actually in use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["lean_memory"]


@contextmanager
def lean_memory() -> Iterator[None]:
    """Allocate Arrow memory from jemalloc, returning freed pages at once, inside the block.

    The previous pool is restored after; arrays allocated meanwhile stay valid (each buffer
    keeps its pool). Without jemalloc in the pyarrow build, the default pool is kept.
    """
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # pyarrow built without jemalloc
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)
