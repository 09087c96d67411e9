"""Deterministic Parquet writing, one file per config and split, and the swap of a finished
dataset into place (into a directory ``export.target`` allows).

Bytes depend only on the rows: every file has row groups of exactly ``ROW_GROUP_ROWS`` rows
(the last one shorter) whatever the input batching, single-chunk arrays and fixed writer
options. ``created_by`` records the pyarrow version, so pin it for byte-identical rebuilds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from claims.errors import InputError
from claims.temps import make_temp_dir
from export.layout import CARD, config_dir, split_file_name
from export.target import Target, inspect_target, list_files, write_marker

ROW_GROUP_ROWS = 20_000  # small enough that buffered rows of every split stay light
WRITER_OPTIONS: dict[str, object] = {
    "compression": "snappy",
    "version": "2.6",
    "data_page_version": "1.0",
    "use_dictionary": True,
    "write_statistics": True,
    "store_schema": True,
}


class SplitWriter:
    """Appends tables to one Parquet file, opened on the first row (no empty files)."""

    def __init__(self, path: Path, schema: pa.Schema, row_group_rows: int = ROW_GROUP_ROWS):
        self.path = path
        self.schema = schema
        self.rows = 0
        self.nbytes = 0  # Arrow (in-memory) size of the rows written, the card's num_bytes
        self._group = row_group_rows
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        """Queue ``table``; full row groups are written as soon as they are complete."""
        if table.num_rows == 0:
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        while self._pending_rows >= self._group:
            self._flush(self._group)
        if self._pending and self._pending[-1].num_rows:
            # Rows left waiting are usually a slice of the caller's whole batch: copy them
            # when they are a small part of it, or the small splits would pin every batch
            # until their row group fills. A large part is kept as it is (at most twice its
            # size pinned): the copy at the flush is the only one.
            last = self._pending[-1]
            if 2 * last.nbytes < last.get_total_buffer_size():
                self._pending[-1] = last.take(pa.array(np.arange(last.num_rows, dtype=np.int64)))

    def _flush(self, n: int) -> None:
        """Write the first ``n`` pending rows as one row group."""
        table = pa.concat_tables(self._pending)
        head, rest = table.slice(0, n), table.slice(n)
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.schema, **WRITER_OPTIONS)
        head = head.combine_chunks()
        self.nbytes += head.nbytes
        self._writer.write_table(head, row_group_size=n)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows

    def close(self) -> int:
        """Write what is left and close; return the number of rows written."""
        if self._pending_rows:
            self._flush(self._pending_rows)
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        return self.rows


class ConfigWriters:
    """The split writers of one config, created lazily under ``root/data/{config}``."""

    def __init__(self, root: Path, config: str, schema: pa.Schema) -> None:
        self.root, self.config, self.schema = root, config, schema
        self.writers: dict[str, SplitWriter] = {}

    def write(self, split: str, table: pa.Table) -> None:
        """Append ``table`` to ``split``."""
        if table.num_rows == 0:
            return
        if split not in self.writers:
            path = config_dir(self.root, self.config) / split_file_name(split)
            self.writers[split] = SplitWriter(path, self.schema)
        self.writers[split].write(table)

    def close(self) -> dict[str, int]:
        """Close every split (again: a no-op); return ``{split: rows}`` of the splits with rows."""
        return {split: w.close() for split, w in self.writers.items()}

    def nbytes(self) -> dict[str, int]:
        """``{split: Arrow bytes}`` of the splits written (after ``close``)."""
        return {split: w.nbytes for split, w in self.writers.items()}


def staging_dir(out: Path) -> Path:
    """A fresh temporary directory beside ``out`` (same file system, so renames are atomic).

    Named after this process (``claims.temps``), so the next export removes it if we are killed.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    return make_temp_dir(out.parent, out.name, "building")


