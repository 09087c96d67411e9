"""Rules 1.42.0 (issue 12): the judged classes of seed 503, one invented sentence each (never a
dev-set text): two verb phrases of one subject in indirect speech, a trailing absolute clause
(``, with X taking ...``), an opening word that links a sentence to the one before (``However,``,
``Separately,``; ``Earlier,`` after a fronted date), a sentence wrapped in brackets; and the one
look-ahead the clause boundaries share."""

from __future__ import annotations

from claims.model import Claim, ClaimType, Document
from claims.phrases import tokenize
from claims.pipeline import RuleBasedExtractor
from claims.render import _verb_after_head, _words, clauses, one_fact

Q, D, S, A = ClaimType.QUANTITY, ClaimType.DATE, ClaimType.STATEMENT, ClaimType.ACTION


def extract(text: str) -> list[Claim]:
    return RuleBasedExtractor().extract(Document.from_text(text, published="2023-04-26"))


def of_type(claims: list[Claim], kind: ClaimType) -> list[str]:
    return [c.text for c in claims if c.type is kind]


# --- two facts: coordinated verb phrases in indirect speech ----------------------------------


def test_two_verb_phrases_after_a_modal_are_two_things_said_each_with_the_modal() -> None:
    text = "The Lund council said it would review its budget and look into the cost of the bridge."
    claims = extract(text)
    assert of_type(claims, S) == [
        "The Lund council said it would review its budget.",
        "The Lund council said it would look into the cost of the bridge.",
    ]
    second = [c for c in claims if c.type is S][1]
    assert text[second.start : second.end].startswith("look into the cost")
    assert second.slots["content"] == "it would look into the cost of the bridge"


def test_two_finite_verb_phrases_share_only_their_subject() -> None:
    said = of_type(extract("Ms Berg said the ferry firm cut 300 jobs and closed two ports."), S)
    assert said == [
        "Ms Berg said the ferry firm cut 300 jobs.",
        "Ms Berg said the ferry firm closed two ports.",
    ]


def test_a_second_auxiliary_keeps_its_own_verb_group() -> None:
    text = "Mr Dahl says the local clinics are going ahead with the plan and will see what happens."
    assert of_type(extract(text), S)[1] == "Mr Dahl says the local clinics will see what happens."


def test_no_split_inside_a_condition_a_list_a_passive_or_across_tenses() -> None:
    for text in (
        "Ms Berg said the town could flood if the river rose and broke its banks near the bridge.",
        "Ms Berg said the ferry stopped at Ystad, picked up the crew and sailed on to Malmo.",
        "Mr Dahl said he was questioned by the police and released without charge.",
        "Ms Berg said the council is still far off its target but remained hopeful about it.",
        "Mr Dahl said the old port could be cheaper than a bridge and cited the costs in Lund.",
    ):
        (said,) = of_type(extract(text), S)
        assert said == text, text


def test_a_direct_quotation_of_two_verb_phrases_keeps_its_words() -> None:
    text = 'Ms Berg said: "We would review the budget and look into the cost of the bridge."'
    said = of_type(extract(text), S)
    assert said == [
        'Ms Berg said: "We would review the budget and look into the cost of the bridge".'
    ]


# --- two facts: a trailing absolute clause ---------------------------------------------------


def test_a_trailing_absolute_clause_is_its_own_clause() -> None:
    sentence = "Coastal shares fell 4% on Tuesday, with the harbour index also falling."
    parts = [(c.kind, sentence[c.body : c.end]) for c in clauses(sentence)]
    assert parts == [
        ("main", "Coastal shares fell 4% on Tuesday"),
        ("abs", "with the harbour index also falling."),
    ]
    assert of_type(extract(sentence), Q) == ["Coastal shares fell 4%."]


def test_a_value_inside_the_absolute_clause_keeps_the_clause_it_goes_with() -> None:
    texts = of_type(extract("The storm hit the coast on Monday, with 158 people missing."), Q)
    assert texts == ["The storm hit the coast on 24 April 2023, with 158 people missing."]


def test_an_absolute_clause_before_the_main_clause_or_a_gerund_is_no_boundary() -> None:
    for sentence in (
        "In the 2019 vote, with Ms Berg facing Mr Dahl, most voters stayed home.",
        "Sales rose 5%, with a view to buying more ferries.",
        "A town of 21,000, with most of its people working in the port.",
    ):
        assert len(clauses(sentence)) == 1, sentence


def test_a_kept_text_loses_its_absolute_clause() -> None:
    raw = "There was good news for the port, with the new ferry line moving up the rankings"
    assert one_fact(raw + ".", raw) == "There was good news for the port."


# --- not self-contained: a word linking to the sentence before ---------------------------------


def test_an_opening_linking_word_is_left_out_of_figure_and_kept_texts() -> None:
    claims = extract("Separately, Nordbank posted a loss of $2.3 million in the third quarter.")
    assert of_type(claims, Q) == ["Nordbank posted a loss of $2.3 million in the third quarter."]
    raw = "However, the board rejected the merger"
    assert one_fact(raw + ".", raw) == "The board rejected the merger."


def test_a_fronted_date_drops_the_time_word_the_text_opened_with() -> None:
    text = (
        "Nordbank lost $1.1 million in a fraud on 3 March. "
        'Earlier, Ms Berg said "the bank is safe" in a letter on 3 March.'
    )
    dates = of_type(extract(text), D)
    assert not any(", Earlier," in d or d.startswith("Earlier") for d in dates if "On 3" in d)


def test_a_sentence_in_brackets_is_told_without_them() -> None:
    (date,) = of_type(extract("(Mr Falk did not run for the council in 2019.)"), D)
    assert date == "Mr Falk did not run for the council in 2019."


# --- the shared look-ahead ---------------------------------------------------------------------


def test_the_verb_after_a_noun_phrase_head_stops_at_punctuation_and_adjectives() -> None:
    w = _words()
    assert _verb_after_head(tokenize("and the new plans were dropped"), 1, w)
    assert not _verb_after_head(tokenize("and the state-owned company"), 1, w)
    assert not _verb_after_head(tokenize("and the ferries, which sailed"), 1, w)
    assert not _verb_after_head(tokenize("and the five big old grey ferries sailed"), 1, w)


# --- dedup tag: a figure whose clause is a statement's text ------------------------------------


def test_a_figure_whose_clause_a_statement_took_is_told_from_its_speaker() -> None:
    claims = extract("The port authority said ferry traffic rose 5% in the first quarter.")
    assert of_type(claims, S) == [
        "The port authority said ferry traffic rose 5% in the first quarter."
    ]
    assert of_type(claims, Q) == [
        "According to the port authority, ferry traffic rose 5% in the first quarter."
    ]


def test_no_according_to_for_a_number_speaker_or_a_time_of_saying() -> None:
    claims = extract(
        "Ann Lee said on Tuesday that sales rose 5% in March. 60 percent said no to 5 ferries."
    )
    assert not any(t.startswith("According to") for t in of_type(claims, Q) + of_type(claims, D))
