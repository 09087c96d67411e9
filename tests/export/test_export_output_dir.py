"""``claimset export --out DIR`` writes only into an empty directory, a previous export (its
marker) or, with ``--force``, anywhere, and never deletes a file it did not write.

Through the real CLI (click's runner on ``export.cli:cli``); one test kills a real export
process (``kill -9``) in the middle of its swap.
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

import pytest
from click.testing import CliRunner
from datasets import load_dataset

from claims.errors import InputError
from export.build import export_dataset
from export.cli import cli
from export.layout import CARD, CROISSANT, MARKER

ROOT = Path(__file__).resolve().parents[2]


def export(workdir: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["export", str(workdir), "--out", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def user_dir(path: Path) -> dict[str, bytes]:
    """A directory of someone's own files, named like an export's."""
    (path / "data").mkdir(parents=True)
    (path / CARD).write_text("# my notes\n", encoding="utf-8")
    (path / "data" / "mine.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (path / "notes.txt").write_text("do not lose me\n", encoding="utf-8")
    return tree(path)


def marker_files(out: Path) -> list[str]:
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["written_by"] == "claimset export" and marker["complete"] is True
    return list(marker["files"])


def test_refuses_a_directory_it_did_not_write(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    before = user_dir(out)
    code, stdout, stderr = export(small_workspace, out)
    assert tree(out) == before  # nothing deleted, nothing overwritten
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == [
        f"Error: {out} is not empty and was not written by claimset export (it holds "
        "README.md, data/, notes.txt): choose an empty directory or pass --force"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging dir left


def test_force_writes_but_deletes_nothing_of_the_users(
    small_workspace: Path, tmp_path: Path, hf_offline: Path
) -> None:
    out = tmp_path / "mine"
    before = user_dir(out)
    code, stdout, stderr = export(small_workspace, out, "--force")
    assert code == 0, stderr
    after = tree(out)
    assert after["notes.txt"] == before["notes.txt"]
    assert after["data/mine.csv"] == before["data/mine.csv"]
    assert after["README.md.orig"] == before[CARD]  # replaced only under a new name
    assert after[CARD].startswith(b"---\n")
    assert "left as they are: data/, notes.txt" in stdout
    assert "README.md -> README.md.orig" in stdout
    written = marker_files(out)
    assert CARD in written and "notes.txt" not in written and "data/mine.csv" not in written
    assert sorted(set(after) - {MARKER}) == sorted(
        {*written, "README.md.orig", "notes.txt"} | {"data/mine.csv"}
    )
    ds = load_dataset(str(out), cache_dir=str(hf_offline))
    assert sum(ds.num_rows.values()) == 18


def test_reexport_replaces_only_what_the_previous_export_wrote(
    small_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    code, _, stderr = export(small_workspace, out)
    assert code == 0, stderr
    first = marker_files(out)
    assert sorted(tree(out)) == sorted([*first, MARKER])
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    code, stdout, stderr = export(small_workspace, out, "--splits", "train=1")
    assert code == 0, stderr
    second = marker_files(out)
    assert all(f.startswith(("data/", "images/", CARD, CROISSANT)) for f in second)
    assert {"images/labels.png", "images/agreement.png"} <= set(second)
    gone = set(first) - set(second)
    assert gone and all("validation" in f or "test" in f for f in gone)
    assert sorted(tree(out)) == sorted([*second, MARKER, "notes.txt", ".git/HEAD"])
    assert (out / "notes.txt").read_text() == "mine\n"
    assert "left as they are: .git/, notes.txt" in stdout


def test_an_empty_directory_and_reruns_need_no_force(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    for _ in range(2):
        code, stdout, stderr = export(small_workspace, out)
        assert code == 0, stderr
        assert "did not write" not in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_a_foreign_file_where_the_export_writes_is_not_overwritten(
    small_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    export(small_workspace, out, "--splits", "train=1")
    theirs = out / "data" / "claims" / "test-00000-of-00001.parquet"
    theirs.write_bytes(b"someone else's file")
    before = tree(out)
    code, _, stderr = export(small_workspace, out, "--splits", "train=0.5,test=0.5")
    assert tree(out) == before
    assert code == 2
    (line,) = stderr.splitlines()
    assert line.startswith(f"Error: {theirs} was not written by claimset export")
    assert "pass --force" in line
    code, _, stderr = export(small_workspace, out, "--splits", "train=0.5,test=0.5", "--force")
    assert code == 0, stderr
    assert theirs.with_name(theirs.name + ".orig").read_bytes() == b"someone else's file"


def test_a_dataset_exported_before_the_marker_existed_is_recognised(
    small_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    export(small_workspace, out)
    (out / MARKER).unlink()
    code, _, stderr = export(small_workspace, out)
    assert code == 0, stderr
    (out / MARKER).unlink()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, _, stderr = export(small_workspace, out)
    assert code == 2 and "it holds README.md, croissant.json, data/, images/, notes.txt" in stderr


def test_out_is_a_file(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="exists and is not a directory"):
        export_dataset(small_workspace, out=out)
    assert out.read_text() == "x"


KILLED_SWAP = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import export.writer as writer

    real = os.replace

    def slow_replace(src, dst, *a, **k):
        # the fault: the card, moved in last, takes forever (the process is killed here)
        if Path(dst).name == "README.md" and ".building-" in str(src):
            print("swapping", flush=True)
            time.sleep(600)
        return real(src, dst, *a, **k)

    writer.os.replace = slow_replace
    from export.build import export_dataset
    export_dataset(sys.argv[1], out=sys.argv[2], splits="train=1")
    """
)


def test_an_export_killed_mid_swap_does_not_look_complete_and_the_next_one_repairs(
    small_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    export(small_workspace, out)
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # forces the file-by-file swap
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_SWAP, str(small_workspace), str(out)],
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while proc.stdout.readline().strip() != b"swapping":
            assert time.monotonic() < deadline and proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not (out / CARD).exists()  # no card: not a finished dataset
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["complete"] is False
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "ds")
    assert any(".building-" in n for n in leftovers) and any(".old-" in n for n in leftovers)

    code, stdout, stderr = export(small_workspace, out)
    assert code == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]  # the dead run's dirs removed
    assert (out / "notes.txt").read_text() == "mine\n"
    assert sorted(tree(out)) == sorted([*marker_files(out), MARKER, "notes.txt"])
    assert "temporary file(s) left by an interrupted run" in stdout
