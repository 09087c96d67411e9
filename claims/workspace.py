"""The workspace: the directory every stage reads and writes (``WORKDIR``).

Layout::

    WORKDIR/documents.jsonl     one Document per line          (claimset extract)
    WORKDIR/claims.jsonl        one Claim per line             (claimset extract)
    WORKDIR/manifest.json       extractor, config hash, inputs (claimset extract)
    WORKDIR/annotations.jsonl   one Annotation per line        (claimset annotate pull)
    WORKDIR/config.json         optional team settings, e.g. {"adjudicators": ["annotator-…"]}
    WORKDIR/.claimset/          private state: pseudonym salt, pull cursor, Label Studio ids

Every file is replaced atomically (written beside, fsynced, renamed), so a crash or Ctrl-C
leaves the previous version intact; the temporary a killed run leaves behind is removed by the
next run that writes in the directory (``claims.temps``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from claims.model import Claim, Document
from claims.temps import make_temp_file, remove_stale

DOCUMENTS = "documents.jsonl"
CLAIMS = "claims.jsonl"
MANIFEST = "manifest.json"
ANNOTATIONS = "annotations.jsonl"
CONFIG = "config.json"
STATE_DIR = ".claimset"


class WorkspaceError(Exception):
    """A workspace file is missing or malformed; the message names the file and line."""


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON Lines record: UTF-8 as is, no spaces, keys in the order given (byte-stable)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half."""
    write_atomic(path, [text])


def write_atomic(path: Path, chunks: Iterable[str]) -> int:
    """Write ``chunks`` to ``path`` atomically; return the number of chunks written.

    Temporaries that killed runs left in the same directory are removed first (``claims.temps``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent)
    fd, tmp = make_temp_file(path.parent, path.name)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
                count += 1
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """Write records as JSON Lines atomically; return how many were written."""
    return write_atomic(path, (dumps(r) + "\n" for r in records))


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, record)``; a bad line raises ``WorkspaceError`` naming it."""
    if not path.exists():
        raise WorkspaceError(f"{path}: not found")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise WorkspaceError(f"{path}:{n}: not valid JSON ({e.msg})") from None
            if not isinstance(record, dict):
                raise WorkspaceError(f"{path}:{n}: expected a JSON object")
            yield n, record


def read_documents(workdir: Path) -> Iterator[Document]:
    """The documents of a workspace, in file order."""
    path = Path(workdir) / DOCUMENTS
    for n, record in read_jsonl(path):
        try:
            yield Document.from_dict(record)
        except (KeyError, TypeError, ValueError) as e:
            raise WorkspaceError(f"{path}:{n}: bad document record ({e})") from None


def read_claims(workdir: Path) -> Iterator[Claim]:
    """The claims of a workspace, in file order."""
    path = Path(workdir) / CLAIMS
    for n, record in read_jsonl(path):
        try:
            yield Claim.from_dict(record)
        except (KeyError, TypeError, ValueError) as e:
            raise WorkspaceError(f"{path}:{n}: bad claim record ({e})") from None


def read_config(workdir: Path) -> dict[str, Any]:
    """The optional team settings in ``WORKDIR/config.json`` (empty when absent)."""
    path = Path(workdir) / CONFIG
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise WorkspaceError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise WorkspaceError(f"{path}: expected a JSON object")
    return data


def state_dir(workdir: Path) -> Path:
    """The workspace's private state directory, created readable by the user only."""
    path = Path(workdir) / STATE_DIR
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def remove_workspace_temps(workdir: Path) -> list[str]:
    """Remove what killed runs left in ``workdir`` and its state directory; return the names."""
    workdir = Path(workdir)
    removed = remove_stale(workdir)
    if (workdir / STATE_DIR).is_dir():
        removed += [f"{STATE_DIR}/{name}" for name in remove_stale(workdir / STATE_DIR)]
    return removed
