"""Connections and the one-line errors a user sees, against the real server."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fixtures.labelstudio import LabelStudioServer
from ls_helpers import WorkspaceFactory

from annotations.client import Connection, LabelStudioClient, resolve_connection, server_reason
from annotations.discovery import NoServerError
from annotations.pulling import pull
from annotations.pushing import push
from annotations.studio import free_port
from claims.errors import ConfigError, ServerError
from export.cli import cli


def test_flags_then_environment_then_a_stopped_workspace_studio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    monkeypatch.delenv("CLAIMSET_STUDIO_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with pytest.raises(NoServerError, match="claimset studio"):
        resolve_connection(workdir=tmp_path)
    # The workspace's own studio (``claimset demo``'s) is binding: stopped, it is reported as such.
    studio_dir = tmp_path / ".claimset" / "studio"
    studio_dir.mkdir(parents=True)
    creds = {"url": "http://127.0.0.1:1", "api_key": "from-file-123456"}
    (studio_dir / "credentials.json").write_text(json.dumps(creds))
    with pytest.raises(NoServerError, match=r"workspace's studio .*not running") as info:
        resolve_connection(workdir=tmp_path)
    assert info.value.stopped_studio == studio_dir
    assert "from-file-123456" not in str(info.value)
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:2/")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "from-env-123456")
    conn = resolve_connection(workdir=tmp_path)
    assert (conn.url, conn.api_key) == ("http://127.0.0.1:2", "from-env-123456")
    assert conn.source == "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY"
    conn = resolve_connection(url="http://127.0.0.1:3", api_key="flag-123456", workdir=tmp_path)
    assert (conn.url, conn.api_key) == ("http://127.0.0.1:3", "flag-123456")
    assert conn.source == "--url and --api-key"
    assert "flag-123456" not in repr(conn)


def test_unreachable_server_names_the_url_and_the_fix(make_workspace: WorkspaceFactory) -> None:
    workdir, _, _ = make_workspace(1)
    url = f"http://127.0.0.1:{free_port(0)}"
    client = LabelStudioClient(Connection(url, "whatever-123456"))
    with pytest.raises(ServerError) as info:
        push(workdir, project="x", client=client)
    message = str(info.value)
    assert url in message and "claimset studio" in message and "LABEL_STUDIO_URL" in message


@pytest.mark.labelstudio
def test_legacy_token_and_personal_access_token_both_work(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(2)
    legacy = label_studio.client(label_studio.admin_token)
    assert push(workdir, project=ls_project, client=legacy).imported == 2
    pat = label_studio.personal_access_token()
    assert pat.count(".") == 2  # a JWT refresh token, not a legacy key
    with_pat = label_studio.client(pat)
    assert push(workdir, project=ls_project, client=with_pat).already_present == 2
    assert pull(workdir, project=ls_project, client=with_pat).annotations == 0
    # The SDK exchanged the PAT for a short-lived access token: never the PAT itself.
    assert with_pat._headers()["Authorization"].startswith("Bearer ")
    assert pat not in with_pat._headers()["Authorization"]


@pytest.mark.labelstudio
def test_a_personal_access_token_is_exchanged_once_not_per_request(
    label_studio: LabelStudioServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = label_studio.client(label_studio.personal_access_token())
    exchanges: list[str] = []
    real = client._refresh
    monkeypatch.setattr(client, "_refresh", lambda key: exchanges.append(key) or real(key))
    for _ in range(5):
        assert client.get("/api/current-user/whoami")["email"]
    assert len(exchanges) == 1  # the access token lives for minutes: reused
    client._access_until = 0.0  # as if it were about to expire
    client.get("/api/current-user/whoami")
    assert len(exchanges) == 2


@pytest.mark.labelstudio
def test_bad_token_is_one_clear_line(
    label_studio: LabelStudioServer, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    client = label_studio.client("not-a-valid-token-123")
    with pytest.raises(ServerError) as info:
        push(workdir, project="x", client=client)
    message = str(info.value)
    assert "refused the API key (HTTP 401)" in message and "not-a-valid" not in message


@pytest.mark.labelstudio
def test_missing_project_and_duplicate_titles(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(1)
    with pytest.raises(ConfigError, match="no project titled"):
        pull(workdir, project=ls_project, client=label_studio.admin)
    for _ in range(2):
        created = label_studio.admin.post("/api/projects/", {"title": ls_project})
    # The newer one has a task: no push's twin about to be deleted, so the error comes at once.
    label_studio.admin.post(f"/api/projects/{created['id']}/import", [{"text": "a task"}])
    with pytest.raises(ConfigError, match="2 projects titled"):
        push(workdir, project=ls_project, client=label_studio.admin)


@pytest.mark.labelstudio
def test_cli_push_and_pull_print_counts_and_json(
    label_studio: LabelStudioServer, ls_project: str, make_workspace: WorkspaceFactory
) -> None:
    workdir, _, _ = make_workspace(2)
    runner = CliRunner()
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    args = ["annotate", "push", str(workdir), "--project", ls_project, "--annotators", "2"]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "imported: 2" in result.output
    result = runner.invoke(cli, [*args, "--json"], env=env)
    assert json.loads(result.output)["already_present"] == 2
    result = runner.invoke(
        cli, ["annotate", "pull", str(workdir), "--project", ls_project, "--json"], env=env
    )
    assert result.exit_code == 0 and json.loads(result.output)["annotations"] == 0
    bad = runner.invoke(cli, args, env={**env, "LABEL_STUDIO_API_KEY": "wrong-token-123"})
    assert bad.exit_code == 1
    assert bad.output.count("\n") == 1 and bad.output.startswith("Error: Label Studio at")
    assert "Traceback" not in bad.output and "wrong-token" not in bad.output


@pytest.mark.labelstudio
def test_the_servers_own_reason_is_passed_through(
    label_studio: LabelStudioServer, make_workspace: WorkspaceFactory
) -> None:
    """A title Label Studio refuses: its ``validation_errors`` reach the one error line."""
    workdir, _, _ = make_workspace(1)
    env = {"LABEL_STUDIO_URL": label_studio.url, "LABEL_STUDIO_API_KEY": label_studio.admin_token}
    args = ["annotate", "push", str(workdir), "--project", "ab"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 1
    line = result.output.strip()
    assert result.output.count("\n") == 1 and line.startswith("Error: Label Studio at")
    assert "POST /api/projects/ failed with HTTP 400: Validation error: title: " in line
    assert "at least 3 characters" in line  # the server's words, not only "Validation error"
    assert label_studio.admin_token not in line and "Traceback" not in line


def test_server_reason_lists_every_field_and_masks_the_key() -> None:
    body = {
        "detail": "Validation error",
        "exc_info": "Traceback ... long",
        "validation_errors": {"title": ["Too short."], "sampling": {"kind": ["Bad value  here."]}},
    }
    response = httpx.Response(400, json=body)
    assert server_reason(response) == (
        "Validation error: title: Too short.; sampling.kind: Bad value here."
    )
    echoed = httpx.Response(400, json={"detail": "Invalid token secret-key-1234 given"})
    assert server_reason(echoed, secret="secret-key-1234") == "Invalid token *** given"
    assert server_reason(httpx.Response(502, text="<html>\n Bad gateway </html>")) == (
        "<html> Bad gateway </html>"
    )
    assert len(server_reason(httpx.Response(400, text="x" * 5000))) == 400
