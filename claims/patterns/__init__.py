"""Declarative patterns: the parse frames of the fact and meeting rules, and the not-claim filter.

Each ``claims/patterns/*.json`` file is one object (keys starting with ``_`` are comments), loaded
once per process by ``load(name)``. ``digest()`` hashes every file; the extractor's configuration
includes it, so editing a pattern changes the manifest's ``config_hash``, as a lexicon edit does.
"""

from __future__ import annotations

from typing import Any

from claims.datafiles import DataFolder

__all__ = ["digest", "load", "names"]

_FOLDER = DataFolder(__name__, "pattern file")


def names() -> list[str]:
    """The pattern files available, sorted."""
    return _FOLDER.names()


def load(name: str) -> dict[str, Any]:
    """Pattern file ``name`` (``facts.json`` -> ``"facts"``), without its ``_`` comment keys."""
    return _FOLDER.load(name)


def digest() -> str:
    """A short hash of every pattern file's bytes (part of the extractor's configuration)."""
    return _FOLDER.digest()
