"""Deterministic Parquet writing, one file per config and split, and the atomic swap of a
finished dataset into place.

Bytes depend only on the rows: every file has row groups of exactly ``ROW_GROUP_ROWS`` rows
(the last one shorter) whatever the input batching, single-chunk arrays and fixed writer
options. ``created_by`` records the pyarrow version, so pin it for byte-identical rebuilds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from export.layout import CARD, CROISSANT, DATA_DIR, config_dir, split_file_name

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
            # Rows left waiting are usually a slice of the caller's whole batch: copy them,
            # or the small splits would pin every batch until their row group fills.
            last = self._pending[-1]
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


MANAGED = (DATA_DIR, CARD, CROISSANT)


def staging_dir(out: Path) -> Path:
    """A fresh temporary directory beside ``out`` (same file system, so renames are atomic)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))


def swap_into_place(staged: Path, out: Path) -> None:
    """Replace the dataset at ``out`` by ``staged``.

    When ``out`` holds nothing but a dataset (or does not exist) the whole directory is swapped
    with two renames. When it holds other files too (a git checkout of the dataset, say), only
    ``data/``, ``README.md`` and ``croissant.json`` are replaced and everything else is kept.
    """
    if not out.exists():
        os.replace(staged, out)
        return
    others = [p.name for p in out.iterdir() if p.name not in MANAGED]
    if not others:
        trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, trash / out.name)
        os.replace(staged, out)
        shutil.rmtree(trash, ignore_errors=True)
        return
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    try:
        for name in MANAGED:
            if (out / name).exists():
                os.replace(out / name, trash / name)
            if (staged / name).exists():
                os.replace(staged / name, out / name)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        with contextlib.suppress(OSError):
            shutil.rmtree(staged)
