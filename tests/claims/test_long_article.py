"""A long article made of real ones: its claims are theirs, at shifted offsets.

The linear-time indexes (``claims.docindex``, ``claims.saidlog``, the per-line
indexes of ``claims.rules.statements``) must change no output; these tests check what can be
asserted independently of how the articles were joined, and that the indexes answer as the
direct scans do on a document of one long line (where they are used).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.model import Claim
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.rules import statements

ROOT = Path(__file__).resolve().parents[2]
BBC = sorted((ROOT / "tests/data/bbc").rglob("*.txt"))


def _claims(text: str) -> list[Claim]:
    return RuleBasedExtractor().extract(document_from_text(text, source="t"))


def test_every_claim_of_each_article_is_in_the_long_one_at_shifted_offsets() -> None:
    texts = [p.read_text(encoding="utf-8").strip() for p in BBC]
    long_claims = _claims("\n\n".join(texts) + "\n")
    by_span = {(c.start, c.end, c.type): c for c in long_claims}
    shift, total, reworded = 0, 0, 0
    for text in texts:
        for claim in _claims(text):
            total += 1
            found = by_span.get((claim.start + shift, claim.end + shift, claim.type))
            assert found is not None, claim
            if claim.type in ("quantity", "date"):  # sentence-local values
                assert found.slots == claim.slots
                reworded += found.text != claim.text
            elif claim.type == "statement":
                # What was said and the cue are the sentence's; who said it may be resolved
                # from another article's mention (one document now: ``the foreign secretary``
                # -> the Jack Straw an earlier article named).
                assert found.slots["content"] == claim.slots["content"]
                assert found.slots["cue"] == claim.slots["cue"]
        shift += len(text) + 2
    assert total > 500 and len(long_claims) >= total
    # Claim texts are distinct per document (``claims.render``): the long one holds a sentence
    # two of its articles share, whose claims it must word apart, so a few texts differ.
    assert reworded <= 0.02 * total
    assert len({c.text for c in long_claims}) == len(long_claims)


def test_per_line_indexes_answer_as_the_direct_scans_on_one_long_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One line of some 100 KB: every prefix of a line is "long" with the threshold at 0.
    texts = [" ".join(p.read_text(encoding="utf-8").split()) for p in BBC]
    text = " ".join(texts) + "\n"
    monkeypatch.setattr(statements, "_LONG_PREFIX", 10**9)  # direct scans only
    direct = _claims(text)
    monkeypatch.setattr(statements, "_LONG_PREFIX", 0)  # indexes for every prefix
    indexed = _claims(text)
    assert indexed == direct
    assert sum(c.type == "statement" for c in direct) > 100
