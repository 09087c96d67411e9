"""``claimset studio`` / ``annotations.Studio``: private, loopback-only, restartable."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures.labelstudio import LabelStudioServer, template_dir
from ls_helpers import WorkspaceFactory, listening_addresses

from annotations.client import Connection, LabelStudioClient
from annotations.discovery import read_record
from annotations.pushing import push
from annotations.studio import Studio, port_is_free, require_label_studio
from claims.errors import ConfigError, ServerError

pytestmark = pytest.mark.labelstudio


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install 'claimset\[studio\]'"):
        require_label_studio()


def test_session_server_is_private_and_loopback_only(label_studio: LabelStudioServer) -> None:
    studio = label_studio.studio
    assert listening_addresses(studio.port) == {"0100007F"}  # 127.0.0.1 only
    creds_file = studio.data_dir / "credentials.json"
    assert stat.S_IMODE(creds_file.stat().st_mode) == 0o600
    assert json.loads(creds_file.read_text())["url"] == studio.url
    env = dict(
        item.split("=", 1)
        for item in Path(f"/proc/{studio.process.pid}/environ").read_text().split("\0")
        if "=" in item
    )
    assert env["SENTRY_DSN"] == "" and env["FRONTEND_SENTRY_DSN"] == ""
    assert env["LABEL_STUDIO_COLLECT_ANALYTICS"] == "false"
    assert env["LATEST_VERSION_CHECK"] == "false"
    assert env["LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK"] == "true"
    assert (studio.data_dir / "label_studio.sqlite3").exists()


def test_a_second_server_on_the_same_data_is_refused(label_studio: LabelStudioServer) -> None:
    second = Studio(label_studio.studio.data_dir, port=0)
    with pytest.raises(ServerError, match="already running") as info:
        second.start()
    assert str(label_studio.studio.process.pid) in str(info.value)
    assert second.process is None and label_studio.studio.running()


@pytest.mark.timeout(300)
def test_busy_port_stray_environment_restart_and_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_workspace: WorkspaceFactory
) -> None:
    data_dir = tmp_path / "studio"
    shutil.copytree(template_dir(), data_dir)
    for name, value in {"USERNAME": "intruder", "PORT": "1", "DEBUG": "1", "HOST": "x"}.items():
        monkeypatch.setenv(name, value)  # Label Studio would read these as its settings
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    taken = busy.getsockname()[1]
    for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "CLAIMSET_STUDIO_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    workdir, _, _ = make_workspace(2)
    try:
        with Studio(data_dir, port=taken) as studio:
            assert studio.port != taken and not port_is_free(studio.port)
            client = LabelStudioClient(studio.connection)
            assert client.whoami()["email"] == studio.credentials["username"]
            # The README's Python API: a running Studio is found without a client or variables.
            assert (read_record() or {}).get("pid") == studio.process.pid
            assert push(workdir, project="persisted").imported == 2
        assert read_record() is None  # stopping withdrew the record
    finally:
        busy.close()

    # Restart through the CLI, its port busy too: the data (the project) is still there.
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    taken = busy.getsockname()[1]
    command = [sys.executable, "-c", "from export.cli import main; main()", "studio",
               "--port", str(taken), "--data-dir", str(data_dir)]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        match = re.search(rf"Port {taken} is busy: using (\d+) instead", output)
        assert match, output
        port = int(match.group(1))
        assert f"running at http://127.0.0.1:{port}" in output
        password = json.loads((data_dir / "credentials.json").read_text())["password"]
        assert password not in output
        conn = Connection(f"http://127.0.0.1:{port}", json.loads(
            (data_dir / "credentials.json").read_text())["api_key"])  # fmt: skip
        again = push(workdir, project="persisted", client=LabelStudioClient(conn))
        assert (again.created_project, again.already_present) == (False, 2)
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while not port_is_free(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert port_is_free(port), "Label Studio still running after Ctrl-C"
    finally:
        busy.close()
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
