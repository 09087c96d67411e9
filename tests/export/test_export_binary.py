"""The binary copy of ``annotations.jsonl`` (``export.binary``): the export reads it only while it
matches the file, and the dataset is byte for byte the one the JSON Lines give."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pytest

import export.binary as binary
import export.sources as sources
from claims.workspace import ANNOTATIONS, CLAIMS
from export.build import export_dataset
from export.sources import annotation_json_schema, write_annotations_copy, write_claims_copy
from export.synthetic import SyntheticSpec, write_workspace


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_workspace(root, SyntheticSpec(documents=40, claims_per_document=6, updated_rate=0.2))
    return root


def _copy_used(monkeypatch: pytest.MonkeyPatch, name: str = ANNOTATIONS) -> list[bool]:
    """Record, per read of workspace file ``name``, whether its binary copy served it."""
    used: list[bool] = []
    real = binary.read_copy

    def spy(source: Path, schema: pa.Schema):  # type: ignore[no-untyped-def]
        got = real(source, schema)
        if source.name == name:
            used.append(got is not None)
        return got

    monkeypatch.setattr(binary, "read_copy", spy)
    return used


def test_the_copy_gives_the_same_dataset_bytes(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_json = export_dataset(workspace, out=tmp_path / "json")
    assert write_annotations_copy(workspace)
    assert binary.copy_path(workspace / ANNOTATIONS).is_file()
    used = _copy_used(monkeypatch)
    from_copy = export_dataset(workspace, out=tmp_path / "copy")
    assert used == [True]
    assert _files(tmp_path / "copy") == _files(tmp_path / "json")
    assert from_copy.content_hash == from_json.content_hash
    assert from_copy.superseded_annotations == from_json.superseded_annotations > 0
    assert not [
        p for p in binary.copy_path(workspace / ANNOTATIONS).parent.iterdir() if p.suffix == ".tmp"
    ]


def test_the_claims_copy_gives_the_same_bytes_until_claims_change(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_json = export_dataset(workspace, out=tmp_path / "json")
    assert write_claims_copy(workspace) and write_annotations_copy(workspace)
    assert binary.copy_path(workspace / CLAIMS).is_file()
    used = _copy_used(monkeypatch, CLAIMS)
    export_dataset(workspace, out=tmp_path / "copy")
    assert used == [True, True]  # both passes over the claims read it
    assert _files(tmp_path / "copy") == _files(tmp_path / "json")
    lines = (workspace / CLAIMS).read_text(encoding="utf-8").splitlines(keepends=True)
    (workspace / CLAIMS).write_text("".join(lines[:-6]), encoding="utf-8")  # re-extracted
    fewer = export_dataset(workspace, out=tmp_path / "fewer")
    assert used == [True, True, False]  # parsed once, staged for the second pass
    assert fewer.num_claims == from_json.num_claims - 6


def test_a_changed_file_makes_the_copy_stale(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert write_annotations_copy(workspace)
    path = workspace / ANNOTATIONS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")  # half the records gone
    used = _copy_used(monkeypatch)
    edited = export_dataset(workspace, out=tmp_path / "edited")
    assert used == [False]
    binary.remove_copy(workspace / ANNOTATIONS)
    reference = export_dataset(workspace, out=tmp_path / "reference")
    assert _files(tmp_path / "edited") == _files(tmp_path / "reference")
    assert edited.num_annotations == reference.num_annotations


def test_an_edit_keeping_size_and_mtime_is_seen(workspace: Path) -> None:
    assert write_annotations_copy(workspace)
    path = workspace / ANNOTATIONS
    lines = path.read_bytes().splitlines(keepends=True)
    lines[0], lines[1] = lines[1], lines[0]  # same bytes, other order: same size
    before = path.stat()
    time.sleep(0.05)  # file times move in clock ticks (a few ms): edit in a later one
    path.write_bytes(b"".join(lines))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert binary.read_copy(path, annotation_json_schema()) is None  # the change time moved


def test_a_copied_workspace_or_another_schema_does_not_use_the_copy(
    workspace: Path, tmp_path: Path
) -> None:
    assert write_annotations_copy(workspace)
    path = workspace / ANNOTATIONS
    schema = annotation_json_schema()
    assert binary.read_copy(path, schema) is not None
    other = schema.append(pa.field("confidence", pa.string()))  # a label schema with one more
    assert binary.read_copy(path, other) is None
    copied = tmp_path / "copied"
    shutil.copytree(workspace, copied)
    assert binary.copy_path(copied / ANNOTATIONS).is_file()
    assert binary.read_copy(copied / ANNOTATIONS, schema) is None  # another inode


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_copy_falls_back_to_the_json_lines(
    workspace: Path, tmp_path: Path, damage: str
) -> None:
    reference = export_dataset(workspace, out=tmp_path / "reference")
    assert write_annotations_copy(workspace)
    copy = binary.copy_path(workspace / ANNOTATIONS)
    data = copy.read_bytes()
    copy.write_bytes(
        {"truncated": data[: len(data) // 2], "garbage": b"x" * 999, "empty": b""}[damage]
    )
    assert binary.read_copy(workspace / ANNOTATIONS, annotation_json_schema()) is None
    again = export_dataset(workspace, out=tmp_path / "again")
    assert again.content_hash == reference.content_hash


def test_a_file_changing_while_it_is_copied_leaves_no_copy(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace / ANNOTATIONS
    real = sources._stream_file

    def appending(f, where, schema, share=1):  # type: ignore[no-untyped-def]
        yield from real(f, where, schema, share)
        with path.open("ab") as out:  # another writer appends meanwhile
            out.write(path.read_bytes().splitlines(keepends=True)[0])

    monkeypatch.setattr(sources, "_stream_file", appending)
    assert not write_annotations_copy(workspace)
    assert not binary.copy_path(workspace / ANNOTATIONS).exists()
    assert not list(binary.copy_path(workspace / ANNOTATIONS).parent.glob("*.tmp"))


def test_a_failed_copy_write_keeps_the_previous_state(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(f, where, schema, share=1):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # killed half way

    monkeypatch.setattr(sources, "_stream_file", broken)
    with pytest.raises(KeyboardInterrupt):
        write_annotations_copy(workspace)
    assert not binary.copy_path(workspace / ANNOTATIONS).exists()
    assert not list(binary.copy_path(workspace / ANNOTATIONS).parent.glob("*.tmp"))
    assert (workspace / ANNOTATIONS).stat().st_size > 0
