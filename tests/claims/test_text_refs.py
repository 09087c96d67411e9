"""References a claim text leans on, resolved from the document (claims.text_refs): pronouns,
roles and relative dates; left as written when the document does not tell confidently."""

from __future__ import annotations

import re

from claims.extract import extract_text
from claims.model import ClaimType
from claims.text_refs import People


def _texts(text: str, kind: ClaimType | None = None) -> list[str]:
    return [c.text for c in extract_text(text) if kind is None or c.type == kind]


def test_an_opening_he_names_the_person_the_honorific_tells() -> None:
    text = (
        "Lord Pemberton grew up on a farm near Leeds. Lady Pemberton ran the shop. "
        "He joined the county council in 1971."
    )
    dates = _texts(text, ClaimType.DATE)
    assert any(t.startswith("Lord Pemberton joined the county council") for t in dates)


def test_a_pronoun_with_two_people_of_its_gender_in_its_antecedent_sentence_stays() -> None:
    doc = "Lord Pemberton met Mr Castellano in the harbour office. He joined the council."
    assert People.build(doc).person("he", doc.index("He"), doc) is None
    alone = "Lord Pemberton met Mrs Castellano in the harbour office. He joined the council."
    assert People.build(alone).person("he", alone.index("He"), alone) == "Lord Pemberton"


def test_an_object_pronoun_inside_a_text_is_named() -> None:
    text = (
        "Mrs Okonkwo-Hale led the choir for a decade. "
        "A tax dispute led to her being arrested in 1989."
    )
    dates = _texts(text, ClaimType.DATE)
    assert any("led to Mrs Okonkwo-Hale being arrested in 1989" in t for t in dates)


def test_a_pronoun_before_the_person_it_stands_for_stays() -> None:
    # "his" is the governor's, named after it: no earlier person is read into it
    text = (
        "Mr Delacroix-Brant chaired the meeting. In closing his speech on taxes, "
        "Governor Ulberg cut the levy by 3% in 1999."
    )
    assert not any("Delacroix-Brant's speech" in t for t in _texts(text))


def test_people_tell_a_shared_surname_of_both_genders_apart_as_unknown() -> None:
    doc = "Jane Tolliver spoke first. John Tolliver spoke next. Tolliver then left. She smiled."
    people = People.build(doc)
    assert people.persons["Tolliver"].gender is None
    assert people.person("she", doc.index("She"), doc) is None


def test_an_opening_it_names_the_organisation_just_written() -> None:
    text = (
        "Brannock Foods said on Monday it would close a plant. Brannock Foods employs 4,000 "
        "people. It said its 310 shops would stay open."
    )
    assert "Brannock Foods said its 310 shops would stay open." in _texts(text)


def test_an_expletive_it_stays() -> None:
    text = "Brannock Foods is a grocer. Brannock Foods grew. It takes 300 drivers to run the fleet."
    assert any(t.startswith("It takes 300 drivers") for t in _texts(text, ClaimType.QUANTITY))


def test_an_opening_role_names_the_organisation() -> None:
    text = (
        "Brannock Group said on Monday it would close a plant. Brannock Group employs 4,000 "
        "people. The company's shares fell 12% in early trading."
    )
    quantities = _texts(text, ClaimType.QUANTITY)
    assert any(t.startswith("Brannock Group's shares fell 12%") for t in quantities)


def test_a_relative_date_another_claim_resolved_is_written_out() -> None:
    text = "The festival moved to Harwick in 1994. The following year Harwick sold 12,000 tickets."
    quantities = _texts(text, ClaimType.QUANTITY)
    assert any(t.startswith("In 1995 Harwick sold 12,000 tickets") for t in quantities)


def test_an_unresolved_relative_date_stays_as_written() -> None:
    # no article date and no calendar date before it: nothing resolves "Tuesday"
    text = "On Tuesday, Harwick sold 12,000 tickets to schools in the county."
    assert "On Tuesday, Harwick sold 12,000 tickets to schools in the county." in _texts(text)
    assert not any(re.search(r"\b(?:19|20)\d\d\b", t) for t in _texts(text))


def test_a_quotation_keeps_its_words() -> None:
    text = 'Mrs Okonkwo-Hale led the choir. "She sang for 40 years," the vicar said.'
    assert not any("Okonkwo-Hale sang" in t for t in _texts(text))


def test_a_chain_of_pronouns_is_followed_back_to_the_name() -> None:
    doc = (
        "Lady Pemberton opened the fair. She cut the ribbon. She toured the stalls. "
        "She gave 300 pounds."
    )
    people = People.build(doc)
    assert people.person("she", doc.rindex("She"), doc) == "Lady Pemberton"
    other = "Mr Castellano opened the fair. She cut the ribbon. She gave 300 pounds."
    assert People.build(other).person("she", other.rindex("She"), other) is None


def test_a_subject_whose_gender_no_word_tells_keeps_the_pronoun_unnamed() -> None:
    # "Ray" is in no list of given names, but "Charles" opens a sentence as its subject: the
    # "him" may be his, so it is not read as the other man's
    doc = (
        "Ray Charles was born in Georgia. Charles turned to pop. He recorded with Sam Cooke. "
        "He also shared a trait that led to him being arrested."
    )
    assert People.build(doc).person("he", doc.rindex("him"), doc) is None
