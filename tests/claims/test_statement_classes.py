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


def test_subject_of_common_nouns_before_a_say_verb() -> None:
    text = (
        "The harbour reopened last week.\n\n"
        "The 40-year-old fisherman says the new pier is already too short.\n\n"
        "A clear majority of residents said they would use the ferry, and most traders say the "
        "market will move.\n"
    )
    found = {d.slots["speaker"]: d.slots["content"] for d in statements(text)}
    assert found["The 40-year-old fisherman"] == "the new pier is already too short"
    assert found["most traders"] == "the market will move"


def test_progressive_cue_is_no_passive() -> None:
    text = "Governor Ada Whitfield is insisting that the budget will balance by spring.\n"
    found = statements(text)
    assert [d.slots["content"] for d in found] == ["the budget will balance by spring"]
    assert "Whitfield" in found[0].slots["speaker"]
    assert statements("The governor was told the budget would balance by spring.\n") == []


def test_nested_attribution_with_a_one_word_name_is_kept() -> None:
    text = "The newspaper said Whitfield told donors the budget would balance by spring.\n"
    speakers = sorted(d.slots["speaker"] for d in statements(text))
    assert speakers == ["The newspaper", "Whitfield"]
    possessive = "The report said Acme's estimated costs would double by spring.\n"
    assert [d.slots["speaker"] for d in statements(possessive)] == ["The report"]


def test_she_skips_the_last_speaker_when_he_is_a_man() -> None:
    text = (
        "Governor Ada Whitfield opened the bridge on Monday.\n\n"
        '"It took ten years," said Mr. Tom Harlan, the engineer.\n\n'
        '"We owe the valley this," she said.\n'
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Mr. Tom Harlan", "Governor Ada Whitfield"]


def test_pronoun_takes_the_subject_of_the_sentence_before() -> None:
    text = (
        '"The port will grow," said Senator Owen Blackwood.\n\n'
        "Governor Ada Whitfield visited the harbour on Tuesday and met the dock workers.\n\n"
        "Whitfield toured the new cranes with the harbour master.\n\n"
        '"This is the future of the valley," she said.\n'
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers[-1] == "Ada Whitfield"


def test_pronoun_takes_the_subject_of_its_own_clause_not_a_phrase() -> None:
    text = (
        '"The port will grow," said Senator Owen Blackwood.\n\n'
        "Although Whitfield was not at the vote, she said the port would grow.\n\n"
        "At a dinner hosted by Governor Ada Whitfield, he said the port would shrink.\n"
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers[1] == "Ada Whitfield"
    assert speakers[2] == "Senator Owen Blackwood"


def test_more_cue_verbs_from_the_lexicon() -> None:
    text = (
        "The analyst agreed that the harbour deal was weak.\n\n"
        "The inspectors concluded the pier had been built too low.\n"
    )
    found = {d.slots["cue"]: d.slots["content"] for d in statements(text)}
    assert found["agreed"] == "the harbour deal was weak"
    assert found["concluded"] == "the pier had been built too low"


def test_participle_speaker_past_a_time_lead_or_a_dateline() -> None:
    text = (
        'Hours later, Whitfield thanked the crew, telling reporters, "The pier will hold."\n\n'
        "PORT ELLIS, Ore. — Senator Owen Blackwood toured the harbour, saying the pier was too "
        "low.\n"
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers == ["Whitfield", "Senator Owen Blackwood"]


def test_participle_after_an_object_belongs_to_the_subject() -> None:
    text = 'The Vermont senator emailed supporters saying: "The struggle goes on."\n'
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["The Vermont senator"]


def test_titled_name_ending_in_a_modal_word_is_kept_whole() -> None:
    text = "British Prime Minister Theresa May said the talks would resume.\n"
    assert [d.slots["speaker"] for d in statements(text)] == ["British Prime Minister Theresa May"]


def test_subject_stops_at_the_verb_before_a_participle_cue() -> None:
    text = (
        "The council met late on Monday.\n\n"
        "The treasurer left saying the budget could not be balanced this year. "
        "Mayor Ines Carvalho hit back saying the accounts were sound.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["The treasurer", "Mayor Ines Carvalho"]
    assert found[0].slots["content"] == "the budget could not be balanced this year"


def test_participle_after_an_auxiliary_keeps_its_subject() -> None:
    found = statements("The treasurer was saying the budget could not be balanced.\n")
    assert [d.slots["speaker"] for d in found] == ["The treasurer"]


def test_possessor_of_a_reporting_noun_that_is_the_speaker() -> None:
    text = (
        "The harbour board met on Friday.\n\n"
        "Commissioner Rhea Tallis's warning that the sea wall would fail went unheeded. "
        "Mayor Ines Carvalho repeated her claim that the accounts were sound.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == [
        "Commissioner Rhea Tallis",
        "Mayor Ines Carvalho",
    ]
    assert found[1].slots["content"] == "the accounts were sound"
    assert found[1].text == "Mayor Ines Carvalho claimed that the accounts were sound."


def test_reporting_noun_as_an_object_or_without_possessor_is_no_claim_of_its_holder() -> None:
    text = (
        "Officials questioned Commissioner Rhea Tallis's warning that the sea wall would fail. "
        "Officials rejected her claim that the accounts were sound.\n"
    )
    assert [d.slots["speaker"] for d in statements(text)] == []


def test_manner_adverb_between_subject_and_cue() -> None:
    text = (
        "Mayor Ines Carvalho angrily told reporters that the pier would be rebuilt. "
        "The elderly fisherman said the storm had been the worst in years.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Mayor Ines Carvalho", "The elderly fisherman"]
    assert found[0].slots["content"] == "the pier would be rebuilt"


def test_speaker_with_a_post_modifier_runs_up_to_the_cue() -> None:
    text = (
        "A person familiar with the harbour accounts says the pier will cost twice the estimate. "
        "Fishermen who have worked the bay for decades said the catch was shrinking.\n"
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == [
        "A person familiar with the harbour accounts",
        "Fishermen who have worked the bay for decades",
    ]
    assert found[1].slots["content"] == "the catch was shrinking"


def test_inserted_phrase_between_subject_and_cue() -> None:
    text = "Mayor Ines Carvalho at the time said she would rebuild the pier before summer.\n"
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Mayor Ines Carvalho"]
    assert found[0].slots["content"] == "she would rebuild the pier before summer"
