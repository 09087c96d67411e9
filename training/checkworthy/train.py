"""Train and evaluate the check-worthiness scorer; write the packaged weights.

    python training/checkworthy/train.py [DEVSETS_CHECKWORTHY] [--out claims/models]
        [--evaluate] [--results training/checkworthy/results.json] [--no-write]

``DEVSETS_CHECKWORTHY`` (default ``../shared/devsets/checkworthy``) holds
``claimbuster-train.jsonl`` and ``clef2019-task1-train.csv``. The features are those of
``claims.checkworthiness`` (imported, so training and scoring share one definition). The model
is an L2-regularised logistic regression written here in numpy (full-batch Adam on the mean
weighted log-loss, fixed iterations, no randomness but the fold split's fixed seed), so a re-run
gives the same weights byte for byte.

``--evaluate`` prints, and ``--results`` writes as JSON, the honest figures: ClaimBuster k-fold
(F1 at the threshold chosen on the training folds, balanced F1 as benchmarks/quality.py
defines it), CheckThat! leave-one-debate-out MAP, and the cross-corpus figures (train on one
corpus, test on the other), beside the "contains a digit" baseline. The final model is then
trained on both corpora and written to ``--out`` (``checkworthy.npz`` and ``checkworthy.json``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from claims import checkworthiness as cw  # noqa: E402

BUCKETS = 2**17
L2 = 2e-3
ITERATIONS = 300
LEARNING_RATE = 0.05
FOLDS = 5
SEED = 20261201
#: Share of the total training weight the CheckThat! debates get when both corpora are used.
CLEF_SHARE = 0.5


@dataclass
class Data:
    """Featurised sentences: hashed n-gram buckets (CSR rows), cue matrix, labels, groups."""

    texts: list[str]
    indptr: np.ndarray
    cols: np.ndarray
    cues: np.ndarray
    y: np.ndarray
    group: list[str]  # debate file name, or "claimbuster"
    position: np.ndarray


def read(folder: Path) -> tuple[list[tuple[str, str, int, int]], list[tuple[str, str, int, int]]]:
    """(group, text, position, label) of ClaimBuster and of CheckThat! 2019, in file order."""
    cb = []
    with (folder / "claimbuster-train.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                r = json.loads(line)
                cb.append(("claimbuster", str(r["text"]), n, int(r["label"])))
    clef = []
    with (folder / "clef2019-task1-train.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            clef.append((row["file_name"], row["text"], int(row["line_number"]), int(row["label"])))
    return cb, clef


def featurise(items: Sequence[tuple[str, str, int, int]], buckets: int) -> Data:
    indptr, cols, cues = [0], [], []
    for _, text, _, _ in items:
        toks = cw.tokens(text)
        idx = cw.hashed_indices(toks, buckets)
        cols.extend(idx)
        indptr.append(len(cols))
        cues.append(cw.cue_vector(text, toks))
    return Data(
        texts=[t for _, t, _, _ in items],
        indptr=np.array(indptr, dtype=np.int64),
        cols=np.array(cols, dtype=np.int64),
        cues=np.array(cues, dtype=np.float64),
        y=np.array([label for *_, label in items], dtype=np.float64),
        group=[g for g, *_ in items],
        position=np.array([p for _, _, p, _ in items], dtype=np.int64),
    )


def concat(a: Data, b: Data) -> Data:
    return Data(
        a.texts + b.texts,
        np.concatenate([a.indptr, b.indptr[1:] + a.indptr[-1]]),
        np.concatenate([a.cols, b.cols]),
        np.vstack([a.cues, b.cues]),
        np.concatenate([a.y, b.y]),
        a.group + b.group,
        np.concatenate([a.position, b.position]),
    )


def subset(d: Data, rows: np.ndarray) -> Data:
    starts, ends = d.indptr[rows], d.indptr[rows + 1]
    lengths = ends - starts
    cols = (
        np.concatenate([d.cols[s:e] for s, e in zip(starts, ends, strict=True)])
        if len(rows)
        else d.cols[:0]
    )
    return Data(
        [d.texts[i] for i in rows],
        np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        cols,
        d.cues[rows],
        d.y[rows],
        [d.group[i] for i in rows],
        d.position[rows],
    )


@dataclass
class Weights:
    hashed: np.ndarray
    cues: np.ndarray
    bias: float


def logits(d: Data, w: Weights) -> np.ndarray:
    rows = np.repeat(np.arange(len(d.y)), np.diff(d.indptr))
    z = np.bincount(rows, weights=w.hashed[d.cols], minlength=len(d.y))
    return z + d.cues @ w.cues + w.bias


def fit(d: Data, sample_weight: np.ndarray, buckets: int, l2: float | None = None) -> Weights:
    """L2-regularised logistic regression, full-batch Adam, fixed iterations (deterministic)."""
    l2 = L2 if l2 is None else l2
    n = len(d.y)
    sw = sample_weight / sample_weight.sum()
    rows = np.repeat(np.arange(n), np.diff(d.indptr))
    k = d.cues.shape[1]
    theta = np.zeros(buckets + k + 1)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, ITERATIONS + 1):
        wh, wc, b = theta[:buckets], theta[buckets : buckets + k], theta[-1]
        z = np.bincount(rows, weights=wh[d.cols], minlength=n) + d.cues @ wc + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = sw * (p - d.y)
        grad = np.empty_like(theta)
        grad[:buckets] = np.bincount(d.cols, weights=r[rows], minlength=buckets) + l2 * wh
        grad[buckets : buckets + k] = d.cues.T @ r + l2 * wc
        grad[-1] = r.sum()
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        step = LEARNING_RATE * np.sqrt(1 - b2**t) / (1 - b1**t)
        theta -= step * m / (np.sqrt(v) + eps)
    return Weights(theta[:buckets].copy(), theta[buckets : buckets + k].copy(), float(theta[-1]))


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """Positives and negatives carry equal total weight (the balanced set the blind F1 uses)."""
    pos = max(1.0, y.sum())
    neg = max(1.0, len(y) - y.sum())
    return np.where(y > 0, 0.5 / pos, 0.5 / neg)


def corpus_weights(d: Data) -> np.ndarray:
    """Class-balanced within each corpus; CheckThat! gets ``CLEF_SHARE`` of the total weight."""
    is_cb = np.array([g == "claimbuster" for g in d.group])
    w = np.zeros(len(d.y))
    for mask, share in ((is_cb, 1 - CLEF_SHARE), (~is_cb, CLEF_SHARE)):
        if mask.any():
            w[mask] = share * balanced_weights(d.y[mask]) * (1 if (~mask).any() else 1 / share)
    return w


# --- measures -------------------------------------------------------------------------------


def confusion(scores: np.ndarray, y: np.ndarray, threshold: float) -> tuple[int, int, int, int]:
    pred = scores >= threshold
    tp = int((pred & (y > 0)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y > 0)).sum())
    return tp, fp, fn, int(len(y) - tp - fp - fn)


def f1s(scores: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall and F1; and balanced ones (false alarms weighed by pos/neg)."""
    tp, fp, fn, tn = confusion(scores, y, threshold)
    pos, neg = tp + fn, fp + tn
    out: dict[str, float] = {}
    for name, fpw in (("", float(fp)), ("balanced_", fp * pos / neg if neg else 0.0)):
        p = tp / (tp + fpw) if tp + fpw else 0.0
        r = tp / pos if pos else 0.0
        out[f"{name}precision"] = p
        out[f"{name}recall"] = r
        out[f"{name}f1"] = 2 * p * r / (p + r) if p and r else 0.0
    return out


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The score threshold with the best balanced F1 (searched on a fixed grid of 0.01)."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    return float(max(grid, key=lambda t: (f1s(scores, y, t)["balanced_f1"], -abs(t - 0.5))))


