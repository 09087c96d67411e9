"""The speakers a document has quoted so far, and "the last one of a kind before an offset".

Pronoun and role resolution (``he`` -> the last person quoted, ``it`` -> the last organisation)
asks, for every attribution, about the speakers *before* it. Filtering the whole list for each
question made the statement rules quadratic in the number of attributions. A ``SaidLog`` is
built incrementally, in document order, once per document; for each kind of speaker it keeps
the index of the last one so far, so "the last person before offset X" is a bisection and a
lookup. ``Before`` is the answer's view: exactly the speakers with ``offset < X`` in log order
(the same list the filter built), iterable either way for the rare questions no kind answers.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

__all__ = ["Before", "Said", "SaidLog"]


@dataclass(frozen=True, slots=True)
class Said:
    """A speaker of an attribution at a document offset (pronouns already resolved)."""

    offset: int
    speaker: str
    person: bool


class SaidLog:
    """Speakers in the order they were found, with the last index of each kind so far.

    Offsets grow from sentence to sentence but not always inside one (``"A," he said, and X
    told ...``), so ``before`` bisects on the running maximum and filters the few speakers of
    the sentence at the cut.
    """

    def __init__(self, kinds: Mapping[str, Callable[[Said], bool]]) -> None:
        self.items: list[Said] = []
        self.kinds = kinds
        self._running_max: list[int] = []
        self._last: dict[str, list[int]] = {kind: [] for kind in kinds}
        self._suffix_min: list[int] | None = None

    def append(self, said: Said) -> None:
        """Add the next speaker (only before ``freeze``)."""
        i = len(self.items)
        self.items.append(said)
        top = self._running_max[-1] if self._running_max else said.offset
        self._running_max.append(max(top, said.offset))
        for kind, test in self.kinds.items():
            last = self._last[kind]
            last.append(i if test(said) else (last[-1] if last else -1))

    def freeze(self) -> SaidLog:
        """No more speakers: ``before`` may now stop early at the far end too."""
        low = len(self.items) and self.items[-1].offset
        minima = [0] * len(self.items)
        for i in range(len(self.items) - 1, -1, -1):
            low = min(low, self.items[i].offset)
            minima[i] = low
        self._suffix_min = minima
        return self

    def before(self, offset: int) -> Before:
        """The speakers with ``offset`` below the given one, in log order."""
        lo = bisect.bisect_left(self._running_max, offset)
        hi = len(self.items)
        if self._suffix_min is not None:
            hi = bisect.bisect_left(self._suffix_min, offset)
        extra = [s for s in self.items[lo:hi] if s.offset < offset]
        return Before(self, lo, extra)


class Before:
    """A prefix of a log (every speaker in it is before the offset) plus a few later ones."""

    def __init__(self, log: SaidLog, prefix: int, extra: list[Said]) -> None:
        self._log = log
        self._prefix = prefix
        self._extra = extra

    def last(self, kind: str) -> Said | None:
        """The last speaker of ``kind`` (one of the log's kinds), or None."""
        test = self._log.kinds[kind]
        for said in reversed(self._extra):
            if test(said):
                return said
        i = self._log._last[kind][self._prefix - 1] if self._prefix else -1
        return self._log.items[i] if i >= 0 else None

    def last_where(self, kind: str, accept: Callable[[Said], bool], limit: int) -> Said | None:
        """The last speaker of ``kind`` that ``accept`` takes, looking back over at most
        ``limit`` speakers (of any kind): bounded, so a document stays linear."""
        test = self._log.kinds[kind]
        for i, said in enumerate(reversed(self)):
            if i >= limit:
                break
            if test(said) and accept(said):
                return said
        return None

    def __iter__(self) -> Iterator[Said]:
        return itertools.chain(itertools.islice(self._log.items, self._prefix), self._extra)

    def __reversed__(self) -> Iterator[Said]:
        items = self._log.items
        prefix = (items[i] for i in range(self._prefix - 1, -1, -1))
        return itertools.chain(reversed(self._extra), prefix)

    def __len__(self) -> int:
        return self._prefix + len(self._extra)
