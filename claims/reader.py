"""Read articles from files, directories and JSON Lines into ``Document``s, one at a time.

Accepted inputs: a ``.txt`` article (the original article format with a dateline, or the BBC
format: headline, blank line, body), a directory of ``.txt`` files (recursive, sorted by path),
or a ``.jsonl`` file of articles (``id``, ``title``, ``text``, ``published``, ``publisher``,
``url``). The text is kept exactly as decoded; only a UTF-8 byte order mark is dropped.

Bad input never raises: each bad file or JSONL line becomes a ``Rejected`` record naming the
source, the reason and what to do, and reading goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from claims.filesystems import RemoteFile, is_uri, remote_file, uri_units
from claims.model import Document
from claims.segment import parse_header

__all__ = [
    "MAX_BYTES",
    "MAX_LINE_BYTES",
    "Rejected",
    "Unit",
    "document_from_text",
    "input_units",
    "read_articles",
    "read_unit",
]

#: Articles larger than this are rejected (a news article is a few kilobytes).
MAX_BYTES = 10 * 1024 * 1024
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that yielded no document: where it came from, why, and what to do about it."""

    source: str
    reason: str
    hint: str = ""

    def message(self) -> str:
        """``PATH: reason (what to do)``, the line the CLI prints after ``Error:``."""
        return f"{self.source}: {self.reason}" + (f" ({self.hint})" if self.hint else "")

    def to_dict(self) -> dict[str, str]:
        """The record as JSON-able data (report and manifest)."""
        return {"source": self.source, "reason": self.reason, "hint": self.hint}


def _iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date or datetime string; ``None`` when absent or not a date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def document_from_text(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
) -> Document:
    """A document from raw text, reading headline, publisher and date from the text's header.

    Values given as arguments win over what the header says.
    """
    if text.startswith(BOM):
        text = text[1:]
    header = parse_header(text)
    return Document.from_text(
        text,
        title=title if title is not None else header.title,
        publisher=publisher if publisher is not None else header.publisher,
        published=published if published is not None else header.published,
        source=source,
    )


def _decode(data: bytes, source: str) -> str | Rejected:
    if not data.strip():
        return Rejected(source, "empty file", "remove it or add the article text")
    if b"\x00" in data:
        return Rejected(source, "binary file (NUL bytes)", "pass plain-text articles only")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return Rejected(
            source,
            f"not UTF-8 (byte {e.start} is 0x{data[e.start]:02x})",
            "re-encode it as UTF-8, e.g. iconv -t UTF-8",
        )
    if text.startswith(BOM):
        text = text[1:]
    if not text.strip():
        return Rejected(source, "empty file", "remove it or add the article text")
    return text


def _read_bytes(path: Path | RemoteFile, source: str) -> bytes | Rejected:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Rejected(
                source,
                f"too large ({size / 1024 / 1024:.1f} MB > 10 MB)",
                "split it into one article per file",
            )
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as e:
        return Rejected(
            source, f"cannot read ({e.strerror or e})", "check that it exists and is readable"
        )


def _read_txt(path: Path | RemoteFile, source: str, name: str) -> Document | Rejected:
    data = _read_bytes(path, source)
    if isinstance(data, Rejected):
        return data
    text = _decode(data, source)
    if isinstance(text, Rejected):
        return text
    return document_from_text(text, source=name)


#: A JSONL line longer than this is rejected unread (the text limit plus room for escapes).
MAX_LINE_BYTES = 4 * MAX_BYTES
#: The optional string fields of a JSONL article (``None`` or absent is fine too).
STRING_FIELDS = ("title", "publisher", "published", "url")


