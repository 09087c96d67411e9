"""Folders of JSON data files shipped in the package (the lexicon, the rule patterns).

Each ``*.json`` file of the folder is one object; keys starting with ``_`` are comments. A file
is read once per process. ``digest()`` hashes every file's bytes: the extractor's configuration
includes it, so editing a table or a pattern changes the manifest's ``config_hash``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from claims.errors import ConfigError

__all__ = ["DataFolder"]


class DataFolder:
    """The JSON files of package ``package`` (``claims.lexicon``), called ``what`` in errors."""

    def __init__(self, package: str, what: str) -> None:
        self.package = package
        self.what = what
        self.folder = package.replace(".", "/")
        self.load = cache(self._load)
        self.digest = cache(self._digest)

    def _files(self) -> dict[str, Any]:
        root = resources.files(self.package)
        return {p.name.removesuffix(".json"): p for p in root.iterdir() if p.name.endswith(".json")}

    def names(self) -> list[str]:
        """The files available, by name (``calendar.json`` -> ``"calendar"``), sorted."""
        return sorted(self._files())

    def _load(self, name: str) -> dict[str, Any]:
        """File ``name`` without its ``_`` comment keys; ``ConfigError`` naming the file."""
        path = self._files().get(name)
        if path is None:
            raise ConfigError(f"no {self.what} {name!r} in {self.folder} (have: {self.names()})")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"{self.folder}/{name}.json cannot be read: {e}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{self.folder}/{name}.json must hold one JSON object")
        return {k: v for k, v in data.items() if not k.startswith("_")}

    def _digest(self) -> str:
        """A short hash of every file's name and bytes."""
        h = hashlib.sha256()
        for name, path in sorted(self._files().items()):
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest()[:16]
