"""MEETING classes of rules 1.37: a definite meeting noun standing for the meeting told before
it, a role with a nationality, counted roles (``the two leaders``) and headline names."""

from __future__ import annotations

from meeting_helpers import meetings, people

from claims.rules.meetings import _Names

# --- "the meeting" in a later sentence: the meeting told before it ---------------------------


def test_the_meeting_with_a_date_is_the_meeting_told_before() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno last week.\n\n"
        "Aides said the meeting on Tuesday at the Capitol was long."
    )
    found = meetings(text)
    assert [d.slots["participants"] for d in found] == [
        ["Senator Ann Pike", "Governor Lou Hart"],
        ["Senator Ann Pike", "Governor Lou Hart"],
    ]
    assert found[1].slots["date"] == "2022-05-03"


def test_the_meeting_naming_one_party_is_the_meeting_told_before() -> None:
    text = (
        "Mayor Dan Cole had lunch with Bishop Ray Amos on Friday.\n\n"
        "The meeting with Amos was arranged by aides."
    )
    assert people(text) == [
        ["Mayor Dan Cole", "Bishop Ray Amos"],
        ["Mayor Dan Cole", "Bishop Ray Amos"],
    ]


def test_the_meeting_telling_nothing_new_is_no_second_claim() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        "Pike said the meeting went well."
    )
    assert people(text) == [["Senator Ann Pike", "Governor Lou Hart"]]


def test_the_meeting_with_no_meeting_told_before_is_none() -> None:
    assert people("Senator Ann Pike said the meeting on Monday was productive.") == []


def test_a_denied_or_next_meeting_stands_for_no_earlier_one() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        "Mayor Tom Reyes did not attend the meeting on Tuesday. The next meeting is set for June."
    )
    found = people(text)
    assert found[0] == ["Senator Ann Pike", "Governor Lou Hart"]
    assert all(p == [] for p in found[1:])


def test_the_meeting_far_after_the_last_one_is_not_it() -> None:
    filler = "The city council debated the budget for hours without a vote. " * 30
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        f"{filler}\n\nAides said the meeting was moved to Tuesday."
    )
    assert people(text) == [["Senator Ann Pike", "Governor Lou Hart"]]


# --- "the Jordanian monarch": the titled person named with that nationality -------------------


def test_a_role_with_a_nationality_is_the_person_of_that_country() -> None:
    text = (
        "President Ann Cole flew to Amman. King Omar of Jordan greeted her.\n\n"
        "The Jordanian monarch met Prime Minister Li Wei on Monday."
    )
    assert people(text) == [["King Omar", "Prime Minister Li Wei"]]


def test_a_role_with_a_nationality_passes_over_other_countries_leaders() -> None:
    text = (
        "Canadian Prime Minister Joe Blaine arrived. President Ann Cole spoke.\n\n"
        "The Canadian leader met Mayor Tom Reyes on Monday."
    )
    assert people(text) == [["Canadian Prime Minister Joe Blaine", "Mayor Tom Reyes"]]


def test_a_role_with_a_nationality_no_one_has_stays_as_written() -> None:
    text = (
        "President Ann Cole spoke in Paris.\n\nThe French president met Mayor Tom Reyes on Monday."
    )
    assert people(text) == [["The French president", "Mayor Tom Reyes"]]


def test_a_title_opened_by_a_nationality_or_a_qualifier_is_a_title() -> None:
    names = _Names("Israeli Prime Minister Dan Levi spoke. Foreign Secretary Jo Hart left.")
    assert [m.titles for m in names.mentions] == [("prime", "minister"), ("foreign", "secretary")]
    assert names.full["Levi"] == "Israeli Prime Minister Dan Levi"  # the name is kept whole


# --- "the two leaders": the last two leaders named ---------------------------------------------


def test_the_two_leaders_are_the_two_leaders_named_before() -> None:
    text = (
        "President Ann Cole flew to Ottawa on Thursday. Prime Minister Joe Blaine greeted her.\n\n"
        "The two leaders met on Friday."
    )
    assert people(text) == [["Ann Cole", "Prime Minister Joe Blaine"]]


def test_the_three_leaders_need_three_leaders_named() -> None:
    text = (
        "President Ann Cole, Prime Minister Joe Blaine and President Luis Vega spoke.\n\n"
        "The three leaders met in Ottawa on Friday."
    )
    assert people(text) == [["Ann Cole", "Prime Minister Joe Blaine", "Luis Vega"]]
    fewer = "President Ann Cole flew to Ottawa on Thursday.\n\nThe two leaders met on Friday."
    assert people(fewer) == [["The two leaders"]]


# --- headlines ---------------------------------------------------------------------------------


def test_a_title_case_headline_gives_no_full_name() -> None:
    text = "Cole Meets Blaine In Ottawa\n\nPresident Ann Cole spoke on Monday."
    assert people(text) == [["Ann Cole", "Blaine"]]


def test_another_meeting_is_not_the_one_told_before() -> None:
    text = (
        "Senator Ann Pike met Governor Lou Hart in Reno on Monday.\n\n"
        "It was the first such meeting since 2019. Aides said the talks next week in Boise "
        "would follow."
    )
    assert people(text) == [["Senator Ann Pike", "Governor Lou Hart"]]


# --- number fragments --------------------------------------------------------------------------


def test_a_counted_nationality_shares_the_noun_of_the_next_member() -> None:
    text = "Senator Ann Pike met five Cuban and two American officials in Havana."
    assert people(text) == [["Senator Ann Pike", "five Cuban officials", "two American officials"]]


# --- "talks between A and B", the second party hung on the noun ---------------------------------


def test_talks_between_two_named_people_are_theirs() -> None:
    text = "Talks between Senator Ann Pike and Governor Lou Hart ended on Monday."
    assert people(text) == [["Senator Ann Pike", "Governor Lou Hart"]]
