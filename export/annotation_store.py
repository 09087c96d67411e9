"""All annotations of a workspace, cleaned and grouped by claim, ready to join batch by batch.

Held once in Arrow (three million rows fit; never one Python object per annotation), compacted
while streaming in: labels become ClassLabel codes, annotators dictionary codes.

- Only the latest version of each ``annotation_id`` is kept (latest ``updated_at``, then the
  later line): an update replaces its old version.
- Records without a claim id, annotation id or annotator, or with a label outside the schema,
  are rejected and counted with their reason.
- The rest are stored grouped by claim id (``annotation_id`` order inside a claim), each column
  one contiguous array; ``rows_for`` hands a batch of claims its annotations plus list offsets
  and remembers which claims were asked for, so annotations of unknown claims are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute

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


def _redact(column: pa.Array, stats: StoreStats) -> pa.Array:
    """Replace e-mail addresses typed into a free-text field (the dataset never carries one)."""
    if not pc.any(pc.match_substring(column, "@")).as_py():
        return column  # the common case, without running the regex
    found = pc.match_substring_regex(column, EMAIL).fill_null(False)
    hits = int(pc.sum(found).as_py() or 0)
    if not hits:
        return column
    stats.redacted_emails += hits
    return pc.replace_substring_regex(column, EMAIL, EMAIL_PLACEHOLDER)


class AnnotationStore:
    """The annotations, deduplicated, encoded and grouped by claim."""

    def __init__(self, batches: Iterable[pa.RecordBatch]) -> None:
        self.stats = StoreStats()
        columns = self._read(batches)
        keep = self._latest(columns)
        self._group(columns, keep)

    def _read(self, batches: Iterable[pa.RecordBatch]) -> dict[str, pa.ChunkedArray]:
        """Compact every batch as it streams in; the columns of all valid records."""
        compacted = [_compact(b, self.stats) for b in batches]
        self.stats.rejected = Counter({k: v for k, v in self.stats.rejected.items() if v})
        if not compacted:
            empty = pa.RecordBatch.from_pylist([], schema=annotation_json_schema())
            compacted = [_compact(empty, StoreStats())]
        table = pa.Table.from_batches(compacted)
        return {name: table.column(name) for name in table.schema.names}

    def _latest(self, columns: dict[str, pa.ChunkedArray]) -> IntArray:
        """Rows holding the latest version of each annotation id, in no particular order."""
        aid = columns["annotation_id"].to_numpy()
        ts = columns["updated_at"].cast(pa.int64()).fill_null(np.iinfo(np.int64).min).to_numpy()
        rows = np.arange(len(aid), dtype=np.int64)
        order = np.lexsort((rows, ts, aid))
        sorted_aid = aid[order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = sorted_aid[1:] != sorted_aid[:-1]
        self.stats.superseded = int(len(order) - last.sum())
        return order[last]

    def _group(self, columns: dict[str, pa.ChunkedArray], keep: IntArray) -> None:
        """Store ``keep`` rows grouped by claim: contiguous columns, group starts and lengths.

        Columns are moved one at a time (``columns`` is emptied), so the peak is the store
        plus one column, not two copies of every annotation.
        """
        encoded = pc.dictionary_encode(columns.pop("claim_id")).combine_chunks()
        codes = encoded.indices.to_numpy().astype(np.int64)[keep]
        aid = columns["annotation_id"].to_numpy()[keep]
        perm = pa.array(keep[np.lexsort((aid, codes))])
        del aid, keep
        self.dictionary = encoded.dictionary
        del encoded
        self.keys = KeyIndex(self.dictionary)
        counts = np.bincount(codes, minlength=len(self.keys)).astype(np.int64)
        self.group_len = counts
        self.group_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.matched = np.zeros(len(self.keys), dtype=bool)
        stored: dict[str, pa.Array] = {}
        for name in list(columns):
            column = columns.pop(name).combine_chunks()
            if name == "annotator":
                column = column.dictionary_encode()
            stored[name] = column.take(perm)
            del column
        self.table = pa.table(stored)

    def rows_for(self, claim_ids: pa.Array) -> tuple[pa.Table, IntArray]:
        """The annotation rows of ``claim_ids`` (in that order) and the list offsets per claim."""
        group = self.keys.lookup(claim_ids)
        found = group >= 0
        self.matched[group[found]] = True
        slot = np.where(found, group, len(self.group_len))  # the sentinel: no annotations
        lens = np.append(self.group_len, 0)[slot]
        starts = np.append(self.group_start, 0)[slot]
        offsets = np.zeros(len(group) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        total = int(offsets[-1])
        within = np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], lens)
        rows = pa.array(np.repeat(starts, lens) + within)
        owner = pa.array(np.repeat(np.arange(len(group), dtype=np.int64), lens))
        table = self.table.take(rows)
        table = table.append_column("claim_id", claim_ids.take(owner))
        return table, offsets

    def unknown_claims(self) -> tuple[int, int, list[str]]:
        """Annotations whose claim never showed up, how many such claims, and up to 5 ids."""
        missing = ~self.matched
        count = int(self.group_len[missing].sum())
        ids = self.dictionary.filter(pa.array(missing)).to_pylist()
        return count, len(ids), sorted(ids)[:5]

    def live_annotator_counts(self) -> dict[str, int]:
        """Live annotations of known claims per annotator pseudonym, sorted by pseudonym."""
        group_of = np.repeat(np.arange(len(self.group_len)), self.group_len)
        live = self.matched[group_of] & ~self.table["was_cancelled"].to_numpy(zero_copy_only=False)
        who = self.table["annotator"].combine_chunks().filter(pa.array(live))
        counts = pc.value_counts(who.cast(pa.string())).to_pylist()
        return {
            str(c["values"]): int(c["counts"]) for c in sorted(counts, key=lambda c: c["values"])
        }
