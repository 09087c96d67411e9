"""The lexicon tables load, drop comment keys, and change the digest when edited."""

from __future__ import annotations

import pytest

from claims import lexicon
from claims.errors import ConfigError


def test_calendar_table() -> None:
    calendar = lexicon.table("calendar")
    assert calendar["months"][4] == "may" and len(calendar["months"]) == 12
    assert calendar["weekdays"][0] == "monday"
    assert not any(key.startswith("_") for key in calendar)


def test_unknown_table_names_the_available_ones() -> None:
    with pytest.raises(ConfigError, match="calendar"):
        lexicon.table("no-such-table")


def test_digest_is_stable_and_short() -> None:
    assert lexicon.digest() == lexicon.digest()
    assert len(lexicon.digest()) == 16
    assert "calendar" in lexicon.names()
