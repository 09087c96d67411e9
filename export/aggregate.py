"""Label aggregation and agreement, vectorised over flat arrays.

Both the exporter (to compute) and the checker (to recompute) call these, on columns straight
from Arrow: one entry per live annotation, grouped by claim through ``offsets`` (the layout of an
Arrow ``ListArray``: claim ``i`` owns entries ``offsets[i]:offsets[i+1]``).

Rules (the dataset card states them too):

- A claim's label is the strict majority (more than half) of its live annotations that carry a
  value for the field; otherwise -1 (``needs_adjudication`` when the claim has live annotations;
  a claim without any is unannotated).
- Rounds: every annotation belongs to a round (1, the first and independent one; 2, 3... review
  rounds pushed with ``claimset annotate push --only``). A claim's label is decided by its
  latest round with a value for the field: the strict majority among that round's annotators
  (the adjudicators), which overrides the earlier rounds' majority; a tie there leaves -1 (the
  claim needs another round). The earlier rounds' answers stay in the data.
- If an adjudicator named by pseudonym (``config.json``'s ``adjudicators``, ``--adjudicator``)
  annotated the claim, that adjudicator's label wins, in whatever round (the last one in order).
- ``agreement`` is the share of the claim's first-round verdicts equal to the aggregate verdict;
  for an unresolved claim, the share of its most frequent verdict; null (NaN) without any
  verdict. The first round is the claim's earliest round with a value: only there did the
  annotators judge independently (a review round shows the earlier verdicts).
- Krippendorff's alpha (nominal) over claims with at least two first-round values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Per-claim results for one choice field."""

    label: IntArray  # aggregate ClassLabel index, -1 unresolved
    count: IntArray  # first-round values counted per claim (annotations with a label)
    agreement: FloatArray  # NaN when count == 0
    counts: IntArray  # (claims, classes) table of first-round label counts
    #: the round whose answers decided ``label`` (0: no value); above ``first_round`` when a
    #: review round overrode the first one
    round: IntArray | None = None
    first_round: IntArray | None = None  # the claim's earliest round with a value (0: none)
    first_label: IntArray | None = None  # the first round's majority (-1: none), before review

    @property
    def overridden(self) -> BoolArray:
        """True where a later round's answers decided the label."""
        if self.round is None or self.first_round is None:
            return np.zeros(len(self.label), dtype=bool)
        return np.asarray(self.round > self.first_round)


def label_counts(offsets: IntArray, labels: IntArray, n_classes: int) -> IntArray:
    """Count labels per claim: a ``(claims, n_classes)`` table. Entries of -1 are ignored."""
    n_claims = len(offsets) - 1
    if len(labels) and (int(labels.min()) < -1 or int(labels.max()) >= n_classes):
        claim_of = np.repeat(np.arange(n_claims, dtype=np.int64), np.diff(offsets))
        keep = labels >= 0
        flat = np.bincount(
            claim_of[keep] * n_classes + labels[keep], minlength=n_claims * n_classes
        )
        return flat.astype(np.int64).reshape(n_claims, n_classes)
    # Labels in -1..n-1: one slot per (claim, label + 1) in a single array built in place, no
    # masked copies; slot 0 of each claim collects the entries without a value.
    width = n_classes + 1
    slot = np.repeat(np.arange(0, n_claims * width, width, dtype=np.int64), np.diff(offsets))
    slot += labels
    slot += 1
    flat = np.bincount(slot, minlength=n_claims * width).reshape(n_claims, width)
    return np.ascontiguousarray(flat[:, 1:], dtype=np.int64)


