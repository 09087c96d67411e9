"""Which directories ``claimset export --out DIR`` may write into, and what it may replace there.

An export writes into an absent or empty directory, or into one a previous export made: that
one is recognised by the marker ``DIR/.claimset-export.json``, which lists every file the export
wrote (a directory an older claimset wrote, before the marker existed, is recognised by its
layout and card). Anything else is refused unless ``--force`` is given. Even then only files
listed by the previous marker are removed; a file of someone else's at a path the export writes
is kept beside it as ``NAME.orig``, and every other file is left where it is.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.errors import InputError
from claims.workspace import atomic_write_text
from export.layout import CARD, CROISSANT, DATA_DIR, MARKER

__all__ = ["Target", "inspect_target", "list_files", "write_marker"]

MARKER_FORMAT = 1
#: Files an export writes, for recognising a directory exported before the marker existed.
_LAYOUT = re.compile(
    rf"^(?:{re.escape(CARD)}|{re.escape(CROISSANT)}"
    rf"|{DATA_DIR}/[A-Za-z0-9_]+/[A-Za-z][A-Za-z0-9_]*-00000-of-00001\.parquet"
    r"|images/(?:labels|agreement)\.png)$"
)


@dataclass(slots=True)
class Target:
    """The output directory as found: what a previous export wrote and what it did not."""

    out: Path
    shown: str = ""  # ``out`` as the user wrote it, for messages (never an absolute path)
    exists: bool = False
    previous: set[str] = field(default_factory=set)  # files the previous export wrote
    foreign: list[str] = field(default_factory=list)  # every other file (relative, POSIX)
    by_marker: bool = False  # ``previous`` comes from a marker (not from the legacy layout)

    def foreign_summary(self, limit: int = 6) -> str:
        """``README.md, data/, notes.txt``: the top-level entries holding foreign files."""
        tops: list[str] = []
        for path in self.foreign:
            head, sep, _ = path.partition("/")
            name = head + "/" if sep else head
            if name not in tops:
                tops.append(name)
        shown = ", ".join(tops[:limit])
        return shown + (f" and {len(tops) - limit} more" if len(tops) > limit else "")


def list_files(root: Path) -> list[str]:
    """Every file, symbolic link and empty directory under ``root``, relative, sorted.

    Symbolic links are listed, never followed; the marker itself is left out.
    """
    found: list[str] = []
    for here, dirs, files in os.walk(root, followlinks=False):
        rel = Path(here).relative_to(root)
        links = [d for d in dirs if (Path(here) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in links)
        names = [*files, *links]
        if not names and not dirs and rel != Path("."):
            found.append(rel.as_posix() + "/")
        found.extend((rel / n).as_posix() for n in names)
    return sorted(p for p in found if p != MARKER)


def read_marker(out: Path) -> list[str] | None:
    """The files a previous export listed in its marker, or ``None`` without a usable marker."""
    path = out / MARKER
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if data.get("written_by") != "claimset export" or not isinstance(files, list):
        return None
    return [f for f in files if isinstance(f, str) and _safe_relative(f)]


def _safe_relative(path: str) -> bool:
    """A marker entry that stays inside the directory (a hand-edited marker cannot reach out)."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "" not in parts


def write_marker(root: Path, files: list[str], *, complete: bool = True) -> None:
    """Write the marker listing ``files``; ``complete`` false while a swap is under way."""
    marker = {
        "written_by": "claimset export",
        "format": MARKER_FORMAT,
        "complete": complete,
        "files": sorted(files),
    }
    atomic_write_text(root / MARKER, json.dumps(marker, indent=2) + "\n")
    umask = os.umask(0o022)
    os.umask(umask)
    (root / MARKER).chmod(0o666 & ~umask)  # as readable as the data files beside it


def _legacy_export(files: list[str], out: Path) -> bool:
    """A directory an older claimset export wrote: only its layout, and a claimset card."""
    if CARD not in files or not all(_LAYOUT.match(f) for f in files):
        return False
    try:
        head = (out / CARD).read_text(encoding="utf-8")[:65536]
    except (OSError, UnicodeDecodeError):
        return False
    front, _, _ = head.removeprefix("---\n").partition("\n---")
    return head.startswith("---\n") and "\nclaimset:" in "\n" + front


def inspect_target(out: Path, *, force: bool, shown: str | None = None) -> Target:
    """What is at ``out``; ``InputError`` (one line) when an export must not write there.

    ``shown`` is how messages name ``out`` (default: ``out`` itself).
    """
    shown = str(out) if shown is None else shown
    if out.is_symlink() and not out.exists():
        raise InputError(f"{shown}: a broken symbolic link; choose a directory for --out")
    if not out.exists():
        return Target(out, shown)
    if not out.is_dir():
        raise InputError(f"{shown}: exists and is not a directory; choose a directory for --out")
    files = list_files(out)
    listed = read_marker(out)
    target = Target(out, shown, exists=True, by_marker=listed is not None)
    if listed is None and _legacy_export(files, out):
        listed = files
    target.previous = set(listed or ())
    target.foreign = [f for f in files if f not in target.previous]
    if target.foreign and listed is None and not force:
        raise InputError(
            f"{shown} is not empty and was not written by claimset export (it holds "
            f"{target.foreign_summary()}): choose an empty directory or pass --force"
        )
    return target
