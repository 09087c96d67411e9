"""The fact rule after the parser is loaded again (a new vocabulary): no stale matcher."""

from __future__ import annotations

from claims import syntax
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text

TEXT = "The senator voted against the bill on Tuesday, the highest-profile defection so far."


def test_facts_still_match_after_the_parser_is_reloaded() -> None:
    extractor = RuleBasedExtractor()
    before = [c.text for c in extractor.extract(document_from_text(TEXT))]
    syntax.load_parser.cache_clear()  # as a long-lived process reloading the model would
    try:
        after = [c.text for c in RuleBasedExtractor().extract(document_from_text(TEXT + " "))]
    finally:
        syntax.load_parser.cache_clear()
    assert any("voted against" in t for t in before)
    assert before == after
