"""Estimate the blind measures with today's extractor and the packaged scorer.

    .venv/bin/python training/checkworthy/pipeline.py [DEVSETS_CHECKWORTHY] [--limit N] [--held-out]

Each dev sentence is extracted alone (as benchmarks/quality.py does), every claim scored with
``score_claim``; a sentence counts as check-worthy when one of its claims reaches the threshold,
and the CheckThat! debates are ranked by the best claim's score (0 without a claim). Beside it:
the same measures if every sentence also carried its sentence score (what a claim type for
the facts outside the four frames could reach). The packaged model was trained on these very
sentences, so by default these figures are optimistic; ``--held-out`` scores every dev sentence
with a model trained without it (k-fold / leave-one-debate-out, as train.py's ``--evaluate``)
and gives the honest estimate. The news gold (``--gold``) is never training data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train  # noqa: E402

from claims import checkworthiness as cw  # noqa: E402
from claims.evaluate import load_gold, score  # noqa: E402
from claims.extract import extract_text  # noqa: E402
from claims.model import Claim, Document  # noqa: E402
from claims.pipeline import RuleBasedExtractor, get_extractor  # noqa: E402
from claims.reader import read_articles  # noqa: E402
from claims.segment import segment  # noqa: E402

THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6)
GOLD_TYPES = ("quantity", "date", "meeting", "statement")


def best_claim_scores(
    texts: Sequence[str], held_out: np.ndarray | None = None
) -> tuple[np.ndarray, Counter[str]]:
    """Per sentence, the best claim's ``score_claim`` (-1.0 without a claim), and claim types.

    With ``held_out`` (each sentence's score from a model that never saw it), a claim scores
    that sentence score moved by its frame's prior (the claim-text part is left out).
    """
    best, types = np.full(len(texts), -1.0), Counter[str]()
    # Held out, the FACT stage is simulated (``with_sentence_facts``): whether a sentence is a
    # fact must come from the held-out score, not from the shipped model that saw it.
    extractor = RuleBasedExtractor(sentence_facts=held_out is None)
    for i, text in enumerate(texts):
        for c in extract_text(text, extractor=extractor):
            types[str(c.type)] += 1
            if held_out is None:
                s = cw.score_claim(str(c.type), c.text, text, c.slots)
            else:
                z = cw._logit(float(held_out[i])) + cw._slot_prior(str(c.type), c.slots)
                s = cw._sigmoid(z)
            best[i] = max(best[i], s)
    return best, types


def with_sentence_facts(frame: np.ndarray, sentence: np.ndarray, fact: float) -> np.ndarray:
    """1/0 per sentence: a frame claim at the extractor's default threshold, or (without one)
    a sentence score of at least ``fact``: what the FACT stage (``claims.sentence_facts``) at
    that ``min_sentence_score`` gives, scored with held-out sentence scores."""
    keep = cw.recommended_threshold()
    return np.where(frame >= 0, frame >= keep, sentence >= fact).astype(float)


def held_out_scores(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold sentence scores as the shipped model is trained (both corpora): ClaimBuster
    by k-fold with every debate added, CheckThat! by leave-one-debate-out with ClaimBuster."""
    cb_items, clef_items = train.read(folder)
    cb, clef = train.featurise(cb_items, train.BUCKETS), train.featurise(clef_items, train.BUCKETS)
    order = np.random.default_rng(train.SEED).permutation(len(cb.y))
    folds = np.array_split(order, train.FOLDS)
    cb_scores = np.zeros(len(cb.y))
    for k in range(train.FOLDS):
        rest = np.sort(np.concatenate([folds[j] for j in range(train.FOLDS) if j != k]))
        tr = train.concat(train.subset(cb, rest), clef)
        w = train.fit(tr, train.corpus_weights(tr), train.BUCKETS)
        cb_scores[folds[k]] = train.sigmoid(train.logits(train.subset(cb, folds[k]), w))
    return cb_scores, train.clef_lodo(clef, cb, train.BUCKETS)["scores"]


def scored_claims(document: Document) -> list[tuple[Claim, float]]:
    """The extractor's claims of a news article, each with ``score_claim`` in its sentence."""
    seg = segment(document.text)
    sentences = [*seg.headline, *seg.body]
    out = []
    for c in get_extractor().extract(document):
        around = [s for s in sentences if s.start <= c.start < s.end]
        sentence = around[0].text if around else c.text
        out.append((c, cw.score_claim(str(c.type), c.text, sentence, c.slots)))
    return out


def gold_recall(gold: Path) -> dict[str, dict[str, float]]:
    """Recall and precision on the news gold when claims below each threshold are dropped."""
    articles = {p.stem: p for p in sorted(gold.parent.rglob("*.txt"))}
    articles.update({p.stem: p for p in sorted((ROOT / "claims/sample_data").glob("*.txt"))})
    per_doc = []
    for directory in sorted(d for d in gold.iterdir() if d.is_dir()):
        (document,) = read_articles([articles[directory.name]])
        assert isinstance(document, Document)
        types = [t for t in GOLD_TYPES if (directory / f"{t}.jsonl").exists()]
        per_doc.append((load_gold(directory, document.text), types, scored_claims(document)))
    out = {}
    for t in THRESHOLDS:
        hit = total = right = found = 0
        for gold_claims, types, claims in per_doc:
            kept = [c for c, s in claims if s >= t]
            for ts in score(kept, gold_claims, types=types).values():
                hit, total = hit + ts.matched_gold, total + ts.gold
                right, found = right + ts.matched_found, found + ts.found
        out[str(t)] = {"recall": hit / total, "precision": right / max(1, found), "kept": found}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("devsets", nargs="?", type=Path, default=Path("../shared/devsets/checkworthy"))
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    p.add_argument(
        "--held-out",
        action="store_true",
        help="score dev sentences with out-of-fold models instead of the shipped one (slow)",
    )
    args = p.parse_args(argv)
    cb_items, clef_items = train.read(args.devsets)
    cb = train.featurise(cb_items[: args.limit], 2)
    clef = train.featurise(clef_items[: args.limit], 2)
    out: dict[str, object] = {"news_gold": gold_recall(args.gold)}
    held = held_out_scores(args.devsets) if args.held_out and args.limit is None else None
    for n, (name, d) in enumerate((("claimbuster", cb), ("clef2019", clef))):
        h = held[n] if held is not None else None
        claim_best, types = best_claim_scores(d.texts, h)
        sentence = h if h is not None else np.array([cw.score_sentence(t) for t in d.texts])
        either = np.maximum(claim_best, sentence)
        rows = {}
        for t in THRESHOLDS:
            rows[str(t)] = {
                "claims": train.f1s(claim_best, d.y, t),
                "claims_or_sentence": train.f1s(either, d.y, t),
            }
            if h is not None:
                facts = with_sentence_facts(claim_best, sentence, t)
                rows[str(t)]["claims_and_sentence_facts"] = train.f1s(facts, d.y, 0.5)
        out[name] = {
            "thresholds": rows,
            "map_claims": train.mean_ap(d, np.maximum(claim_best, 0.0)),
            "map_claims_or_sentence": train.mean_ap(d, either),
            "map_has_claim": train.mean_ap(d, (claim_best > 0).astype(float)),
            "claim_types": dict(types),
            "held_out": held is not None,
        }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
