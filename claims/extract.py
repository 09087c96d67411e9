"""``extract``: articles in; ``documents.jsonl``, ``claims.jsonl``, ``manifest.json`` out.

The run streams: each article is read, extracted and written out before the next one is read, so
peak memory does not grow with the corpus. Files are written beside their final place and renamed
at the end, so an interrupted run leaves the previous workspace intact. A run replaces the
workspace's documents, claims and manifest, or with ``append`` adds to them (existing lines kept
byte for byte); a run that accepts no article touches nothing. Output bytes depend only on
the inputs (as given), the reference date and the extractor: no timestamps.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from claims.errors import InputError
from claims.existing import Existing, read_existing
from claims.filesystems import is_uri, uri_digest, uri_name
from claims.model import Claim, Document
from claims.parallel import Extracted, check_picklable, extract_ordered
from claims.pipeline import (
    Extractor,
    check_same_threshold,
    config_hash,
    get_extractor,
    resolve_min_checkworthiness,
)
from claims.reader import Rejected, document_from_text, read_articles, relative_source
from claims.temps import make_temp_file
from claims.workspace import (
    CLAIMS,
    DOCUMENTS,
    MANIFEST,
    PARQUET_NAMES,
    atomic_write_text,
    jsonl_to_parquet,
    remove_workspace_temps,
)

__all__ = [
    "Engine",
    "ExtractReport",
    "extract",
    "extract_document",
    "extract_text",
    "input_digest",
    "input_entry",
]

#: ``progress(documents_done, source)`` after each document (or rejected input).
Progress = Callable[[int, str], None]


@dataclasses.dataclass(slots=True)
class ExtractReport:
    """What a run did: counts, the rejected inputs and the duplicates skipped.

    ``documents``, ``claims`` and ``claims_by_type`` count what this run added; ``total_*``
    describe the workspace afterwards (the same numbers unless ``mode`` is ``append``).
    """

    workdir: str
    documents: int = 0
    claims: int = 0
    claims_by_type: dict[str, int] = dataclasses.field(default_factory=dict)
    rejected: list[Rejected] = dataclasses.field(default_factory=list)
    duplicates: list[str] = dataclasses.field(default_factory=list)
    extractor: dict[str, Any] = dataclasses.field(default_factory=dict)
    mode: str = "replace"  # or "append"
    total_documents: int = 0
    total_claims: int = 0
    total_claims_by_type: dict[str, int] = dataclasses.field(default_factory=dict)
    already_present: int = 0  # --append: articles skipped because their text was there
    unchanged: bool = False  # no article accepted: no workspace file was touched
    removed_temps: list[str] = dataclasses.field(default_factory=list)
    min_checkworthiness: float = 0.0  # claims scoring below it were dropped ...
    below_checkworthiness: int = 0  # ... and counted here (this run)

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
            "mode": self.mode,
            "total_documents": self.total_documents,
            "total_claims": self.total_claims,
            "total_claims_by_type": self.total_claims_by_type,
            "already_present": self.already_present,
            "unchanged": self.unchanged,
            "removed_temps": self.removed_temps,
            "min_checkworthiness": self.min_checkworthiness,
            "below_checkworthiness": self.below_checkworthiness,
        }

    def notes(self) -> list[str]:
        """What the CLI says besides the counts: workspace left alone, appended, cleaned up."""
        lines = []
        if self.removed_temps:
            lines.append(
                f"removed {len(self.removed_temps)} temporary file(s) left in {self.workdir} "
                "by an interrupted run"
            )
        if self.unchanged:
            what = "no new article" if self.already_present else "no article accepted"
            lines.append(f"{what}: {self.workdir} left unchanged")
        elif self.mode == "append":
            skipped = f" ({self.already_present} already there, skipped)"
            lines.append(
                f"appended {self.documents} documents and {self.claims} claims; {self.workdir} "
                f"now holds {self.total_documents} documents and {self.total_claims} claims"
                + (skipped if self.already_present else "")
            )
        return lines


def check_published(published: str | None) -> str | None:
    """``--published`` as ISO ``YYYY-MM-DD`` (``None`` stays ``None``); ``InputError`` if not a
    date."""
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
        text, source=source, title=title, published=check_published(published)
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


def input_entry(given: str | Path, filesystem: Any | None = None) -> dict[str, Any]:
    """The manifest's entry of an input: its name (never a local absolute path) and digest; a
    URI (``claims.filesystems``) named and digested on its file system, as a path would be."""
    if is_uri(given) or filesystem is not None:
        return {"path": uri_name(str(given)), "sha256": uri_digest(str(given), filesystem)}
    return {"path": relative_source(Path(given)), "sha256": input_digest(Path(given))}


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
    articles: Iterable[Document | Rejected],
    published: str | None,
    report: ExtractReport,
    existing: Existing,
) -> Iterator[Document | Rejected]:
    """The documents to extract and the rejected inputs, in input order; repeats (in this run
    or already in the workspace) are skipped and noted in ``report``."""
    seen: dict[str, str] = {}
    for item in articles:
        if isinstance(item, Rejected):
            yield item
            continue
        if published is not None:
            item = dataclasses.replace(item, published=published)
        if item.sha256 in existing.sources:
            report.already_present += 1
            where = existing.sources[item.sha256]
            same = "" if where == item.source else f" (same text as {where})"
            report.duplicates.append(f"{item.source}: already in the workspace{same}")
            continue
        if item.sha256 in seen:
            report.duplicates.append(f"{item.source}: same text as {seen[item.sha256]}")
            continue
        seen[item.sha256] = item.source or item.doc_id
        yield item


#: An engine extracting elsewhere: the report in, the outcomes in input order out.
Engine = Callable[[ExtractReport], Iterable[Extracted | Rejected]]


def extract(
    inputs: Sequence[str | Path],
    *,
    out: Path,
    published: str | None = None,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
    append: bool = False,
    jobs: int = 1,
    articles: Iterable[Document | Rejected] | None = None,
    fmt: str = "jsonl",
    min_checkworthiness: float | None = None,
    outcomes: Engine | None = None,
    filesystem: Any | None = None,
) -> ExtractReport:
    """Extract claims from articles, files, directories or JSONL into the workspace ``out``.

    By default the run *replaces* the workspace's documents, claims and manifest with what it
    extracted; with ``append`` it *adds* the new articles after the existing lines (ids and
    lines unchanged; an article whose text is already there is skipped and counted). A run
    that accepts no article changes nothing. Rejected inputs are reported, never raised.
    ``published`` (YYYY-MM-DD) supplies or overrides every article's reference date.
    ``jobs`` > 1 extracts in that many worker processes (``claims.parallel``; the extractor must
    then be picklable); the bytes written are the same whatever ``jobs`` is.

    ``fmt="parquet"`` writes ``documents.parquet`` and ``claims.parquet`` instead of JSON
    Lines (the same records; every reader takes either, ``claims.workspace.iter_records``).

    ``articles`` (what ``claims.reader.read_unit`` yields) replaces reading ``inputs``: a
    shard of a distributed run (``claims.distributed``) extracts its part of the inputs and
    always writes its files and manifest (whose ``inputs`` are the merge's to fill in).

    ``outcomes`` is an engine that reads and extracts elsewhere (``claims.distributed``): given
    the report, it yields every input's outcome in input order, repeated texts already dropped
    and noted in ``report.duplicates``; this function writes them as it writes its own.
    ``filesystem`` (a ``pyarrow.fs.FileSystem``) is where such an engine read the inputs (for
    the manifest's digests); inputs given as URIs are digested on their file system.

    Claims whose check-worthiness is below ``min_checkworthiness`` (default
    ``claims.checkworthiness.recommended_threshold()``; 0 keeps all) are dropped and counted.
    """
    published = check_published(published)
    if fmt not in ("jsonl", "parquet"):
        raise InputError(f"unknown format {fmt!r} (choose jsonl or parquet)")
    if fmt == "parquet" and append:
        raise InputError("--append adds JSON Lines: extract with --format jsonl to append")
    extractor = extractor or get_extractor()
    if jobs > 1:
        check_picklable(extractor)
    out = Path(out)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out}: cannot create the workspace ({e.strerror or e})") from None
    report = ExtractReport(workdir=str(out), mode="append" if append else "replace")
    report.min_checkworthiness = resolve_min_checkworthiness(min_checkworthiness)
    report.extractor = {
        "name": extractor.name,
        "version": extractor.version,
        "config": extractor.config(),
        "config_hash": config_hash(extractor),
    }
    report.removed_temps = remove_workspace_temps(out)
    existing = read_existing(out, report.extractor) if append else Existing()
    check_same_threshold(existing.manifest, report.min_checkworthiness, out)
    try:
        if outcomes is not None:
            stream: Iterable[Extracted | Rejected] = outcomes(report)
        else:
            source = read_articles(inputs, filesystem) if articles is None else articles
            items = _documents(source, published, report, existing)
            stream = extract_ordered(items, extractor, jobs)
        settings = (articles is not None, fmt, filesystem)
        _run(stream, inputs, out, published, settings, progress, report, existing)
    except OSError as e:
        where = e.filename or out
        raise InputError(
            f"{where}: cannot write the workspace ({e.strerror or e}); "
            "check that --out is a writable directory with free space"
        ) from None
    if created and report.documents == 0:
        with contextlib.suppress(OSError):
            out.rmdir()  # made by this run and still empty: leave no trace
    return report


def _run(
    outcomes: Iterable[Extracted | Rejected],
    inputs: Sequence[str | Path],
    out: Path,
    published: str | None,
    settings: tuple[bool, str, Any],
    progress: Progress | None,
    report: ExtractReport,
    existing: Existing,
) -> None:
    """Stream into temporaries; rename them into place only when an article was accepted."""
    shard, fmt, filesystem = settings
    with ExitStack() as stack:
        claims_f, claims_tmp = _open_temp(stack, out, CLAIMS, existing.claims_path)
        docs_f, docs_tmp = _open_temp(stack, out, DOCUMENTS, existing.documents_path)
        by_type: Counter[str] = Counter()
        for outcome in outcomes:
            if isinstance(outcome, Rejected):
                report.rejected.append(outcome)
                continue
            _write(outcome, docs_f, claims_f, existing, by_type, report)
            if progress is not None:
                progress(report.documents, outcome.source)
        report.total_documents = existing.documents + report.documents
        report.total_claims = existing.claims + report.claims
        report.claims_by_type = dict(sorted(by_type.items()))
        total = existing.claims_by_type + by_type
        report.total_claims_by_type = dict(sorted(total.items()))
        if report.documents == 0 and not shard:
            report.unchanged = True
            return  # the temporaries are removed on the way out; the workspace is untouched
        # Claims first: a crash between the renames leaves claims whose documents a re-run
        # brings back, never documents whose claims an --append re-run would skip.
        for f, tmp, name in ((claims_f, claims_tmp, CLAIMS), (docs_f, docs_tmp, DOCUMENTS)):
            if fmt == "parquet":
                _finish_parquet(stack, f, tmp, out, name)
            else:
                _finish(f, tmp, out / name)
                (out / PARQUET_NAMES[name]).unlink(missing_ok=True)  # the replaced format's
    write_manifest(out, inputs, published, report, existing.manifest, filesystem)


def _open_temp(
    stack: ExitStack, out: Path, name: str, copy_from: Path | None
) -> tuple[IO[bytes], Path]:
    """A temporary beside ``out/name``, starting with the bytes of ``copy_from`` (append)."""
    fd, tmp = make_temp_file(out, name)
    stack.callback(lambda: tmp.unlink(missing_ok=True))
    f = stack.enter_context(os.fdopen(fd, "wb"))
    if copy_from is not None:
        last = b"\n"
        with copy_from.open("rb") as src:
            while block := src.read(1 << 20):
                f.write(block)
                last = block[-1:]
        if last != b"\n":
            f.write(b"\n")  # the last line had no newline: end it before adding more
    return f, tmp


def _finish_parquet(stack: ExitStack, f: IO[bytes], tmp: Path, out: Path, name: str) -> None:
    """``--format parquet``: the JSON Lines temporary converted, renamed into place as
    ``documents.parquet``/``claims.parquet``; the replaced JSON Lines file removed."""
    f.close()
    target = PARQUET_NAMES[name]
    fd, parquet_tmp = make_temp_file(out, target)
    os.close(fd)
    stack.callback(lambda: parquet_tmp.unlink(missing_ok=True))
    jsonl_to_parquet(tmp, parquet_tmp, name)
    os.replace(parquet_tmp, out / target)
    (out / name).unlink(missing_ok=True)


def _finish(f: IO[bytes], tmp: Path, path: Path) -> None:
    f.flush()
    os.fsync(f.fileno())
    f.close()
    os.replace(tmp, path)


def _write(
    outcome: Extracted,
    docs_f: IO[bytes],
    claims_f: IO[bytes],
    existing: Existing,
    by_type: Counter[str],
    report: ExtractReport,
) -> None:
    """One extracted document's line and its claims' lines, counted in ``report``."""
    docs_f.write(outcome.document)
    for claim_id, kind, line, score in outcome.claims:
        if score is not None and score < report.min_checkworthiness:
            report.below_checkworthiness += 1  # --min-checkworthiness: dropped and counted
            continue
        if claim_id in existing.claim_ids:
            continue  # left by an append interrupted between its two renames
        claims_f.write(line)
        by_type[kind] += 1
        report.claims += 1
    report.documents += 1


def write_manifest(
    out: Path,
    inputs: Sequence[str | Path],
    published: str | None,
    report: ExtractReport,
    previous: dict[str, Any] | None,
    filesystem: Any | None = None,
) -> None:
    """``manifest.json``: the extractor, the inputs and the counts of the workspace.

    An ``--append`` run adds its inputs (with their own ``published`` when it differs) and
    rejections to the previous manifest's, and its counts become the workspace totals.
    """
    entries = [input_entry(p, filesystem) for p in inputs]
    rejected = [r.to_dict() for r in report.rejected]
    duplicates = len(report.duplicates)
    below = report.below_checkworthiness
    if previous is not None:
        if published != previous.get("published"):
            entries = [{**e, "published": published} for e in entries]
        entries = [*_list(previous.get("inputs")), *entries]
        rejected = [*_list(previous.get("rejected")), *rejected]
        counts = previous.get("counts")
        before = counts.get("duplicates") if isinstance(counts, dict) else None
        duplicates += before if isinstance(before, int) else 0
        earlier = counts.get("below_checkworthiness") if isinstance(counts, dict) else None
        below += earlier if isinstance(earlier, int) else 0
        published = previous.get("published")
    manifest = {
        "extractor": report.extractor,
        "published": published,
        "inputs": entries,
        "counts": {
            "documents": report.total_documents,
            "claims": report.total_claims,
            "claims_by_type": report.total_claims_by_type,
            "rejected": len(rejected),
            "duplicates": duplicates,
            "below_checkworthiness": below,
        },
        "min_checkworthiness": report.min_checkworthiness,
        "rejected": rejected,
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