def average_precision(ranked: Sequence[int]) -> float:
    hits, total = 0, 0.0
    for k, label in enumerate(ranked, 1):
        if label:
            hits += 1
            total += hits / k
    return total / hits if hits else 0.0


def mean_ap(d: Data, scores: np.ndarray) -> float:
    """MAP over debates: each debate's sentences ranked by score, ties in debate order."""
    aps = []
    for g in sorted(set(d.group)):
        rows = [i for i, x in enumerate(d.group) if x == g]
        order = sorted(rows, key=lambda i: (-scores[i], d.position[i]))
        aps.append(average_precision([int(d.y[i]) for i in order]))
    return float(np.mean(aps))


def digit_scores(d: Data) -> np.ndarray:
    return np.array([float(any(c.isdigit() for c in t)) for t in d.texts])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


# --- evaluation protocols ---------------------------------------------------------------------


def claimbuster_folds(cb: Data, clef: Data | None, buckets: int) -> dict[str, Any]:
    """k-fold on ClaimBuster (fixed seed); threshold chosen on the training folds' own scores."""
    order = np.random.default_rng(SEED).permutation(len(cb.y))
    folds = np.array_split(order, FOLDS)
    scores = np.zeros(len(cb.y))
    thresholds = []
    for k in range(FOLDS):
        test = folds[k]
        train = np.sort(np.concatenate([folds[j] for j in range(FOLDS) if j != k]))
        tr = subset(cb, train)
        if clef is not None:
            tr = concat(tr, clef)
        w = fit(tr, corpus_weights(tr), buckets)
        cb_tr = subset(cb, train)
        thresholds.append(best_threshold(sigmoid(logits(cb_tr, w)), cb_tr.y))
        scores[test] = sigmoid(logits(subset(cb, test), w))
    per_fold = [f1s(scores[folds[k]], cb.y[folds[k]], thresholds[k]) for k in range(FOLDS)]
    out: dict[str, Any] = {key: float(np.mean([f[key] for f in per_fold])) for key in per_fold[0]}
    out["threshold"] = float(np.mean(thresholds))
    out["at_0.5"] = f1s(scores, cb.y, 0.5)
    return out


