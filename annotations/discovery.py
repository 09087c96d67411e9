"""Where the Label Studio server is: one order for every command and the Python API.

1. ``--url`` / ``--api-key`` (the ``url=`` / ``api_key=`` arguments of ``push`` and ``pull``);
2. ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``;
3. a running ``claimset studio``: the data directory named by ``CLAIMSET_STUDIO_DIR`` if set,
   else the workspace's own studio (``WORKDIR/.claimset/studio``, the one ``claimset demo``
   starts) if it has one, else the studio recorded in ``$XDG_STATE_HOME/claimset/studio.json``
   (``~/.local/state/claimset/studio.json``).

A studio records itself there once it answers, and removes its record when it stops. The record
holds the URL, the data directory and the server's pid, never the key: the key stays in the
data directory's 0600 ``credentials.json``. A URL given without a key (flag or environment) takes
the key of the running studio when the URLs match. Nothing found: a ``NoServerError`` that names
every place looked at and why each did not count (not set, no record, process gone, port silent).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from claims.errors import ConfigError

URL_ENV = "LABEL_STUDIO_URL"
KEY_ENV = "LABEL_STUDIO_API_KEY"
STUDIO_DIR_ENV = "CLAIMSET_STUDIO_DIR"
CREDENTIALS_FILE = "credentials.json"
PID_FILE = "label-studio.pid"
RECORD_FILE = "studio.json"
WORKSPACE_STUDIO = Path(".claimset") / "studio"


@dataclass(frozen=True, slots=True)
class Connection:
    """A Label Studio URL and API key, and where they came from (for messages)."""

    url: str
    api_key: str = field(repr=False)
    source: str = "flags"


class NoServerError(ConfigError):
    """No Label Studio server found; ``stopped_studio`` is a studio directory that could start."""

    def __init__(self, message: str, *, stopped_studio: Path | None = None) -> None:
        super().__init__(message)
        self.stopped_studio = stopped_studio


def shown(path: Path) -> str:
    """``path`` for a message, the home directory written ``~`` (shorter, no user name)."""
    with contextlib.suppress(ValueError, RuntimeError):
        return "~/" + str(Path(path).relative_to(Path.home()))
    return str(path)


def default_studio_dir() -> Path:
    """Where ``claimset studio`` keeps its data without ``--data-dir``."""
    if os.environ.get(STUDIO_DIR_ENV):
        return Path(os.environ[STUDIO_DIR_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "claimset" / "studio"


def record_path() -> Path:
    """The per-user record of the running studio (``$XDG_STATE_HOME/claimset/studio.json``)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "claimset" / RECORD_FILE


def read_studio_credentials(data_dir: Path) -> dict[str, Any] | None:
    """The studio's credentials file in ``data_dir``, or None if there is none."""
    path = Path(data_dir) / CREDENTIALS_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"{path}: unreadable studio credentials ({e}); delete it") from None
    return data if isinstance(data, dict) else None


