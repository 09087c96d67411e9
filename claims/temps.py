"""Temporary files and directories named so that a later run can clean up after a killed one.

Every temporary claimset writes beside its final place is named
``.{target}.{host}-{pid}.{random}.tmp`` (files) or ``.{target}.{kind}-{host}-{pid}-{random}``
(directories, ``kind`` is ``building`` or ``old``), where ``host`` is a short hash of the host
name (the name itself never appears) and ``pid`` the writing process. ``remove_stale`` deletes
only entries of exactly that shape whose writer is gone: on this host, a pid that no longer
runs; from another host (a shared file system), an entry untouched for a day. A process still
writing is never disturbed, and no file of another program matches the pattern.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from pathlib import Path

__all__ = ["make_temp_dir", "make_temp_file", "remove_stale"]

#: Entries from another host are removed once untouched this long (their pid means nothing here).
FOREIGN_HOST_AGE = 24 * 3600.0
#: Entries of the older unnamed pattern (before pids were recorded) are removed after this long.
LEGACY_AGE = 3600.0
DIR_KINDS = ("building", "old")

_FILE = re.compile(r"^\.(?P<target>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)\.[0-9a-f]{8}\.tmp$")
_DIR = re.compile(
    r"^\.(?P<target>.+)\.(?:building|old)-(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-[0-9a-f]{8}$"
)
#: What ``tempfile.mkstemp`` made for the workspace files before this module existed.
_LEGACY_FILE = re.compile(
    r"^\.(?:documents\.jsonl|claims\.jsonl|manifest\.json|annotations\.jsonl|config\.json"
    r"|pull-[0-9]+\.json)\.[a-z0-9_]{8}\.tmp$"
    r"|^\.credentials\.json\.[0-9]+\.tmp$"  # annotations.studio before it used this module
)


def host_tag() -> str:
    """Eight hex digits identifying this host (a hash: the host name is not revealed)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _owner() -> str:
    return f"{host_tag()}-{os.getpid()}"


def make_temp_file(directory: Path, target: str) -> tuple[int, Path]:
    """A new empty file (0600) beside ``directory/target``: ``(fd, path)``, opened for writing."""
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        path = directory / f".{target}.{_owner()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        return fd, path


def make_temp_dir(directory: Path, target: str, kind: str) -> Path:
    """A new empty directory (0700) beside ``directory/target``; ``kind`` says what it holds."""
    if kind not in DIR_KINDS:
        raise ValueError(f"unknown temporary directory kind {kind!r}")
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        path = directory / f".{target}.{kind}-{_owner()}-{secrets.token_hex(4)}"
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return path


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (unsure counts as alive)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists but belongs to someone else
        return True
    return True


def _is_stale(name: str, is_dir: bool, mtime: float, now: float, target: str | None) -> bool:
    match = (_DIR if is_dir else _FILE).match(name)
    if match is None:
        legacy = not is_dir and target is None and _LEGACY_FILE.match(name) is not None
        return legacy and now - mtime > LEGACY_AGE
    if target is not None and match["target"] != target:
        return False
    if match["host"] != host_tag():
        return now - mtime > FOREIGN_HOST_AGE
    return not pid_alive(int(match["pid"]))


def remove_stale(directory: Path, *, target: str | None = None) -> list[str]:
    """Delete the temporaries of dead claimset runs in ``directory``; return their names.

    With ``target``, only those beside ``directory/target`` (used for a dataset's parent
    directory, which belongs to the user). Symbolic links and other names are never touched.
    """
    removed: list[str] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.name.startswith(".") or entry.is_symlink():
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            stale = _is_stale(entry.name, is_dir, entry.stat().st_mtime, now, target)
        except OSError:
            continue
        if not stale:
            continue
        try:
            if is_dir:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:  # gone already, or not ours to remove after all
            continue
        removed.append(entry.name)
    return removed
