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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims.model import Document
from claims.segment import parse_header

__all__ = ["MAX_BYTES", "Rejected", "document_from_text", "read_articles"]

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
        """``PATH: reason (what to do)``, the line the CLI prints after ``error:``."""
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


def _read_bytes(path: Path, source: str) -> bytes | Rejected:
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


def _read_txt(path: Path, source: str, name: str) -> Document | Rejected:
    data = _read_bytes(path, source)
    if isinstance(data, Rejected):
        return data
    text = _decode(data, source)
    if isinstance(text, Rejected):
        return text
    return document_from_text(text, source=name)


def _jsonl_record(record: Any, where: str, name: str) -> Document | Rejected:
    if not isinstance(record, dict):
        return Rejected(where, "not a JSON object", "write one article object per line")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, "no 'text' (or it is empty)", "give each article a non-empty text")
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


def _read_jsonl(path: Path, source: str, name: str) -> Iterator[Document | Rejected]:
    try:
        f = path.open("rb")
    except OSError as e:
        yield Rejected(
            source, f"cannot read ({e.strerror or e})", "check it exists and is readable"
        )
        return
    with f:
        for n, raw in enumerate(f, 1):
            where = f"{source}:{n}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Rejected(where, "not UTF-8", "re-encode the file as UTF-8")
                continue
            except json.JSONDecodeError as e:
                yield Rejected(where, f"not valid JSON ({e.msg})", "fix or remove the line")
                continue
            yield _jsonl_record(record, where, name)


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


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Document | Rejected]:
    """Documents (or ``Rejected`` records) from each input, in order, one at a time.

    Rejections name the input as the user gave it (so they can find it); documents record a
    ``source`` relative to the input (``relative_source``).
    """
    for given in inputs:
        where = str(given)
        path = Path(given)
        if path.is_dir():
            files = _txt_files(path)
            if not files:
                yield Rejected(where, "directory with no .txt files", "point at article files")
            for file in files:
                yield _read_txt(file, str(file), relative_source(path, file))
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            if not path.exists():
                yield Rejected(where, "no such file", "check the path")
            else:
                yield from _read_jsonl(path, where, relative_source(path))
        elif not path.exists():
            yield Rejected(where, "no such file or directory", "check the path")
        else:
            yield _read_txt(path, where, relative_source(path))