def row_sums(table: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``table.sum(axis=1)`` of a ``(claims, classes)`` table, a column at a time: numpy
    reduces a short inner axis several times slower than it adds whole columns."""
    out: npt.NDArray[Any] = np.zeros(table.shape[0], dtype=table.dtype)
    for k in range(table.shape[1]):
        out += table[:, k]
    return out


def row_top(table: IntArray) -> tuple[IntArray, IntArray]:
    """``(table.max(axis=1), table.argmax(axis=1))`` a column at a time (the first of equal
    maxima wins, as with ``argmax``); zeros for a table without columns."""
    n = table.shape[0]
    if table.shape[1] == 0:
        zeros: IntArray = np.zeros(n, dtype=np.int64)
        return zeros, zeros
    top: IntArray = table[:, 0].copy()
    winner: IntArray = np.zeros(n, dtype=np.int64)
    for k in range(1, table.shape[1]):
        column = table[:, k]
        higher = column > top
        winner[higher] = k
        np.maximum(top, column, out=top)
    return top, winner


def _majority(table: IntArray, n_classes: int, count: IntArray | None = None) -> IntArray:
    """The strict-majority class of each row of a count table, -1 where there is none."""
    count = row_sums(table) if count is None else count
    top, winner = row_top(table)
    return np.where(top * 2 > count, winner, -1).astype(np.int64)


def round_bounds(
    offsets: IntArray, labels: IntArray, rounds: IntArray
) -> tuple[IntArray, IntArray]:
    """Per claim, the earliest and the latest round of its entries with a value (0: none)."""
    n_claims = len(offsets) - 1
    claim_of = np.repeat(np.arange(n_claims, dtype=np.int64), np.diff(offsets))
    has = labels >= 0
    low = np.full(n_claims, np.iinfo(np.int64).max, dtype=np.int64)
    high = np.zeros(n_claims, dtype=np.int64)
    np.minimum.at(low, claim_of[has], rounds[has])
    np.maximum.at(high, claim_of[has], rounds[has])
    return np.where(high > 0, low, 0).astype(np.int64), high


def aggregate(
    offsets: IntArray,
    labels: IntArray,
    n_classes: int,
    adjudicator: BoolArray | None = None,
    rounds: IntArray | None = None,
) -> Aggregate:
    """Strict-majority labels of each claim's latest round, adjudicator override, agreement."""
    offsets = np.asarray(offsets, dtype=np.int64)
    labels = every = np.asarray(labels, dtype=np.int64)
    first_round = last_round = None
    decided = labels
    if rounds is not None and len(rounds) and int(np.max(rounds)) != int(np.min(rounds)):
        rounds = np.asarray(rounds, dtype=np.int64)
        first_round, last_round = round_bounds(offsets, labels, rounds)
        claim_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        decided = np.where(rounds == last_round[claim_of], labels, -1)
        labels = np.where(rounds == first_round[claim_of], labels, -1)
    table = label_counts(offsets, labels, n_classes)
    count = row_sums(table)
    first_label = _majority(table, n_classes, count)
    label = (
        first_label
        if decided is labels
        else _majority(label_counts(offsets, decided, n_classes), n_classes)
    )
    if adjudicator is not None and adjudicator.any():
        label = _override(offsets, every, np.asarray(adjudicator, dtype=bool), label)
    top = row_top(table)[0]
    agree_n = np.where(label >= 0, table[np.arange(len(label)), np.maximum(label, 0)], top).astype(
        np.float64
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        agreement = np.where(count > 0, agree_n / np.maximum(count, 1), np.nan)
    if first_round is None:
        present = (count > 0).astype(np.int64)
        first_round = last_round = (
            present if rounds is None or not len(rounds) else (present * int(rounds[0]))
        )
    return Aggregate(label, count, agreement, table, last_round, first_round, first_label)


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


def krippendorff_alpha_nominal(counts: IntArray, weights: IntArray | None = None) -> float | None:
    """Krippendorff's alpha for nominal data from a ``(units, classes)`` count table; with
    ``weights``, row ``i`` stands for ``weights[i]`` units with that same row.

    Units with fewer than two values are not pairable and are left out. Returns None when alpha
    is undefined (no pairable unit, or every value the same class: no expected disagreement).
    """
    table = np.asarray(counts, dtype=np.float64)
    m = row_sums(table)  # exact: sums of counts, far below 2**53
    w = None if weights is None else np.asarray(weights, dtype=np.float64)[m >= 2]
    table, m = table[m >= 2], m[m >= 2]
    if len(m) == 0 or (w is not None and not w.any()):
        return None
    same = table * (table - 1) / (m - 1)[:, None]
    if w is not None:  # weights are claim counts: exact in float64
        table = table * w[:, None]
        same = same * w[:, None]
    n_c = table.sum(axis=0)
    n = n_c.sum()
    observed_same = same.sum()
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
    def decided_round(self) -> IntArray:
        """Per claim, the latest round whose answers decided a label (0: no label value)."""
        out: IntArray = np.zeros(len(self.num_annotations), dtype=np.int64)
        for agg in self.fields.values():
            if agg.round is not None:
                np.maximum(out, agg.round, out=out)
        return out

    @property
    def adjudicated(self) -> BoolArray:
        """True where a review round's answers overrode the first round's for some field."""
        out = np.zeros(len(self.num_annotations), dtype=bool)
        for agg in self.fields.values():
            out |= agg.overridden
        return out

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
    rounds: IntArray | None = None,
) -> ClaimAggregates:
    """Aggregate every choice field of ``labels`` over the live annotations of each claim.

    ``labels`` maps each aggregated field to the flat child column of the ``annotations`` list
    (every latest version, cancelled ones included), ``n_classes`` to its number of classes;
    cancelled entries are ignored; ``rounds`` is the flat ``round`` child column (None: every
    annotation of round 1). The exporter computes the stored columns with this and the
    checker recomputes them with it.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    live = ~np.asarray(cancelled, dtype=bool)
    adj = None if adjudicator is None else np.asarray(adjudicator, dtype=bool) & live
    claim_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    num = np.bincount(claim_of[live], minlength=len(offsets) - 1).astype(np.int64)
    round_of = None if rounds is None else np.asarray(rounds, dtype=np.int64)
    fields = {
        name: aggregate(
            offsets,
            np.where(live, np.asarray(values, dtype=np.int64), -1),
            n_classes[name],
            adj,
            round_of,
        )
        for name, values in labels.items()
    }
    return ClaimAggregates(fields=fields, num_annotations=num, agreement_field=agreement_field)
