"""``extract``: articles in; ``documents.jsonl``, ``claims.jsonl``, ``manifest.json`` out.

The run streams: each article is read, extracted and written out before the next one is read, so
peak memory does not grow with the corpus. Files are written beside their final place and renamed
at the end, so an interrupted run leaves the previous workspace intact. Output bytes depend only on
the inputs (as given), the reference date and the extractor: no timestamps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from claims.budget import DocumentRejected
from claims.errors import InputError
from claims.model import Claim, Document
from claims.pipeline import Extractor, config_hash, get_extractor
from claims.reader import Rejected, document_from_text, read_articles
from claims.workspace import CLAIMS, DOCUMENTS, MANIFEST, atomic_write_text, dumps

__all__ = ["ExtractReport", "extract", "extract_document", "extract_text", "input_digest"]

#: ``progress(documents_done, source)`` after each document (or rejected input).
Progress = Callable[[int, str], None]


@dataclasses.dataclass(slots=True)
class ExtractReport:
    """What a run did: counts, the rejected inputs and the duplicates skipped."""

    workdir: str
    documents: int = 0
    claims: int = 0
    claims_by_type: dict[str, int] = dataclasses.field(default_factory=dict)
    rejected: list[Rejected] = dataclasses.field(default_factory=list)
    duplicates: list[str] = dataclasses.field(default_factory=list)
    extractor: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no input was rejected."""
        return not self.rejected

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (what ``claimset extract --json`` prints)."""
        return {
            "workdir": self.workdir,
            "documents": self.documents,
            "claims": self.claims,
            "claims_by_type": dict(sorted(self.claims_by_type.items())),
            "rejected": [r.to_dict() for r in self.rejected],
            "duplicates": self.duplicates,
            "extractor": self.extractor,
        }


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    try:
        return dt.date.fromisoformat(published).isoformat()
    except ValueError:
        raise InputError(f"--published {published!r} is not a date (use YYYY-MM-DD)") from None


def extract_document(document: Document, *, extractor: Extractor | None = None) -> list[Claim]:
    """The claims of one document (the default rule-based extractor unless one is given)."""
    return (extractor or get_extractor()).extract(document)


def extract_text(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    extractor: Extractor | None = None,
) -> list[Claim]:
    """The claims of a raw article text; ``published`` (YYYY-MM-DD) resolves relative dates."""
    document = document_from_text(
        text, source=source, title=title, published=_check_published(published)
    )
    return extract_document(document, extractor=extractor)


def input_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or of a directory's ``.txt`` files (relative path + digest)."""
    if path.is_dir():
        h = hashlib.sha256()
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
        for file in sorted(files, key=lambda p: p.relative_to(path).as_posix()):
            rel = file.relative_to(path).as_posix()
            h.update(f"{rel}\0{_file_digest(file)}\n".encode())
        return h.hexdigest()
    return _file_digest(path)


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


def _documents(
    inputs: Sequence[str | Path], published: str | None, report: ExtractReport
) -> Iterator[Document]:
    seen: dict[str, str] = {}
    for item in read_articles(inputs):
        if isinstance(item, Rejected):
            report.rejected.append(item)
            continue
        if published is not None:
            item = dataclasses.replace(item, published=published)
        if item.doc_id in seen:
            report.duplicates.append(f"{item.source}: same text as {seen[item.doc_id]}")
            continue
        seen[item.doc_id] = item.source or item.doc_id
        yield item


def _open_temp(stack: ExitStack, out: Path, name: str) -> tuple[IO[str], str]:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
    stack.callback(lambda: Path(tmp).unlink(missing_ok=True))
    f = stack.enter_context(os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
    return f, tmp


def _finish(f: IO[str], tmp: str, path: Path) -> None:
    f.flush()
    os.fsync(f.fileno())
    f.close()
    os.replace(tmp, path)


def extract(
    inputs: Sequence[str | Path],
    *,
    out: Path,
    published: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> ExtractReport:
    """Extract claims from articles, files, directories or JSONL into the workspace ``out``.

    Rejected inputs are reported, never raised; the rest is processed. ``published``
    (YYYY-MM-DD) supplies or overrides every article's reference date.
    """
    published = _check_published(published)
    extractor = extractor or get_extractor()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out}: cannot create the workspace ({e.strerror or e})") from None
    report = ExtractReport(workdir=str(out))
    report.extractor = {
        "name": extractor.name,
        "version": extractor.version,
        "config": extractor.config(),
        "config_hash": config_hash(extractor),
    }
    try:
        by_type = _write_workspace(inputs, out, published, extractor, progress, report)
        report.claims_by_type = dict(sorted(by_type.items()))
        _write_manifest(out, inputs, published, report)
    except OSError as e:
        where = e.filename or out
        raise InputError(
            f"{where}: cannot write the workspace ({e.strerror or e}); "
            "check that --out is a writable directory with free space"
        ) from None
    return report


def _write_workspace(
    inputs: Sequence[str | Path],
    out: Path,
    published: str | None,
    extractor: Extractor,
    progress: Progress | None,
    report: ExtractReport,
) -> Counter[str]:
    """Stream documents and claims into temporary files, then rename them into place."""
    by_type: Counter[str] = Counter()
    with ExitStack() as stack:
        docs_f, docs_tmp = _open_temp(stack, out, DOCUMENTS)
        claims_f, claims_tmp = _open_temp(stack, out, CLAIMS)
        for document in _documents(inputs, published, report):
            claims = _safe_extract(extractor, document, report)
            if claims is None:
                continue
            docs_f.write(dumps(document.to_dict()) + "\n")
            for claim in claims:
                claims_f.write(dumps(claim.to_dict()) + "\n")
                by_type[str(claim.type)] += 1
            report.documents += 1
            report.claims += len(claims)
            if progress is not None:
                progress(report.documents, document.source or document.doc_id)
        _finish(docs_f, docs_tmp, out / DOCUMENTS)
        _finish(claims_f, claims_tmp, out / CLAIMS)
    return by_type


def _safe_extract(
    extractor: Extractor, document: Document, report: ExtractReport
) -> list[Claim] | None:
    """One document's claims; an extractor crash, or a document over the extractor's time
    budget (``claims.budget``), rejects that document, not the batch."""
    try:
        return extractor.extract(document)
    except DocumentRejected as e:  # a pathological article: rejected with its reason, no hang
        report.rejected.append(Rejected(document.source or document.doc_id, str(e), e.hint))
        return None
    except Exception as e:  # a bug in a rule must not lose the other articles
        source = document.source or document.doc_id
        reason = f"extractor {extractor.name} failed ({type(e).__name__}: {e})"
        report.rejected.append(Rejected(source, reason, "please report this as a bug"))
        return None


def _write_manifest(
    out: Path, inputs: Sequence[str | Path], published: str | None, report: ExtractReport
) -> None:
    manifest = {
        "extractor": report.extractor,
        "published": published,
        "inputs": [{"path": str(p), "sha256": input_digest(Path(p))} for p in inputs],
        "counts": {
            "documents": report.documents,
            "claims": report.claims,
            "claims_by_type": report.claims_by_type,
            "rejected": len(report.rejected),
            "duplicates": len(report.duplicates),
        },
        "rejected": [r.to_dict() for r in report.rejected],
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
