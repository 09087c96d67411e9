"""``claimset studio --database postgresql://...``: the embedded server on a team's PostgreSQL.

A throwaway PostgreSQL cluster (Debian's ``postgresql`` package: ``initdb``/``pg_ctl`` under a
temporary directory, on a free loopback port, password authentication) carries one Label Studio
start: push, annotate through the API, pull and export, then the dataset is loaded. Without the
PostgreSQL binaries the test skips with the reason, unless ``CLAIMSET_REQUIRE_POSTGRES=1``
(CI), where it fails. As root, the cluster runs as the ``postgres`` account (PostgreSQL refuses
to run as root).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.labelstudio import build_result
from ls_helpers import WorkspaceFactory

from annotations.client import LabelStudioClient
from annotations.database import database_environment, shown_database
from annotations.pulling import pull
from annotations.pushing import existing_claims, push
from annotations.studio import Studio, free_port
from claims.errors import ServerError
from export.cli import cli

pytestmark = pytest.mark.labelstudio
PASSWORD = "pg-secret-2026-team"


def _binaries() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True):
        return Path(candidate).parent
    reason = "PostgreSQL is not installed (apt-get install postgresql)"
    if os.environ.get("CLAIMSET_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " and CLAIMSET_REQUIRE_POSTGRES=1", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[str]:
    """A running throwaway cluster; yields its ``postgresql://`` URL (with the password)."""
    bin_dir = _binaries()
    # Outside pytest's 0700 temporary tree: the ``postgres`` account must reach it.
    root = Path(tempfile.mkdtemp(prefix="claimset-pg-"))
    user = "postgres" if os.geteuid() == 0 else None
    if user is not None:
        shutil.chown(root, user)
    pwfile = root / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if user is not None:
        shutil.chown(pwfile, user)
    data, port = root / "data", free_port(0)
    run = {"user": user, "check": True, "capture_output": True, "timeout": 120, "cwd": root}
    subprocess.run([bin_dir / "initdb", "-D", data, "-U", "team", "--auth=scram-sha-256",
                    f"--pwfile={pwfile}", "-E", "UTF8"], **run)  # type: ignore[call-overload]  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run([bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", root / "log",
                    "-w", "start"], **run)  # type: ignore[call-overload]  # fmt: skip
    try:
        yield f"postgresql://team:{PASSWORD}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([bin_dir / "pg_ctl", "-D", data, "-m", "fast", "stop"], **run)  # type: ignore[call-overload]
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.timeout(600)
def test_push_annotate_pull_export_on_postgresql(
    postgres: str, make_workspace: WorkspaceFactory, tmp_path: Path, hf_offline: Path
) -> None:
    from datasets import load_dataset

    workdir, documents, claims = make_workspace(2)
    database = database_environment(postgres)
    assert PASSWORD not in shown_database(database)
    studio = Studio(tmp_path / "studio", port=free_port(0), timeout=500, database=database,
                    record=False)  # fmt: skip
    with studio:
        assert not (studio.data_dir / "label_studio.sqlite3").exists()
        assert PASSWORD not in " ".join(json.dumps(studio.credentials).split())
        client = LabelStudioClient(studio.connection)
        report = push(workdir, project="team on postgres", annotators=2, client=client)
        assert report.imported == 2
        tasks = existing_claims(client, report.project_id)
        for claim, verdict in zip(claims, ("supported", "refuted"), strict=True):
            body = {"result": build_result(verdict=verdict, quality="correct"), "lead_time": 4.0}
            client.post(f"/api/tasks/{tasks[claim.id]}/annotations/", body)
        pulled = pull(workdir, project="team on postgres", client=client)
        assert (pulled.annotations, pulled.cancelled) == (2, 0)
        log = studio.log_path.read_text(encoding="utf-8", errors="replace")
    assert PASSWORD not in log
    # Another data directory on the same database: its admin token is not the database's.
    stranger = Studio(tmp_path / "other", port=free_port(0), timeout=120, database=database,
                      record=False)  # fmt: skip
    with pytest.raises(ServerError, match="created with another data directory") as info:
        stranger.start()
    assert PASSWORD not in str(info.value) and not stranger.running()
    out = tmp_path / "dataset"
    exported = CliRunner().invoke(cli, ["export", str(workdir), "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = load_dataset(str(out), cache_dir=str(hf_offline))
    split = next(iter(rows.values()))
    assert len(split) + sum(len(s) for s in list(rows.values())[1:]) == 2
    # The data lives in PostgreSQL: its tables hold the two tasks and their annotations.
    query = "select count(*) from task; select count(*) from task_completion;"
    counted = subprocess.run([_binaries() / "psql", postgres, "-tA", "-c", query],
                             capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    assert counted.stdout.split() == ["2", "2"], counted.stdout
    assert len(documents) == 2
