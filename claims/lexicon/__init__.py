"""The English lexicon: the word tables of ``claims/lexicon/*.json``, loaded once per process.

Rule families and value parsers take their closed word lists from here (``table("calendar")``)
instead of keeping copies. ``digest()`` hashes every data file; the extractor's configuration
includes it, so editing a table changes the manifest's ``config_hash``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from claims.errors import ConfigError

__all__ = ["abbreviations", "digest", "names", "table"]


def _files() -> dict[str, Any]:
    root = resources.files(__name__)
    return {p.name.removesuffix(".json"): p for p in root.iterdir() if p.name.endswith(".json")}


def names() -> list[str]:
    """The tables available, sorted."""
    return sorted(_files())


@cache
def table(name: str) -> dict[str, Any]:
    """Table ``name`` (``calendar.json`` -> ``"calendar"``), without its ``_comment`` keys."""
    path = _files().get(name)
    if path is None:
        raise ConfigError(f"no lexicon table {name!r} in claims/lexicon (have: {names()})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"claims/lexicon/{name}.json cannot be read: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"claims/lexicon/{name}.json must hold one JSON object")
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def digest() -> str:
    """A short hash of every table's bytes (part of the extractor's configuration hash)."""
    h = hashlib.sha256()
    for name, path in sorted(_files().items()):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


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
