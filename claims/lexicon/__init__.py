"""The English lexicon: the word tables of ``claims/lexicon/*.json``, loaded once per process.

Rule families and value parsers take their closed word lists from here (``table("calendar")``)
instead of keeping copies. ``digest()`` hashes every data file; the extractor's configuration
includes it, so editing a table changes the manifest's ``config_hash``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from claims.datafiles import DataFolder

__all__ = ["abbreviations", "digest", "names", "table"]

_FOLDER = DataFolder(__name__, "lexicon table")


def names() -> list[str]:
    """The tables available, sorted."""
    return _FOLDER.names()


def table(name: str) -> dict[str, Any]:
    """Table ``name`` (``calendar.json`` -> ``"calendar"``), without its ``_comment`` keys."""
    return _FOLDER.load(name)


def digest() -> str:
    """A short hash of every table's bytes (part of the extractor's configuration hash)."""
    return _FOLDER.digest()


@cache
def abbreviations() -> frozenset[str]:
    """Words, in lower case, whose full stop ends no sentence (``Gov.``, ``Inc.``, ``Sept.``):
    the abbreviated titles and abbreviations of ``titles.json`` and the month abbreviations of
    ``calendar.json``. The sentence splitter and the clause reader of the date rules share it."""
    titles, calendar = table("titles"), table("calendar")
    return frozenset(
        [
            *(title.lower() for title in titles["abbreviated_titles"]),
            *titles["abbreviations"],
            *calendar["month_abbreviations"],
        ]
    )
