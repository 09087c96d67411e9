"""A thread-safe compute-once cache: rules run in parallel threads and share joined columns,
lookups and recomputed aggregates; the first caller of a key computes it, the others wait."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Values computed once per key, whichever thread asks first."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Any] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``, computing it with ``compute()`` if no thread did yet."""
        if key in self._values:
            value: T = self._values[key]
            return value
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = compute()
        result: T = self._values[key]
        return result

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values
