"""Declarative patterns: the parse frames of the fact and meeting rules, and the not-claim filter.

Each ``claims/patterns/*.json`` file is one object (keys starting with ``_`` are comments), loaded
once per process by ``load(name)``. ``digest()`` hashes every file; the extractor's configuration
includes it, so editing a pattern changes the manifest's ``config_hash``, as a lexicon edit does.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from claims.errors import ConfigError

__all__ = ["digest", "load", "names"]


def _files() -> dict[str, Any]:
    root = resources.files(__name__)
    return {p.name.removesuffix(".json"): p for p in root.iterdir() if p.name.endswith(".json")}


def names() -> list[str]:
    """The pattern files available, sorted."""
    return sorted(_files())


@cache
def load(name: str) -> dict[str, Any]:
    """Pattern file ``name`` (``facts.json`` -> ``"facts"``), without its ``_`` comment keys."""
    path = _files().get(name)
    if path is None:
        raise ConfigError(f"no pattern file {name!r} in claims/patterns (have: {names()})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"claims/patterns/{name}.json cannot be read: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"claims/patterns/{name}.json must hold one JSON object")
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def digest() -> str:
    """A short hash of every pattern file's bytes (part of the extractor's configuration)."""
    h = hashlib.sha256()
    for name, path in sorted(_files().items()):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]
