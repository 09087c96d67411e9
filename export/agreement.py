"""Agreement figures a reader can use, accumulated batch by batch without a loop over claims.

For each aggregated choice field (``verdict``, ``claim_quality``):

- ``label_counts``: claims per aggregate label, plus ``unresolved`` (annotated, no strict
  majority) and ``unannotated`` (no live value for the field);
- ``value_counts``: live annotation values per class (what the annotators said);
- ``by_claim_type``: Krippendorff's alpha (nominal) per claim type;
- ``annotators``: per pseudonym, how many of its live values on claims with at least two values
  and a resolved label equal that final label (majority, or the adjudicator's);
- ``confusion``: the coincidence table between annotators' values: cell (a, b) counts the
  ordered pairs of two different live annotations of the same claim, one saying a and the other
  b (so the table is symmetric and each pair is counted twice, once per order).

Plus ``histogram``: the per-claim verdict ``agreement`` of claims with at least two verdicts in
ten bins. Alpha itself is ``export.aggregate.krippendorff_alpha_nominal`` on the kept count
tables. Those are running counts too: each distinct (claim type, count row) of the pairable claims
once, with how many claims have it (three annotators over four classes make a few dozen
distinct rows), so the figures take the same memory at a thousand claims and at a million.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as _compute

from annotations.schema import LabelSchema, active_schema
from export.aggregate import Aggregate, ClaimAggregates, krippendorff_alpha_nominal

#: ``pyarrow.compute`` typed loosely: its kernels are generated at import time.
pc: Any = _compute

IntArray = npt.NDArray[np.int64]
#: Edges of the agreement histogram: ten bins over [0, 1], the last one closed.
HISTOGRAM_EDGES: tuple[float, ...] = tuple(round(i / 10, 1) for i in range(11))


def _alpha(table: IntArray, weights: IntArray) -> float | None:
    alpha = krippendorff_alpha_nominal(table, weights)
    return None if alpha is None else round(alpha, 6)


@dataclass(slots=True)
class _FieldStats:
    """Running figures of one choice field."""

    n_classes: int
    #: (claim type code, count per class...) of the pairable claims -> how many claims
    rows: Counter[tuple[int, ...]] = field(default_factory=Counter)
    labels: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    values: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    unresolved: int = 0
    unannotated: int = 0
    compared: Counter[str] = field(default_factory=Counter)
    agreed: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.labels = np.zeros(self.n_classes, dtype=np.int64)
        self.values = np.zeros(self.n_classes, dtype=np.int64)

    def add_rows(self, counts: IntArray, codes: npt.NDArray[np.int32]) -> None:
        """Count the pairable claims' ``counts`` rows with their claim type ``codes``."""
        if not len(counts):
            return
        keyed = np.column_stack([codes.astype(np.int64), counts.astype(np.int64)])
        # Each row as one integer (digits in base ``top``): a sort of integers, not of rows
        # (``np.unique(axis=0)`` was a tenth of the export's CPU).
        top = int(keyed.max()) + 1
        if top ** keyed.shape[1] < 2**62:
            key: IntArray = np.zeros(len(keyed), dtype=np.int64)
            for k in range(keyed.shape[1]):
                key = key * top + keyed[:, k]
            _, first, times = np.unique(key, return_index=True, return_counts=True)
            distinct = keyed[first]
        else:  # pragma: no cover - thousands of annotations of one claim
            distinct, times = np.unique(keyed, axis=0, return_counts=True)
        for row, n in zip(distinct.tolist(), times.tolist(), strict=True):
            self.rows[tuple(row)] += n

    def table(self, code: int | None = None) -> tuple[IntArray, IntArray]:
        """The distinct count rows of the pairable claims (of claim type ``code`` only, when
        given), in a fixed order, and how many claims have each."""
        keys = sorted(k for k in self.rows if code is None or k[0] == code)
        if not keys:
            return np.zeros((0, self.n_classes), dtype=np.int64), np.zeros(0, dtype=np.int64)
        weights = np.array([self.rows[k] for k in keys], dtype=np.int64)
        table = np.array([k[1:] for k in keys], dtype=np.int64)
        if code is None:  # rows of several types may be equal: merge them
            table, where = np.unique(table, axis=0, return_inverse=True)
            weights = np.bincount(where.reshape(-1), weights=weights).astype(np.int64)
        return table, weights


def _value_counts(values: pa.Array) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in pc.value_counts(values).to_pylist():
        counts[str(item["values"])] += int(item["counts"])
    return counts


