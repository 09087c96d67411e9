"""Temporaries a killed run leaves in a workspace are removed by the next run there, and only
those: a file of another program, or the temporary of a process still writing, stays.

Real processes are killed with ``kill -9`` while they write (the fault: their input hangs).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from click.testing import CliRunner

from claims.temps import LEGACY_AGE, host_tag
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"

#: Writes the workspace files through claimset's own writers, then hangs before finishing.
HANGING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from claims.extract import extract
    from claims.pipeline import get_extractor
    from claims.workspace import write_jsonl

    work = Path(sys.argv[1])

    class Hangs:
        name, version = "rules", get_extractor().version
        def config(self): return get_extractor().config()
        def extract(self, document):
            print("writing", flush=True)
            time.sleep(600)

    def annotations():
        yield {"id": 1}
        print("writing", flush=True)
        time.sleep(600)

    if sys.argv[2] == "extract":
        extract([sys.argv[3]], out=work, extractor=Hangs())
    else:
        write_jsonl(work / "annotations.jsonl", annotations())
    """
)


def kill_while_writing(work: Path, *args: str) -> int:
    """Run a claimset writer until it is mid-write, ``kill -9`` it; return its pid."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HANGING_WRITER, str(work), *args], stdout=subprocess.PIPE, env=env
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while proc.stdout.readline().strip() != b"writing":
            assert time.monotonic() < deadline and proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.pid


def temps(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir() if p.name.endswith(".tmp"))


def test_the_next_extract_removes_what_killed_runs_left(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for args, expected in ((("extract", str(ORIGINAL)), 2), (("pull",), 1)):
        dead = kill_while_writing(work, *args)
        left = temps(work)
        assert len(left) == expected, left  # documents and claims, or annotations
        assert all(f".{host_tag()}-{dead}." in name for name in left)
        result = CliRunner().invoke(cli, ["extract", str(ORIGINAL), "--out", str(work)])
        assert result.exit_code == 0, result.output
        assert temps(work) == []
        assert f"removed {expected} temporary file(s) left in {work}" in result.stderr


def test_a_live_writers_temporary_and_other_files_are_kept(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        live = work / f".annotations.jsonl.{host_tag()}-{sleeper.pid}.0123abcd.tmp"
        live.write_text("still being written\n")
        other_host = work / f".claims.jsonl.00000000-{sleeper.pid}.0123abcd.tmp"
        other_host.write_text("another machine's run on a shared disk\n")
        foreign = [work / ".notes.tmp", work / "claims.jsonl.tmp", work / ".claims.jsonl.bak"]
        for path in foreign:
            path.write_text("not claimset's\n")
        young_legacy = work / ".claims.jsonl.abc_1234.tmp"  # what older versions named them
        young_legacy.write_text("maybe an older claimset still running\n")
        old_legacy = work / ".documents.jsonl.xyz98765.tmp"
        old_legacy.write_text("left long ago\n")
        an_hour_ago = time.time() - LEGACY_AGE - 60
        os.utime(old_legacy, (an_hour_ago, an_hour_ago))

        result = CliRunner().invoke(cli, ["extract", str(ORIGINAL), "--out", str(work), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["removed_temps"] == [old_legacy.name]
        for path in (live, other_host, young_legacy, *foreign):
            assert path.exists(), path.name
    finally:
        sleeper.kill()
        sleeper.wait()


def test_export_removes_the_workspace_temporaries_of_dead_runs(
    small_workspace: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for path in small_workspace.iterdir():
        if path.is_file():
            (work / path.name).write_bytes(path.read_bytes())
    kill_while_writing(work, "pull")
    assert len(temps(work)) == 1
    result = CliRunner().invoke(cli, ["export", str(work), "--out", str(tmp_path / "ds")])
    assert result.exit_code == 0, result.output
    assert temps(work) == []


def test_saving_studio_credentials_removes_a_dead_runs_secret_temporary(tmp_path: Path) -> None:
    from annotations.studio import save_credentials

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f".credentials.json.{host_tag()}-{dead.pid}.0123abcd.tmp"
    left.write_text('{"api_key": "old"}\n')
    left.chmod(0o600)
    save_credentials(tmp_path, {"api_key": "new", "url": None})
    assert not left.exists()
    saved = tmp_path / "credentials.json"
    assert json.loads(saved.read_text())["api_key"] == "new"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credentials.json"]
