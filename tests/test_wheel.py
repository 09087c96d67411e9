"""The installed package, as users install it: the wheel in a fresh virtual environment.

Everything else in the suite runs from the checkout; this test builds the wheel (or takes
``CLAIMSET_WHEEL``, which ``.ci/run`` sets to the one it built and checked), installs it with the
``studio`` extra into a new virtual environment in a temporary directory outside the checkout,
and runs the main job there with the checkout nowhere on ``sys.path``: ``claimset --version``,
extract the bundled sample, start ``claimset studio``, push, annotate through the API, pull,
export, ``datasets.load_dataset``, ``claimset check`` and ``pytest --claimset-dataset``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fixtures.labelstudio import build_result

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "Wheel smoke"

pytestmark = [pytest.mark.slow, pytest.mark.wheel]


class Env:
    """A fresh virtual environment with the wheel installed, and a clean process environment."""

    def __init__(self, root: Path, wheel: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        self.cwd = root / "user"
        self.cwd.mkdir()
        venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        self.bin = venv / "bin"
        self.env = {
            "PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "HF_HUB_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1",
            "HF_HOME": str(root / "hf"),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }
        for key in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE"):
            if key in os.environ:
                self.env[key] = os.environ[key]
        self.run("python", "-m", "pip", "install", "--quiet", f"{wheel}[studio]", "pytest")

    def run(
        self, *args: str, check: bool = True, timeout: float = 900
    ) -> subprocess.CompletedProcess[str]:
        exe = str(self.bin / args[0]) if (self.bin / args[0]).exists() else args[0]
        done = subprocess.run(
            [exe, *args[1:]],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel_path: Path) -> Iterator[Env]:
    root = tmp_path_factory.mktemp("wheel")
    assert not root.resolve().is_relative_to(ROOT), "the environment must live outside the checkout"
    yield Env(root, wheel_path)
    shutil.rmtree(root / "venv", ignore_errors=True)


def test_installed_package_is_not_the_checkout(installed: Env) -> None:
    code = (
        "import sys, claims, annotations, export, export.check, claims.rules;"
        "print(claims.__file__); print(any(p and 'site-packages' not in p and p != '' "
        f"and p.startswith({str(ROOT)!r}) for p in sys.path))"
    )
    out = installed.run("python", "-c", code).stdout.split()
    assert "site-packages" in out[0]
    assert out[1] == "False"
    version = installed.run("claimset", "--version").stdout
    assert "claimset" in version and any(ch.isdigit() for ch in version)


def _wait_for_studio(process: subprocess.Popen[str], log: Path, deadline: float) -> str:
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        for line in text.splitlines():
            if "Label Studio is running at " in line:
                return line.split("running at ", 1)[1].strip()
        if process.poll() is not None:
            raise AssertionError(f"claimset studio exited {process.returncode}:\n{text}")
        time.sleep(1)
    raise AssertionError("claimset studio did not start in time")


def _annotate(url: str, key: str, project_title: str) -> int:
    headers = {"Authorization": f"Token {key}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        projects = http.get("/api/projects/", params={"title": project_title}).json()
        rows = projects["results"] if isinstance(projects, dict) else projects
        (project,) = [p for p in rows if p["title"] == project_title]
        tasks = http.get("/api/tasks/", params={"project": project["id"], "page_size": 5}).json()
        done = 0
        for task in tasks["tasks"][:3]:
            body = {"result": build_result(verdict="supported", quality="correct")}
            http.post(f"/api/tasks/{task['id']}/annotations/", json=body).raise_for_status()
            done += 1
        return done


def test_main_job_from_the_wheel(installed: Env) -> None:
    sample = installed.run(
        "python",
        "-c",
        "from importlib import resources; "
        "print(next(p for p in (resources.files('claims') / 'sample_data').iterdir() "
        "if p.name.endswith('.txt')))",
    ).stdout.strip()
    extracted = installed.run("claimset", "extract", sample, "--out", "work", "--json")
    report = json.loads(extracted.stdout)
    assert report["claims"] > 10, report

    data_dir = installed.root / "studio"
    log = installed.root / "studio.log"
    with log.open("w") as out:
        studio = subprocess.Popen(
            [str(installed.bin / "claimset"), "studio", "--port", "0", "--data-dir", str(data_dir)],
            cwd=installed.cwd,
            env=installed.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        url = _wait_for_studio(studio, log, time.monotonic() + 300)
        installed.run("claimset", "annotate", "push", "work", "--project", PROJECT)
        key = json.loads((data_dir / "credentials.json").read_text())["api_key"]
        assert _annotate(url, key, PROJECT) == 3
        pulled = installed.run("claimset", "annotate", "pull", "work", "--project", PROJECT)
        assert "3" in pulled.stdout
    finally:
        studio.send_signal(signal.SIGINT)
        try:
            studio.wait(timeout=60)
        except subprocess.TimeoutExpired:
            studio.kill()

    installed.run("claimset", "export", "work", "--out", "dataset")
    loaded = installed.run(
        "python",
        "-c",
        "import datasets; ds = datasets.load_dataset('dataset'); "
        "import json; print(json.dumps({s: d.num_rows for s, d in ds.items()}));"
        "print(sum(d.filter(lambda r: r['num_annotations'] > 0).num_rows for d in ds.values()));"
        "docs = datasets.load_dataset('dataset', 'documents');"
        "assert all(not s.startswith('/') for d in docs.values() for s in d['source'])",
    )
    rows, annotated = loaded.stdout.strip().splitlines()[-2:]
    assert sum(json.loads(rows).values()) == report["claims"]
    assert int(annotated) == 3
    installed.run("claimset", "check", "dataset")
    plugin = installed.run(
        "pytest", "-q", "-p", "no:cacheprovider", "--claimset-dataset", "dataset"
    )
    assert " passed" in plugin.stdout and "failed" not in plugin.stdout
