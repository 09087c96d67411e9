"""Pronouns named in claim texts: the renderer's reading of an opening or inner ``he``/``she``
(the statement family's speaker resolution) is vouched for by the document's persons
(``claims.text_refs.People.vouch``): a nearer person of the pronoun's gender, a name inside a
quotation, or a name written after a sentence-opening function word (``But Hobbs``) decide."""

from __future__ import annotations

from claims.model import Claim, Document
from claims.pipeline import RuleBasedExtractor
from claims.text_refs import People


def extract(text: str) -> list[Claim]:
    doc = Document.from_text(text, published="2023-04-26")
    return RuleBasedExtractor().extract(doc)


def texts(text: str) -> list[str]:
    return [c.text for c in extract(text)]


def test_a_pronoun_after_a_name_opened_by_a_function_word_is_still_named() -> None:
    found = texts(
        "Nevada\n\nSenator Mark Hobbs lost to Governor Ann Bell in Nevada.\n\n"
        "Hobbs says Bell ran an effective campaign. He congratulated her.\n\n"
        "But Hobbs is suggesting he beat expectations because he started far behind Bell.\n"
    )
    assert any(t.startswith("Mark Hobbs started far behind Bell") for t in found), found


def test_a_name_after_an_opening_function_word_is_a_mention() -> None:
    doc = "Senator Mark Hobbs spoke. But Hobbs said he would stay."
    people = People.build(doc)
    assert doc.index("Hobbs said") in people.offsets


def test_a_nearer_person_of_the_same_gender_leaves_the_pronoun() -> None:
    people = People.build(
        "Governor Tom Avery met voters in Ohio. Later, Bob Marsh said he was tired of it."
    )
    doc = "Governor Tom Avery met voters in Ohio. Later, Bob Marsh said he was tired of it."
    at = doc.index("he was")
    assert people.vouch("he", at, doc, "Tom Avery") is None


def test_a_name_quoted_from_someone_is_no_antecedent_outside_the_quote() -> None:
    doc = (
        "Senator Mark Hobbs mocked a rival.\n\n"
        "“Everybody is laughing at Jeb Carter,” he wrote.\n\n"
        "A former executive, he owned a football team in the 1980s.\n"
    )
    people = People.build(doc)
    assert people.vouch("he", doc.index("he owned"), doc, "Jeb Carter") != "Jeb Carter"


def test_a_pronoun_inside_a_quotation_is_never_named() -> None:
    doc = 'Senator Mark Hobbs spoke. "He did well in Chicago," Hobbs said.'
    people = People.build(doc)
    assert people.vouch("he", doc.index("He did"), doc, "Mark Hobbs") is None


def test_the_one_person_of_the_text_is_still_named() -> None:
    doc = "Senator Mark Hobbs toured Ohio on Monday. He raised $2 million there."
    people = People.build(doc)
    assert people.vouch("he", doc.index("He raised"), doc, "Mark Hobbs") == "Mark Hobbs"


def test_two_forms_of_one_name_are_one_person() -> None:
    doc = "Hillary Rodham Clinton spoke in Ohio, and Hillary Clinton left early. She flew home."
    people = People.build(doc)
    assert people.person("she", doc.index("She flew"), doc) is not None
