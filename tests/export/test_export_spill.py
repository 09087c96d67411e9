"""The export's external join: annotations spilled to buckets by claim position, JSON Lines
parsed block by block. Neither may change a byte of the dataset, and both clean up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

import export.annotation_store as store_mod
import export.sources as sources
from claims.errors import InputError
from claims.workspace import ANNOTATIONS, CLAIMS
from export.build import CLAIMS_COPY, SPILL_DIR, export_dataset
from export.synthetic import SyntheticSpec, write_workspace


def _parquet_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.parquet")}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spill") / "ws"
    spec = SyntheticSpec(documents=60, claims_per_document=9, updated_rate=0.2, seed=5)
    write_workspace(root, spec)
    return root


def test_tiny_buckets_and_blocks_write_the_same_bytes(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = export_dataset(workspace, out=tmp_path / "whole")
    monkeypatch.setattr(store_mod, "BUCKET_CLAIMS", 7)  # 78 buckets, claims batches span many
    monkeypatch.setattr(sources, "_BLOCK", 3000)  # blocks cut between records
    pieces = export_dataset(workspace, out=tmp_path / "pieces")
    assert whole.superseded_annotations > 0
    assert _parquet_bytes(tmp_path / "whole") == _parquet_bytes(tmp_path / "pieces")
    assert pieces.content_hash == whole.content_hash
    assert pieces.annotators == whole.annotators
    assert pieces.num_annotations == whole.num_annotations


def test_no_spilled_file_is_left_behind(workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("not the export's\n")
    export_dataset(workspace, out=tmp_path / "ds")
    assert not list(tmp_path.rglob(f"*{SPILL_DIR}*"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "mine.txt"]


def test_failed_export_removes_its_spilled_files(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def fail(self: store_mod.AnnotationStore) -> None:
        seen.append(self.folder)
        assert any(self.folder.iterdir())  # the buckets were there while the claims streamed
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_mod.AnnotationStore, "finish", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        export_dataset(workspace, out=tmp_path / "ds")
    assert seen and not seen[0].exists()
    assert list(tmp_path.iterdir()) == []


def test_claims_are_parsed_once_and_their_staged_copy_removed(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sources._parse_block
    rows: list[int] = []

    def spy(path: Path, *args: object) -> Iterator[pa.RecordBatch]:
        for batch in real(path, *args):  # type: ignore[arg-type]
            rows.append(batch.num_rows if path.name == CLAIMS else 0)
            yield batch

    monkeypatch.setattr(sources, "_parse_block", spy)
    report = export_dataset(workspace, out=tmp_path / "ds")
    lines = (workspace / CLAIMS).read_text(encoding="utf-8").count("\n")
    assert sum(rows) == lines == report.num_claims == 540  # every claim line parsed once
    assert not list(tmp_path.rglob(f"*{CLAIMS_COPY}*"))


def test_a_bad_line_after_a_block_boundary_is_named(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    for f in workspace.iterdir():
        (ws / f.name).write_bytes(f.read_bytes())
    lines = (ws / ANNOTATIONS).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[40] = lines[40][: len(lines[40]) // 2] + "\n"  # a record cut in half
    (ws / ANNOTATIONS).write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(sources, "_BLOCK", 2000)
    with pytest.raises(InputError, match=rf"{ANNOTATIONS}:41"):
        export_dataset(ws, out=tmp_path / "ds")
    assert (ws / CLAIMS).is_file()