def clef_lodo(clef: Data, cb: Data | None, buckets: int) -> dict[str, Any]:
    """Leave one debate out: train on the other debates (and ClaimBuster if given)."""
    groups = sorted(set(clef.group))
    scores = np.zeros(len(clef.y))
    for g in groups:
        test = np.array([i for i, x in enumerate(clef.group) if x == g])
        train = np.array([i for i, x in enumerate(clef.group) if x != g])
        tr = subset(clef, train)
        if cb is not None:
            tr = concat(cb, tr)
        w = fit(tr, corpus_weights(tr), buckets)
        scores[test] = sigmoid(logits(subset(clef, test), w))
    return {"map": mean_ap(clef, scores), "scores": scores}


def cross(train: Data, test: Data, buckets: int) -> np.ndarray:
    w = fit(train, corpus_weights(train), buckets)
    return sigmoid(logits(test, w))


def evaluate(cb: Data, clef: Data, buckets: int) -> dict[str, Any]:
    started = time.perf_counter()
    res: dict[str, Any] = {}
    res["digit"] = {
        "claimbuster": f1s(digit_scores(cb), cb.y, 0.5),
        "clef_map": mean_ap(clef, digit_scores(clef)),
        "clef": f1s(digit_scores(clef), clef.y, 0.5),
    }
    res["cb_kfold_cb_only"] = claimbuster_folds(cb, None, buckets)
    res["cb_kfold_with_clef"] = claimbuster_folds(cb, clef, buckets)
    lodo_only = clef_lodo(clef, None, buckets)
    lodo_both = clef_lodo(clef, cb, buckets)
    res["clef_lodo_clef_only"] = {"map": lodo_only["map"]}
    res["clef_lodo_with_cb"] = {"map": lodo_both["map"]}
    cb_to_clef = cross(cb, clef, buckets)
    res["cross_cb_to_clef"] = {"map": mean_ap(clef, cb_to_clef)}
    clef_to_cb = cross(clef, cb, buckets)
    res["cross_clef_to_cb"] = {
        **f1s(clef_to_cb, cb.y, best_threshold(cross(clef, clef, buckets), clef.y)),
        "at_0.5": f1s(clef_to_cb, cb.y, 0.5),
    }
    res["thresholds"] = threshold_table(cb, clef, lodo_both["scores"], buckets)
    res["seconds"] = time.perf_counter() - started
    return res


