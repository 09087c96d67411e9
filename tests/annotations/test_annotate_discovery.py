"""Finding Label Studio: flags, then environment, then the running ``claimset studio`` recorded in
``$XDG_STATE_HOME/claimset/studio.json``; one error naming every place when nothing is there."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.labelstudio import LabelStudioServer, template_dir
from ls_helpers import WorkspaceFactory

import annotations
from annotations.discovery import (
    NoServerError,
    read_record,
    record_path,
    remove_record,
    resolve_connection,
    shown,
    write_record,
)
from export.cli import cli

pytestmark = pytest.mark.labelstudio


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No server variables and a state directory of this test; returns the state directory."""
    for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "CLAIMSET_STUDIO_DIR"):
        monkeypatch.delenv(name, raising=False)
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@dataclass
class RunningStudio:
    """A ``claimset studio`` child process, its URL and data directory."""

    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    output: str

    @property
    def api_key(self) -> str:
        return str(json.loads((self.data_dir / "credentials.json").read_text())["api_key"])


@pytest.fixture
def claimset_studio(tmp_path: Path, clean_env: Path) -> Iterator[RunningStudio]:
    """``claimset studio`` started as a user starts it (its data from the migrated template)."""
    data_dir = tmp_path / "studio"
    shutil.copytree(template_dir(), data_dir)
    command = [sys.executable, "-c", "from export.cli import main; main()", "studio",
               "--port", "0", "--data-dir", str(data_dir)]  # fmt: skip
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=os.environ
    )
    try:
        lines = []
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        match = re.search(r"running at (http://127\.0\.0\.1:\d+)", output)
        assert match, output
        yield RunningStudio(child, match.group(1), data_dir, output)
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()


def _push(workdir: Path, project: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        cli, ["annotate", "push", str(workdir), "--project", project, *args], env=env
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_claimset_studio_is_found_by_push_without_flags_or_environment(
    label_studio: LabelStudioServer,
    claimset_studio: RunningStudio,
    make_workspace: WorkspaceFactory,
    clean_env: Path,
) -> None:
    studio = claimset_studio
    record = read_record()
    assert record is not None and record["url"] == studio.url
    assert record["data_dir"] == str(studio.data_dir.resolve())
    path = record_path()
    assert path.parent == clean_env / "claimset"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    creds = json.loads((studio.data_dir / "credentials.json").read_text())
    assert creds["api_key"] not in path.read_text() and creds["password"] not in path.read_text()
    assert f"recorded in {shown(path)}" in studio.output
    workdir, _, _ = make_workspace(2)

    # No flags, no environment: the record.
    assert f"at {studio.url} created" in _push(workdir, "found")
    # The Python API finds it the same way.
    assert annotations.push(workdir, project="found").already_present == 2
    # Only LABEL_STUDIO_URL, the studio's: the key comes from the studio's credentials file.
    only_url = {"LABEL_STUDIO_URL": studio.url.replace("127.0.0.1", "localhost")}
    assert "already present: 2" in _push(workdir, "found", env=only_url)
    # The environment wins over the record (here: the session's other server) ...
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    title = label_studio.new_title("env")
    assert f"at {label_studio.url} created" in _push(workdir, title, env=env)
    # ... and the flags win over the environment.
    flags = ("--url", studio.url, "--api-key", studio.api_key)
    assert f"at {studio.url}" in _push(workdir, title, *flags, env=env)
    pulled = annotations.pull(workdir, project="found", url=studio.url, api_key=studio.api_key)
    assert pulled.annotations == 0

    # A second studio recorded meanwhile (here: the session's) hands the record back when it stops.
    session = label_studio.studio
    write_record(session.url, session.data_dir, session.process.pid)
    assert (read_record() or {})["url"] == session.url
    remove_record(session.process.pid)
    assert (read_record() or {})["url"] == studio.url

    # Stopped, the studio removes its record: nothing left to find, and the error says where.
    studio.process.send_signal(signal.SIGINT)
    assert studio.process.wait(timeout=60) == 0
    assert not path.exists()
    with pytest.raises(NoServerError, match="no record"):
        resolve_connection(workdir=workdir)


def test_nothing_found_names_every_place_and_what_to_do(
    clean_env: Path, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    result = CliRunner().invoke(cli, ["annotate", "push", str(workdir), "--project", "x"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    message = result.output
    for place in (
        "--url/--api-key: not given",
        "LABEL_STUDIO_URL/LABEL_STUDIO_API_KEY: not set",
        "CLAIMSET_STUDIO_DIR: not set",
        "no studio in the workspace",
        f"{shown(record_path())}: no record",
    ):
        assert place in message, message
    assert "start one with `claimset studio`" in message
    assert "or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY" in message


def test_a_key_alone_or_a_url_alone_says_what_is_missing(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NoServerError, match=r"--url/--api-key: only --api-key given; "):
        resolve_connection(api_key="some-key-123456")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "some-key-123456")
    with pytest.raises(NoServerError, match=r"LABEL_STUDIO_API_KEY: only LABEL_STUDIO_API_KEY set"):
        resolve_connection()
    monkeypatch.delenv("LABEL_STUDIO_API_KEY")
    with pytest.raises(NoServerError, match=r"no API key for Label Studio at http://h:1 \(from"):
        resolve_connection(url="http://h:1")


def test_stale_records_are_reported(
    clean_env: Path, label_studio: LabelStudioServer, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    write_record("http://127.0.0.1:9", label_studio.studio.data_dir, gone.pid)
    with pytest.raises(NoServerError) as info:
        resolve_connection(workdir=workdir)
    assert f"stale record of http://127.0.0.1:9, not running (its process {gone.pid} is gone)" in (
        str(info.value)
    )
    assert "start `claimset studio` again" in str(info.value)
    # The process lives, but its port does not answer.
    from annotations.studio import free_port

    silent = f"http://127.0.0.1:{free_port(0)}"
    write_record(silent, label_studio.studio.data_dir, label_studio.studio.process.pid)
    with pytest.raises(NoServerError, match=f"is alive but {silent} does not answer"):
        resolve_connection(workdir=workdir)
    # A live record of the session server: found.
    write_record(label_studio.url, label_studio.studio.data_dir, label_studio.studio.process.pid)
    assert resolve_connection(workdir=workdir).url == label_studio.url


def test_claimset_studio_dir_overrides_the_record(
    clean_env: Path,
    label_studio: LabelStudioServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_record(label_studio.url, label_studio.studio.data_dir, label_studio.studio.process.pid)
    monkeypatch.setenv("CLAIMSET_STUDIO_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(NoServerError, match="CLAIMSET_STUDIO_DIR: no studio credentials") as info:
        resolve_connection()
    assert info.value.stopped_studio == tmp_path / "elsewhere"
    monkeypatch.setenv("CLAIMSET_STUDIO_DIR", str(label_studio.studio.data_dir))
    connection = resolve_connection()
    assert connection.url == label_studio.url and "CLAIMSET_STUDIO_DIR" in connection.source
