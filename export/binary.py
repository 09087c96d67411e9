"""Binary copies of the export's JSON Lines inputs, so that it reads Arrow instead of JSON.

``pull`` writes ``WORKDIR/.claimset/annotations.arrow`` right after it replaces
``annotations.jsonl``, and ``WORKDIR/.claimset/claims.arrow`` when ``claims.jsonl`` has none
that matches: each file's records exactly as ``export.sources`` parses them (same Arrow schema,
values and batches), as an Arrow IPC file. Decoding the JSON was most of the export's CPU time;
reading a copy costs about as much as reading the file from disk.

The copy is derived data and never trusted blindly:

- It records (schema metadata) the size, modification and change times and inode of the
  file it was made from, as seen on the open file while it was read, and the Arrow schema
  (which follows the label schema and the claim types). Any write to the file, a rename over
  it, a copied workspace or another schema makes it *stale*: the export then parses the JSON
  Lines as before, with the same result. ``st_ctime`` cannot be set back by a user, so even an
  edit that keeps size and modification time is seen (in a later clock tick of the file
  system's timestamps, a few milliseconds).
- A copy that cannot be read (truncated, from another version) is stale too.
- It is written atomically (a temporary beside it, fsynced, renamed; the temporary of a killed
  run is removed by the next run), and only from a file that did not change while it was read.
  Deleting it loses nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from io import BufferedReader
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from claims.temps import make_temp_file, remove_stale
from claims.workspace import STATE_DIR, state_dir

_STAMP = b"claimset.source"
_FORMAT = 1

Parse = Callable[[BufferedReader], Iterator[pa.RecordBatch]]


def copy_path(source: Path) -> Path:
    """Where the binary copy of the workspace file ``source`` lives (``name.jsonl`` ->
    ``.claimset/name.arrow``)."""
    return source.parent / STATE_DIR / f"{source.stem}.arrow"


def _stamp(stat: os.stat_result) -> str:
    """What identifies one version of the source file (JSON, stored in the copy's schema)."""
    return json.dumps(
        {
            "format": _FORMAT,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns,
            "inode": stat.st_ino,
            "device": stat.st_dev,
        },
        sort_keys=True,
    )


def _open(source: Path, schema: pa.Schema) -> tuple[pa.NativeFile, Any] | None:
    """The open copy of ``source`` and its reader, or None when missing or stale."""
    path = copy_path(source)
    try:
        stat = source.stat()
        f = pa.OSFile(str(path))
    except (OSError, pa.ArrowException):
        return None
    try:
        reader = ipc.open_file(f)
        stamp = (reader.schema.metadata or {}).get(_STAMP)
        if stamp == _stamp(stat).encode() and reader.schema.remove_metadata().equals(schema):
            return f, reader
    except (OSError, pa.ArrowException):
        pass
    f.close()
    return None


def is_fresh(source: Path, schema: pa.Schema) -> bool:
    """Whether ``source`` has a binary copy that matches it (and ``schema``)."""
    opened = _open(source, schema)
    if opened is not None:
        opened[0].close()
    return opened is not None


def read_copy(source: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch] | None:
    """The batches of the binary copy of ``source``, or None when it is missing or stale.

    Batches are read one at a time from the file (not memory-mapped: the pages of a mapping
    would count in the export's memory), so memory holds one batch whatever the file size.
    """
    opened = _open(source, schema)
    return None if opened is None else _batches(*opened)


def _batches(f: pa.NativeFile, reader: Any) -> Iterator[pa.RecordBatch]:
    try:
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i)
    finally:
        f.close()


def write_copy(source: Path, schema: pa.Schema, parse: Parse) -> bool:
    """Parse ``source`` with ``parse`` and replace its binary copy atomically.

    Returns False (and leaves any previous copy, which is then stale) when ``source`` changed
    while it was read or the copy cannot be written; parse errors propagate.
    """
    directory = state_dir(source.parent)
    remove_stale(directory)
    fd, tmp = make_temp_file(directory, copy_path(source).name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as f:
            before = _stamp(os.fstat(f.fileno()))
            stamped = schema.with_metadata({_STAMP: before.encode()})
            with ipc.new_file(pa.PythonFile(out, mode="w"), stamped) as writer:
                for batch in parse(f):
                    writer.write_batch(batch)
            out.flush()
            os.fsync(out.fileno())
            unchanged = _stamp(os.fstat(f.fileno())) == before == _stamp(source.stat())
        if not unchanged:
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, copy_path(source))
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def remove_copy(source: Path) -> None:
    """Remove the binary copy of ``source`` (nothing is lost: it is derived)."""
    copy_path(source).unlink(missing_ok=True)
