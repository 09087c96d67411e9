"""All annotations of a workspace, cleaned and grouped by claim, ready to join batch by batch.

Loaded once into Arrow (three million rows fit); never one Python object per annotation.

- Only the latest version of each ``annotation_id`` is kept (latest ``updated_at``, then the
  later line): an update replaces its old version.
- Records without a claim id or annotation id, or with a label outside the schema, are
  rejected and counted with their reason.
- The rest are grouped by claim id (``annotation_id`` order inside a claim); ``rows_for``
  hands a batch of claims its annotations as flat rows plus list offsets, and remembers which
  claims were asked for so that annotations of unknown claims can be counted at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from annotations.schema import LABEL_SCHEMA
from export.keys import KeyIndex

IntArray = npt.NDArray[np.int64]


@dataclass(slots=True)
class StoreStats:
    """What happened to the annotation records on the way in."""

    records: int = 0
    superseded: int = 0  # older versions of an updated annotation
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> count


def _codes(column: pa.ChunkedArray, names: list[str]) -> tuple[IntArray, IntArray]:
    """ClassLabel codes of a choice column (-1 for null) and a mask of unknown values."""
    idx = pc.index_in(column, value_set=pa.array(names, pa.string()))
    codes = idx.fill_null(-1).to_numpy().astype(np.int64)
    unknown = (codes < 0) & column.is_valid().to_numpy(zero_copy_only=False)
    return codes, unknown


class AnnotationStore:
    """The annotations table, deduplicated, encoded and grouped by claim."""

    def __init__(self, raw: pa.Table) -> None:
        self.stats = StoreStats(records=raw.num_rows)
        table = raw
        for f in LABEL_SCHEMA.choices:
            codes, unknown = _codes(table[f.name], f.names)
            self.stats.rejected[f"{f.name} not a value of the schema"] += int(unknown.sum())
            table = table.set_column(
                table.schema.get_field_index(f.name), f.name, pa.array(codes, pa.int64())
            )
        bad = np.zeros(table.num_rows, dtype=bool)
        for f in LABEL_SCHEMA.choices:
            _, unknown = _codes(raw[f.name], f.names)
            bad |= unknown
        for name in ("claim_id", "annotation_id", "annotator"):
            missing = ~table[name].is_valid().to_numpy(zero_copy_only=False)
            self.stats.rejected[f"no {name}"] += int((missing & ~bad).sum())
            bad |= missing
        cancelled = table["was_cancelled"].fill_null(False).to_numpy(zero_copy_only=False)
        table = table.set_column(
            table.schema.get_field_index("was_cancelled"), "was_cancelled", pa.array(cancelled)
        )
        self.table = table
        keep = self._latest(np.flatnonzero(~bad))
        self._group(keep)
        self.stats.rejected = Counter({k: v for k, v in self.stats.rejected.items() if v})

    def _latest(self, rows: IntArray) -> IntArray:
        """Rows holding the latest version of each annotation id, in no particular order."""
        aid = self.table["annotation_id"].fill_null(0).to_numpy()[rows]
        ts = self.table["updated_at"].cast(pa.int64()).fill_null(np.iinfo(np.int64).min)
        order = np.lexsort((rows, ts.to_numpy()[rows], aid))
        sorted_aid = aid[order]
        last = np.ones(len(order), dtype=bool)
        last[:-1] = sorted_aid[1:] != sorted_aid[:-1]
        self.stats.superseded = int(len(order) - last.sum())
        return rows[order[last]]

    def _group(self, keep: IntArray) -> None:
        """Group ``keep`` rows by claim id: ``perm`` in group order, starts and lengths."""
        claim_ids = self.table["claim_id"].take(pa.array(keep)).combine_chunks()
        encoded = pc.dictionary_encode(claim_ids)
        codes = encoded.indices.to_numpy().astype(np.int64)
        aid = self.table["annotation_id"].to_numpy()[keep]
        self.perm = keep[np.lexsort((aid, codes))]
        self.keys = KeyIndex(encoded.dictionary)
        counts = np.bincount(codes, minlength=len(self.keys)).astype(np.int64)
        self.group_len = counts
        self.group_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.matched = np.zeros(len(self.keys), dtype=bool)
        self.dictionary = encoded.dictionary

    def rows_for(self, claim_ids: pa.Array) -> tuple[pa.Table, IntArray]:
        """The annotation rows of ``claim_ids`` (in that order) and the list offsets per claim."""
        group = self.keys.lookup(claim_ids)
        found = group >= 0
        self.matched[group[found]] = True
        lens = np.where(found, self.group_len[np.maximum(group, 0)], 0)
        starts = np.where(found, self.group_start[np.maximum(group, 0)], 0)
        offsets = np.zeros(len(group) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        total = int(offsets[-1])
        within = np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], lens)
        rows = self.perm[np.repeat(starts, lens) + within]
        return self.table.take(pa.array(rows)), offsets

    def unknown_claims(self) -> tuple[int, list[str]]:
        """Annotations whose claim never showed up, and up to 5 such claim ids (sorted)."""
        missing = ~self.matched
        count = int(self.group_len[missing].sum())
        ids = self.dictionary.filter(pa.array(missing)).to_pylist()
        return count, sorted(ids)[:5]

    def live_rows(self) -> pa.Table:
        """The kept, live (not cancelled) annotations of known claims, for per-annotator counts."""
        group_of = np.repeat(np.arange(len(self.group_len)), self.group_len)
        rows = self.perm[self.matched[group_of]]
        sub = self.table.select(["annotator", "was_cancelled"]).take(pa.array(rows))
        return sub.filter(pc.invert(sub["was_cancelled"]))
