"""The workspace: the directory every stage reads and writes (``WORKDIR``).

Layout::

    WORKDIR/documents.jsonl     one Document per line          (claimset extract)
    WORKDIR/claims.jsonl        one Claim per line             (claimset extract)
    WORKDIR/manifest.json       extractor, config hash, inputs (claimset extract)
    (documents.parquet and claims.parquet instead, with ``extract --format parquet``)
    WORKDIR/annotations.jsonl   one Annotation per line        (claimset annotate pull)
    WORKDIR/config.json         optional team settings, e.g. {"adjudicators": ["annotator-…"]}
    WORKDIR/.claimset/          private state: pseudonym salt, pull cursor, Label Studio ids,
                                binary copies of the JSON Lines for the export (export.binary)

Every file is replaced atomically (written beside, fsynced, renamed), so a crash or Ctrl-C
leaves the previous version intact; the temporary a killed run leaves behind is removed by the
next run that writes in the directory (``claims.temps``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from claims.model import Claim, Document
from claims.temps import make_temp_file, remove_stale

DOCUMENTS = "documents.jsonl"
CLAIMS = "claims.jsonl"
MANIFEST = "manifest.json"
ANNOTATIONS = "annotations.jsonl"
CONFIG = "config.json"
STATE_DIR = ".claimset"


class WorkspaceError(Exception):
    """A workspace file is missing or malformed; the message names the file and line."""


def dumps(record: Mapping[str, Any]) -> str:
    """One JSON Lines record: UTF-8 as is, no spaces, keys in the order given (byte-stable)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half."""
    write_atomic(path, [text])


def write_atomic(path: Path, chunks: Iterable[str]) -> int:
    """Write ``chunks`` to ``path`` atomically; return the number of chunks written.

    Temporaries that killed runs left in the same directory are removed first (``claims.temps``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent)
    fd, tmp = make_temp_file(path.parent, path.name)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
                count += 1
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """Write records as JSON Lines atomically; return how many were written."""
    return write_atomic(path, (dumps(r) + "\n" for r in records))


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, record)``; a bad line raises ``WorkspaceError`` naming it."""
    if not path.exists():
        raise WorkspaceError(f"{path}: not found")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise WorkspaceError(f"{path}:{n}: not valid JSON ({e.msg})") from None
            if not isinstance(record, dict):
                raise WorkspaceError(f"{path}:{n}: expected a JSON object")
            yield n, record


def read_documents(workdir: Path) -> Iterator[Document]:
    """The documents of a workspace, in file order (JSON Lines or Parquet)."""
    for where, record in iter_records(workdir, DOCUMENTS):
        try:
            yield Document.from_dict(record)
        except (KeyError, TypeError, ValueError) as e:
            raise WorkspaceError(f"{where}: bad document record ({e})") from None


def read_claims(workdir: Path) -> Iterator[Claim]:
    """The claims of a workspace, in file order (JSON Lines or Parquet)."""
    for where, record in iter_records(workdir, CLAIMS):
        try:
            yield Claim.from_dict(record)
        except (KeyError, TypeError, ValueError) as e:
            raise WorkspaceError(f"{where}: bad claim record ({e})") from None


def read_config(workdir: Path) -> dict[str, Any]:
    """The optional team settings in ``WORKDIR/config.json`` (empty when absent)."""
    path = Path(workdir) / CONFIG
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise WorkspaceError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise WorkspaceError(f"{path}: expected a JSON object")
    return data


def state_dir(workdir: Path) -> Path:
    """The workspace's private state directory, created readable by the user only."""
    path = Path(workdir) / STATE_DIR
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def remove_workspace_temps(workdir: Path) -> list[str]:
    """Remove what killed runs left in ``workdir`` and its state directory; return the names."""
    workdir = Path(workdir)
    removed = remove_stale(workdir)
    if (workdir / STATE_DIR).is_dir():
        removed += [f"{STATE_DIR}/{name}" for name in remove_stale(workdir / STATE_DIR)]
    return removed


#: ``claimset extract --format parquet``: the same records as Parquet, instead of JSON Lines.
DOCUMENTS_PARQUET = "documents.parquet"
CLAIMS_PARQUET = "claims.parquet"
PARQUET_NAMES = {DOCUMENTS: DOCUMENTS_PARQUET, CLAIMS: CLAIMS_PARQUET}
#: Rows per Parquet row group (and per batch read back): flat memory, whatever the corpus.
PARQUET_ROWS = 4096


def workspace_file(workdir: Path, name: str) -> Path:
    """Where ``documents`` or ``claims`` (``DOCUMENTS``/``CLAIMS``) are stored: the Parquet
    file when the workspace has one, else the JSON Lines file. Every reader (push, export,
    check) goes through here, so both formats are read alike."""
    parquet = Path(workdir) / PARQUET_NAMES[name]
    return parquet if parquet.is_file() else Path(workdir) / name


def claim_record_schema(slots_type: Any) -> Any:
    """The ``claims.jsonl`` record as an Arrow schema, with ``slots`` of type ``slots_type``:
    one definition for the Parquet workspace (slots as JSON text) and the exporter's reader
    (slots as a struct of the claim types' fields)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("type", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("checkworthiness", pa.float64()),
            ("sentence_start", pa.int64()),
            ("sentence_end", pa.int64()),
            ("slots", slots_type),
        ]
    )


def _parquet_schema(name: str) -> Any:
    import pyarrow as pa

    from claims.frames import DOCUMENT_COLUMNS

    if name == DOCUMENTS:
        return pa.schema([(f, pa.string()) for f in DOCUMENT_COLUMNS])
    # slots as JSON text: the typed values exactly as in claims.jsonl
    return claim_record_schema(pa.string())


def jsonl_to_parquet(source: Path, target: Path, name: str) -> None:
    """Write the JSON Lines records of ``source`` (documents or claims) to Parquet ``target``,
    ``PARQUET_ROWS`` at a time (claims' ``slots`` kept as their JSON text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(name)
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for _, record in read_jsonl(source):
            if name == CLAIMS:
                record = {**record, "slots": dumps(record.get("slots") or {})}
            rows.append(record)
            if len(rows) == PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))


def iter_records(workdir: Path, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, record)`` of ``documents`` or ``claims``, from Parquet or JSON Lines alike
    (``where`` is ``FILE:LINE`` or ``FILE:ROW``, for messages)."""
    path = workspace_file(workdir, name)
    if path.suffix != ".parquet":
        for n, record in read_jsonl(path):
            yield f"{path}:{n}", record
        return
    import pyarrow.parquet as pq

    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS)
        n = 0
        for batch in batches:
            for record in batch.to_pylist():
                n += 1
                if name == CLAIMS:
                    record["slots"] = json.loads(record.get("slots") or "{}")
                yield f"{path}:row {n}", record
    except (OSError, ValueError) as e:  # pyarrow's errors (and bad slots JSON) derive from these
        raise WorkspaceError(f"{path}: not a readable Parquet file ({e})") from None
