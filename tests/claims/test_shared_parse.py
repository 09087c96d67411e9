"""One shared parse: a document's sentences that need syntax are parsed once for every rule
family, and ``claims.parallel.extract_batch`` parses a batch of documents' in one call."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures.parsing import spy_on_parse

from claims import fact_texts, parallel, pipeline
from claims.parallel import Extracted, extract_batch, extract_one
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.rules.base import Draft, ParsingRule, RuleContext, Sentence

TEXTS = [
    "The senator voted against the bill on Tuesday. Officials met for talks in Paris.",
    "Profits rose 5% in 2004. It was the worst drought in a century.",
    "The weather was mild. Nothing happened.",  # no sentence needs syntax
    "The mayor resigned after he met the auditors. The council approved the budget.",
]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    return spy_on_parse(monkeypatch)


def _lines(outcomes: list[Any]) -> list[list[bytes]]:
    assert all(isinstance(o, Extracted) for o in outcomes)
    return [[line for _, _, line, _ in o.claims] for o in outcomes]


def test_the_parsing_families_declare_their_sentences() -> None:
    families = {name for name, rule in pipeline.default_rules() if isinstance(rule, ParsingRule)}
    assert {"facts", "meetings"} <= families


def test_a_batch_is_parsed_in_one_call_with_the_claims_of_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = [document_from_text(t, source=f"d{n}.txt") for n, t in enumerate(TEXTS)]
    extractor = RuleBasedExtractor()
    alone = _lines([extract_one(extractor, d) for d in documents])
    calls = _spy(monkeypatch)
    together = _lines(extract_batch(extractor, documents))
    assert together == alone
    assert len(calls) == 1  # the four documents' sentences in one pipe
    assert "The senator voted against the bill on Tuesday." in calls[0]
    assert "The mayor resigned after he met the auditors." in calls[0]  # two families, once
    assert len(calls[0]) == len(set(calls[0]))
    assert not any("weather" in s for s in calls[0])


def test_a_long_document_parses_on_its_own_inside_its_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = len(TEXTS[1])  # the second and third are short, the first and last long
    assert len(TEXTS[0]) > limit and len(TEXTS[3]) > limit and len(TEXTS[2]) <= limit
    monkeypatch.setattr(pipeline, "BATCH_PARSE_MAX_CHARS", limit)
    documents = [document_from_text(t, source=f"d{n}.txt") for n, t in enumerate(TEXTS)]
    extractor = RuleBasedExtractor()
    alone = _lines([extract_one(extractor, d) for d in documents])
    calls = _spy(monkeypatch)
    assert _lines(extract_batch(extractor, documents)) == alone
    assert calls[0] == ["It was the worst drought in a century."]  # the short ones, together
    assert len(calls) == 3  # then each long one alone, inside its own extraction


def test_a_failing_shared_parse_falls_back_to_each_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = [document_from_text(t, source=f"d{n}.txt") for n, t in enumerate(TEXTS)]
    extractor = RuleBasedExtractor()
    alone = _lines([extract_one(extractor, d) for d in documents])

    def broken(stores: Any, batch_size: int = 0) -> None:
        raise MemoryError("no room for one batch")

    monkeypatch.setattr(pipeline, "fill_all", broken)
    assert _lines(extract_batch(extractor, documents)) == alone


def test_a_parsing_rule_sees_only_the_sentences_it_wants_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    def wants(sentence: Sentence) -> str | None:
        return sentence.text if "met" in sentence.text else None

    def find(sentence: Sentence, context: RuleContext) -> list[Draft]:
        seen.append(sentence.text)
        doc = context.parses.get(sentence.text)
        assert doc.text == sentence.text
        return []

    calls = _spy(monkeypatch)
    extractor = RuleBasedExtractor(rules=[("probe", ParsingRule(find, wants))])
    extractor.extract(document_from_text("He met her. It rained. They met again. Dry."))
    assert seen == ["He met her.", "They met again."]
    assert calls == [["He met her.", "They met again."]]


#: Claim texts the word lists find no verb in (the tagger decides), one document each.
DOUBTFUL = [
    "Through their Cubic Expression vehicle they own 28.9% of the club.",
    "The weather was mild. Women in full-time work earn 19% less than men, according to the"
    " Equal Opportunities Commission (EOC).",
    "Nothing happened.",
]


def _spy_on_tag(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = fact_texts.tag

    def spy(texts: Any, batch_size: int = 128) -> Any:
        batch = list(texts)
        calls.append(batch)
        return real(batch, batch_size)

    monkeypatch.setattr(fact_texts, "tag", spy)
    return calls


def test_a_batch_tags_its_doubtful_claim_texts_in_one_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = [document_from_text(t, source=f"d{n}.txt") for n, t in enumerate(DOUBTFUL)]
    extractor = RuleBasedExtractor()
    calls = _spy_on_tag(monkeypatch)
    alone = _lines([extract_one(extractor, d) for d in documents])
    assert len(calls) == 2  # one call a document with a doubtful text
    calls.clear()
    assert _lines(extract_batch(extractor, documents)) == alone
    assert len(calls) == 1 and len(calls[0]) == 2
    assert any("Cubic Expression" in t for t in calls[0])
    assert any("19% less" in t for t in calls[0])


def test_a_failing_shared_tagging_falls_back_to_each_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = [document_from_text(t, source=f"d{n}.txt") for n, t in enumerate(DOUBTFUL)]
    extractor = RuleBasedExtractor()
    alone = _lines([extract_one(extractor, d) for d in documents])

    def broken(staged: Any) -> None:
        raise MemoryError("no room for one batch")

    monkeypatch.setattr(parallel, "tag_staged", broken)
    calls = _spy_on_tag(monkeypatch)
    assert _lines(extract_batch(extractor, documents)) == alone
    assert len(calls) == 2