def threshold_table(cb: Data, clef: Data, clef_scores: np.ndarray, buckets: int) -> list[Any]:
    """Precision/recall at candidate --min-checkworthiness values, on held-out scores."""
    order = np.random.default_rng(SEED).permutation(len(cb.y))
    folds = np.array_split(order, FOLDS)
    cb_scores = np.zeros(len(cb.y))
    for k in range(FOLDS):
        train = np.sort(np.concatenate([folds[j] for j in range(FOLDS) if j != k]))
        tr = concat(subset(cb, train), clef)
        w = fit(tr, corpus_weights(tr), buckets)
        cb_scores[folds[k]] = sigmoid(logits(subset(cb, folds[k]), w))
    rows = []
    for t in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        rows.append(
            {
                "threshold": t,
                "claimbuster": f1s(cb_scores, cb.y, t),
                "clef": f1s(clef_scores, clef.y, t),
            }
        )
    return rows


# --- the packaged model ------------------------------------------------------------------------


def write_model(out: Path, w: Weights, meta: dict[str, Any]) -> None:
    """The weights as an ``.npz`` with fixed zip timestamps (a re-run writes the same bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    arrays = {
        "hashed": w.hashed.astype(np.float32),
        "cues": w.cues.astype(np.float32),
        "bias": np.array([w.bias], dtype=np.float32),
    }
    with zipfile.ZipFile(out / f"{cw.MODEL_NAME}.npz", "w", zipfile.ZIP_DEFLATED) as z:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buffer.getvalue())
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    (out / f"{cw.MODEL_NAME}.json").write_text(text, encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("devsets", nargs="?", type=Path, default=Path("../shared/devsets/checkworthy"))
    p.add_argument("--out", type=Path, default=ROOT / "claims" / "models")
    p.add_argument("--buckets", type=int, default=BUCKETS)
    p.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="--min-checkworthiness default to record (default: chosen on ClaimBuster)",
    )
    p.add_argument("--evaluate", action="store_true", help="run the cross-validations first")
    p.add_argument("--results", type=Path, default=None, help="write the evaluation as JSON")
    p.add_argument("--no-write", action="store_true", help="do not write the model")
    p.add_argument(
        "--claimbuster-only",
        action="store_true",
        help="train the shipped model on ClaimBuster (CC BY 4.0) alone",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    folder: Path = args.devsets
    if not (folder / "claimbuster-train.jsonl").is_file():
        print(
            f"Error: {folder} has no claimbuster-train.jsonl; pass the checkworthy dev-set folder",
            file=sys.stderr,
        )
        return 2
    cb_items, clef_items = read(folder)
    cb, clef = featurise(cb_items, args.buckets), featurise(clef_items, args.buckets)
    if args.evaluate:
        res = evaluate(cb, clef, args.buckets)
        print(json.dumps(res, indent=2))
        if args.results:
            args.results.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    both = cb if args.claimbuster_only else concat(cb, clef)
    w = fit(both, corpus_weights(both), args.buckets)
    threshold = args.threshold
    if threshold is None:
        threshold = best_threshold(sigmoid(logits(cb, w)), cb.y)
    meta = {
        "features_version": cw.FEATURES_VERSION,
        "buckets": args.buckets,
        "cues": list(cw.CUE_NAMES),
        "cue_weights": {n: round(float(x), 4) for n, x in zip(cw.CUE_NAMES, w.cues, strict=True)},
        "threshold": threshold,
        "training": {
            "claimbuster_sentences": len(cb.y),
            "clef2019_sentences": 0 if args.claimbuster_only else len(clef.y),
            "l2": L2,
            "iterations": ITERATIONS,
            "clef_share": CLEF_SHARE,
        },
    }
    if not args.no_write:
        write_model(args.out, w, meta)
        print(f"wrote {args.out / (cw.MODEL_NAME + '.npz')} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