def swap_into_place(
    staged: Path, out: Path, *, force: bool = False, shown: str | None = None
) -> list[str]:
    """Put the dataset built in ``staged`` at ``out``; return warnings about what was kept.

    ``out`` absent, empty or holding only what the previous export wrote: the whole directory
    is swapped with two renames. Otherwise (refused without ``--force`` unless a previous
    export's marker is there) file by file: the card is moved out first and in last, so an
    interrupted swap never looks like a finished dataset, and the marker says it is
    incomplete until the end. Files the export did not write are never removed. ``shown``
    names ``out`` in messages.
    """
    target = inspect_target(out, force=force, shown=shown)
    new = list_files(staged)
    write_marker(staged, new)
    if not target.exists:
        _open_permissions(staged)
        os.replace(staged, out)
        return []
    if not target.foreign:
        _open_permissions(staged)
        _swap_whole(staged, out)
        return []
    return _swap_files(staged, out, target, new, force)


def _open_permissions(path: Path) -> None:
    """Give a staged directory the usual permissions (temporary directories are private)."""
    umask = os.umask(0o022)
    os.umask(umask)
    path.chmod(0o777 & ~umask)


def _swap_whole(staged: Path, out: Path) -> None:
    trash = make_temp_dir(out.parent, out.name, "old")
    try:
        os.replace(out, trash / "previous")
        try:
            os.replace(staged, out)
        except BaseException:
            os.replace(trash / "previous", out)
            raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _clashes(new: list[str], foreign: list[str]) -> list[str]:
    """Foreign entries at a path the export writes, or at one of its parent directories."""
    wanted = set(new)
    for path in new:
        parts = path.split("/")
        wanted.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return [f for f in foreign if f in wanted]


def _backup_name(out: Path, rel: str) -> str:
    candidate, n = f"{rel}.orig", 1
    while os.path.lexists(out / candidate):
        candidate, n = f"{rel}.orig.{n}", n + 1
    return candidate


def _swap_files(staged: Path, out: Path, target: Target, new: list[str], force: bool) -> list[str]:
    """Replace the previous export's files by the new ones, one by one, keeping the rest."""
    clashes = _clashes(new, target.foreign)
    if clashes and not force:
        raise InputError(
            f"{Path(target.shown) / clashes[0]} was not written by claimset export and would be "
            f"replaced ({len(clashes)} such path(s)): move it away, or pass --force to keep it as "
            f"{Path(clashes[0]).name}.orig"
        )
    write_marker(out, sorted(target.previous | set(new)), complete=False)
    trash = make_temp_dir(out.parent, out.name, "old")
    kept: list[str] = []
    try:
        for rel in sorted(target.previous, key=lambda r: r != CARD):  # the card out first
            if not rel.endswith("/") and os.path.lexists(out / rel):
                (trash / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(out / rel, trash / rel)
        for rel in clashes:
            backup = _backup_name(out, rel)
            os.replace(out / rel, out / backup)
            kept.append(f"{rel} -> {backup}")
        for rel in sorted(new, key=lambda r: r == CARD):  # the card in last
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / rel, out / rel)
        write_marker(out, new)
        _remove_empty_parents(out, target.previous - set(new))
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(staged, ignore_errors=True)
    return _kept_warnings(target, clashes, kept)


def _kept_warnings(target: Target, clashes: list[str], kept: list[str]) -> list[str]:
    """What the report says about the files of others that the swap left alone or renamed."""
    others = [f for f in target.foreign if f not in clashes]
    warnings = []
    if others:
        summary = Target(target.out, foreign=others).foreign_summary()
        warnings.append(
            f"{target.shown} holds {len(others)} file(s) claimset export did not write, left "
            f"as they are: {summary}"
        )
    if kept:
        warnings.append(
            "--force: kept what claimset export did not write under a new name: " + ", ".join(kept)
        )
    return warnings


def _remove_empty_parents(out: Path, removed: set[str]) -> None:
    """Remove the directories the previous export's files leave empty (deepest first)."""
    parents = {Path(rel).parent for rel in removed} - {Path(".")}
    candidates = {p for d in parents for p in (d, *d.parents) if p != Path(".")}
    for directory in sorted(candidates, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty: something else lives there
            (out / directory).rmdir()
