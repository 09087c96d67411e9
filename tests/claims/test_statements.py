"""STATEMENT rules on real sentences: the original article, BBC articles and US political styles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claims.model import ClaimType, Document
from claims.rules.base import Draft, RuleContext, Sentence
from claims.rules.statements import MAX_SENTENCE, find_statements
from claims.segment import segment

DATA = Path(__file__).resolve().parents[1] / "data"
ORIGINAL = (
    Path(__file__).resolve().parents[2]
    / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
)


def sentences(text: str) -> list[Sentence]:
    """The sentences the pipeline would give the rules (headline first, then the body)."""
    parts = segment(text)
    return parts.headline + parts.body


def statements(text: str, published: dt.date | None = None) -> list[Draft]:
    """Every STATEMENT draft of a text, sentence by sentence."""
    context = RuleContext(Document.from_text(text), published)
    return [d for s in sentences(text) for d in find_statements(s, context)]


def only(text: str, published: dt.date | None = None) -> Draft:
    found = statements(text, published)
    assert len(found) == 1, [d.slots for d in found]
    return found[0]


def test_organisation_speaker_with_quoted_content() -> None:
    text = (
        "The Russian Defense Ministry said the talks focused on “practical steps to strengthen "
        "security in the Syrian Arab Republic and to normalize Syrian-Turkish relations.”"
    )
    d = only(text)
    assert d.type is ClaimType.STATEMENT
    assert d.slots["speaker"] == "The Russian Defense Ministry"
    assert d.slots["cue"] == "said"
    assert d.slots["content"].startswith("the talks focused on “practical steps")
    assert (d.start, text[d.end - 1]) == (0, "”")
    assert d.text.startswith("The Russian Defense Ministry said the talks focused on")


def test_said_that_with_relative_date_resolved_in_text() -> None:
    text = (
        "Syria’s Defense Ministry said that Tuesday’s talks in Moscow focused on the withdrawal "
        "of Turkish troops from Syria as well as the reopening of the M4 highway."
    )
    d = only(text, dt.date(2023, 4, 25))
    assert d.slots["speaker"] == "Syria’s Defense Ministry"
    assert d.slots["content"].startswith("Tuesday’s talks in Moscow focused")
    assert "25 April 2023" in d.text


def test_readout_prepositional_phrase_before_that() -> None:
    text = (
        "The Russian Defense Ministry said in its readout of Tuesday’s talks that the parties "
        '"reaffirmed their adherence to the preservation of Syria’s territorial integrity."'
    )
    d = only(text)
    assert d.slots["content"].startswith('the parties "reaffirmed')
    assert "in its readout" in d.text


def test_participial_noting_takes_the_clause_subject() -> None:
    text = (
        "The Turkish Defense Ministry issued a similarly worded statement, noting that the four "
        "ministers discussed the issue of strengthening security in Syria."
    )
    d = only(text)
    assert d.slots["speaker"] == "The Turkish Defense Ministry"
    assert d.slots["cue"] == "noted"
    assert d.slots["content"] == (
        "the four ministers discussed the issue of strengthening security in Syria"
    )
    assert d.start == 0


def test_the_statement_resolves_to_the_organisation_that_issued_it() -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    found = statements(text, dt.date(2023, 4, 25))
    by_start = {text[d.start : d.start + 30]: d for d in found}
    d = by_start["The statement said the sides a"]
    assert d.slots["speaker"] == "The Turkish Defense Ministry"
    assert {d.slots["speaker"] for d in found} == {
        "The Russian Defense Ministry",
        "The Turkish Defense Ministry",
        "Syria’s Defense Ministry",
        "Assad's government",
        "Assad’s government",
        "Turkey-backed opposition fighters",
    }


def test_inverted_attribution_with_title() -> None:
    text = (
        '"Poverty is potentially the most important impact of this natural disaster," said ADB '
        "chief economist Ifzal Ali."
    )
    d = only(text)
    assert d.slots["speaker"] == "ADB chief economist Ifzal Ali"
    assert d.slots["content"] == (
        "Poverty is potentially the most important impact of this natural disaster"
    )
    assert d.text.startswith('ADB chief economist Ifzal Ali said: "Poverty')


def test_post_posed_organisation_with_acronym() -> None:
    text = (
        "Nearly two million people across Asia could be thrown into poverty because of the "
        "Indian Ocean tsunami, the Asian Development Bank (ADB) has said."
    )
    d = only(text)
    assert d.slots["speaker"] == "the Asian Development Bank (ADB)"
    assert d.slots["content"].endswith("the Indian Ocean tsunami")
    assert (d.start, d.end) == (0, len(text) - 1)
    assert d.text.startswith("The Asian Development Bank (ADB) said nearly two million")


def test_according_to_before_and_after() -> None:
    first = only(
        "According to a report by the Congressional Budget Office, 24 million people would "
        "lose coverage."
    )
    assert first.slots["speaker"] == "a report by the Congressional Budget Office"
    assert first.slots["content"] == "24 million people would lose coverage"
    assert first.slots["cue"] == "according to"
    second = only(
        "Donor nations have promised to give $717m (£379m) in disaster relief over the next "
        "six months, according to the United Nations."
    )
    assert second.slots["speaker"] == "the United Nations"
    assert second.slots["content"].startswith("Donor nations have promised")


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content_start"),
    [
        (
            "White House press secretary Sean Spicer told reporters on Monday that the "
            "president had no plans to fire the director.",
            "White House press secretary Sean Spicer",
            "told",
            "the president had no plans",
        ),
        (
            "McConnell told CNN he would not hold hearings on the nominee.",
            "McConnell",
            "told",
            "he would not hold hearings",
        ),
        (
            "Sen. Rob Portman, a Republican from Ohio, said the bill would hurt families.",
            "Sen. Rob Portman",
            "said",
            "the bill would hurt families",
        ),
        (
            '"We will not back down," said Jane Doe, who leads the campaign.',
            "Jane Doe",
            "said",
            "We will not back down",
        ),
        (
            "Clinton wrote on Twitter that the ruling was a victory for women.",
            "Clinton",
            "wrote",
            "the ruling was a victory",
        ),
        (
            "A spokesperson for the Justice Department said the investigation was ongoing.",
            "A spokesperson for the Justice Department",
            "said",
            "the investigation was ongoing",
        ),
        (
            "The investigation is ongoing, officials said.",
            "officials",
            "said",
            "The investigation is ongoing",
        ),
        (
            'Trump said in a statement that the deal was "a disaster for our country."',
            "Trump",
            "said",
            'the deal was "a disaster',
        ),
        (
            "The campaign denied that any meeting with Russian officials took place.",
            "The campaign",
            "denied",
            "any meeting with Russian officials",
        ),
        (
            "Many voters believe the system is rigged against them.",
            "Many voters",
            "believe",
            "the system is rigged",
        ),
        (
            "In an interview with CNN, McConnell said he would not hold hearings.",
            "McConnell",
            "said",
            "he would not hold hearings",
        ),
        (
            "Spicer, speaking at the daily briefing, said the president was confident.",
            "Spicer",
            "said",
            "the president was confident",
        ),
        (
            '"It\'s time for a change," Obama says.',
            "Obama",
            "says",
            "It's time for a change",
        ),
    ],
)
def test_us_political_attribution_styles(
    text: str, speaker: str, cue: str, content_start: str
) -> None:
    d = only(text)
    assert d.slots["speaker"] == speaker
    assert d.slots["cue"] == cue
    assert d.slots["content"].startswith(content_start)
    assert d.start == 0


def test_pronoun_speaker_resolves_to_the_named_person() -> None:
    text = (
        "Foreign Secretary Jack Straw praised the move. "
        "Mr Straw said he hoped the agreement would make a difference. "
        '"This will make a real difference to the lives of Kashmiris," he said.'
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["Jack Straw", "Jack Straw"]
    assert found[1].text.startswith('Jack Straw said: "This will make')


def test_pronoun_prefers_the_person_just_introduced() -> None:
    text = (
        "Ms Kelly said reforms should build on GCSEs and A-levels. Her comments did not impress "
        "Tory shadow education secretary Tim Collins. "
        '"Ruth Kelly has absolutely no idea what to put in its place," he said.'
    )
    found = statements(text)
    assert found[-1].slots["speaker"] == "Tim Collins"


def test_quote_spanning_two_sentences_is_one_claim() -> None:
    text = (
        '"Some countries have tried to use fixed exchange rates. I do not wish to make any '
        'judgements," Mr Chidambaram said.'
    )
    d = only(text)
    assert (d.start, d.slots["speaker"]) == (0, "Mr Chidambaram")
    assert d.slots["content"] == (
        "Some countries have tried to use fixed exchange rates. I do not wish to make any "
        "judgements"
    )


def test_quote_only_sentence_takes_the_previous_attribution() -> None:
    text = (
        'PCS leader Mark Serwotka warned last week that there could be further walkouts. "For '
        'a government that lectures everyone on choice, it is ironic," he said. "In the 20th '
        "century, it's completely unacceptable.\""
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["PCS leader Mark Serwotka"] * 3
    assert found[-1].slots["content"] == "In the 20th century, it's completely unacceptable"


def test_split_quote_joins_both_halves() -> None:
    d = only('"We are winning," the mayor said, "and we will keep winning."')
    assert d.slots["speaker"] == "the mayor"
    assert d.slots["content"] == "We are winning and we will keep winning"


def test_mr_surname_is_expanded_to_the_full_name() -> None:
    text = (
        "Palestinian leader Mahmoud Abbas has said he will not tolerate attacks. "
        'The Palestinian Authority was exerting "a 100% effort" to end the violence, Mr Abbas '
        "added."
    )
    found = statements(text)
    speakers = [d.slots["speaker"] for d in found]
    assert speakers == ["Palestinian leader Mahmoud Abbas", "Mahmoud Abbas"]
    assert found[1].slots["cue"] == "added"


def test_contrastive_clause_with_its_own_attribution_is_split() -> None:
    text = (
        "Thailand has said it does not wish to opt for a debt repayment freeze, while India has "
        "also rejected international aid, saying it can cope on its own resources."
    )
    found = statements(text)
    assert [(d.slots["speaker"], d.slots["content"]) for d in found] == [
        ("Thailand", "it does not wish to opt for a debt repayment freeze"),
        ("India", "it can cope on its own resources"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Israel will not attend, but is said to be closely watching the outcome.",
        "The statement did not say when the talks would resume.",
        "The vital highway has been partially closed since 2012.",
        'Mr Abbas said nothing. "We believe peace is possible," is the slogan.',
        "Mr Ali added his voice to those warning of delays.",
    ],
)
def test_no_statement_without_an_attribution(text: str) -> None:
    found = statements(text)
    assert all(d.slots["speaker"] != "Israel" for d in found)
    assert all("highway" not in d.slots["content"] for d in found)
    if text.startswith(("Israel", "The statement", "The vital", "Mr Ali")):
        assert found == []


def test_bbc_article_offsets_point_at_the_claim() -> None:
    path = DATA / "bbc/business/asia-quake-increases-poverty-risk.txt"
    text = path.read_text(encoding="utf-8")
    found = statements(text)
    assert len(found) >= 14
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        span = text[d.start : d.end]
        assert d.slots["content"][:20].strip('"“') in span.replace("\n", " ") or "Ali" in span
    speakers = {d.slots["speaker"] for d in found}
    assert "ADB chief economist Ifzal Ali" in speakers and "Ifzal Ali" in speakers


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content_start"),
    [
        (
            "Trump has vowed to build a wall along the southern border.",
            "Trump",
            "vowed",
            "to build",
        ),
        ("Clinton called for new gun control measures.", "Clinton", "called", "new gun control"),
        ("Sanders urged his supporters to vote for Clinton.", "Sanders", "urged", "his supporters"),
        ("Polls show Clinton leading in key states.", "Polls", "show", "Clinton leading"),
        (
            "A Quinnipiac poll released Tuesday found Clinton leading by five points.",
            "A Quinnipiac poll",
            "found",
            "Clinton leading",
        ),
        (
            "Trump said Monday the deal was terrible for American workers.",
            "Trump",
            "said",
            "the deal was terrible",
        ),
        (
            "The chancellor meanwhile insisted his spending plans were affordable.",
            "The chancellor",
            "insisted",
            "his spending plans",
        ),
        (
            "The memo, which was obtained by CNN, says the agency ignored warnings.",
            "The memo",
            "says",
            "the agency ignored",
        ),
    ],
)
def test_more_cues(text: str, speaker: str, cue: str, content_start: str) -> None:
    d = only(text)
    assert (d.slots["speaker"], d.slots["cue"]) == (speaker, cue)
    assert d.slots["content"].startswith(content_start)


def test_relative_who_said_takes_the_antecedent() -> None:
    d = only("The comments drew criticism from Republicans, who said they were offensive.")
    assert d.slots["speaker"] == "Republicans"
    assert d.slots["content"] == "they were offensive"


def test_police_found_a_body_is_no_statement() -> None:
    assert statements("Police found a body near the river on Sunday.") == []


def test_quoted_fragment_continues_the_previous_attribution() -> None:
    text = (
        "In its first overview of the disaster, the ADB said the impact on growth would be "
        'slight. But the blow to many low-income people could be "enormous".'
    )
    found = statements(text)
    assert [d.slots["speaker"] for d in found] == ["the ADB", "the ADB"]
    assert found[1].slots["content"] == 'the blow to many low-income people could be "enormous"'
    assert found[1].text == 'The ADB said the blow to many low-income people could be "enormous".'


def test_run_on_text_longer_than_the_cap_is_skipped() -> None:
    run_on = "Mr Smith said that " * 200
    assert len(run_on) > MAX_SENTENCE
    context = RuleContext(Document.from_text(run_on), None)
    sentence = Sentence(0, len(run_on), run_on, 0)
    assert find_statements(sentence, context) == []
    short = "Mr Smith said that " * 100
    found = statements(short.strip())
    assert found and {d.slots["speaker"] for d in found} == {"Mr Smith"}


def test_quotation_over_several_sentences_is_one_claim() -> None:
    text = (
        "Mr Blair's official spokesman said: \"The prime minister has regular meetings with both "
        'of them. "The key issue at this week\'s council will be that of Turkey."'
    )
    d = only(text)
    assert (d.start, d.end) == (0, len(text))
    assert d.slots["content"] == (
        "The prime minister has regular meetings with both of them. The key issue at this "
        "week's council will be that of Turkey"
    )
    assert d.slots["speaker"] == "Mr Blair's official spokesman"


def test_titled_speaker_behind_an_organisation_is_a_person_for_she() -> None:
    text = (
        "Sen. Rob Portman, a Republican from Ohio, said a deal was close.\n\n"
        "White House press secretary Karine Jean-Pierre told reporters that the president "
        'would veto the bill. "The president has been very clear about this," she said.'
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers[-1].endswith("Karine Jean-Pierre")


def test_abbreviated_titles_do_not_end_sentences() -> None:
    text = (
        '"The money is there if they want to find it," said Rep. Henry Cuellar, a Democrat. '
        '"What we are missing is the political will."\n\n'
        "Arizona Gov. Katie Hobbs, a Democrat, struck a more hopeful tone. "
        'She said the talks were "productive".'
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers == ["Rep. Henry Cuellar", "Rep. Henry Cuellar", "Gov. Katie Hobbs"]


def test_paragraph_opening_quote_continues_the_previous_paragraph_speaker() -> None:
    text = (
        'Mr Blair said Turkey in the EU was of "importance to the wider world".\n\n'
        '"We are stating a fundamental principle. "On the contrary, they can work together." '
        "Turkey must now sign an accord.\n\n"
        '"We are certain the charges will be dropped," said Ioanidis.\n\n'
        '"We believe the charges are unreasonable." Thanou was suspended in August.'
    )
    found = statements(text)
    by_start = {text[d.start : d.start + 12]: d.slots["speaker"] for d in found}
    assert by_start['"We are stat'].endswith("Blair")
    assert by_start['"We believe '] == "Ioanidis"


def test_quote_closed_at_sentence_end_does_not_swallow_the_next_sentences() -> None:
    text = (
        'In a statement, it added: "Any damage was contained within the console." '
        "But in seven cases, customers reported a minor burn. "
        '"This is a preventative step," said Robbie Bach.'
    )
    first = statements(text)[0]
    assert text[first.start : first.end].endswith('console."')


def test_definite_role_resolves_to_the_person_the_story_is_about() -> None:
    text = (
        "Britain's rebate is not up for renegotiation, Jack Straw said.\n\n"
        'The foreign secretary told MPs the rebate was "entirely justified". '
        "Our correspondent said the talks would be hard."
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers[:2] == ["Jack Straw", "Jack Straw"]
    assert speakers[2] == "Our correspondent"  # no correspondent named: left as written


def test_new_cues_warned_there_suggested_hailed_as_advised() -> None:
    warned = only(
        "PCS leader Mark Serwotka warned there could be walkouts unless there is a rethink."
    )
    assert warned.slots["speaker"].endswith("Mark Serwotka")
    suggested = only(
        "Jose Manuel Barroso has suggested the cash could be shared out among members."
    )
    assert suggested.slots["cue"].startswith("suggest")
    hailed = only("Tony Blair has hailed a deal with Turkey as important for the world's future.")
    assert hailed.slots["speaker"] == "Tony Blair"
    assert statements("Foreign Secretary Jack Straw praised the move.") == []
    advised = only("Microsoft advised users to turn off their consoles when not in use.")
    assert advised.slots["speaker"] == "Microsoft" and advised.slots["cue"] == "advised"


def test_spokesperson_speakers_place_and_relative_clause() -> None:
    text = (
        "The Trafford Centre spokeswoman said about 8,500 vehicles had arrived. "
        '"We predict that the next week will continue the same trend," she added.\n\n'
        "On Saturday, a spokeswoman for the St David's Shopping Centre in Cardiff said it "
        "looked like being its busiest day.\n\n"
        "A spokesman for the World Summit for the Information Society (WSIS), which is meeting "
        'in Geneva, told the BBC News website: "The digital divide is very much real."'
    )
    speakers = [d.slots["speaker"] for d in statements(text)]
    assert speakers[:2] == ["The Trafford Centre spokeswoman"] * 2
    assert speakers[2].endswith("Shopping Centre in Cardiff")
    assert speakers[3].startswith("A spokesman for the World Summit")


def test_an_attribution_inserted_into_a_long_content_is_no_pre_posed_one() -> None:
    from claims.rules.statements import sentence_attributions

    text = (
        "The hashtag, Mr. Abboud said, accompanied descriptions of loved ones sought and the "
        "news when someone was found alive."
    )
    (a,) = sentence_attributions(text)
    assert a.kind == "post" and text[a.content_start : a.content_end] == "The hashtag"
    assert a.more.startswith("accompanied descriptions")


def test_a_quotation_of_several_sentences_is_told_by_its_first_statement() -> None:
    from claims.extract import extract_text

    text = 'Mr Ross added: "Yes. Sales rose by a third last year. We are proud of the team."'
    (claim,) = [c for c in extract_text(text) if c.type == "statement"]
    assert claim.text == 'Mr Ross added: "Sales rose by a third last year".'
    assert "proud" in str(claim.slots["content"])  # the content keeps all that was said


def test_a_writer_sentence_before_a_closed_quotation_is_an_attribution_of_its_own() -> None:
    from claims.extract import extract_text

    text = (
        "Gov. John Kasich said the family deserved better. "
        '"There is only one way to talk about them: with honor," Mr. Kasich said.'
    )
    texts = sorted(c.text for c in extract_text(text) if c.type == "statement")
    assert len(texts) == 2
    assert texts[0] == "Gov. John Kasich said the family deserved better."
    assert texts[1] == 'John Kasich said: "There is only one way to talk about them: with honor".'


def test_an_unquoted_content_is_one_sentence_with_its_quotation_closed() -> None:
    from claims.extract import extract_text

    (claim,) = [
        c
        for c in extract_text(
            'The firm said sales rose by "a record amount in May. They fell later.'
        )
        if c.type == "statement"
    ]
    assert claim.text == 'The firm said sales rose by "a record amount in May".'


def test_a_quotation_opened_straight_and_closed_curly_is_closed_already() -> None:
    """``"...”`` (a straight opening mark, a curly closing one, as pasted articles mix them)
    is one closed quotation: nothing is appended to it (rules 1.33.1)."""
    from claims.extract import extract_text

    (claim,) = [
        c
        for c in extract_text('The ministry said the parties "agreed to meet again in May.”')
        if c.type == "statement"
    ]
    assert claim.text.endswith("May.”") or claim.text.endswith("May”."), claim.text
    assert claim.text.count('"') + claim.text.count("”") == 2, claim.text


def test_quotation_marks_pair_straight_with_curly_in_every_claim_text() -> None:
    """A straight opening mark and a curly closing one are one quotation for the claim texts
    too (``claims.quotes.open_quotes``): kept, not dropped as unpaired (rules 1.33.2)."""
    from claims.quotes import open_quotes

    assert open_quotes('the parties "agreed to meet.\u201d') == 0
    assert open_quotes('the parties "agreed to meet') == 1
    assert open_quotes('met," he said') == -1


def test_a_clause_before_a_pronoun_speaker_is_content_not_a_description() -> None:
    from claims.rules.statements import sentence_attributions

    text = "If the bill passes, the deficit will grow, they argue."
    (a,) = sentence_attributions(text)
    assert text[a.content_start : a.content_end] == "If the bill passes, the deficit will grow"
    named = '"We won," the chairman of the board, John Smith, said.'
    (b,) = sentence_attributions(named)
    assert named[b.content_start : b.content_end] == "We won"


def test_a_quoted_fragment_after_the_cue_is_what_was_said_not_an_inverted_speaker() -> None:
    from claims.extract import extract_text

    text = 'Mr Johnson, who was forced to apologise, said Mr Blair "should butt out of" the row.'
    said = [c.text for c in extract_text(text) if c.type == "statement"]
    assert said == ['Mr Johnson said Mr Blair "should butt out of" the row.']
    quoted = (
        'DrKW said prices show a "step change" at M&S. "It is bad news for the margin," it added.'
    )
    said = [c.text for c in extract_text(quoted) if c.type == "statement"]
    assert said == [
        'DrKW said prices show a "step change" at M&S.',
        'DrKW added: "It is bad news for the margin".',
    ]
