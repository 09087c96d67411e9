"""STATEMENT error classes seen on political news, each on sentences written for the test."""

from __future__ import annotations

from claims.model import Document
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.statements import find_statements
from claims.segment import segment


def statements(text: str) -> list[Draft]:
    """Every STATEMENT draft of a text, sentence by sentence (headline first, then the body)."""
    parts = segment(text)
    context = RuleContext(Document.from_text(text), None)
    sentences: list[Sentence] = parts.headline + parts.body
    return [d for s in sentences for d in find_statements(s, context)]


def test_quotes_typed_as_two_apostrophes_are_quotes() -> None:
    text = (
        "The mayor spoke at the harbour on a cold morning.\n\n"
        "''We will rebuild the pier before the summer,'' said Laura Menendez, the mayor of "
        "Port Ellis.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Laura Menendez"]
    d = found[0]
    assert d.slots["content"] == "We will rebuild the pier before the summer"
    assert text[d.start - 1 : d.start + 1] == "''"  # offsets point into the raw text
    assert "''" not in d.text


def test_two_apostrophe_quote_with_pronoun_speaker() -> None:
    text = (
        "Senator Owen Blackwood toured the flooded valley on Tuesday.\n\n"
        "''Nobody here was warned in time,'' he said.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Senator Owen Blackwood"]
    assert found[0].slots["content"] == "Nobody here was warned in time"
