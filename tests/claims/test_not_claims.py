"""The not-claim filter stage (claims.not_claims, rules in claims/patterns/not_claims.json):
each default rule drops what it names and nothing else, switching it off brings the draft back,
and a malformed rule is one clear ConfigError."""

from __future__ import annotations

import pytest

from claims import not_claims
from claims.errors import ConfigError
from claims.extract import extract_text
from claims.model import ClaimType
from claims.pipeline import RuleBasedExtractor, config_hash

UNFILTERED = RuleBasedExtractor(not_claim_rules=[])


def _types(text: str, extractor: RuleBasedExtractor | None = None) -> list[str]:
    return sorted(str(c.type) for c in extract_text(text, extractor=extractor))


@pytest.mark.parametrize(
    ("rule", "text", "dropped"),
    [
        ("first-person-opinion", "I think the plan is a disaster for families.", "statement"),
        ("first-person-saying", "I said the plan is a disaster for families.", "statement"),
        ("question", "Did the minister say the plan had failed?", "statement"),
        ("deictic-date", "We are glad to be here tonight.", "date"),
        ("crowd-belief", "Many think the merger is only a matter of time.", "statement"),
        (
            "crowd-feeling",
            "Some are worried that rising unemployment and low wages might slow the recovery.",
            "fact",
        ),
        (
            "experiential-superlative",
            "She was one of the most generous hosts I have ever met.",
            "comparison",
        ),
        (
            "modal-comparison",
            "He would be a far better mayor than any of the other candidates.",
            "comparison",
        ),
    ],
)
def test_each_default_rule_drops_its_class(rule: str, text: str, dropped: str) -> None:
    assert dropped in _types(text, UNFILTERED)  # the frame fires on it ...
    assert dropped not in _types(text)  # ... and the default filter removes it
    assert dropped not in _types(text, RuleBasedExtractor(not_claim_rules=[rule]))  # this one


def test_quoted_first_person_words_and_questions_stay_statements() -> None:
    # in news, "I said" and a question inside quotation marks are a quoted speaker's words
    text = '"I said the plan had failed, and I think it still has," the minister told reporters.'
    assert "statement" in _types(text)
    asked = 'The senator asked: "Did the minister say the plan had failed?"'
    assert _types(asked) == _types(asked, UNFILTERED)
    # quoted-question (off by default: PolNeAR keeps quoted questions) drops it when asked for
    off = RuleBasedExtractor(not_claim_rules=["quoted-question"])
    assert "statement" in _types(asked) and "statement" not in _types(asked, off)


def test_the_content_of_an_opinion_keeps_its_own_claims() -> None:
    types = _types("I think unemployment rose by 5 percent in 2010.")
    assert "statement" not in types and "quantity" in types and "date" in types


def test_a_third_party_statement_and_a_first_person_record_stay() -> None:
    assert "statement" in _types("The minister said the plan had failed.")
    assert str(ClaimType.ACTION) in _types("I voted against the war in 2003.")


def test_a_resolved_today_is_a_date() -> None:
    claims = extract_text("The ministry announced the plan today.", published="2024-05-02")
    assert [c.slots["date"] for c in claims if c.type == ClaimType.DATE] == ["2024-05-02"]


def test_rules_off_by_default_are_measured_data_not_applied() -> None:
    defaults = {r.name for r in not_claims.select(None)}
    assert defaults < set(not_claims.rule_names())
    assert "small-count" not in defaults
    text = "There are two things to say about the plan."
    assert "quantity" in _types(text)
    assert "quantity" not in _types(text, RuleBasedExtractor(not_claim_rules=["small-count"]))


def test_the_rules_in_use_are_in_the_config_hash() -> None:
    assert config_hash(UNFILTERED) != config_hash(RuleBasedExtractor())
    assert RuleBasedExtractor().config()["not_claims"] == [r.name for r in not_claims.select(None)]


def test_an_unknown_rule_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown not-claim rule"):
        RuleBasedExtractor(not_claim_rules=["no-such-rule"])


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"why": "x"}, "rule 3: must be an object with a 'name'"),
        ({"name": "bad", "typo": 1}, r"rule 3 \(bad\): unknown key\(s\) typo"),
        ({"name": "bad", "sentence": "("}, r"rule 3 \(bad\): "),
    ],
)
def test_a_malformed_rule_names_its_place(record: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        not_claims._rule(record, 2)


def test_quoted_feeling_is_measured_not_applied() -> None:
    text = 'The coach said: "I love it here and the atmosphere is great every week."'
    assert "statement" in _types(text)
    assert "statement" not in _types(text, RuleBasedExtractor(not_claim_rules=["quoted-feeling"]))


def test_an_action_of_a_bare_pronoun_from_a_relative_clause_is_dropped() -> None:
    text = "Some are concerned that Turkey could renege on key reforms it has recently enacted."
    subjects = [
        str(c.slots.get("subject")).lower()
        for c in extract_text(text, extractor=UNFILTERED)
        if c.type == ClaimType.ACTION
    ]
    assert "it" in subjects  # the frame fires on the relative clause ...
    kept = RuleBasedExtractor(not_claim_rules=["pronoun-subject-action"])
    assert all(
        str(c.slots.get("subject")).lower() != "it"
        for c in extract_text(text, extractor=kept)
        if c.type == ClaimType.ACTION
    )  # ... and the rule removes it


def test_an_action_with_a_named_subject_stays() -> None:
    claims = extract_text("Sen. Ted Cruz won the Republican caucus in Iowa.")
    assert ClaimType.ACTION in [c.type for c in claims]
