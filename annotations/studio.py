"""``claimset studio``: the embedded Label Studio, private and offline by default.

Label Studio runs from its pip package (the optional extra ``claimset[studio]``) as a child
process: bound to 127.0.0.1, SQLite in the data directory, telemetry, Sentry and the version
check off, open sign-up off, and a clean environment (Label Studio reads plain ``USERNAME``,
``PASSWORD``, ``HOST``, ``PORT`` or ``DEBUG`` as its own settings, so none may leak in).

The first start creates an admin with a generated password and API token and stores them, with
the URL, in ``DATA_DIR/credentials.json`` (0600). Once the server answers, it is recorded (URL,
data directory, pid; no key) in ``$XDG_STATE_HOME/claimset/studio.json``, where every other
command and ``annotations.push``/``pull`` find it (``annotations.discovery``); stopping removes
the record. A restart reuses the data. A busy port moves to the next free one, and the server is
only declared up once the port we chose answers with our own admin's identity.
"""

from __future__ import annotations

import contextlib
import importlib.util
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from annotations.database import shown_database
from annotations.discovery import (
    CREDENTIALS_FILE,
    PID_FILE,
    Connection,
    default_studio_dir,
    record_path,
    remove_record,
    write_record,
)
from annotations.state import replace_private, write_private
from claims.errors import ConfigError, InputError, ServerError

DEFAULT_PORT = 8080
HOST = "127.0.0.1"
ADMIN_EMAIL = "admin@claimset.localhost"
LOG_FILE = "label-studio.log"
#: Settings Label Studio would also read without a prefix: never inherited from the caller.
_LEAKY = ("USERNAME", "PASSWORD", "HOST", "PORT", "DEBUG", "USER_TOKEN", "DATABASE_NAME")


def require_label_studio() -> None:
    """``ConfigError`` with the install command if the server package is missing."""
    if importlib.util.find_spec("label_studio") is None:
        raise ConfigError(
            "Label Studio is not installed in this environment: pip install 'claimset[studio]'"
        )


#: What binding another address than loopback exposes (printed by ``claimset studio --expose``).
EXPOSURE = (
    "anyone who can reach {url} can open the sign-up page, and with the invite link "
    "(`claimset annotate invite`) create an account that sees, edits and exports every project; "
    "the API answers anyone holding a token; traffic is plain HTTP (no TLS): passwords, tokens "
    "and annotations cross the network readable. Put it behind a TLS proxy or a VPN for "
    "anything beyond a trusted network."
)


