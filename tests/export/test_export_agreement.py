"""Agreement figures: the hand-written alpha against the ``krippendorff`` package, and the
vectorised per-class, per-type, per-annotator and confusion figures against plain loops."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import krippendorff
import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from export.aggregate import aggregate_claims, krippendorff_alpha_nominal
from export.agreement import AgreementStats, confusion
from export.card import read_front_matter
from export.cli import cli


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        np.int64,
        st.tuples(st.integers(1, 30), st.integers(2, 5)),
        elements=st.integers(0, 4),
    )
)
def test_alpha_equals_the_krippendorff_package(table: np.ndarray) -> None:
    ours = krippendorff_alpha_nominal(table)
    pairable = table[table.sum(axis=1) >= 2]
    totals = pairable.sum(axis=0)
    if len(pairable) == 0 or (totals > 0).sum() < 2:
        assert ours is None  # undefined: nothing pairable, or a single class in use
        return
    theirs = krippendorff.alpha(value_counts=table, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(0, 20), st.integers(1, 4)), elements=st.integers(0, 4))
)
def test_confusion_counts_every_ordered_pair_of_two_values(table: np.ndarray) -> None:
    expected = np.zeros((table.shape[1], table.shape[1]), dtype=np.int64)
    for row in table:
        values = [c for c, n in enumerate(row) for _ in range(n)]
        for i, j in itertools.permutations(range(len(values)), 2):
            expected[values[i], values[j]] += 1
    assert (confusion(table) == expected).all()


@settings(max_examples=100, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 12), st.integers(2, 4)), elements=st.integers(0, 3)),
    st.lists(st.integers(1, 5), min_size=12, max_size=12),
)
def test_weighted_rows_give_the_figures_of_the_rows_repeated(
    table: np.ndarray, times: list[int]
) -> None:
    """The export keeps each distinct count row once with how many claims have it: alpha and
    the confusion table must be those of the full table with every row repeated."""
    weights = np.array(times[: len(table)], dtype=np.int64)
    full = np.repeat(table, weights, axis=0)
    assert (confusion(table, weights) == confusion(full)).all()
    weighted, expected = (
        krippendorff_alpha_nominal(table, weights),
        krippendorff_alpha_nominal(full),
    )
    if expected is None:
        assert weighted is None
    else:
        assert weighted == pytest.approx(expected, abs=1e-12)


def _batch(claims: list[tuple[str, list[tuple[str, int, int, bool]]]]) -> tuple:
    """Annotation rows and offsets from ``[(type, [(annotator, verdict, quality, cancelled)])]``."""
    rows = [a for _, anns in claims for a in anns]
    offsets = np.concatenate([[0], np.cumsum([len(a) for _, a in claims])]).astype(np.int64)
    ann = pa.table(
        {
            "annotator": pa.array([r[0] for r in rows], pa.string()).dictionary_encode(),
            "verdict": pa.array([r[1] for r in rows], pa.int64()),
            "claim_quality": pa.array([r[2] for r in rows], pa.int64()),
            "was_cancelled": pa.array([r[3] for r in rows], pa.bool_()),
        }
    )
    agg = aggregate_claims(
        offsets,
        {"verdict": ann["verdict"].to_numpy(), "claim_quality": ann["claim_quality"].to_numpy()},
        ann["was_cancelled"].to_numpy(zero_copy_only=False),
        n_classes={"verdict": 4, "claim_quality": 4},
    )
    return ann, offsets, agg, pa.array([t for t, _ in claims])


def _loop_figures(claims: list[tuple[str, list[tuple[str, int, int, bool]]]]) -> dict:
    """The same figures by a plain loop over claims (the oracle)."""
    compared: Counter[str] = Counter()
    agreed: Counter[str] = Counter()
    labels: Counter[int] = Counter()
    per_type: dict[str, list[list[int]]] = {}
    for claim_type, anns in claims:
        live = [(who, v) for who, v, _, cancelled in anns if not cancelled and v >= 0]
        counts = Counter(v for _, v in live)
        top = counts.most_common(1)[0] if counts else (-1, 0)
        label = top[0] if top[1] * 2 > len(live) else -1
        labels[label if live else -2] += 1
        if len(live) >= 2:
            per_type.setdefault(claim_type, []).append([counts.get(c, 0) for c in range(4)])
            if label >= 0:
                for who, v in live:
                    compared[who] += 1
                    agreed[who] += v == label
    return {"compared": compared, "agreed": agreed, "labels": labels, "per_type": per_type}


ANNOTATOR_NAMES = [f"annotator-{c * 6}" for c in "abcd"]
claim_strategy = st.tuples(
    st.sampled_from(["quantity", "date", "meeting"]),
    st.lists(
        st.tuples(
            st.sampled_from(ANNOTATOR_NAMES),
            st.integers(-1, 3),
            st.integers(-1, 3),
            st.booleans(),
        ),
        max_size=5,
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(claim_strategy, min_size=1, max_size=8), min_size=1, max_size=3))
def test_vectorised_figures_equal_a_loop_over_claims(batches: list) -> None:
    stats = AgreementStats()
    for claims in batches:
        stats.add(*_batch(claims))
    figures = stats.summary()["verdict"]
    oracle = _loop_figures([c for claims in batches for c in claims])
    assert {w: f["compared"] for w, f in figures["annotators"].items()} == dict(oracle["compared"])
    assert {w: f["agree"] for w, f in figures["annotators"].items()} == {
        w: oracle["agreed"][w] for w in oracle["compared"]
    }
    counts = figures["label_counts"]
    names = ["supported", "refuted", "not_enough_evidence", "conflicting_evidence"]
    assert [counts[n] for n in names] == [oracle["labels"][i] for i in range(4)]
    assert counts["unresolved"] == oracle["labels"][-1]
    assert counts["unannotated"] == oracle["labels"][-2]
    for claim_type, fig in figures["by_claim_type"].items():
        table = np.array(oracle["per_type"].get(claim_type, np.zeros((0, 4))), dtype=np.int64)
        assert fig["num_claims"] == len(table)
        expected = krippendorff_alpha_nominal(table)
        assert fig["krippendorff_alpha"] == (None if expected is None else round(expected, 6))


def test_export_reports_the_details_in_card_and_json(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds"
    result = CliRunner().invoke(cli, ["export", str(small_workspace), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)["agreement"]["verdict"]
    card = read_front_matter(out)["claimset"]["agreement"]["verdict"]
    assert shown == card
    # small_case: annotator c always disagrees with a and b, who agree on 16 resolved claims.
    assert card["annotators"]["annotator-cccccccccccc"]["rate"] == 0.0
    assert card["annotators"]["annotator-aaaaaaaaaaaa"] == {
        "compared": 16,
        "agree": 16,
        "rate": 1.0,
    }
    assert sum(card["histogram"]["counts"]) == card["num_claims"]
    assert np.array(card["confusion"]["counts"]).sum() == sum(
        2 * (n * (n - 1) // 2) for n in [3] * 16 + [4]
    )
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "| `annotator-cccccccccccc` | 16 | 0 | 0.000 |" in text
    assert "![Claims per aggregate label](images/labels.png)" in text
