"""Label aggregation and agreement, vectorised over flat arrays.

Both the exporter (to compute) and the checker (to recompute) call these, on columns straight
from Arrow: one entry per live annotation, grouped by claim through ``offsets`` (the layout of an
Arrow ``ListArray``: claim ``i`` owns entries ``offsets[i]:offsets[i+1]``).

Rules (the dataset card states them too):

- A claim's label is the strict majority (more than half) of its live annotations that carry a
  value for the field; otherwise -1 (``needs_adjudication`` when the claim has live annotations;
  a claim without any is unannotated).
- If an adjudicator annotated the claim, the adjudicator's label wins (the last one in order).
- ``agreement`` is the share of the claim's live verdicts equal to the aggregate verdict; for an
  unresolved claim, the share of its most frequent verdict; null (NaN) without any verdict.
- Krippendorff's alpha (nominal) over claims with at least two values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Per-claim results for one choice field."""

    label: IntArray  # aggregate ClassLabel index, -1 unresolved
    count: IntArray  # values counted per claim (annotations with a label for this field)
    agreement: FloatArray  # NaN when count == 0
    counts: IntArray  # (claims, classes) table of label counts


def label_counts(offsets: IntArray, labels: IntArray, n_classes: int) -> IntArray:
    """Count labels per claim: a ``(claims, n_classes)`` table. Entries of -1 are ignored."""
    n_claims = len(offsets) - 1
    claim_of = np.repeat(np.arange(n_claims, dtype=np.int64), np.diff(offsets))
    keep = labels >= 0
    flat = np.bincount(claim_of[keep] * n_classes + labels[keep], minlength=n_claims * n_classes)
    return flat.astype(np.int64).reshape(n_claims, n_classes)


def aggregate(
    offsets: IntArray,
    labels: IntArray,
    n_classes: int,
    adjudicator: BoolArray | None = None,
) -> Aggregate:
    """Strict-majority labels with adjudicator override, and agreement, per claim."""
    offsets = np.asarray(offsets, dtype=np.int64)
    labels = np.asarray(labels, dtype=np.int64)
    table = label_counts(offsets, labels, n_classes)
    count = table.sum(axis=1)
    top = table.max(axis=1) if n_classes else np.zeros(len(count), dtype=np.int64)
    winner = table.argmax(axis=1).astype(np.int64)
    label = np.where(top * 2 > count, winner, -1).astype(np.int64)
    if adjudicator is not None and adjudicator.any():
        label = _override(offsets, labels, np.asarray(adjudicator, dtype=bool), label)
    agree_n = np.where(label >= 0, table[np.arange(len(label)), np.maximum(label, 0)], top).astype(
        np.float64
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        agreement = np.where(count > 0, agree_n / np.maximum(count, 1), np.nan)
    return Aggregate(label=label, count=count, agreement=agreement, counts=table)


def _override(
    offsets: IntArray, labels: IntArray, adjudicator: BoolArray, label: IntArray
) -> IntArray:
    """Replace a claim's label by its last adjudicator's label, where there is one."""
    n_claims = len(offsets) - 1
    claim_of = np.repeat(np.arange(n_claims, dtype=np.int64), np.diff(offsets))
    pick = adjudicator & (labels >= 0)
    out = label.copy()
    # Assignment in index order: the last adjudicator entry of a claim wins.
    out[claim_of[pick]] = labels[pick]
    return out


def krippendorff_alpha_nominal(counts: IntArray) -> float | None:
    """Krippendorff's alpha for nominal data from a ``(units, classes)`` count table.

    Units with fewer than two values are not pairable and are left out. Returns None when alpha
    is undefined (no pairable unit, or every value the same class: no expected disagreement).
    """
    counts = np.asarray(counts, dtype=np.float64)
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    if len(m) == 0:
        return None
    n_c = counts.sum(axis=0)
    n = n_c.sum()
    observed_same = (counts * (counts - 1) / (m - 1)[:, None]).sum()
    expected_diff = n * n - (n_c * n_c).sum()
    if expected_diff <= 0:
        return None
    return float(1.0 - (n - 1) * (n - observed_same) / expected_diff)


@dataclass(frozen=True, slots=True)
class ClaimAggregates:
    """Every per-claim aggregate column of the ``claims`` config, for a block of claims.

    ``fields`` holds one ``Aggregate`` per aggregated choice field of the label schema, in
    schema order; ``agreement_field`` names the one whose agreement is stored.
    """

    fields: dict[str, Aggregate]
    num_annotations: IntArray  # live (not cancelled) annotations per claim
    agreement_field: str = "verdict"

    def __getitem__(self, name: str) -> Aggregate:
        return self.fields[name]

    @property
    def verdict(self) -> Aggregate:
        """The ``verdict`` aggregate."""
        return self.fields["verdict"]

    @property
    def claim_quality(self) -> Aggregate:
        """The ``claim_quality`` aggregate."""
        return self.fields["claim_quality"]

    @property
    def needs_adjudication(self) -> BoolArray:
        """True where a claim has live annotations but any aggregated label is unresolved (-1).

        A claim nobody has annotated yet is *unannotated* (``num_annotations == 0``), not in
        need of adjudication: filtering on this flag gives the adjudication queue.
        """
        unresolved = np.zeros(len(self.num_annotations), dtype=bool)
        for agg in self.fields.values():
            unresolved |= agg.label < 0
        return unresolved & (self.num_annotations > 0)

    @property
    def agreement(self) -> FloatArray:
        """The verdict agreement (NaN where a claim has no live verdict; stored as null)."""
        return self.fields[self.agreement_field].agreement


def aggregate_claims(
    offsets: IntArray,
    labels: Mapping[str, IntArray],
    cancelled: BoolArray,
    *,
    n_classes: Mapping[str, int],
    adjudicator: BoolArray | None = None,
    agreement_field: str = "verdict",
) -> ClaimAggregates:
    """Aggregate every choice field of ``labels`` over the live annotations of each claim.

    ``labels`` maps each aggregated field to the flat child column of the ``annotations`` list
    (every latest version, cancelled ones included), ``n_classes`` to its number of classes;
    cancelled entries are ignored. The exporter computes the stored columns with this and the
    checker recomputes them with it.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    live = ~np.asarray(cancelled, dtype=bool)
    adj = None if adjudicator is None else np.asarray(adjudicator, dtype=bool) & live
    claim_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    num = np.bincount(claim_of[live], minlength=len(offsets) - 1).astype(np.int64)
    fields = {
        name: aggregate(
            offsets, np.where(live, np.asarray(values, dtype=np.int64), -1), n_classes[name], adj
        )
        for name, values in labels.items()
    }
    return ClaimAggregates(fields=fields, num_annotations=num, agreement_field=agreement_field)