@dataclass(slots=True)
class AgreementStats:
    """Accumulates the agreement figures over the claim batches of an export."""

    schema: LabelSchema = field(default_factory=active_schema)
    fields: dict[str, _FieldStats] = field(default_factory=dict)  # per aggregated field
    type_names: dict[str, int] = field(default_factory=dict)  # claim type -> code
    histogram: IntArray = field(default_factory=lambda: np.zeros(10, dtype=np.int64))

    def __post_init__(self) -> None:
        if not self.fields:
            self.fields = {f.name: _FieldStats(len(f.names)) for f in self.schema.aggregated}

    def add(self, ann: pa.Table, offsets: IntArray, agg: ClaimAggregates, types: pa.Array) -> None:
        """Add one batch: its annotation rows, list offsets, aggregates and claim types."""
        codes = self._type_codes(types)
        claim_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        live = ~ann["was_cancelled"].to_numpy(zero_copy_only=False).astype(bool)
        who = ann["annotator"].cast(pa.string()) if ann.num_rows else pa.array([], pa.string())
        for name, stats in self.fields.items():
            field_agg: Aggregate = agg[name]
            values = np.where(live, ann[name].to_numpy(zero_copy_only=False), -1).astype(np.int64)
            self._add_field(stats, field_agg, codes, values, claim_of, who)
        main = agg[self.schema.agreement_field]
        pairable = main.count >= 2
        counts, _ = np.histogram(main.agreement[pairable], bins=HISTOGRAM_EDGES)
        self.histogram += counts.astype(np.int64)

    def _type_codes(self, types: pa.Array) -> npt.NDArray[np.int32]:
        encoded = pc.dictionary_encode(types.cast(pa.string()))
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        local = [str(t) for t in encoded.dictionary.to_pylist()]
        for t in local:
            self.type_names.setdefault(t, len(self.type_names))
        mapping = np.array([self.type_names[t] for t in local] or [0], dtype=np.int32)
        return mapping[encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)]

    @staticmethod
    def _add_field(
        stats: _FieldStats,
        agg: Aggregate,
        codes: npt.NDArray[np.int32],
        values: IntArray,
        claim_of: IntArray,
        who: pa.Array,
    ) -> None:
        pairable = agg.count >= 2
        stats.add_rows(agg.counts[pairable], codes[pairable])
        stats.labels += np.bincount(agg.label[agg.label >= 0], minlength=stats.n_classes)
        stats.unresolved += int(((agg.label < 0) & (agg.count > 0)).sum())
        stats.unannotated += int((agg.count == 0).sum())
        stats.values += np.bincount(values[values >= 0], minlength=stats.n_classes)
        final = agg.label[claim_of]
        judged = (values >= 0) & (final >= 0) & pairable[claim_of]
        if judged.any():
            stats.compared += _value_counts(who.filter(pa.array(judged)))
            stats.agreed += _value_counts(who.filter(pa.array(judged & (values == final))))

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per field: label and value counts, alpha per claim type, annotators, confusion."""
        out: dict[str, dict[str, Any]] = {}
        for name, stats in self.fields.items():
            names = self.schema.choice(name).names
            out[name] = {
                "label_counts": {
                    **{n: int(c) for n, c in zip(names, stats.labels, strict=True)},
                    "unresolved": stats.unresolved,
                    "unannotated": stats.unannotated,
                },
                "value_counts": {n: int(c) for n, c in zip(names, stats.values, strict=True)},
                "by_claim_type": self._by_type(stats),
                "annotators": {
                    who: {
                        "compared": stats.compared[who],
                        "agree": stats.agreed[who],
                        "rate": round(stats.agreed[who] / stats.compared[who], 6),
                    }
                    for who in sorted(stats.compared)
                },
                "confusion": {"labels": names, "counts": confusion(*stats.table()).tolist()},
            }
        out[self.schema.agreement_field]["histogram"] = {
            "edges": list(HISTOGRAM_EDGES),
            "counts": [int(c) for c in self.histogram],
        }
        return out

    def _by_type(self, stats: _FieldStats) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for t, code in sorted(self.type_names.items()):
            sub, weights = stats.table(code)
            alpha = _alpha(sub, weights)
            result[t] = {"krippendorff_alpha": alpha, "num_claims": int(weights.sum())}
        return result

    def pairable_tables(self) -> dict[str, tuple[IntArray, IntArray]]:
        """Each field's distinct count rows of claims with at least two values and how many
        claims have each (for the overall alpha)."""
        return {name: stats.table() for name, stats in self.fields.items()}


def confusion(table: IntArray, weights: IntArray | None = None) -> IntArray:
    """The coincidence table of a ``(claims, classes)`` count table (row ``i`` standing for
    ``weights[i]`` claims, when given).

    Cell (a, b): ordered pairs of two different values of one claim, the first a, the second b;
    sum over claims of ``n_a * n_b`` off the diagonal and ``n_a * (n_a - 1)`` on it.
    """
    table = np.asarray(table, dtype=np.int64)
    weighted = table if weights is None else table * np.asarray(weights, np.int64)[:, None]
    return weighted.T @ table - np.diag(weighted.sum(axis=0))
