"""FACT claims: a check-worthy sentence that no rule family found a claim in (issue 12 item 3)."""

from __future__ import annotations

from dataclasses import replace

from claims.checkworthiness import score_sentence
from claims.extract import extract_text
from claims.model import ClaimType
from claims.pipeline import RuleBasedExtractor
from claims.sentence_facts import settings

VETO = "And uh - the governor vetoed every single one of those bills."


def _facts(text: str, extractor: RuleBasedExtractor | None = None) -> list:
    return [c for c in extract_text(text, extractor=extractor) if c.type == ClaimType.FACT]


def test_a_check_worthy_sentence_without_a_frame_is_one_fact() -> None:
    assert score_sentence(VETO) >= settings().min_sentence_score
    (fact,) = _facts(VETO)
    assert VETO[fact.start : fact.end] == "the governor vetoed every single one of those bills"
    assert fact.text == "The governor vetoed every single one of those bills."
    assert "action verb" in fact.slots["cues"]
    assert fact.checkworthiness is not None and fact.checkworthiness >= 0.5


def test_a_sentence_with_another_claim_gets_no_fact() -> None:
    text = "The governor vetoed 14 bills in 2019."
    claims = extract_text(text)
    assert claims and all(c.type != ClaimType.FACT for c in claims)


def test_below_the_threshold_questions_and_fragments_are_no_facts() -> None:
    low = "Thank you very much for coming tonight."
    assert score_sentence(low) < settings().min_sentence_score
    assert _facts(low) == []
    assert _facts("Did the governor veto every single one of those bills?") == []
    assert _facts("Vetoed every bill.") == []  # under min_words


def test_the_stage_can_be_turned_off_or_given_another_threshold() -> None:
    assert _facts(VETO, RuleBasedExtractor(sentence_facts=False)) == []
    anything = RuleBasedExtractor()
    assert anything.sentence_facts is not None
    anything.sentence_facts = replace(anything.sentence_facts, min_sentence_score=0.0)
    assert len(_facts("Thank you very much for coming tonight.", anything)) == 1


def test_the_threshold_is_in_the_manifest_config() -> None:
    config = RuleBasedExtractor().config()
    assert config["sentence_facts"]["min_sentence_score"] == settings().min_sentence_score
    assert RuleBasedExtractor(sentence_facts=False).config()["sentence_facts"] is None


def test_leading_fillers_are_left_out_of_the_span() -> None:
    span = settings().span("So, well, uh - prices rose.")
    assert span is not None
    assert "So, well, uh - prices rose."[span[0] : span[1]] == "prices rose"
    assert settings().span("And.") is None
    quoted = '"And in the end prices rose.'
    span = settings().span(quoted)
    assert span is not None and quoted[span[0] : span[1]] == "in the end prices rose"
    assert settings().skip_sentence.search("(Applause) The governor vetoed every bill.")