def is_loopback(host: str) -> bool:
    """True if ``host`` (an address or a name) only means this machine."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        reason = "not an address or a name this machine resolves"
        raise InputError(f"--host {host}: {reason}") from None
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def check_host(host: str, *, expose: bool) -> None:
    """A non-loopback ``host`` needs ``expose`` (``claimset studio --expose``)."""
    if not is_loopback(host) and not expose:
        raise InputError(
            f"--host {host} makes Label Studio reachable from other machines: add --expose "
            "if that is what you want (claimset then prints what it exposes)"
        )


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def port_is_free(port: int, host: str = HOST) -> bool:
    """True if nothing listens on ``host:port`` (and we may bind it)."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(start: int, *, tries: int = 50, host: str = HOST) -> int:
    """The first free port on ``host`` from ``start`` on (``start`` 0: any free port)."""
    if start == 0:
        with socket.socket(_family(host), socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            return int(s.getsockname()[1])
    for port in range(start, start + tries):
        if port_is_free(port, host):
            return port
    raise ServerError(f"ports {start}-{start + tries - 1} on {host} are all busy: pass --port")


def load_or_create_credentials(data_dir: Path) -> dict[str, Any]:
    """The admin's login and token, generated once and kept 0600 in ``data_dir``."""
    path = data_dir / CREDENTIALS_FILE
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    creds = {
        "url": None,
        "username": ADMIN_EMAIL,
        "password": secrets.token_urlsafe(18),
        "api_key": secrets.token_hex(20),
        "secret_key": secrets.token_urlsafe(40),
    }
    write_private(path, json.dumps(creds, indent=2) + "\n")
    return creds


def save_credentials(data_dir: Path, creds: dict[str, Any]) -> None:
    """Rewrite the credentials file (still 0600) with the current URL."""
    replace_private(data_dir / CREDENTIALS_FILE, json.dumps(creds, indent=2) + "\n")


def studio_environment(
    data_dir: Path,
    creds: dict[str, Any],
    port: int,
    *,
    public_url: str | None = None,
    database: dict[str, str] | None = None,
) -> dict[str, str]:
    """The child's environment: the caller's minus anything Label Studio would misread.

    ``database`` (``annotations.database.database_environment``) selects PostgreSQL; without
    it the caller's ``POSTGRE_*`` variables are dropped too, so SQLite is what runs.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _LEAKY
        and not k.startswith(("LABEL_STUDIO_", "HEARTEX_", "DJANGO_", "POSTGRE_"))
    }
    env.update(database or {})
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
            "LABEL_STUDIO_HOST": public_url or f"http://{HOST}:{port}",
            "LABEL_STUDIO_USERNAME": str(creds["username"]),
            "LABEL_STUDIO_PASSWORD": str(creds["password"]),
            "LABEL_STUDIO_USER_TOKEN": str(creds["api_key"]),
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
            "COLLECT_ANALYTICS": "false",
            "LATEST_VERSION_CHECK": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "SECRET_KEY": str(creds["secret_key"]),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def outward_address() -> str:
    """This machine's address on its default route (no packet is sent), else its name."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: only selects the outgoing interface
            return str(s.getsockname()[0])
        except OSError:
            return socket.getfqdn()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class Studio:
    """A Label Studio server owned by this process.

    >>> with Studio(data_dir, port=8080) as studio:   # doctest: +SKIP
    ...     print(studio.url, studio.credentials["username"])
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        port: int = DEFAULT_PORT,
        *,
        timeout: float = 180,
        record: bool = True,
        host: str = HOST,
        public_url: str | None = None,
        database: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_studio_dir()
        #: The bind address (``--internal-host``); callers check it with ``check_host`` first.
        self.host = host
        self._public_url = public_url.rstrip("/") if public_url else None
        #: ``annotations.database`` variables for PostgreSQL; None: SQLite in ``data_dir``.
        self.database = database
        #: Record the server for other commands once it answers (``annotations.discovery``).
        self.record = record
        self.requested_port = port
        self.port = port
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.credentials: dict[str, Any] = {}

    @property
    def url(self) -> str:
        """Where the server answers on this machine (loopback for a wildcard bind)."""
        host = HOST if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{_bracketed(host)}:{self.port}"

    @property
    def public_url(self) -> str:
        """The URL in links Label Studio writes (the invite link): where others reach it."""
        if self._public_url:
            return self._public_url
        if self.host in ("0.0.0.0", "::", ""):
            return f"http://{_bracketed(outward_address())}:{self.port}"
        return self.url

    @property
    def connection(self) -> Connection:
        """URL and admin token, for ``annotations.client.LabelStudioClient``."""
        return Connection(self.url, str(self.credentials["api_key"]), source=str(self.data_dir))

    @property
    def record_file(self) -> Path:
        """Where this server is recorded for other commands while it runs."""
        return record_path()

    @property
    def log_path(self) -> Path:
        """Label Studio's own output."""
        return self.data_dir / LOG_FILE

    def start(self, *, wait: bool = True) -> Studio:
        """Start the server (first start: about 40 s of database migrations)."""
        if self.running():
            return self
        require_label_studio()
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir = self.data_dir.resolve()
        self.credentials = load_or_create_credentials(self.data_dir)
        self._refuse_second_server()
        self.port = free_port(self.requested_port, host=self.host)
        self.credentials["url"] = self.url
        save_credentials(self.data_dir, self.credentials)
        command = [
            sys.executable,
            "-m",
            "label_studio.server",
            "start",
            "--no-browser",
            "--internal-host",
            self.host,
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--enable-legacy-api-token",
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=studio_environment(
                    self.data_dir,
                    self.credentials,
                    self.port,
                    public_url=self.public_url,
                    database=self.database,
                ),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us; we stop the child cleanly
            )
        (self.data_dir / PID_FILE).write_text(f"{self.process.pid}\n", encoding="utf-8")
        if wait:
            self.wait_ready()
        return self

    def _refuse_second_server(self) -> None:
        """Two servers on one SQLite database would interleave writes: refuse to start another."""
        try:
            pid = int((self.data_dir / PID_FILE).read_text(encoding="utf-8"))
            os.kill(pid, 0)
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists() and b"label_studio" not in cmdline.read_bytes():
                return  # the pid now belongs to another program
        except (OSError, ValueError):
            return  # no pid file, or its process is gone: a stale file
        url = self.credentials.get("url")
        raise ServerError(
            f"Label Studio is already running on {self.data_dir} (pid {pid}, {url}): "
            "use it, or stop it before starting another"
        )

    def wait_ready(self) -> None:
        """Poll until our own server answers on our port; ``ServerError`` if it never does."""
        deadline = time.monotonic() + self.timeout
        headers = {"Authorization": f"Token {self.credentials['api_key']}"}
        refused = 0
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServerError(
                    f"Label Studio exited with code {self.process.returncode} while starting; "
                    f"see {self.log_path}"
                )
            with contextlib.suppress(httpx.HTTPError):
                who = httpx.get(self.url + "/api/current-user/whoami", headers=headers, timeout=5)
                if (
                    who.status_code == 200
                    and who.json().get("email") == self.credentials["username"]
                ):
                    self._announce()
                    return
                refused = refused + 1 if who.status_code == 401 else 0
                if refused >= 20:  # up, but our admin's token is not the database's
                    self.stop()
                    raise ServerError(
                        f"Label Studio on {self.url} refuses the admin token of "
                        f"{self.data_dir / CREDENTIALS_FILE}: its database "
                        f"({shown_database(self.database)}) was created with another data "
                        "directory; start it with that one (it holds the admin's token)"
                    )
            time.sleep(0.5)
        self.stop()
        raise ServerError(
            f"Label Studio did not answer on {self.url} within {self.timeout:.0f} s; "
            f"see {self.log_path}"
        )

    def _announce(self) -> None:
        """Record this server where other commands look for it (after it answers)."""
        if self.record and self.process is not None:
            write_record(self.url, self.data_dir, self.process.pid)

    def running(self) -> bool:
        """True while the child process is alive."""
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None:
            return
        (self.data_dir / PID_FILE).unlink(missing_ok=True)
        remove_record(process.pid)
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def kill(self) -> None:
        """Stop the server abruptly (SIGKILL), as a crash would (fault tests)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        (self.data_dir / PID_FILE).unlink(missing_ok=True)

    def serve_forever(self) -> None:
        """Block until the child exits (or Ctrl-C, which the caller turns into ``stop``)."""
        if self.process is not None:
            self.process.wait()

    def __enter__(self) -> Studio:
        if not self.running():
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
