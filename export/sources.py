"""Reading a workspace into Arrow: documents, a stream of claim batches, and all annotations.

JSON Lines are parsed by ``pyarrow.json`` with explicit schemas (no Python object per record);
when Arrow rejects a file, the file is re-read line by line to name the bad line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from io import BufferedReader
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from annotations.schema import active_schema
from claims import workspace
from claims.errors import InputError
from claims.model import active_slot_fields
from claims.workspace import claim_record_schema
from export import binary
from export.features import features_for

_ARROW_SLOT = {"float": pa.float64(), "str": pa.string(), "list[str]": pa.list_(pa.string())}
TIMESTAMP = pa.timestamp("us", tz="UTC")


def claim_json_schema() -> pa.Schema:
    """The ``claims.jsonl`` record as Arrow reads it (slots from the active claim types)."""
    slots = active_slot_fields()
    return claim_record_schema(pa.struct([(n, _ARROW_SLOT[k]) for n, k in slots.items()]))


def annotation_json_schema() -> pa.Schema:
    """The ``annotations.jsonl`` record as Arrow reads it (fields of the active schema)."""
    schema = active_schema()
    return pa.schema(
        [
            ("claim_id", pa.string()),
            ("task_id", pa.int64()),
            ("annotation_id", pa.int64()),
            ("annotator", pa.string()),
            *[(f.name, pa.string()) for f in schema.choices],
            *[(f.name, pa.string()) for f in schema.texts],
            ("span_start", pa.int64()),
            ("span_end", pa.int64()),
            ("was_cancelled", pa.bool_()),
            ("created_at", TIMESTAMP),
            ("updated_at", TIMESTAMP),
            ("lead_time", pa.float64()),
            ("project_id", pa.int64()),
            ("round", pa.int64()),
        ]
    )


_BLOCK = 8 << 20  # bytes of JSON per batch: ~18,000 annotations
#: Claims come in quarter blocks (~9,000 claims): the export holds each batch several times
#: over (with its annotations, nested and flat) while it is written.
CLAIM_BLOCK_SHARE = 4


def _parse_options(schema: pa.Schema) -> pj.ParseOptions:
    return pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")


def _require(path: Path, what: str) -> None:
    if not path.is_file():
        raise InputError(f"{path}: not found; {what}")


def _bad_file(path: Path, error: Exception) -> InputError:
    """Name the first line Python cannot parse either, or pass Arrow's message on."""
    try:
        for _ in workspace.read_jsonl(path):
            pass
    except workspace.WorkspaceError as e:
        return InputError(str(e))
    return InputError(f"{path}: a record has a value of the wrong type ({error})")


def read_documents_table(workdir: Path) -> pa.Table:
    """``documents.jsonl`` (or ``.parquet``) as a table with the ``documents`` config's columns."""
    path = workspace.workspace_file(Path(workdir), workspace.DOCUMENTS)
    _require(path, "run `claimset extract ARTICLES --out WORKDIR` first")
    schema = features_for("documents").arrow_schema.remove_metadata()
    if path.suffix == ".parquet":
        return _parquet_table(path, schema)
    if path.stat().st_size == 0:
        return schema.empty_table()
    try:
        table = pj.read_json(path, parse_options=_parse_options(schema))
    except pa.ArrowInvalid as e:
        raise _bad_file(path, e) from None
    return table.select(schema.names).combine_chunks()


def _stream(path: Path, schema: pa.Schema, share: int = 1) -> Iterator[pa.RecordBatch]:
    """Record batches of a JSON Lines file with ``schema`` (``_BLOCK / share`` bytes each)."""
    with path.open("rb") as f:
        yield from _stream_file(f, path, schema, share)


