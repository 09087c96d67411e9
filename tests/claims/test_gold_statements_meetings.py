"""Hand-made dev gold: STATEMENT and MEETING claims of the original article, BBC articles and the
synthetic US political news articles (``tests/data/us-politics/``).

Gold lives in ``tests/data/gold/<article-stem>/{statement,meeting}.jsonl``, written by reading the
articles (the rules were tuned on them: these are regression guards, not generalisation figures).
The default extractor runs end to end (segmentation, every rule family, dedupe) and is scored with
``claims.evaluate``: a found claim matches when it has the type, covers half of the gold span and
names the same speaker (statements) or host and participants (meetings).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.evaluate import TypeScore, load_gold, score, summarise
from claims.model import Document
from claims.pipeline import RuleBasedExtractor
from claims.segment import parse_header

TESTS = Path(__file__).resolve().parents[1]
GOLD = TESTS / "data/gold"
ORIGINAL = TESTS.parent / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
TYPES = ("statement", "meeting")


def _article(stem: str) -> Path:
    if stem == ORIGINAL.stem:
        return ORIGINAL
    matches = sorted((TESTS / "data/bbc").glob(f"*/{stem}.txt"))
    matches += sorted((TESTS / "data/us-politics").glob(f"{stem}.txt"))
    assert matches, f"no article for gold directory {stem}"
    return matches[0]


def _gold_dirs() -> list[Path]:
    return sorted(d for d in GOLD.iterdir() if any((d / f"{t}.jsonl").exists() for t in TYPES))


def _document(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    return Document.from_text(text, published=header.published, source=str(path))


def test_gold_covers_the_original_and_fourteen_bbc_articles() -> None:
    stems = {d.name for d in _gold_dirs()}
    assert ORIGINAL.stem in stems
    assert len(stems) >= 15


@pytest.fixture(scope="module")
def scores() -> dict[str, TypeScore]:
    extractor = RuleBasedExtractor()
    total = {t: TypeScore(t) for t in TYPES}
    for directory in _gold_dirs():
        document = _document(_article(directory.name))
        gold = [g for g in load_gold(directory, document.text) if g.type in TYPES]
        for t, s in score(extractor.extract(document), gold, types=TYPES).items():
            total[t].add(s)
    print("\n" + summarise(total))
    return total


@pytest.mark.parametrize("claim_type", TYPES)
def test_gold_recall_and_precision(scores: dict[str, TypeScore], claim_type: str) -> None:
    s = scores[claim_type]
    missed = [f"{g.where}: {g.span[:60]!r}" for g in s.missed]
    assert s.gold >= 20
    assert s.recall >= 0.85, missed
    assert s.precision >= 0.8, [r.get("text") for r in s.unmatched]


def test_original_article_statements_and_meetings() -> None:
    document = _document(ORIGINAL)
    claims = RuleBasedExtractor().extract(document)
    meetings = [c for c in claims if c.type == "meeting"]
    statements = [c for c in claims if c.type == "statement"]
    hosts = [c.slots["host"] for c in meetings]
    assert "Russia's defense minister" in hosts and "Moscow" in hosts
    first = next(c for c in meetings if c.slots["host"] == "Russia's defense minister")
    assert first.slots["participants"] == [
        "Iran's defense minister",
        "Syria's defense minister",
        "Turkey's defense minister",
    ]
    assert first.slots["date"] == "2023-04-25"
    speakers = [c.slots["speaker"] for c in statements]
    assert speakers.count("The Russian Defense Ministry") == 3
    assert speakers.count("The Turkish Defense Ministry") == 2
    for claim in statements + meetings:
        assert claim.text.endswith((".", '"', "”")) and claim.text[:1].isupper()
