"""Inputs given as URIs (``claims.filesystems``): the same workspace as the local paths give.

``file://`` and ``local://`` URIs, a ``pyarrow.fs`` file system object, and an fsspec in-memory
file system (wrapped with pyarrow's ``FSSpecHandler``), read by the local engine; the Ray engine
reads the same way (``test_extract_ray.py``).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.fs as pafs
import pytest
from click.testing import CliRunner

from claims.extract import extract
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT / "tests/data/bbc"
FILES = ("documents.jsonl", "claims.jsonl", "manifest.json")


def workspace_bytes(workdir: Path) -> dict[str, bytes]:
    return {name: (workdir / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The BBC sample and a JSONL file of articles, extracted from their local paths."""
    tmp = tmp_path_factory.mktemp("uris")
    articles = tmp / "articles.jsonl"
    articles.write_text(
        '{"id": 1, "text": "Short news: 5 people came on Monday."}\n', encoding="utf-8"
    )
    extract([str(BBC), str(articles)], out=tmp / "local")
    return tmp, articles


def test_file_and_local_uris_give_the_local_workspace(local: tuple[Path, Path]) -> None:
    tmp, articles = local
    for scheme in ("file://", "local://"):
        out = tmp / scheme.strip(":/")
        inputs = [f"{scheme}{BBC}", f"{scheme}{articles}"]
        result = CliRunner().invoke(cli, ["extract", *inputs, "--out", str(out), "--quiet"])
        assert result.exit_code == 0, result.stderr
        assert workspace_bytes(out) == workspace_bytes(tmp / "local")
        assert str(tmp) not in (out / "manifest.json").read_text()  # names, not local paths


def test_a_pyarrow_filesystem_object_reads_the_paths(local: tuple[Path, Path]) -> None:
    tmp, articles = local
    out = tmp / "object"
    extract([str(BBC), str(articles)], out=out, filesystem=pafs.LocalFileSystem())
    assert workspace_bytes(out) == workspace_bytes(tmp / "local")


def test_an_fsspec_memory_filesystem(local: tuple[Path, Path]) -> None:
    fsspec = pytest.importorskip("fsspec")
    tmp, articles = local
    memory = fsspec.filesystem("memory")
    for file in sorted(BBC.rglob("*.txt")):
        memory.pipe(f"/corpus/bbc/{file.relative_to(BBC).as_posix()}", file.read_bytes())
    memory.pipe("/corpus/articles.jsonl", articles.read_bytes())
    filesystem = pafs.PyFileSystem(pafs.FSSpecHandler(memory))
    out = tmp / "memory"
    extract(["/corpus/bbc", "/corpus/articles.jsonl"], out=out, filesystem=filesystem)
    assert workspace_bytes(out) == workspace_bytes(tmp / "local")


def test_a_missing_uri_and_an_unknown_scheme_are_rejected_with_the_rest_kept(
    local: tuple[Path, Path],
) -> None:
    tmp, _ = local
    missing = f"file://{tmp}/nowhere.jsonl"
    result = CliRunner().invoke(
        cli, ["extract", f"file://{BBC}", missing, "nosuch://x/y.txt", "--out", str(tmp / "bad")]
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors[0] == f"Error: {missing}: no such file (check the path)"
    assert errors[1].startswith("Error: nosuch://x/y.txt: cannot open nosuch://x/y.txt (")
    assert len(errors) == 2
    assert (tmp / "bad" / "documents.jsonl").read_bytes() == (
        tmp / "local" / "documents.jsonl"
    ).read_bytes().rsplit(b"\n", 2)[0] + b"\n"
