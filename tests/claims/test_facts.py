"""The fact rule family (claims.rules.facts) on the real shipped parser: actions and records,
comparisons and superlatives, with typed slots and a short clause as the claim text."""

from __future__ import annotations

import pytest
from fixtures.parsing import spy_on_parse

from claims.extract import extract_text
from claims.model import CLAIM_TYPES, REQUIRED_SLOTS, Claim, ClaimType
from claims.pipeline import RuleBasedExtractor, config_hash


def _of(text: str, kind: ClaimType) -> list[Claim]:
    return [c for c in extract_text(text) if c.type == kind]


def test_a_vote_is_an_action_with_subject_predicate_object() -> None:
    (claim,) = _of("The senator voted against the bill in 2009.", ClaimType.ACTION)
    assert claim.slots == {
        "subject": "The senator",
        "predicate": "voted against",
        "object": "the bill",
    }
    assert claim.text == "The senator voted against the bill in 2009."


def test_a_passive_charge_and_a_reporting_frame() -> None:
    (claim,) = _of("And he was charged with fraud last year, prosecutors said.", ClaimType.ACTION)
    assert claim.slots["predicate"] == "was charged with" and claim.slots["object"] == "fraud"
    assert claim.text == "He was charged with fraud last year."  # not the reporting clause


def test_a_relative_clause_is_its_own_claim_with_its_antecedent() -> None:
    text = "Governor Smith signed the law, which cut taxes for millions."
    got = {c.text: c.slots for c in _of(text, ClaimType.ACTION)}
    assert got["Governor Smith signed the law."]["object"] == "the law"
    assert got["The law cut taxes for millions."]["subject"] == "the law"


def test_conjoined_actions_share_the_subject() -> None:
    texts = {
        c.text for c in _of("I voted against the war and opposed the surge.", ClaimType.ACTION)
    }
    assert texts == {"I voted against the war.", "I opposed the surge."}


def test_a_comparison_keeps_its_two_terms() -> None:
    text = "We got more donations from students than from Wall Street."
    (claim,) = _of(text, ClaimType.COMPARISON)
    assert claim.slots["degree"] == "comparative"
    assert claim.slots["object"] == "more donations from students"
    assert claim.slots["standard"] == "than from Wall Street"
    assert claim.text == text


def test_a_superlative_with_its_scope() -> None:
    text = "It was the briefest recession since the Second World War."
    (claim,) = _of(text, ClaimType.COMPARISON)
    assert claim.slots["degree"] == "superlative"
    assert claim.slots["object"] == "the briefest recession"
    assert claim.slots["standard"] == "since the Second World War"


@pytest.mark.parametrize(
    "text",
    [
        "He would have vetoed it.",  # hypothetical: a modal auxiliary
        "At least 20 people were there.",  # a quantifier, not a superlative
        "Taxes are more important.",  # a comparative with no second term
        "We talked about the interest of the country.",  # -est but no superlative
    ],
)
def test_no_fact_claim(text: str) -> None:
    assert not [c for c in extract_text(text) if c.type in (ClaimType.ACTION, ClaimType.COMPARISON)]


def test_untriggered_sentences_are_not_parsed_and_a_document_is_one_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_parse(monkeypatch)
    text = (
        "The weather was mild on Monday. The senator voted against the bill. "
        "Officials met for talks. It was the worst drought in a century. "
        "The mayor resigned after he met the auditors."
    )
    found = extract_text(text)
    assert len(calls) == 1  # every family's sentences in one pipe
    assert sorted(calls[0]) == sorted(
        [
            "The senator voted against the bill.",  # facts
            "Officials met for talks.",  # meetings
            "It was the worst drought in a century.",  # facts
            "The mayor resigned after he met the auditors.",  # both families: parsed once
        ]
    )
    assert {c.type for c in found} >= {ClaimType.ACTION, ClaimType.COMPARISON, ClaimType.MEETING}


def test_spans_are_the_clause_in_document_offsets() -> None:
    text = "Headline\n\nIn May the council approved the budget, officials said."
    (claim,) = _of(text, ClaimType.ACTION)
    assert text[claim.start : claim.end] == "In May the council approved the budget"


def test_the_types_are_in_the_one_registry() -> None:
    assert CLAIM_TYPES[ClaimType.ACTION] == {"subject": "str", "predicate": "str", "object": "str"}
    assert REQUIRED_SLOTS[ClaimType.COMPARISON] == (
        "subject",
        "predicate",
        "object",
        "degree",
        "standard",
    )
    for claim in extract_text("The senator voted against the bill. It was the worst year ever."):
        assert set(claim.slots) == set(REQUIRED_SLOTS[claim.type])
        assert claim.checkworthiness is not None


def test_the_patterns_are_in_the_config_hash() -> None:
    config = RuleBasedExtractor().config()
    assert "facts" in config["rules"] and config["patterns"]
    assert config_hash(RuleBasedExtractor()) == config_hash(RuleBasedExtractor())


def test_a_phrase_whose_words_were_all_cut_is_empty_not_an_error() -> None:
    # a PolNeAR article crashed the whole extraction here: an object whose subtree was all
    # punctuation and conjunctions left nothing to join
    from claims.rules.facts import _join

    assert _join([]) == ""
