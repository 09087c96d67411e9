"""Estimate the blind measures with today's extractor and the packaged scorer.

    .venv/bin/python training/checkworthy/pipeline.py [DEVSETS_CHECKWORTHY] [--limit N]

Each dev sentence is extracted alone (as benchmarks/quality.py does), every claim scored with
``score_claim``; a sentence counts as check-worthy when one of its claims reaches the threshold,
and the CheckThat! debates are ranked by the best claim's score (0 without a claim). Beside it:
the same measures if every sentence also carried its sentence score (what a claim type for
the facts outside the four frames could reach). The packaged model was trained on these very
sentences, so these figures are optimistic for the scorer; the honest held-out figures of the
scorer are train.py's ``--evaluate``.
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
from claims.pipeline import get_extractor  # noqa: E402
from claims.reader import read_articles  # noqa: E402
from claims.segment import segment  # noqa: E402

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6)
GOLD_TYPES = ("quantity", "date", "meeting", "statement")


def best_claim_scores(texts: Sequence[str]) -> tuple[np.ndarray, Counter[str]]:
    """Per sentence, the best claim's ``score_claim`` (0.0 without a claim), and claim types."""
    best, types = np.zeros(len(texts)), Counter[str]()
    for i, text in enumerate(texts):
        for c in extract_text(text):
            types[str(c.type)] += 1
            best[i] = max(best[i], cw.score_claim(str(c.type), c.text, text, c.slots))
    return best, types


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
    args = p.parse_args(argv)
    cb_items, clef_items = train.read(args.devsets)
    cb = train.featurise(cb_items[: args.limit], 2)
    clef = train.featurise(clef_items[: args.limit], 2)
    out: dict[str, object] = {"news_gold": gold_recall(args.gold)}
    for name, d in (("claimbuster", cb), ("clef2019", clef)):
        claim_best, types = best_claim_scores(d.texts)
        sentence = np.array([cw.score_sentence(t) for t in d.texts])
        either = np.maximum(claim_best, sentence)
        rows = {}
        for t in THRESHOLDS:
            rows[str(t)] = {
                "claims": train.f1s(claim_best, d.y, t),
                "claims_or_sentence": train.f1s(either, d.y, t),
            }
        out[name] = {
            "thresholds": rows,
            "map_claims": train.mean_ap(d, claim_best),
            "map_claims_or_sentence": train.mean_ap(d, either),
            "map_has_claim": train.mean_ap(d, (claim_best > 0).astype(float)),
            "claim_types": dict(types),
        }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
