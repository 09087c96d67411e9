"""Aggregation per claim and Krippendorff's alpha, on arrays and through a real export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fixtures.datasets import ANNOTATORS, annotation, claims_of, document, make_workspace

from export.aggregate import (
    ClaimAggregates,
    aggregate_claims,
    krippendorff_alpha_nominal,
    label_counts,
    row_sums,
    row_top,
)
from export.build import export_dataset
from export.tables import load_claims_table

A, B, C = ANNOTATORS
ADJ = "annotator-dddddddddddd"


def _agg(
    groups: list[list[tuple[int, int, bool]]], adjudicator: list[bool] | None = None
) -> ClaimAggregates:
    """Aggregate ``[(verdict, quality, cancelled), ...]`` per claim."""
    flat = [x for g in groups for x in g]
    offsets = np.concatenate([[0], np.cumsum([len(g) for g in groups])])
    return aggregate_claims(
        offsets,
        {
            "verdict": np.array([v for v, _, _ in flat], dtype=np.int64),
            "claim_quality": np.array([q for _, q, _ in flat], dtype=np.int64),
        },
        np.array([c for _, _, c in flat], dtype=bool),
        n_classes={"verdict": 4, "claim_quality": 4},
        adjudicator=None if adjudicator is None else np.array(adjudicator, dtype=bool),
    )


def test_strict_majority_tie_and_empty() -> None:
    agg = _agg(
        [
            [(0, 0, False), (0, 1, False), (1, 1, False)],  # 2 of 3: majority
            [(0, 0, False), (1, 0, False)],  # 1 vs 1: tie -> -1
            [(2, 3, False), (2, 3, False), (0, 3, False), (1, 3, False)],  # 2 of 4 is not > half
            [],  # no annotations
        ]
    )
    assert agg.verdict.label.tolist() == [0, -1, -1, -1]
    assert agg.claim_quality.label.tolist() == [1, 0, 3, -1]
    # the unannotated claim is unresolved (-1) but does not need adjudication
    assert agg.needs_adjudication.tolist() == [False, True, True, False]
    assert agg.num_annotations.tolist() == [3, 2, 4, 0]
    np.testing.assert_allclose(agg.agreement[:3], [2 / 3, 1 / 2, 2 / 4])
    assert np.isnan(agg.agreement[3])


def test_cancelled_annotations_do_not_count() -> None:
    agg = _agg([[(0, 0, False), (1, 1, True), (-1, -1, True), (0, 0, False)]])
    assert agg.verdict.label.tolist() == [0]
    assert agg.num_annotations.tolist() == [2]
    assert agg.agreement.tolist() == [1.0]


def test_adjudicator_overrides_majority_and_ties() -> None:
    groups = [
        [(0, 0, False), (0, 0, False), (1, 2, False)],  # majority 0, adjudicator says 1
        [(0, 0, False), (1, 0, False)],  # tie, adjudicator (2nd) says 1
        [(3, 0, False), (3, 0, False), (2, 1, True)],  # cancelled adjudication ignored
    ]
    adj = [False, False, True, False, True, False, False, True]
    agg = _agg(groups, adj)
    assert agg.verdict.label.tolist() == [1, 1, 3]
    assert agg.claim_quality.label.tolist() == [2, 0, 0]
    assert not agg.needs_adjudication.any()
    np.testing.assert_allclose(agg.agreement, [1 / 3, 1 / 2, 1.0])


def test_alpha_hand_computed() -> None:
    # Units (claims) and their values (classes a=0, b=1, c=2):
    #   u1: a a b   u2: a a   u3: b c   u4: c (one value: not pairable, left out)
    # Coincidences o_ck (pairs within a unit, each weighted 1/(m_u - 1)):
    #   u1: (a,a) 2 pairs * 1/2 = 1, (a,b) 2 * 1/2 = 1, (b,a) 1   u2: (a,a) 2   u3: (b,c) 1, (c,b) 1
    #   o_aa = 3, o_ab = o_ba = 1, o_bc = o_cb = 1 -> n_a = 4, n_b = 2, n_c = 1, n = 7
    # D_o = off-diagonal / n = 4/7;  D_e = (n^2 - sum n_c^2) / (n (n - 1)) = (49 - 21) / 42 = 2/3
    # alpha = 1 - D_o / D_e = 1 - (4/7) / (2/3) = 1 - 6/7 = 1/7
    offsets = np.array([0, 3, 5, 7, 8])
    labels = np.array([0, 0, 1, 0, 0, 1, 2, 2])
    alpha = krippendorff_alpha_nominal(label_counts(offsets, labels, 3))
    assert alpha == pytest.approx(1 / 7, abs=1e-12)


def test_alpha_krippendorff_textbook_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example:
    # 4 observers, 12 units, missing values; alpha_nominal = 0.743.
    units = [
        [1, 1, 1],
        [2, 2, 3, 2],
        [3, 3, 3, 3],
        [3, 3, 3, 3],
        [2, 2, 2, 2],
        [1, 2, 3, 4],
        [4, 4, 4, 4],
        [1, 1, 2, 1],
        [2, 2, 2, 2],
        [5, 5, 5],
        [1, 1],
        [3],
    ]
    counts = np.zeros((len(units), 6), dtype=np.int64)
    for i, values in enumerate(units):
        for v in values:
            counts[i, v] += 1
    alpha = krippendorff_alpha_nominal(counts)
    assert alpha is not None and round(alpha, 3) == 0.743


def test_alpha_undefined_without_pairs_or_variation() -> None:
    assert krippendorff_alpha_nominal(np.array([[1, 0], [0, 1]])) is None  # no unit with 2 values
    assert krippendorff_alpha_nominal(np.array([[2, 0], [3, 0]])) is None  # one class only
    assert krippendorff_alpha_nominal(np.array([[2, 0], [0, 2]])) == pytest.approx(1.0)


def test_export_applies_updates_cancellations_and_ties(tmp_path: Path) -> None:
    doc = document(1)
    c0, c1, c2 = claims_of(doc)
    records = [
        annotation(c0.id, 1, A, "supported"),
        annotation(c0.id, 2, B, "supported"),
        annotation(c0.id, 3, C, "refuted", cancelled=True),
        annotation(c1.id, 4, A, "supported"),
        annotation(c1.id, 5, B, "refuted"),
        # annotation 6 is updated: the later version (refuted) counts, the first is dropped
        annotation(c2.id, 6, A, "refuted", updated_at="2024-07-01T00:00:00.000000Z"),
        annotation(c2.id, 6, A, "supported"),
        annotation(c2.id, 7, B, "refuted"),
    ]
    ws = make_workspace(tmp_path / "ws", [doc], [c0, c1, c2], records)
    report = export_dataset(ws, out=tmp_path / "ds", splits="train=1")
    rows = {r["claim_id"]: r for r in load_claims_table(tmp_path / "ds").to_pylist()}
    assert (rows[c0.id]["verdict"], rows[c0.id]["num_annotations"]) == (0, 2)
    assert [a["was_cancelled"] for a in rows[c0.id]["annotations"]] == [False, False, True]
    assert rows[c1.id]["verdict"] == -1 and rows[c1.id]["needs_adjudication"]
    assert rows[c1.id]["agreement"] == 0.5
    assert rows[c2.id]["verdict"] == 1 and rows[c2.id]["agreement"] == 1.0
    assert [a["annotation_id"] for a in rows[c2.id]["annotations"]] == [6, 7]
    assert report.superseded_annotations == 1
    assert report.num_cancelled == 1
    assert report.build_time == "2024-07-01T00:00:00.000000Z"
    assert report.annotators == {A: 3, B: 3}


def test_adjudicators_from_flag_and_config(tmp_path: Path) -> None:
    doc = document(2)
    c0, c1, _ = claims_of(doc)
    records = [
        annotation(c0.id, 1, A, "supported"),
        annotation(c0.id, 2, B, "supported"),
        annotation(c0.id, 3, ADJ, "refuted", "not_atomic"),
        annotation(c1.id, 4, A, "supported"),
        annotation(c1.id, 5, C, "refuted"),
    ]
    ws = make_workspace(
        tmp_path / "ws", [doc], claims_of(doc), records, config={"adjudicators": [ADJ]}
    )
    report = export_dataset(ws, out=tmp_path / "a", splits="train=1", adjudicators=[C])
    rows = {r["claim_id"]: r for r in load_claims_table(tmp_path / "a").to_pylist()}
    assert (rows[c0.id]["verdict"], rows[c0.id]["claim_quality"]) == (
        1,
        2,
    )  # config.json adjudicator
    assert rows[c1.id]["verdict"] == 1 and not rows[c1.id]["needs_adjudication"]  # --adjudicator
    assert report.adjudicators == sorted([ADJ, C])


def test_a_review_round_decides_and_the_first_round_keeps_agreement() -> None:
    """The latest round's strict majority wins; agreement and alpha stay on the first round."""
    groups = [
        # round 1: 1 vs 1 (tie) -> round 2 says 1 -> label 1, first-round agreement 1/2
        [(0, 0, 1), (1, 0, 1), (1, 0, 2)],
        # round 1 majority 0; round 2 two adjudicators tie -> unresolved again
        [(0, 0, 1), (0, 0, 1), (1, 0, 2), (2, 0, 2)],
        [(2, 1, 1), (2, 1, 1)],  # no review: the first round decides
        [(3, 2, 2)],  # only a later round (an unannotated claim seeded into round 2)
    ]
    flat = [x for g in groups for x in g]
    offsets = np.concatenate([[0], np.cumsum([len(g) for g in groups])])
    agg = aggregate_claims(
        offsets,
        {
            "verdict": np.array([v for v, _, _ in flat], dtype=np.int64),
            "claim_quality": np.array([q for _, q, _ in flat], dtype=np.int64),
        },
        np.zeros(len(flat), dtype=bool),
        n_classes={"verdict": 4, "claim_quality": 4},
        rounds=np.array([r for _, _, r in flat], dtype=np.int64),
    )
    assert agg.verdict.label.tolist() == [1, -1, 2, 3]
    assert agg.verdict.first_label is not None
    assert agg.verdict.first_label.tolist() == [-1, 0, 2, 3]
    assert agg.needs_adjudication.tolist() == [False, True, False, False]
    assert agg.adjudicated.tolist() == [True, True, False, False]
    assert agg.decided_round.tolist() == [2, 2, 1, 2]
    np.testing.assert_allclose(agg.agreement, [1 / 2, 1.0, 1.0, 1.0])
    # the count table (alpha) holds the first round only
    assert agg.verdict.counts.sum(axis=1).tolist() == [2, 2, 2, 1]