def _has_surrogate(value: str) -> bool:
    """True when ``value`` holds a lone surrogate (``"\\ud800"`` in JSON), which is not UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _field_problem(record: dict[str, Any]) -> tuple[str, str] | None:
    """``(reason, what to do)`` when the fields of an article record are unusable, else ``None``."""
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        return f"'text' is {_json_type(text)}, not a string", "give the article text as a string"
    if not isinstance(text, str) or not text.strip():
        return "no 'text' (or it is empty)", "give each article a non-empty text"
    for name in STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name!r} is {_json_type(value)}, not a string", "write it as a string"
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return f"'id' is {_json_type(ident)}", "use a string or an integer id"
    for name in ("text", "id", *STRING_FIELDS):
        value = record.get(name)
        if isinstance(value, str) and _has_surrogate(value):
            reason = f"{name!r} holds a lone surrogate (\\ud800-\\udfff), not valid Unicode"
            return reason, "fix the encoder that wrote the file"
    return None


def _json_type(value: Any) -> str:
    """The JSON kind of a decoded value, with its article (for messages): ``an array``."""
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    return "null" if value is None else names.get(type(value), "an object")


def _jsonl_record(record: Any, where: str, name: str) -> Document | Rejected:
    if not isinstance(record, dict):
        return Rejected(where, "not a JSON object", "write one article object per line")
    problem = _field_problem(record)
    if problem is not None:
        return Rejected(where, *problem)
    text: str = record["text"]
    if "\x00" in text:
        return Rejected(where, "binary text (NUL characters)", "pass plain-text articles only")
    if len(text.encode("utf-8")) > MAX_BYTES:
        return Rejected(where, "text too large (> 10 MB)", "split it into one article per record")
    url, ident = record.get("url"), record.get("id")
    if isinstance(url, str) and url:
        source = url
    else:
        source = f"{name}#{ident}" if ident is not None else f"{name}:{where.rsplit(':', 1)[-1]}"
    str_or_none = lambda v: v if isinstance(v, str) and v.strip() else None  # noqa: E731
    return document_from_text(
        text,
        source=source,
        title=str_or_none(record.get("title")),
        publisher=str_or_none(record.get("publisher")),
        published=_iso_date(record.get("published")),
    )


def _parse_line(raw: bytes, where: str) -> Any:
    """The JSON value of one line, or a ``Rejected`` saying why it has none."""
    try:
        return json.loads(raw.decode("utf-8").removeprefix(BOM))
    except UnicodeDecodeError as e:
        return Rejected(where, f"not UTF-8 (byte {e.start + 1} of the line)", "re-encode as UTF-8")
    except json.JSONDecodeError as e:
        return Rejected(where, f"not valid JSON ({e.msg})", "fix or remove the line")
    except RecursionError:
        return Rejected(where, "JSON nested too deeply", "flatten the record or remove the line")
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        return Rejected(where, f"not usable JSON ({e})", "fix or remove the line")


def _lines(f: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """``(line_number, line)`` with at most ``MAX_LINE_BYTES`` in memory; ``None`` if longer."""
    n = 0
    while True:
        raw = f.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line
            yield n, None
            continue
        yield n, raw


def _read_jsonl(path: Path | RemoteFile, source: str, name: str) -> Iterator[Document | Rejected]:
    try:
        f = path.open("rb")
    except OSError as e:
        yield Rejected(
            source, f"cannot read ({e.strerror or e})", "check it exists and is readable"
        )
        return
    with f:
        for n, raw in _lines(f):
            where = f"{source}:{n}"
            if raw is None:
                limit = MAX_LINE_BYTES // (1024 * 1024)
                yield Rejected(where, f"line too long (> {limit} MB)", "one article per line")
                continue
            if not raw.strip():
                continue
            record = _parse_line(raw, where)
            if isinstance(record, Rejected):
                yield record
                continue
            yield _guarded(where, _jsonl_record, record, where, name)


def _guarded(
    where: str, read: Callable[..., Document | Rejected], *args: Any
) -> Document | Rejected:
    """``read(*args)``; a crash while building the document rejects that input, not the batch."""
    try:
        return read(*args)
    except Exception as e:  # a bug in header parsing must not lose the other articles
        reason = f"could not be read ({type(e).__name__}: {e})"
        return Rejected(where, reason, "please report this as a bug")


def _txt_files(directory: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        found.extend(Path(root) / f for f in files if f.lower().endswith(".txt"))
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def relative_source(given: Path, file: Path | None = None) -> str:
    """What a document records as its ``source``: the path relative to the input root, never an
    absolute local path (it would publish the user's directory layout and account name).

    A file given directly is named by its file name; a file found in a given directory by the
    directory's name and its path below it (``bbc-news/tech/001.txt``).
    """
    if file is None:
        return given.name or str(given)
    root = given.resolve().name or "input"
    return f"{root}/{file.relative_to(given).as_posix()}"


#: One unit of reading: ``(kind, path, where, name)``; ``kind`` is ``txt``, ``jsonl``,
#: ``parquet`` or ``missing``/``empty-dir`` (a rejection). Units are what a distributed run
#: shares out: the articles of a unit come out exactly as ``read_articles`` gives them.
Unit = tuple[str, str, str, str]


def input_units(inputs: Iterable[str | Path], filesystem: Any | None = None) -> Iterator[Unit]:
    """The units of reading of the inputs, in order: a file each (a directory's ``.txt`` files
    one by one), without reading any content. An input given as a URI (``file://``, ``s3://``,
    ...; ``claims.filesystems``) is listed on its file system (or on ``filesystem``)."""
    for given in inputs:
        where = str(given)
        if is_uri(where) or filesystem is not None:
            yield from uri_units(where, filesystem)
            continue
        path = Path(given)
        if path.is_dir():
            files = _txt_files(path)
            if not files:
                yield ("empty-dir", where, where, "")
            for file in files:
                yield ("txt", str(file), str(file), relative_source(path, file))
        elif path.suffix.lower() in (".jsonl", ".ndjson", ".parquet"):
            kind = "parquet" if path.suffix.lower() == ".parquet" else "jsonl"
            yield (kind if path.exists() else "no-file", where, where, relative_source(path))
        elif not path.exists():
            yield ("missing", where, where, "")
        else:
            yield ("txt", where, where, relative_source(path))


def read_unit(unit: Unit, filesystem: Any | None = None) -> Iterator[Document | Rejected]:
    """The documents (or ``Rejected`` records) of one unit of reading (a URI's on its file
    system, or on ``filesystem``)."""
    kind, path, where, name = unit
    if kind in ("txt", "jsonl", "parquet"):
        try:
            target: Path | RemoteFile = (
                remote_file(path, filesystem)
                if is_uri(path) or filesystem is not None
                else Path(path)
            )
        except OSError as e:
            yield Rejected(where, str(e), "check the URI, and that this machine may read it")
            return
    if kind == "txt":
        yield _guarded(where, _read_txt, target, where, name)
    elif kind == "jsonl":
        yield from _read_jsonl(target, where, name)
    elif kind == "parquet":
        yield from _read_parquet(target, where, name)
    elif kind == "unreadable":
        yield Rejected(where, name, "check the URI, and that this machine may read it")
    elif kind == "empty-dir":
        yield Rejected(where, "directory with no .txt files", "point at article files")
    elif kind == "no-file":
        yield Rejected(where, "no such file", "check the path")
    else:
        yield Rejected(where, "no such file or directory", "check the path")


def _read_parquet(path: Path | RemoteFile, source: str, name: str) -> Iterator[Document | Rejected]:
    """Rows of a Parquet file of articles (the JSONL fields as columns), ``where`` = row."""
    import pyarrow.parquet as pq

    try:
        opened = path if isinstance(path, Path) else path.open("rb")
        batches = pq.ParquetFile(opened).iter_batches(batch_size=256)
        n = 0
        for batch in batches:
            for record in batch.to_pylist():
                n += 1
                where = f"{source}:{n}"
                yield _guarded(where, _jsonl_record, record, where, name)
    except (OSError, ValueError) as e:  # pyarrow's errors derive from these
        yield Rejected(source, f"not a readable Parquet file ({e})", "check the file")


def read_articles(
    inputs: Iterable[str | Path], filesystem: Any | None = None
) -> Iterator[Document | Rejected]:
    """Documents (or ``Rejected`` records) from each input, in order, one at a time.

    Rejections name the input as the user gave it (so they can find it); documents record a
    ``source`` relative to the input (``relative_source``). Inputs given as URIs, or every
    input when ``filesystem`` (a ``pyarrow.fs.FileSystem``) is given, are read on their file
    system (``claims.filesystems``).
    """
    for unit in input_units(inputs, filesystem):
        yield from read_unit(unit, filesystem)
