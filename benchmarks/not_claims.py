"""Each not-claim rule (``claims/patterns/not_claims.json``) measured on the dev sets.

    .venv/bin/python benchmarks/not_claims.py [DEVSETS] [--gold DIR] [--json PATH]

The extractor runs once per set with no not-claim rule; each claim is then marked with the rules
that reject it (``claims.not_claims``), so any set of rules is scored without re-extracting. For
every rule: the measures with all rules but that one and with that one alone, beside "none" and
"all": ClaimBuster "has a claim" F1 balanced at ``--min-checkworthiness``'s default (and without
it), CheckThat! MAP per debate (best kept claim's score), and the news gold's recall and
precision (``tests/data/gold``). Measures as benchmarks/quality.py defines them; the packaged
scorer was trained on the ClaimBuster and CheckThat! sentences, which flatters the thresholded
F1 and the MAP alike (for every row, so the differences between rows are what to read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets
import quality

from claims import checkworthiness as cw
from claims.checkworthiness import recommended_threshold
from claims.evaluate import load_gold, score
from claims.model import Claim, Document
from claims.not_claims import rule_names, rules
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text, read_articles
from claims.rules.base import Draft
from claims.segment import segment

#: A claim with its check-worthiness and the names of the rules that reject it.
Marked = tuple[Claim, float, frozenset[str]]


def marked(
    extractor: RuleBasedExtractor, document: Document, held_out: float | None = None
) -> list[Marked]:
    """The unfiltered claims of a document, each with the not-claim rules that match it; with
    ``held_out`` (the sentence's score from a model that never saw it), each claim scores that
    moved by its frame's prior, as training/checkworthy/pipeline.py --held-out does."""
    parts = segment(document.text)
    sentences = [*parts.headline, *parts.body]
    out = []
    for c in extractor.extract(document):
        around = [s for s in sentences if s.start <= c.start < s.end]
        draft = Draft(c.type, c.start, c.end, c.text, c.slots)
        hits = frozenset(
            r.name for r in rules() if around and r.matches(draft, around[0], document.text)
        )
        value = c.checkworthiness or 0.0
        if held_out is not None:
            z = cw._logit(held_out) + cw._slot_prior(str(c.type), c.slots)
            value = cw._sigmoid(z)
        out.append((c, value, hits))
    return out


def kept(claims: Sequence[Marked], active: frozenset[str], threshold: float) -> list[Marked]:
    return [m for m in claims if not (m[2] & active) and m[1] >= threshold]


def worth(items: list[tuple[devsets.Sentence, list[Marked]]], active: frozenset[str]) -> dict:
    threshold = recommended_threshold()
    plain, thresholded = Counter[str](), Counter[str]()
    ranking: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    for s, claims in items:
        plain[quality.cell(bool(kept(claims, active, 0.0)), s.label)] += 1
        at = kept(claims, active, threshold)
        thresholded[quality.cell(bool(at), s.label)] += 1
        ranking[s.group].append((max((m[1] for m in at), default=0.0), s.position, s.label))
    return {
        "f1_balanced": quality.balanced_f1_row("", "", plain).value,
        "f1_balanced_at_threshold": quality.balanced_f1_row("", "", thresholded).value,
        "tp_fp": f"tp {thresholded['tp']}, fp {thresholded['fp']}",
        "map": quality.mean_ap(ranking),
    }


def gold_scores(
    items: list[tuple[Path, list[Any], list[str], list[Marked]]], active: frozenset[str]
) -> dict:
    hit = total = right = found = 0
    for _, gold, types, claims in items:
        for ts in score([m[0] for m in kept(claims, active, 0.0)], gold, types=types).values():
            hit, total = hit + ts.matched_gold, total + ts.gold
            right, found = right + ts.matched_found, found + ts.found
    return {"recall": hit / total, "precision": right / max(1, found), "gold": f"{hit}/{total}"}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("devsets", nargs="?", type=Path, default=Path("../shared/devsets"))
    p.add_argument("--gold", type=Path, default=quality.ROOT / "tests/data/gold")
    p.add_argument("--json", type=Path)
    p.add_argument(
        "--held-out",
        action="store_true",
        help="score dev sentences with out-of-fold models (training/checkworthy; minutes)",
    )
    p.add_argument(
        "--held-out-cache",
        type=Path,
        help="with --held-out: read the out-of-fold scores from this JSON file, or write it",
    )
    args = p.parse_args(argv)
    extractor = RuleBasedExtractor(not_claim_rules=[])
    worth_dir = args.devsets / "checkworthy"
    cb_items = list(devsets.read_claimbuster(worth_dir / "claimbuster-train.jsonl"))
    clef_items = list(devsets.read_clef2019(worth_dir / "clef2019-task1-train.csv"))
    cb_held: list[float | None] = [None] * len(cb_items)
    clef_held: list[float | None] = [None] * len(clef_items)
    if args.held_out:
        sys.path.insert(0, str(quality.ROOT / "training/checkworthy"))
        import pipeline as held  # training/checkworthy/pipeline.py

        cache = args.held_out_cache
        if cache is not None and cache.is_file():
            cb_held, clef_held = json.loads(cache.read_text(encoding="utf-8"))
        else:
            cb_scores, clef_scores = held.held_out_scores(worth_dir)
            cb_held, clef_held = [float(x) for x in cb_scores], [float(x) for x in clef_scores]
            if cache is not None:
                cache.write_text(json.dumps([cb_held, clef_held]), encoding="utf-8")
    cb = [
        (s, marked(extractor, document_from_text(s.text), h))
        for s, h in zip(cb_items, cb_held, strict=True)
    ]
    clef = [
        (s, marked(extractor, document_from_text(s.text), h))
        for s, h in zip(clef_items, clef_held, strict=True)
    ]
    articles = quality.gold_articles(args.gold)
    gold = []
    for directory in sorted(d for d in args.gold.iterdir() if d.is_dir()):
        (document,) = read_articles([articles[directory.name]])
        assert isinstance(document, Document)
        types = [t for t in quality.GOLD_TYPES if (directory / f"{t}.jsonl").exists()]
        gold.append(
            (directory, load_gold(directory, document.text), types, marked(extractor, document))
        )
    every = frozenset(rule_names())
    settings = {"none": frozenset(), "all": every}
    for name in rule_names():
        settings[f"all but {name}"] = every - {name}
        settings[f"only {name}"] = frozenset({name})
    rows = {}
    for label, active in settings.items():
        rows[label] = {
            "claimbuster": worth(cb, active),
            "clef2019": worth(clef, active)["map"],
            "gold": gold_scores(gold, active),
        }
    print(f"threshold {recommended_threshold():g}")
    print(
        "| rules | CB F1 bal. | CB F1 bal. at threshold (tp, fp) | CLEF MAP "
        "| gold recall | gold precision |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, r in rows.items():
        c, g = r["claimbuster"], r["gold"]
        print(
            f"| {label} | {c['f1_balanced']:.3f} "
            f"| {c['f1_balanced_at_threshold']:.3f} ({c['tp_fp']}) "
            f"| {r['clef2019']:.3f} | {g['recall']:.3f} ({g['gold']}) | {g['precision']:.3f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
