"""All annotations of a workspace, cleaned and joined to the claims batch by batch, on disk.

Compacted while streaming in (labels become ClassLabel codes, e-mails are redacted, invalid
records are rejected and counted), then spilled, never held whole in memory:

- Each claim has a position: its rank among the exportable claims in ``claims.jsonl`` order
  (``ClaimPositions``, computed by a first pass over the claims' id, type, document and span).
- Annotations go to range buckets of ``BUCKET_CLAIMS`` positions each (Arrow IPC files in a
  folder the export owns, removed at the end); annotations of unknown claims to one more.
- Only the latest version of each ``annotation_id`` is kept (latest ``updated_at``, then the
  later line), decided over every record: a few integers per annotation stay in memory.
- The claims are exported in the same order, so ``rows_for`` reads the buckets one after the
  other (a sorted merge): memory holds one or two buckets, whatever the number of claims.
  Within a claim, annotations are in ``annotation_id`` order.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute
import pyarrow.ipc as ipc

from annotations.schema import active_schema
from export.keys import KeyIndex
from export.sources import annotation_json_schema

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute

IntArray = npt.NDArray[np.int64]
_REQUIRED = ("claim_id", "annotation_id", "annotator")
#: What ``annotations.wire.pseudonym`` produces; anything else (an e-mail, a user name) is refused.
PSEUDONYM = r"^annotator-[0-9a-f]{6,64}$"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
EMAIL_PLACEHOLDER = "[e-mail removed]"


@dataclass(slots=True)
class StoreStats:
    """What happened to the annotation records on the way in."""

    records: int = 0
    superseded: int = 0  # older versions of an updated annotation
    redacted_emails: int = 0  # text fields in which an e-mail address was replaced
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> count


def _compact(batch: pa.RecordBatch, stats: StoreStats) -> pa.RecordBatch:
    """Encode labels (int8 codes, -1 for null), drop and count invalid records."""
    stats.records += batch.num_rows
    bad = np.zeros(batch.num_rows, dtype=bool)
    arrays, names = [], []
    schema = active_schema()
    choices = {f.name: f for f in schema.choices}
    texts = {f.name for f in schema.texts}
    for name in batch.schema.names:
        column = batch.column(name)
        if name in choices:
            names_ = pa.array(choices[name].names, pa.string())
            codes = pc.index_in(column, value_set=names_).fill_null(-1).cast(pa.int8())
            unknown = pc.and_(pc.equal(codes, -1), pc.is_valid(column))
            mask = unknown.to_numpy(zero_copy_only=False)
            stats.rejected[f"{name} not a value of the schema"] += int((mask & ~bad).sum())
            bad |= mask
            column = codes
        elif name == "was_cancelled":
            column = column.fill_null(False)
        elif name == "round":  # a record pulled before rounds existed: the first round
            column = column.fill_null(1)
            low = pc.less(column, 1).to_numpy(zero_copy_only=False)
            stats.rejected["round not a round number (1, 2, ...)"] += int((low & ~bad).sum())
            bad |= low
        elif name in texts:
            column = _redact(column, stats)
        arrays.append(column)
        names.append(name)
    for name in _REQUIRED:
        missing = ~batch.column(name).is_valid().to_numpy(zero_copy_only=False)
        stats.rejected[f"no {name}"] += int((missing & ~bad).sum())
        bad |= missing
    # A few annotators per batch: test each distinct value once.
    who = pc.dictionary_encode(batch.column("annotator"))
    ok = pc.match_substring_regex(who.dictionary, PSEUDONYM).take(who.indices)
    named = ~ok.fill_null(True).to_numpy(zero_copy_only=False)
    stats.rejected["annotator is not a pseudonym (annotator-<hex>)"] += int((named & ~bad).sum())
    bad |= named
    compact = pa.RecordBatch.from_arrays(arrays, names=names)
    return compact.filter(pa.array(~bad)) if bad.any() else compact


_AT = ord("@")


def _has_byte(column: pa.Array, byte: int) -> bool:
    """Whether some value of a string column may contain ``byte``: one scan of the column's
    bytes with NumPy (no kernel per value). True also when the byte is only in the data of a
    null slot: the caller then makes the exact test. Other types: ``match_substring``."""
    if column.type not in (pa.string(), pa.large_string()):
        return bool(pc.any(pc.match_substring(column, chr(byte))).as_py())
    if len(column) == 0:
        return False
    _, offsets_buf, data = column.buffers()
    if data is None or offsets_buf is None:
        return False
    kind = np.int32 if column.type == pa.string() else np.int64
    offsets = np.frombuffer(offsets_buf, dtype=kind)
    lo, hi = int(offsets[column.offset]), int(offsets[column.offset + len(column)])
    raw = np.frombuffer(data, dtype=np.uint8, count=hi, offset=0)[lo:hi]
    return bool((raw == byte).any())


def _redact(column: pa.Array, stats: StoreStats) -> pa.Array:
    """Replace e-mail addresses typed into a free-text field (the dataset never carries one)."""
    if not _has_byte(column, _AT):
        return column  # the common case, without running the regex
    found = pc.match_substring_regex(column, EMAIL).fill_null(False)
    hits = int(pc.sum(found).as_py() or 0)
    if not hits:
        return column
    stats.redacted_emails += hits
    return pc.replace_substring_regex(column, EMAIL, EMAIL_PLACEHOLDER)


#: Claim positions per bucket: a bucket of annotations is a few claim batches' worth.
BUCKET_CLAIMS = 1 << 14
_ROW, _POS = "__row", "__pos"  # global record number and claim position, in the spilled files


class ClaimPositions:
    """The exportable claims' ids in file order: claim id -> position (-1 when unknown)."""

    def __init__(self, ids: pa.Array) -> None:
        self.ids = ids
        self.keys = KeyIndex(ids)

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, claim_ids: pa.Array | pa.ChunkedArray) -> IntArray:
        """The position of each claim id, -1 for a claim that is not exported."""
        return self.keys.lookup(claim_ids)


