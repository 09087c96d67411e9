"""MEETING classes of rules 1.28: quotes introduced by an earlier attribution, places that are
no person, and the other classes added with them."""

from __future__ import annotations

from meeting_helpers import people

from claims.phrases import is_person_like


def test_i_of_a_quote_after_its_attribution_is_the_speaker() -> None:
    text = (
        "Senator Paul Okafor spoke in Denver on Tuesday.\n\n"
        "\u201cWe will win,\u201d he continued. \u201cI\u2019ve met Mayor Tom Reyes twice.\u201d"
    )
    assert people(text) == [["Paul Okafor", "Mayor Tom Reyes"]]


def test_i_of_a_quote_after_an_exclamation_attribution_is_the_speaker() -> None:
    text = (
        "Jane Lund waited outside the hall.\n\n"
        "\u201cI\u2019m honored!\u201d Lund said. \u201cI met Mayor Tom Reyes today.\u201d"
    )
    assert people(text) == [["Jane Lund", "Mayor Tom Reyes"]]


def test_i_of_a_quote_after_a_narration_is_not_read() -> None:
    text = (
        "Jane Lund waited outside the hall.\n\n"
        "\u201cWe will win,\u201d Lund said. Reporters left the room. The band played on while the "
        "crowd filed out of the hall towards the parking lot and the buses. "
        "\u201cI met Mayor Tom Reyes today.\u201d"
    )
    assert people(text) == []


def test_a_sea_or_a_county_is_no_person() -> None:
    assert not is_person_like("South China Sea")
    assert not is_person_like("Orange County")
    assert is_person_like("Harry Harris")


def test_a_received_report_or_briefing_is_no_meeting() -> None:
    assert people("The Security Council received the 95-page report on Wednesday.") == []
    assert people("Senator Jane Okafor received her first security briefing on Saturday.") == []
    assert people("The party may host its first contested convention in 40 years.") == []


def test_a_received_delegation_is_still_a_meeting() -> None:
    assert people("Senator Jane Okafor received a delegation of farmers on Saturday.") != []
    assert people("The London exchange met the rival Paris exchange on Monday.") != []


def test_people_nouns_without_a_person_ending_take_part() -> None:
    assert people("The governor met with veterans in Ohio.") == [["The governor", "veterans"]]
    found = people("Pat Lund is set to meet with the titans of the industry on Monday.")
    assert len(found) == 1 and found[0][0] == "Pat Lund", found


def test_one_person_attending_or_holding_a_meeting_takes_part() -> None:
    assert people("Ms. Okafor attended the meeting alone, according to a pool report.") == [
        ["Ms. Okafor"]
    ]
    assert people("The inquiry into Okafor’s private meetings renewed calls for a vote.") == [
        ["Okafor"]
    ]


def test_one_person_does_not_meet_alone() -> None:
    assert people("The senator met on Friday.") == []
    assert people("The governor held a meeting on Friday.") == []
    assert people("Mr. Lund's visit ended on Friday.") == []


def test_as_well_as_with_is_another_meeting() -> None:
    text = (
        "Lund has already met with Maria Gonzalez's lawyer and a Catholic nun from Miami who "
        "oppose his return to Cuba, as well as with Elian's two grandmothers from Cuba, who want "
        "him returned."
    )
    found = people(text)
    assert len(found) == 2, found
    assert found[0][:2] == ["Lund", "Maria Gonzalez's lawyer"], found
    assert found[1][0] == "Lund" and found[1][1].startswith("Elian's two grandmothers"), found


def test_a_name_conjoined_to_meetings_after_its_with_party_is_another_meeting() -> None:
    text = (
        "But party leader Gerry Okafor kept his party out pending meetings with British Prime "
        "Minister Tom Reyes 10 days ago and President Lund last week."
    )
    found = people(text)
    assert [f[1] for f in found] == ["British Prime Minister Tom Reyes", "President Lund"], found


def test_met_with_two_people_is_one_meeting() -> None:
    assert people("The senator met with the mayor and Tom Reyes on Monday.") == [
        ["The senator", "the mayor", "Tom Reyes"]
    ]
