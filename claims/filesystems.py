"""Inputs given as URIs (``file://``, ``s3://``, ``gs://``, ``hdfs://``, ``local://``...).

``claimset extract --engine ray`` reads its inputs where Ray reads: any file system
``pyarrow.fs`` opens from a URI (``pyarrow.fs.FileSystem.from_uri``), or one given as a
``pyarrow.fs.FileSystem`` object, and ``local://PATH`` (Ray's name for a path on the driver's
machine) as a local path. A URI input names a ``.txt`` article, a directory of them (recursive),
a ``.jsonl`` or a ``.parquet`` file, as a local path does, and gives the same documents: sources
are named from the URI's last parts (``bbc-news/tech/001.txt``), never from the host or bucket.

Only paths travel between processes: each Ray worker opens the file system again from the URI
(a ``pyarrow.fs`` file system object given by the caller is pickled to the workers, which works
for the file systems pyarrow implements; an in-memory fsspec file system exists in one process
only, so Ray workers cannot read it).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

__all__ = ["RemoteFile", "is_uri", "open_filesystem", "uri_digest", "uri_units"]

#: Ray's scheme for a path on the driver's machine.
LOCAL = "local://"


def is_uri(value: object) -> bool:
    """True when an input is a URI (``scheme://...``) rather than a local path."""
    text = str(value)
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").isalnum()


def open_filesystem(uri: str, filesystem: Any | None = None) -> tuple[Any, str]:
    """``(pyarrow file system, path in it)`` for a URI; ``filesystem`` (a
    ``pyarrow.fs.FileSystem``) is used as given, with the URI's path."""
    import pyarrow.fs as pafs

    if uri.startswith(LOCAL):
        return pafs.LocalFileSystem(), os.path.abspath(uri[len(LOCAL) :] or "/")
    if filesystem is not None:
        path = uri.partition("://")[2] if is_uri(uri) else uri
        return filesystem, path
    try:
        fs, path = pafs.FileSystem.from_uri(uri)
    except (ValueError, OSError) as e:  # an unknown scheme, or no such bucket/host
        raise OSError(f"cannot open {uri} ({e})") from None
    return fs, path


@dataclass(frozen=True, slots=True)
class _Size:
    st_size: int


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """A file on a ``pyarrow.fs`` file system, with the two calls ``claims.reader`` makes of a
    ``Path``: ``stat().st_size`` and ``open("rb")`` (buffered, with ``readline``)."""

    filesystem: Any
    path: str

    def stat(self) -> _Size:
        """The file's size; ``FileNotFoundError`` (an ``OSError``) when it is not there."""
        import pyarrow.fs as pafs

        info = self.filesystem.get_file_info(self.path)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(2, "No such file or directory", self.path)
        return _Size(int(info.size or 0))

    def open(self, mode: str = "rb") -> IO[bytes]:
        """The file opened for reading, seekable (Parquet reads its footer first)."""
        assert mode == "rb", "read-only"
        return io.BufferedReader(self.filesystem.open_input_file(self.path))


def _kind(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".parquet"):
        return "parquet"
    return "jsonl" if lower.endswith((".jsonl", ".ndjson")) else "txt"


def _txt_files(fs: Any, root: str) -> list[str]:
    """The ``.txt`` files below ``root``, sorted by their path relative to it."""
    import pyarrow.fs as pafs

    infos = fs.get_file_info(pafs.FileSelector(root, recursive=True))
    found = [i.path for i in infos if i.type == pafs.FileType.File]
    found = [p for p in found if p.lower().endswith(".txt")]
    return sorted(found, key=lambda p: _relative(root, p))


def _relative(root: str, path: str) -> str:
    return path[len(root.rstrip("/")) + 1 :] if path.startswith(root.rstrip("/") + "/") else path


def _base(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1] or "input"


def uri_units(given: str, filesystem: Any | None = None) -> Iterator[tuple[str, str, str, str]]:
    """The units of reading (``claims.reader.Unit``) of one URI input: a unit per file, a
    directory's ``.txt`` files one by one; the unit's path is a URI the workers open again."""
    import pyarrow.fs as pafs

    try:
        fs, path = open_filesystem(given, filesystem)
        info = fs.get_file_info(path)
    except OSError as e:
        yield ("unreadable", given, given, str(e))
        return
    if info.type == pafs.FileType.Directory:
        files = _txt_files(fs, path)
        if not files:
            yield ("empty-dir", given, given, "")
        base = given.rstrip("/")
        for file in files:
            rel = _relative(path, file)
            yield ("txt", f"{base}/{rel}", f"{base}/{rel}", f"{_base(path)}/{rel}")
    elif info.type == pafs.FileType.NotFound:
        known = _kind(path) != "txt"
        yield ("no-file" if known else "missing", given, given, "")
    else:
        yield (_kind(path), given, given, _base(path))


def remote_file(uri: str, filesystem: Any | None = None) -> RemoteFile:
    """The file a unit's URI names, opened on its file system."""
    fs, path = open_filesystem(uri, filesystem)
    return RemoteFile(fs, path)


def uri_digest(given: str, filesystem: Any | None = None) -> str:
    """The manifest's SHA-256 of a URI input, as ``claims.extract.input_digest`` computes it
    for a local path (a directory: every ``.txt`` file's relative path and digest)."""
    import pyarrow.fs as pafs

    try:
        fs, path = open_filesystem(given, filesystem)
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.Directory:
            h = hashlib.sha256()
            for file in _txt_files(fs, path):
                h.update(f"{_relative(path, file)}\0{_file_digest(fs, file)}\n".encode())
            return h.hexdigest()
        if info.type == pafs.FileType.NotFound:
            return ""
        return _file_digest(fs, path)
    except OSError:
        return ""


def _file_digest(fs: Any, path: str) -> str:
    h = hashlib.sha256()
    with fs.open_input_stream(path) as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def uri_name(given: str) -> str:
    """What the manifest names a URI input by: its last part (no scheme, host or bucket)."""
    path = given.partition("://")[2] if is_uri(given) else given
    return _base(path)