def test_label_counts_equal_a_count_claim_by_claim() -> None:
    rng = np.random.default_rng(14)
    for n_classes in (1, 2, 4):
        sizes = rng.integers(0, 7, 300)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        labels = rng.integers(-1, n_classes, int(offsets[-1])).astype(np.int64)
        if len(labels) > 2:
            labels[1] = -4  # below -1: ignored like -1
        table = label_counts(offsets, labels, n_classes)
        assert table.shape == (300, n_classes) and table.dtype == np.int64
        for i in range(300):
            own = labels[offsets[i] : offsets[i + 1]]
            assert table[i].tolist() == [int((own == k).sum()) for k in range(n_classes)]


def test_row_helpers_equal_numpy_reductions_ties_included() -> None:
    rng = np.random.default_rng(7)
    for n_classes in (1, 2, 3, 5):
        table = rng.integers(0, 3, (2000, n_classes)).astype(np.int64)  # many ties
        top, winner = row_top(table)
        assert np.array_equal(row_sums(table), table.sum(axis=1))
        assert np.array_equal(top, table.max(axis=1))
        assert np.array_equal(winner, table.argmax(axis=1))  # the first maximum wins
    empty = np.zeros((3, 0), dtype=np.int64)
    assert row_sums(empty).tolist() == [0, 0, 0] and row_top(empty)[0].tolist() == [0, 0, 0]
