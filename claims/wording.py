"""Counted words for messages: ``plural(1, "claim")`` is ``1 claim``, ``plural(2, "claim")``
``2 claims``. Every command's summary uses it, so no message says "1 documents"."""

from __future__ import annotations


def plural_form(word: str) -> str:
    """The English plural of a regular noun (``batch`` -> ``batches``, ``entry`` -> ``entries``)."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1 (``many`` for an irregular plural)."""
    return f"{n} {word if n == 1 else (many or plural_form(word))}"
