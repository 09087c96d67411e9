"""The Arrow memory pool of the commands that handle a whole dataset (export, check).

With the default allocator (mimalloc) the pages of freed Arrow buffers stay resident: a check
that reads, uses and drops columns one after the other, or an export that parses JSON batch
after batch, then keeps the high-water mark of everything it ever read. jemalloc with a zero
decay time returns freed pages at once, so peak RSS follows the memory actually in use.

numpy allocates through the C library. glibc serves a large array from its own mapping, but
after the first such array is freed it raises that threshold up to 32 MB, and the next
arrays of a few MB come from the heap, whose freed holes stay resident: checking a million
claims kept 100+ MB of dead masks that way. A fixed threshold of 8 MiB gives every larger
array (those of the three million annotations of a million claims) its own mapping, returned
to the system when freed, while arrays of up to a million 64-bit values reuse heap memory.
A fresh mapping costs a page fault per 4 KB it touches (system time was 40 % of the check's
CPU with a 1 MiB threshold); at a million claims the check peaked at 1.30 GB with 1 MiB,
1.35 GB with 8 MiB (5 % less CPU) and 1.44 GB with 32 MiB (9 % less).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["lean_memory"]


@contextmanager
def lean_memory(decay_ms: int = 0) -> Iterator[None]:
    """Allocate Arrow memory from jemalloc, returning freed pages after ``decay_ms``
    milliseconds (0: at once), inside the block.

    A short delay lets a reader that frees a buffer and allocates the next one (the Parquet
    decoder, row group after row group) reuse the pages it just had instead of faulting in
    fresh ones; memory freed and not reused still goes back within the delay.

    The previous pool is restored after; arrays allocated meanwhile stay valid (each buffer
    keeps its pool). Without jemalloc in the pyarrow build, the default pool is kept.
    """
    _fixed_mmap_threshold()
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(decay_ms)
    except NotImplementedError:  # pyarrow built without jemalloc
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_MMAP_THRESHOLD = 8 << 20


def _fixed_mmap_threshold() -> None:
    """Serve allocations of 8 MiB and more from their own mappings (glibc only; else nothing)."""
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    except (OSError, AttributeError):  # another C library (musl): keep its defaults
        return