def _stream_file(
    f: BufferedReader, path: Path, schema: pa.Schema, share: int = 1
) -> Iterator[pa.RecordBatch]:
    """``_stream`` of the open file ``f`` (``path`` names it in errors).

    The file is cut into blocks at line ends here and each block parsed when asked for:
    Arrow's streaming reader reads the whole file ahead of a slower consumer, so a large
    file would sit in memory as raw blocks.
    """
    options = _parse_options(schema)
    size_of_block = max(_BLOCK // share, 1)
    buffer = bytearray()
    rest = b""
    while True:
        # One buffer for every block (the parsed batches copy what they keep): no fresh
        # zeroed allocation per block. It grows only for a longer carried-over line; the
        # blocks stay the same (batch boundaries decide the card's num_bytes).
        if len(buffer) < len(rest) + size_of_block:
            buffer = bytearray(len(rest) + size_of_block)
        buffer[: len(rest)] = rest
        got = f.readinto(memoryview(buffer)[len(rest) : len(rest) + size_of_block])
        size = len(rest) + got
        cut = size if not got else buffer.rfind(b"\n", 0, size) + 1
        rest = bytes(buffer[cut:size])
        if cut and (cut > 4096 or buffer[:cut].strip()):
            yield from _parse_block(path, memoryview(buffer)[:cut], schema, options)
        if not got:
            return


def _parse_block(
    path: Path, block: memoryview, schema: pa.Schema, options: pj.ParseOptions
) -> Iterator[pa.RecordBatch]:
    """One block of whole lines as record batches (a bad line is named by ``_bad_file``)."""
    read = pj.ReadOptions(block_size=max(len(block), 1 << 20))
    try:
        table = pj.read_json(
            pa.BufferReader(pa.py_buffer(block)), read_options=read, parse_options=options
        )
    except pa.ArrowInvalid as e:
        raise _bad_file(path, e) from None
    yield from table.select(schema.names).to_batches()


def _parquet_table(path: Path, schema: pa.Schema) -> pa.Table:
    try:
        return pq.read_table(path, columns=schema.names).cast(schema).combine_chunks()
    except (OSError, ValueError) as e:  # pyarrow's errors derive from these
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None


def _parquet_claims(path: Path) -> Iterator[pa.RecordBatch]:
    """``claims.parquet`` batches as ``claims.jsonl`` gives them: the JSON ``slots`` parsed."""
    schema = claim_json_schema()
    slots_schema = pa.schema(list(schema.field("slots").type))
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=32768):
            text = ("\n".join(batch.column("slots").to_pylist()) + "\n").encode("utf-8")
            slots = pj.read_json(io.BytesIO(text), parse_options=_parse_options(slots_schema))
            struct = pa.StructArray.from_arrays(
                [slots.column(n).combine_chunks() for n in slots_schema.names],
                fields=list(slots_schema),
            )
            columns = [batch.column(n) for n in schema.names[:-1]]
            yield pa.RecordBatch.from_arrays([*columns, struct], schema=schema)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None


def iter_claim_batches(workdir: Path) -> Iterator[pa.RecordBatch]:
    """``claims.jsonl`` (or ``claims.parquet``) as a stream of record batches."""
    path = workspace.workspace_file(Path(workdir), workspace.CLAIMS)
    _require(path, "run `claimset extract ARTICLES --out WORKDIR` first")
    if path.suffix == ".parquet":
        return _parquet_claims(path)
    if path.stat().st_size == 0:
        return iter(())
    schema = claim_json_schema()
    copy = binary.read_copy(path, schema)
    if copy is not None:
        return copy
    return _stream(path, schema, CLAIM_BLOCK_SHARE)


def claims_copy_is_fresh(workdir: Path) -> bool:
    """Whether ``WORKDIR/claims.jsonl`` has a binary copy that matches it."""
    path = Path(workdir) / workspace.CLAIMS
    return path.is_file() and binary.is_fresh(path, claim_json_schema())


def write_claims_copy(workdir: Path) -> bool:
    """Write the binary copy of ``WORKDIR/claims.jsonl`` unless a fresh one is there (``pull``
    does); False when there is no such file or it could not be written."""
    path = Path(workdir) / workspace.CLAIMS
    schema = claim_json_schema()
    if not path.is_file():
        return False
    if binary.is_fresh(path, schema):
        return True
    return binary.write_copy(
        path, schema, lambda f: _stream_file(f, path, schema, CLAIM_BLOCK_SHARE)
    )


