"""MEETING classes of rules 1.21: meals, headlines, cut names, reference meetings."""

from __future__ import annotations

from meeting_helpers import people

from claims.evaluate import names_match
from claims.rules.meetings import _sentence_case


def test_breakfast_with_someone_is_a_meeting() -> None:
    found = people("On Tuesday, Senator Jane Okafor had lunch in Denver with Mayor Tom Reyes.")
    assert found == [["Senator Jane Okafor", "Mayor Tom Reyes"]]


def test_dined_with_is_a_meeting_but_dined_alone_is_not() -> None:
    assert people("The governor dined with Pat Lund at a diner in Ohio.") == [
        ["The governor", "Pat Lund"]
    ]
    assert people("The governor dined at a diner in Ohio.") == []


def test_hosted_a_dinner_alone_is_an_event() -> None:
    assert people("The ambassador hosted a dinner for donors on Friday.") == []


def test_title_case_headline_is_read_in_sentence_case() -> None:
    headline = "Mayor Meets With Farmers On Water Rights"
    assert _sentence_case(headline) == "Mayor meets with Farmers on Water Rights"
    assert _sentence_case("The mayor Meets the Press.") == "The mayor Meets the Press."


def test_name_cut_by_a_mis_encoded_letter_is_one_name() -> None:
    text = "Prime Minister Ana Ortiz met with Foreign Minister Luis MuÃ±oz Vega on Wednesday."
    found = people(text)
    assert len(found) == 1 and len(found[0]) == 2, found
    assert names_match("Luis MuÃ±oz Vega", found[0][1])


def test_names_match_reads_decomposed_letters_as_composed() -> None:
    assert names_match("Luis Mu\u00c3\u00b1oz", "Luis MuA\u0303\u00b1oz")
    assert not names_match("Luis Munoz", "Luis MuA\u0303\u00b1oz")


def test_appositive_name_after_a_role_is_the_person() -> None:
    found = people("Mr. Lund met the Irish premier, Mary Quinn, in Dublin.")
    assert found == [["Mr. Lund", "Mary Quinn"]]


def test_with_said_again_is_a_second_meeting() -> None:
    text = (
        "Ms. Okafor toured the port before meeting with dock workers at the Harbor Center "
        "and with city officials."
    )
    found = people(text)
    assert ["Ms. Okafor", "dock workers"] in found
    assert ["Ms. Okafor", "city officials"] in found


def test_their_meeting_is_the_clause_subject_and_object() -> None:
    found = people("Mr. Lund urged Mary Quinn during their meeting in Dublin to drop the tariff.")
    assert found == [["Mr. Lund", "Mary Quinn"]]


def test_their_meeting_after_a_verb_whose_object_is_parsed_as_a_predicate() -> None:
    for text in (
        "Mr. Lund warned Mary Quinn during their meeting in Dublin.",
        "Ms. Okafor pressed Tom Reyes at their talks on Monday to lift the ban.",
    ):
        found = people(text)
        assert len(found) == 1 and len(found[0]) == 2, (text, found)
        assert found[0][1].endswith(("Mary Quinn", "Tom Reyes")), (text, found)


def test_their_meeting_without_a_second_party_is_not_read() -> None:
    assert people("Mr. Lund spoke during their meeting in Dublin.") == []


def test_meeting_for_two_parties() -> None:
    found = people("It was the last meeting for Okafor and Reyes before the vote.")
    assert found == [["Okafor", "Reyes"]]