def _write_private_json(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` atomically with ``data``, readable by the user only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def write_record(url: str, data_dir: Path, pid: int) -> Path:
    """Record the studio serving ``url`` from ``data_dir`` (pid ``pid``) for other commands.

    A studio still running under an older record is kept as ``previous``: when this one stops,
    the record goes back to it.
    """
    path = record_path()
    record: dict[str, Any] = {
        "url": url,
        "data_dir": str(Path(data_dir).resolve()),
        "pid": pid,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    earlier = _first_live(read_record(), besides=pid)
    if earlier is not None:
        record["previous"] = earlier
    _write_private_json(path, record)
    return path


def _first_live(record: dict[str, Any] | None, *, besides: int) -> dict[str, Any] | None:
    """The first record of the chain ``record``, ``record["previous"]``... whose studio runs."""
    while isinstance(record, dict):
        pid = record.get("pid")
        if isinstance(pid, int) and pid != besides and process_alive(pid):
            return record
        record = record.get("previous")
    return None


def read_record() -> dict[str, Any] | None:
    """The studio record, or None if there is none or it is not a record."""
    try:
        data = json.loads(record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("url") and data.get("data_dir") else None


def remove_record(pid: int) -> None:
    """Withdraw the record of pid ``pid``: back to the previous studio still running, if any.

    A record of another studio (started later) is left alone.
    """
    record = read_record()
    if record is None or record.get("pid") != pid:
        return
    earlier = _first_live(record.get("previous"), besides=pid)
    if earlier is None:
        record_path().unlink(missing_ok=True)
    else:
        _write_private_json(record_path(), earlier)


def process_alive(pid: int) -> bool:
    """True if ``pid`` is a live Label Studio process (not a recycled pid of another program)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    cmdline = Path(f"/proc/{pid}/cmdline")
    with contextlib.suppress(OSError):
        return b"label_studio" in cmdline.read_bytes()
    return True


def port_answers(url: str, timeout: float = 2.0) -> bool:
    """True if something accepts TCP connections at ``url``'s host and port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def same_server(a: str, b: str) -> bool:
    """True if two URLs name the same server (``localhost`` and ``127.0.0.1`` alike)."""
    pa, pb = urlsplit(a.rstrip("/")), urlsplit(b.rstrip("/"))
    loop = {"localhost", "127.0.0.1", "::1"}
    host_a, host_b = pa.hostname or "", pb.hostname or ""
    same_host = host_a == host_b or (host_a in loop and host_b in loop)
    return same_host and pa.port == pb.port and pa.path == pb.path


@dataclass(frozen=True, slots=True)
class FoundStudio:
    """A running studio: its URL, admin key and where it was found (for messages)."""

    url: str
    api_key: str = field(repr=False)
    where: str


def _pid_of(data_dir: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int((data_dir / PID_FILE).read_text(encoding="utf-8"))
    return None


def _why_not_running(url: str, pid: int | None) -> str | None:
    """None if the studio at ``url`` (process ``pid``) runs, else why it does not count."""
    if pid is None:
        return "not running (no pid file)"
    if not process_alive(pid):
        return f"not running (its process {pid} is gone)"
    if not port_answers(url):
        return f"its process {pid} is alive but {url} does not answer"
    return None


def studio_in(data_dir: Path, where: str) -> tuple[FoundStudio | None, str]:
    """The running studio of ``data_dir``, or None and why not (one phrase for the error)."""
    creds = read_studio_credentials(data_dir)
    if not creds or not creds.get("api_key"):
        return None, f"{where}: no studio credentials in {shown(data_dir)}"
    url = str(creds.get("url") or "")
    why = _why_not_running(url, _pid_of(data_dir)) if url else "never started"
    if why:
        return None, f"{where} ({shown(data_dir)}): {why}"
    return FoundStudio(url.rstrip("/"), str(creds["api_key"]), f"{where} ({shown(data_dir)})"), ""


def recorded_studio() -> tuple[FoundStudio | None, str]:
    """The studio of the per-user record, or None and why not."""
    path = shown(record_path())
    record = read_record()
    if record is None:
        return None, f"{path}: no record (no `claimset studio` running)"
    url, data_dir = str(record["url"]), Path(str(record["data_dir"]))
    pid = record.get("pid")
    why = _why_not_running(url, pid if isinstance(pid, int) else None)
    if why:
        return None, f"{path}: stale record of {url}, {why}; start `claimset studio` again"
    creds = read_studio_credentials(data_dir)
    if not creds or not creds.get("api_key"):
        return None, f"{path}: the studio at {url} has no credentials in {shown(data_dir)}"
    return FoundStudio(url.rstrip("/"), str(creds["api_key"]), f"the studio recorded in {path}"), ""


def find_studio(workdir: Path | None) -> tuple[FoundStudio | None, list[str], Path | None]:
    """The running studio by the order above; the places looked at; a stopped studio directory.

    ``CLAIMSET_STUDIO_DIR`` and a workspace's own studio are binding: when they exist but are not
    running, the search stops there (another server would hold other projects).
    """
    looked: list[str] = []
    explicit = os.environ.get(STUDIO_DIR_ENV)
    if explicit:
        found, why = studio_in(Path(explicit), STUDIO_DIR_ENV)
        return found, [why], None if found else Path(explicit)
    looked.append(f"{STUDIO_DIR_ENV}: not set")
    if workdir is not None:
        own = Path(workdir) / WORKSPACE_STUDIO
        if (own / CREDENTIALS_FILE).is_file():
            found, why = studio_in(own, "the workspace's studio")
            return found, [*looked, why], None if found else own
        looked.append(f"{shown(own)}: no studio in the workspace")
    found, why = recorded_studio()
    return found, [*looked, why], None


def _explicit(url: str | None, api_key: str | None) -> tuple[str | None, str | None, list[str]]:
    """URL and key from the flags, else the environment; and where each came from."""
    sources: list[str] = []
    if url:
        sources.append("--url")
    elif os.environ.get(URL_ENV):
        url = os.environ[URL_ENV]
        sources.append(URL_ENV)
    if api_key:
        sources.append("--api-key")
    elif os.environ.get(KEY_ENV):
        api_key = os.environ[KEY_ENV]
        sources.append(KEY_ENV)
    return url or None, api_key or None, sources


def resolve_connection(
    *, url: str | None = None, api_key: str | None = None, workdir: Path | str | None = None
) -> Connection:
    """The server and key by the order of this module; ``NoServerError`` naming every place."""
    url, api_key, sources = _explicit(url, api_key)
    if url and api_key:
        return Connection(url.rstrip("/"), api_key, source=" and ".join(sources))
    found, looked, stopped = find_studio(Path(workdir) if workdir is not None else None)
    if url:
        if found is not None and same_server(found.url, url):
            return Connection(
                url.rstrip("/"), found.api_key, source=f"{sources[0]}, key of {found.where}"
            )
        studio = (
            f"the running studio is at {found.url}, not there"
            if found
            else "no running studio to take it from: " + "; ".join(looked)
        )
        raise NoServerError(
            f"no API key for Label Studio at {url} (from {sources[0]}): pass --api-key or set "
            f"{KEY_ENV} ({studio})"
        )
    if found is not None:
        source = found.where if api_key is None else f"{found.where} with the key of {sources[0]}"
        return Connection(found.url, api_key or found.api_key, source=source)
    given = [name for name in ("--url", "--api-key") if name in sources]
    set_ = [name for name in (URL_ENV, KEY_ENV) if os.environ.get(name)]
    places = [
        "--url/--api-key: " + (f"only {given[0]} given" if given else "not given"),
        f"{URL_ENV}/{KEY_ENV}: " + (f"only {set_[0]} set" if set_ else "not set"),
        *looked,
    ]
    start = (
        f"start it with `claimset studio --data-dir {shown(stopped)}`"
        if stopped is not None
        else "start one with `claimset studio`"
    )
    raise NoServerError(
        "no Label Studio server found; looked at: " + "; ".join(places) + f". To fix: {start}, "
        f"or set {URL_ENV} and {KEY_ENV} (or pass --url and --api-key)",
        stopped_studio=stopped,
    )
