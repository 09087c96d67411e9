"""Quantity and date claims against hand-made gold: the original article and BBC articles.

The gold (``tests/data/gold/<stem>/quantity.jsonl`` and ``date.jsonl``) was written by reading
each article and marking what a human checker would mark, not copied from the extractor. The rules
were tuned on these articles: the thresholds are regression guards, not generalisation figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.evaluate import TypeScore, load_gold, score, summarise
from claims.pipeline import RuleBasedExtractor
from claims.reader import read_articles

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests/data"
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
TYPES = ("quantity", "date")


def articles() -> dict[str, Path]:
    found = {p.stem: p for p in (DATA / "bbc").rglob("*.txt")}
    found[ORIGINAL.stem] = ORIGINAL
    return found


def gold_stems() -> list[str]:
    return sorted(
        d.name for d in (DATA / "gold").iterdir() if any((d / f"{t}.jsonl").exists() for t in TYPES)
    )


def scores_for(stem: str) -> dict[str, TypeScore]:
    (doc,) = read_articles([articles()[stem]])
    assert not isinstance(doc, Exception) and hasattr(doc, "text")
    gold = [g for g in load_gold(DATA / "gold" / stem, doc.text) if g.type in TYPES]
    return score(RuleBasedExtractor().extract(doc), gold, types=TYPES)  # type: ignore[arg-type]


def test_there_is_enough_gold() -> None:
    stems = gold_stems()
    assert ORIGINAL.stem in stems and len(stems) >= 9
    total = sum(len(load_gold(DATA / "gold" / s)) for s in stems)
    assert total >= 100


def test_original_article_every_gold_claim_found() -> None:
    scores = scores_for(ORIGINAL.stem)
    for kind in TYPES:
        assert scores[kind].missed == [], summarise(scores)


@pytest.mark.parametrize("kind", TYPES)
def test_recall_and_precision_over_the_gold_articles(kind: str) -> None:
    total = TypeScore(kind)
    for stem in gold_stems():
        total.add(scores_for(stem)[kind])
    missed = [(g.where, g.span) for g in total.missed]
    assert total.gold >= 30
    assert total.recall >= 0.85, missed
    assert total.precision >= 0.7, summarise({kind: total})
