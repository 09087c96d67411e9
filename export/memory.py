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
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

__all__ = ["lean_memory", "reused_heap"]


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


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8  # glibc's mallopt parameters
_MMAP_THRESHOLD = 8 << 20
_DEFAULT_TRIM_THRESHOLD = 128 << 10  # glibc's, once the mmap threshold is fixed
#: Inside ``reused_heap``: numpy arrays up to this size come from the heap, which keeps up to
#: ``_HEAP_TRIM_THRESHOLD`` of free memory at its top instead of returning it.
_HEAP_MMAP_THRESHOLD = 64 << 20
_HEAP_TRIM_THRESHOLD = 1 << 30


@contextmanager
def reused_heap() -> Iterator[None]:
    """Inside the block, numpy arrays of up to 64 MiB reuse the C heap's freed memory
    instead of each mapping (and the kernel zeroing) fresh pages, and numpy does not ask for
    transparent huge pages; the heap's free memory goes back to the system after the block.

    For a command that makes thousands of arrays of a few million values one after the other
    (``claimset check``: masks, joins and offsets over three million annotations). Every
    allocation comes from the main heap (one arena: the rules' threads would otherwise each
    grow, and give back, a heap of their own; glibc's default limit is set back after),
    and numpy's huge pages are off (a huge page is zeroed whole when first touched; on
    reused memory they only added work). glibc and numpy only; elsewhere nothing changes.
    """
    libc = _libc()
    hugepage = _numpy_hugepage(False)
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, 1)
        libc.mallopt(_M_MMAP_THRESHOLD, _HEAP_MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _HEAP_TRIM_THRESHOLD)
    try:
        yield
    finally:
        if hugepage is not None:
            _numpy_hugepage(hugepage)
        if libc is not None:
            libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
            libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
            libc.mallopt(_M_ARENA_MAX, 8 * (os.cpu_count() or 1))  # glibc's 64-bit default
            libc.malloc_trim(0)


def _numpy_hugepage(enabled: bool) -> bool | None:
    """Set whether numpy asks for huge pages for large arrays; the previous setting (None:
    this numpy cannot say)."""
    import numpy as np

    core = getattr(np, "_core", None) or getattr(np, "core", None)
    setter = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if setter is None:
        return None
    return bool(setter(enabled))


def _libc() -> ctypes.CDLL | None:
    """glibc, for ``mallopt`` (None on another platform or C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018  (musl has no mallopt)
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


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
