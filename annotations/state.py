"""The annotation stage's private state in ``WORKDIR/.claimset/``.

- ``annotator-salt``: the secret salt of the annotator pseudonyms (0600). Created once; losing
  it changes every pseudonym, so it lives with the workspace and never leaves it.
- ``pull-<project>.json``: the incremental pull cursor of one Label Studio project.
- ``push-<server>-<project>.json``: what the last push confirmed in one project (the claims'
  fingerprint, the project's task count and highest task id, and the digest of the workspace
  it was made from with its claim count and rejected claims: ``annotations.workspace_summary``),
  so that a push with nothing new reads no claim and makes three small requests
  (``annotations.pushing``). ``<server>`` is a hash of the
  server's URL: two servers' project 1 are different projects.
- ``project-<server>-<project>.json``: the project record: its title and annotation round (1,
  or 2, 3... for a review round, with the selectors it was seeded with; ``annotations.rounds``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from claims.workspace import atomic_write_text, state_dir

SALT_FILE = "annotator-salt"


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by the user only (0600), failing if it already exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def replace_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically by a file readable by the user only (0600).

    The temporary is created 0600 beside it (``claims.temps``), so the secret is never readable
    by others even for a moment, and one a killed run left is removed by the next write there.
    """
    atomic_write_text(path, text)
    path.chmod(0o600)


def annotator_salt(workdir: Path) -> str:
    """The workspace's pseudonym salt, created (0600) on first use."""
    path = state_dir(Path(workdir)) / SALT_FILE
    if not path.exists():
        # FileExistsError: another process created it first; use theirs.
        with contextlib.suppress(FileExistsError):
            write_private(path, secrets.token_hex(32) + "\n")
    return path.read_text(encoding="utf-8").strip()


def _cursor_path(workdir: Path, project_id: int) -> Path:
    return state_dir(Path(workdir)) / f"pull-{project_id}.json"


def read_cursor(workdir: Path, project_id: int) -> dict[str, Any]:
    """The last pull's cursor for ``project_id`` (empty: the next pull is a full one)."""
    path = _cursor_path(workdir, project_id)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}  # a damaged cursor only costs a full pull
    return data if isinstance(data, dict) else {}


def write_cursor(workdir: Path, project_id: int, cursor: dict[str, Any]) -> None:
    """Save the cursor atomically (after ``annotations.jsonl`` is in place)."""
    atomic_write_text(_cursor_path(workdir, project_id), json.dumps(cursor, sort_keys=True))


def _push_state_path(workdir: Path, url: str, project_id: int) -> Path:
    server = hashlib.sha256(url.rstrip("/").encode("utf-8")).hexdigest()[:12]
    return state_dir(Path(workdir)) / f"push-{server}-{project_id}.json"


def read_push_state(workdir: Path, url: str, project_id: int) -> dict[str, Any]:
    """What the last push confirmed in ``project_id`` on ``url`` (empty: nothing known)."""
    path = _push_state_path(workdir, url, project_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}  # missing or damaged: the push only takes the full listing
    return data if isinstance(data, dict) else {}


def write_push_state(workdir: Path, url: str, project_id: int, state: dict[str, Any]) -> None:
    """Save what a push confirmed, atomically."""
    text = json.dumps(state, sort_keys=True)
    atomic_write_text(_push_state_path(workdir, url, project_id), text)


def saved_push_states(workdir: Path) -> list[dict[str, Any]]:
    """Every push confirmation the workspace holds (any server, any project)."""
    states = []
    for path in sorted(state_dir(Path(workdir)).glob("push-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(data, dict):
            states.append(data)
    return states


def forget_push_state(workdir: Path, url: str, project_id: int) -> None:
    """Drop the confirmation (the next push takes the full listing)."""
    path = _push_state_path(workdir, url, project_id)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _project_record_path(workdir: Path, url: str, project_id: int) -> Path:
    server = hashlib.sha256(url.rstrip("/").encode("utf-8")).hexdigest()[:12]
    return state_dir(Path(workdir)) / f"project-{server}-{project_id}.json"


def read_project_record(workdir: Path, url: str, project_id: int) -> dict[str, Any]:
    """The workspace's record of a project it pushed to: title, round, how a review round was
    seeded (empty: none yet, or damaged)."""
    try:
        data = json.loads(_project_record_path(workdir, url, project_id).read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_project_record(workdir: Path, url: str, project_id: int, record: dict[str, Any]) -> None:
    """Save the project record atomically (kept across pushes, unlike the push state)."""
    text = json.dumps(record, sort_keys=True, indent=2) + "\n"
    atomic_write_text(_project_record_path(workdir, url, project_id), text)
