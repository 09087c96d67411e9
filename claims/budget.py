"""A time budget per document: a pathological article is rejected with a reason, never a hang.

The rule-based extractor is linear in an article's length (``benchmarks/scaling.py``: about
1.3 s of CPU per MB, 13 s for 10 MB of BBC articles), but one document must never stall a
batch, whatever a future rule or an odd text does. ``TimeBudget`` is part of the extractor's
configuration (so the manifest records it): a document may use ``base_seconds +
seconds_per_million_chars * len(text) / 1e6`` seconds of the extracting thread's CPU time. The
default, 30 s plus 10 s per million characters, is some 10,000 times what a normal article needs
(a 3 KB news story takes about 3 ms) and 10 times what a 10 MB article takes, so it only fires on
pathological input and never makes a normal article's output depend on the machine's load: CPU
time, not wall time, is counted (other processes on a busy machine do not use up the budget).
It also bounds the output: a document's claims may repeat at most ``text_per_char`` (100) times
its length in claim text, plus 1 MB (see ``TimeBudget``).

The check is cooperative: the pipeline and the document-wide passes call ``check_budget()``
between sentences; beyond the budget it raises ``BudgetExceeded``, and ``claims.extract`` reports
the document as rejected (one line naming it and the reason) and goes on with the next.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from claims.errors import ClaimsetError

__all__ = [
    "BudgetExceeded",
    "DocumentRejected",
    "OutputExceeded",
    "TimeBudget",
    "budget_for",
    "check_budget",
]


@dataclass(frozen=True, slots=True)
class TimeBudget:
    """CPU seconds a document may take: a base plus an allowance per million characters; and
    how much claim text it may produce: ``text_per_char`` times its length plus 1 MB (a claim's
    text is its sentence, so a run-on "sentence" of megabytes full of numbers would otherwise
    write its megabytes once per number; normal articles produce 1-4 times their length)."""

    base_seconds: float = 30.0
    seconds_per_million_chars: float = 10.0
    text_per_char: float = 100.0

    def seconds_for(self, chars: int) -> float:
        """The budget of a document of ``chars`` characters."""
        return self.base_seconds + self.seconds_per_million_chars * chars / 1_000_000

    def max_text_for(self, chars: int) -> int:
        """The most claim text (characters) a document of ``chars`` characters may produce."""
        return int(self.text_per_char * chars) + 1_000_000

    def to_dict(self) -> dict[str, float | str]:
        """The setting as JSON-able data (part of the extractor's ``config()``)."""
        return {
            "base_seconds": self.base_seconds,
            "seconds_per_million_chars": self.seconds_per_million_chars,
            "text_per_char": self.text_per_char,
            "clock": "CPU seconds of the extracting thread",
        }


class DocumentRejected(ClaimsetError):
    """A document the extractor refuses (``claims.extract`` reports it and goes on)."""

    hint = ""


class BudgetExceeded(DocumentRejected):
    """A document took longer than its time budget."""

    hint = "split the article into smaller ones, or give the extractor a larger TimeBudget"

    def __init__(self, seconds: float, chars: int) -> None:
        super().__init__(
            f"extraction stopped after its time budget of {seconds:.1f} s of CPU "
            f"for {chars:,} characters"
        )
        self.seconds = seconds
        self.chars = chars


class OutputExceeded(DocumentRejected):
    """A document's claims would repeat far more text than it has (run-on "sentences")."""

    hint = "break its long lines into sentences, or give the extractor a larger TimeBudget"

    def __init__(self, claims: int, text: int, chars: int) -> None:
        super().__init__(
            f"its {claims:,} claims would repeat {text:,} characters of sentence text "
            f"(the document has {chars:,}; some 'sentence' is too long)"
        )


@dataclass(slots=True)
class _Deadline:
    at: float  # thread CPU time
    seconds: float
    chars: int
    calls: int = 0


_ACTIVE: ContextVar[_Deadline | None] = ContextVar("claimset_time_budget", default=None)
#: The clock is read on every 16th check (a check per sentence would cost a system call each).
_STRIDE = 16


@contextmanager
def budget_for(budget: TimeBudget, chars: int) -> Iterator[None]:
    """Run the block under the budget of a ``chars``-character document."""
    seconds = budget.seconds_for(chars)
    token = _ACTIVE.set(_Deadline(time.thread_time() + seconds, seconds, chars))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def check_budget() -> None:
    """Raise ``BudgetExceeded`` when the current document is over its budget (no-op outside
    ``budget_for``: rules called on their own are not limited)."""
    deadline = _ACTIVE.get()
    if deadline is None:
        return
    deadline.calls += 1
    if deadline.calls % _STRIDE == 1 and time.thread_time() >= deadline.at:
        raise BudgetExceeded(deadline.seconds, deadline.chars)
