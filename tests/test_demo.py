"""The demo's steps against a real Label Studio: ``claimset demo --no-serve`` twice (nothing
imported twice, data reused), an annotation, then ``claimset dataset`` (pull, export, check) and
``load_dataset`` on the result; and the port-in-use path."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.labelstudio import ANNOTATORS, template_dir

from annotations.client import Connection, LabelStudioClient, read_studio_credentials
from annotations.pushing import existing_claims
from annotations.studio import free_port

CLAIMSET = str(Path(sys.executable).with_name("claimset"))

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def claimset(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLAIMSET, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture
def demo_workdir(tmp_path: Path) -> Path:
    """A workspace whose Label Studio data starts from the migrated test template (saves the
    ~40 s first-start migration; the template is itself made by a first start)."""
    pytest.importorskip("label_studio")
    work = tmp_path / "demo-work"
    shutil.copytree(template_dir(), work / ".claimset" / "studio")
    return work


def test_demo_twice_then_dataset(demo_workdir: Path, hf_offline: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env |= {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(hf_offline)}
    port = str(free_port(0))
    args = ("demo", "--workdir", str(demo_workdir), "--port", port, "--no-serve")

    first = claimset(*args, env=env)
    assert first.returncode == 0, first.stderr
    n_claims = len((demo_workdir / "claims.jsonl").read_text().splitlines())
    assert n_claims >= 10
    assert f"{n_claims} tasks ({n_claims} imported now, 0 already there)" in first.stdout
    assert "Log in as: admin@" in first.stdout and "Next:" in first.stdout
    creds = read_studio_credentials(demo_workdir / ".claimset" / "studio") or {}
    assert creds["password"] not in first.stdout + first.stderr
    assert creds["api_key"] not in first.stdout + first.stderr

    second = claimset(*args, env=env)
    assert second.returncode == 0, second.stderr
    assert (demo_workdir / "claims.jsonl").read_text().count("\n") == n_claims  # same bytes
    assert f"{n_claims} tasks (0 imported now, {n_claims} already there)" in second.stdout

    annotated = _annotate_one(demo_workdir, int(port))
    dataset = claimset("dataset", "--workdir", str(demo_workdir), "--port", port, "--json", env=env)
    assert dataset.returncode == 0, dataset.stderr
    report = json.loads(dataset.stdout)
    assert report["pull"]["annotations"] == 1 and report["check"]["ok"] is True

    from datasets import load_dataset

    ds = load_dataset(report["out"], cache_dir=str(hf_offline))
    rows = [r for split in ds.values() for r in split]
    assert len(rows) == n_claims
    done = [r for r in rows if r["claim_id"] == annotated]
    assert done[0]["num_annotations"] == 1 and done[0]["verdict"] == 0  # supported


def _annotate_one(workdir: Path, port: int) -> str:
    """Start the demo's studio, submit one annotation as an annotator, stop; the claim id."""
    from fixtures.labelstudio import build_result

    from annotations.studio import Studio

    with Studio(workdir / ".claimset" / "studio", port=port) as studio:
        admin = LabelStudioClient(studio.connection)
        project = admin.projects_titled("claimset demo")[0]
        claim_id, task_id = sorted(existing_claims(admin, int(project["id"])).items())[0]
        user = LabelStudioClient(Connection(studio.url, ANNOTATORS[0].token))
        body: dict[str, Any] = {"result": build_result(verdict="supported", quality="correct")}
        user.post(f"/api/tasks/{task_id}/annotations/", body)
    return claim_id


def test_demo_port_in_use_moves_to_the_next_free_port(demo_workdir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = claimset(
            "demo", "--workdir", str(demo_workdir), "--port", str(port), "--no-serve", env=env
        )
    assert done.returncode == 0, done.stderr
    assert f"port {port} is in use: Label Studio listens on" in done.stderr
