"""``plural``: counted words in every summary ("1 document", "2 documents", never "1 claims")."""

from __future__ import annotations

import pytest

from claims.wording import plural


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (0, "claim", "0 claims"),
        (1, "claim", "1 claim"),
        (2, "document", "2 documents"),
        (1, "live annotation", "1 live annotation"),
        (3, "batch", "3 batches"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (1, "match", "1 match"),
    ],
)
def test_plural(n: int, word: str, expected: str) -> None:
    assert plural(n, word) == expected


def test_irregular_plural() -> None:
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
