"""MEETING classes of rules 1.40: a possessive pronoun on the meeting noun bound to its clause's
subject, ``they`` meeting again, partitive parties, parties acting ``for`` someone, and a month
after ``meets`` read as a date."""

from __future__ import annotations

from meeting_helpers import meetings, people

# --- "their meeting with Y": the possessor is the clause subject -------------------------------


def test_their_meeting_with_y_is_the_plural_subjects() -> None:
    text = "The striking nurses left their long meeting with hospital managers without a deal."
    assert people(text) == [["The striking nurses", "hospital managers"]]


def test_his_meeting_with_y_is_the_subject_before_it() -> None:
    text = (
        "Mayor Tom Reyes praised the plan.\n\n"
        "After his meeting with the bishops, Governor Lou Hart left for Boise."
    )
    assert people(text) == [["Governor Lou Hart", "the bishops"]]


def test_a_possessor_of_the_other_number_is_not_the_subject() -> None:
    text = "The farmers praised their meeting with Senator Ann Pike on Monday."
    assert people(text) == [["The farmers", "Senator Ann Pike"]]
    assert people("Senator Ann Pike praised their meeting with the farmers.") == []


# --- "They met again": the people of the meeting told before -----------------------------------


def test_they_met_again_is_the_meeting_told_before() -> None:
    text = (
        "Senator Ann Pike and Governor Lou Hart first met in 2015 at a fundraiser.\n\n"
        "They met again in March 2019, when Pike was running for office."
    )
    assert people(text) == [
        ["Senator Ann Pike", "Governor Lou Hart"],
        ["Senator Ann Pike", "Governor Lou Hart"],
    ]


def test_they_met_with_nothing_new_or_no_meeting_before_is_none() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        "They met for two hours, aides said."
    )
    assert people(text) == [["Senator Ann Pike", "Governor Lou Hart"]]
    assert people("The workers were angry. They met on Friday.") == []


def test_they_meeting_someone_is_no_borrowed_meeting() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        "They met again with the mayor on Friday."
    )
    assert people(text)[1:] == []


# --- partitive parties: "one of the ministers", "some of the agencies" ----------------------------


def test_a_partitive_subject_takes_part() -> None:
    text = "One of the ministers met the king in Amman on Monday."
    assert people(text) == [["One of the ministers", "the king"]]


def test_a_partitive_object_takes_part() -> None:
    assert people("Governor Lou Hart met with some of the rating agencies.") == [
        ["Governor Lou Hart", "some of the rating agencies"]
    ]


def test_a_partitive_of_a_pronoun_or_a_thing_is_no_party() -> None:
    assert people("Governor Lou Hart met some of them.") == []
    assert people("The plan met one of the goals.") == []


# --- "lawyers for X": whom they act for is part of the party -----------------------------------


def test_lawyers_for_someone_keep_whom_they_act_for() -> None:
    text = "Lawyers for the Perez family met federal prosecutors on Tuesday."
    assert people(text) == [["Lawyers for the Perez family", "federal prosecutors"]]


def test_a_for_phrase_on_other_parties_is_left_out() -> None:
    text = "Governor Lou Hart met the farmers for two hours."
    assert people(text) == [["Governor Lou Hart", "the farmers"]]


# --- "the board meets June 16": a date, not a party ---------------------------------------------


def test_a_month_after_meets_is_no_party() -> None:
    found = people("The approval is certain when the union's general board meets June 16.")
    assert all("June" not in p for party in found for p in party)


# --- kinship nouns take part ---------------------------------------------------------------------


def test_a_kinship_noun_takes_part() -> None:
    assert people("The governor's daughter met with Bishop Ray Amos last week.") == [
        ["The governor's daughter", "Bishop Ray Amos"]
    ]


# --- "the former mayor meeting with Y": a gerund parsed as a noun ------------------------------


def test_a_person_noun_before_a_meeting_gerund_is_its_subject() -> None:
    found = people("Crowds cheered footage of the former mayor meeting with veterans here.")
    assert len(found) == 1 and "veterans" in found[0]
    assert any("mayor" in p for p in found[0])


# --- a pronoun is the person named as a subject before one named as a possessor -----------------


def test_a_quote_pronoun_prefers_a_non_possessor() -> None:
    text = (
        "Although Governor Ann Pike's plan drew criticism, Mayor Jane Cole praised it Monday.\n\n"
        '"Today I met with the city council," she said.'
    )
    assert people(text) == [["Jane Cole", "the city council"]]


# --- a meeting only wished or asked for is none ------------------------------------------------


def test_a_wished_meeting_is_none() -> None:
    assert people("The mayor wants state officials to meet with the farmers.") == []
    assert people("The families want the judge to let them meet with the governor.") == []
    assert people("Governor Lou Hart met the farmers in Boise.") == [
        ["Governor Lou Hart", "the farmers"]
    ]


def test_the_rest_of_a_body_takes_part() -> None:
    assert people("Senator Ann Pike met with the rest of the state's Democratic caucus.") == [
        ["Senator Ann Pike", "the rest of the state's Democratic caucus"]
    ]


def test_a_bound_possessor_keeps_the_span_on_the_meeting() -> None:
    text = "Governor Lou Hart spoke in Boise on Monday, hours before his meeting with the bishops."
    found = [d for d in meetings(text) if "the bishops" in d.slots["participants"]]
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == "his meeting with the bishops"