class AnnotationStore:
    """The annotations, deduplicated, encoded and spilled to range buckets by claim position."""

    def __init__(
        self, batches: Iterable[pa.RecordBatch], positions: ClaimPositions, folder: Path
    ) -> None:
        self.stats = StoreStats()
        self.folder = folder
        self.positions = positions
        self._buckets = (len(positions) + BUCKET_CLAIMS - 1) // BUCKET_CLAIMS
        self._loaded: dict[int, tuple[pa.Table, IntArray, IntArray]] = {}
        self._done: set[int] = set()
        self._annotators: Counter[str] = Counter()
        self._unknown: tuple[int, int, list[str]] | None = None
        folder.mkdir(parents=True, exist_ok=False)
        ids, times = self._spill(batches)
        self._keep = self._latest(ids, times)

    def _path(self, bucket: int) -> Path:
        return self.folder / ("unknown.arrow" if bucket < 0 else f"{bucket:06d}.arrow")

    def _spill(self, batches: Iterable[pa.RecordBatch]) -> tuple[IntArray, IntArray]:
        """Compact every batch and append its rows to their buckets; the annotation ids and
        times of all valid records (for the choice of each annotation's latest version)."""
        empty = pa.RecordBatch.from_pylist([], schema=annotation_json_schema())
        schema = _compact(empty, StoreStats()).schema
        known = pa.schema([f for f in schema if f.name != "claim_id"])
        known = known.append(pa.field(_ROW, pa.int64())).append(pa.field(_POS, pa.int64()))
        writers: dict[int, Any] = {}
        ids: list[IntArray] = []
        times: list[IntArray] = []
        rows = 0
        try:
            for batch in batches:
                compact = _compact(batch, self.stats)
                n = compact.num_rows
                ids.append(compact["annotation_id"].fill_null(-1).to_numpy().astype(np.int64))
                ts = compact["updated_at"].cast(pa.int64()).fill_null(np.iinfo(np.int64).min)
                times.append(ts.to_numpy().astype(np.int64))
                pos = self.positions.lookup(compact["claim_id"])
                number = np.arange(rows, rows + n, dtype=np.int64)
                rows += n
                self._write(compact, pos, number, writers, known)
        finally:
            for writer in writers.values():
                writer.close()
        self.stats.rejected = Counter({k: v for k, v in self.stats.rejected.items() if v})
        self._schema = known
        self._unknown_schema = schema.append(pa.field(_ROW, pa.int64()))
        join = np.concatenate if ids else (lambda _: np.zeros(0, dtype=np.int64))
        return join(ids), join(times)

    def _write(
        self,
        batch: pa.RecordBatch,
        pos: IntArray,
        number: IntArray,
        writers: dict[int, Any],
        known: pa.Schema,
    ) -> None:
        """Append the rows of ``batch`` to the bucket of each row's claim position."""
        bucket = np.where(pos >= 0, pos // BUCKET_CLAIMS, -1)
        order = np.argsort(bucket, kind="stable")
        sorted_bucket = bucket[order]
        cuts = np.flatnonzero(np.diff(sorted_bucket)) + 1
        for part in np.split(order, cuts):
            if not len(part):
                continue
            b = int(bucket[part[0]])
            whole = len(part) == batch.num_rows  # all in one bucket (in file order): no copy
            rows = batch if whole else batch.take(pa.array(part))
            if b < 0:
                out = rows.append_column(_ROW, pa.array(number[part]))
                schema = out.schema
            else:
                out = rows.drop_columns(["claim_id"]).append_column(_ROW, pa.array(number[part]))
                out = out.append_column(_POS, pa.array(pos[part]))
                schema = known
            if b not in writers:
                writers[b] = ipc.new_file(self._path(b), schema)
            writers[b].write_batch(out)

    def _latest(self, aid: IntArray, ts: IntArray) -> npt.NDArray[np.bool_]:
        """Per record, whether it is the latest version of its annotation id (latest
        ``updated_at``, then the later record). One sort by id; only the few ids with several
        versions are ordered by time too (4 x less CPU than sorting every record by all three)."""
        keep = np.ones(len(aid), dtype=bool)
        order = np.argsort(aid, kind="stable")
        sorted_aid = aid[order]
        repeated = np.flatnonzero(sorted_aid[1:] == sorted_aid[:-1])
        if not len(repeated):
            self.stats.superseded = 0
            return keep
        versions = np.union1d(order[repeated], order[repeated + 1])  # rows of repeated ids
        by = versions[np.lexsort((versions, ts[versions], aid[versions]))]
        last = np.ones(len(by), dtype=bool)
        last[:-1] = aid[by][1:] != aid[by][:-1]
        keep[by[~last]] = False
        self.stats.superseded = int(len(by) - last.sum())
        return keep

    def _read(self, bucket: int, schema: pa.Schema) -> pa.Table:
        """The latest versions in one bucket file (empty when no record went there)."""
        path = self._path(bucket)
        if not path.exists():
            return schema.empty_table()
        with pa.OSFile(str(path)) as source:
            table = ipc.open_file(source).read_all()
        keep = self._keep[table[_ROW].to_numpy()]
        table = table.filter(pa.array(keep)) if not keep.all() else table
        return table.combine_chunks() if table.num_rows else schema.empty_table()

    def _load(self, bucket: int) -> tuple[pa.Table, IntArray, IntArray]:
        """Bucket ``bucket`` in file order, its rows' (position, annotation id) order and its
        per-claim counts (``rows_for`` takes the rows in that order: one copy, not two)."""
        table = self._read(bucket, self._schema)
        pos = table[_POS].to_numpy() - bucket * BUCKET_CLAIMS
        order = np.lexsort((table["annotation_id"].to_numpy(), pos)).astype(np.int64)
        table = table.drop_columns([_ROW, _POS])
        counts = np.bincount(pos, minlength=BUCKET_CLAIMS).astype(np.int64)
        live = table["annotator"].filter(pc.invert(table["was_cancelled"]))  # one column, not all
        self._annotators.update(
            {str(c["values"]): int(c["counts"]) for c in pc.value_counts(live).to_pylist()}
        )
        self._done.add(bucket)
        return table, order, counts

    def rows_for(self, claim_ids: pa.Array, positions: IntArray) -> tuple[pa.Table, IntArray]:
        """The annotation rows of claims ``claim_ids`` at ``positions`` (in that order) and
        the list offsets per claim. Positions only move forward from one call to the next."""
        lo, hi = int(positions.min()), int(positions.max())
        first, last = lo // BUCKET_CLAIMS, hi // BUCKET_CLAIMS
        for b in [b for b in self._loaded if b < first]:
            del self._loaded[b]
        for b in range(first, last + 1):
            if b not in self._loaded:
                self._loaded[b] = self._load(b)
        tables = [self._loaded[b][0] for b in range(first, last + 1)]
        base = np.cumsum([0] + [t.num_rows for t in tables[:-1]])
        order = np.concatenate(
            [self._loaded[b][1] + base[i] for i, b in enumerate(range(first, last + 1))]
        )
        counts = np.concatenate([self._loaded[b][2] for b in range(first, last + 1)])
        window = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        slot = positions - first * BUCKET_CLAIMS
        lens, begin = counts[slot], starts[slot]
        offsets = np.zeros(len(slot) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        total = int(offsets[-1])
        within = np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], lens)
        rows = pa.array(order[np.repeat(begin, lens) + within])
        owner = pa.array(np.repeat(np.arange(len(slot), dtype=np.int64), lens))
        table = window.take(rows).combine_chunks()
        table = table.set_column(
            table.schema.get_field_index("annotator"),
            "annotator",
            table["annotator"].combine_chunks().dictionary_encode(),
        )
        table = table.append_column("claim_id", claim_ids.take(owner))
        return table, offsets

    def unknown_claims(self) -> tuple[int, int, list[str]]:
        """Annotations whose claim is not exported, how many such claims, and up to 5 ids."""
        if self._unknown is None:
            self._unknown = self._count_unknown()
        return self._unknown

    def _count_unknown(self) -> tuple[int, int, list[str]]:
        table = self._read(-1, self._unknown_schema)
        ids = pc.unique(table["claim_id"]).drop_null()
        missed = [b for b in range(self._buckets) if b not in self._done]
        count = table.num_rows + sum(self._read(b, self._schema).num_rows for b in missed)
        return count, len(ids), sorted(ids.to_pylist())[:5]

    def live_annotator_counts(self) -> dict[str, int]:
        """Live annotations of exported claims per annotator pseudonym, sorted by pseudonym."""
        return dict(sorted(self._annotators.items()))

    def finish(self) -> None:
        """After the last claim batch: count the unknown claims' annotations, remove the files."""
        self.unknown_claims()
        self.close()

    def close(self) -> None:
        """Remove the bucket files (the folder was made by this store, for them alone)."""
        self._loaded.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