#: The claim fields the exporter's first pass needs (which claims are exported, in what order).
CLAIM_KEY_FIELDS = ("id", "type", "doc_id", "start", "end")


def iter_claim_key_batches(workdir: Path) -> Iterator[pa.RecordBatch]:
    """The claims' ``CLAIM_KEY_FIELDS`` only, in file order (cheaper than whole claims)."""
    path = workspace.workspace_file(Path(workdir), workspace.CLAIMS)
    _require(path, "run `claimset extract ARTICLES --out WORKDIR` first")
    schema = pa.schema([claim_json_schema().field(n) for n in CLAIM_KEY_FIELDS])
    if path.suffix == ".parquet":
        return _parquet_columns(path, schema)
    if path.stat().st_size == 0:
        return iter(())
    return _stream(path, schema)


def _parquet_columns(path: Path, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    try:
        yield from pq.ParquetFile(path).iter_batches(batch_size=32768, columns=schema.names)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None


def iter_annotation_batches(workdir: Path) -> Iterator[pa.RecordBatch]:
    """``annotations.jsonl`` as a stream of record batches (nothing when it does not exist).

    Read from its binary copy (``export.binary``) when that is fresh: the same records.
    """
    path = Path(workdir) / workspace.ANNOTATIONS
    if not path.is_file() or path.stat().st_size == 0:
        return iter(())
    schema = annotation_json_schema()
    copy = binary.read_copy(path, schema)
    if copy is not None:
        return copy
    return _stream(path, schema)


def annotations_copy_is_fresh(workdir: Path) -> bool:
    """Whether the binary copy of ``WORKDIR/annotations.jsonl`` matches the file."""
    path = Path(workdir) / workspace.ANNOTATIONS
    return path.is_file() and binary.is_fresh(path, annotation_json_schema())


def write_annotations_copy(workdir: Path) -> bool:
    """Write the binary copy of ``WORKDIR/annotations.jsonl`` (``pull`` does, after writing
    the file); False when it could not (the export then reads the JSON Lines)."""
    path = Path(workdir) / workspace.ANNOTATIONS
    if not path.is_file():
        binary.remove_copy(path)
        return False
    schema = annotation_json_schema()
    return binary.write_copy(path, schema, lambda f: _stream_file(f, path, schema))


def read_annotations_table(workdir: Path) -> pa.Table:
    """``annotations.jsonl`` as one table (empty when the file does not exist: nothing pulled)."""
    batches = list(iter_annotation_batches(workdir))
    return pa.Table.from_batches(batches, schema=annotation_json_schema())


def annotations_table_from_records(records: list[dict[str, Any]]) -> pa.Table:
    """Records (``Annotation.to_dict()``) as the table ``annotations.jsonl`` would give."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    if not data:
        return annotation_json_schema().empty_table()
    table = pj.read_json(io.BytesIO(data), parse_options=_parse_options(annotation_json_schema()))
    return table.select(annotation_json_schema().names)


def read_manifest(workdir: Path) -> dict[str, Any]:
    """``manifest.json``: the extractor's name and version are needed for provenance."""
    path = Path(workdir) / workspace.MANIFEST
    _require(path, "run `claimset extract ARTICLES --out WORKDIR` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data


def extractor_of(manifest: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(name, version)`` of the extractor recorded in the manifest (flat or nested)."""
    ext = manifest.get("extractor")
    if isinstance(ext, dict):
        name, version = ext.get("name"), ext.get("version")
    else:
        name = ext if isinstance(ext, str) else manifest.get("extractor_name")
        version = manifest.get("extractor_version", manifest.get("version"))
    return (None if name is None else str(name), None if version is None else str(version))


def read_adjudicators(workdir: Path, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Adjudicator pseudonyms: ``config.json``'s ``adjudicators`` plus ``extra``, sorted."""
    try:
        config = workspace.read_config(Path(workdir))
    except workspace.WorkspaceError as e:
        raise InputError(str(e)) from None
    listed = config.get("adjudicators", [])
    if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
        raise InputError(
            f"{Path(workdir) / workspace.CONFIG}: 'adjudicators' must be a list of pseudonyms"
        )
    return tuple(sorted({*listed, *extra}))
