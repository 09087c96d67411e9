"""Rules 1.34.0: the judged failure classes "two facts", "fragment" and "garbled", one invented
sentence each (never a dev-set text): a quotation joining two clauses, a statement going on with
a participle, a subordinate clause without its main clause, an opening participial phrase, a
relative clause after a comma, an antecedent cut inside its phrase, a quotation's words stated
as the writer's, a clause cut before the phrases of its own fact."""

from __future__ import annotations

import datetime as dt

from claims.model import Claim, ClaimType, Document
from claims.pipeline import RuleBasedExtractor
from claims.render import clauses, one_fact, render_texts
from claims.rules.base import Draft, Sentence

REFERENCE = dt.date(2023, 4, 26)
Q, D, S = ClaimType.QUANTITY, ClaimType.DATE, ClaimType.STATEMENT


def extract(text: str) -> list[Claim]:
    return RuleBasedExtractor().extract(Document.from_text(text, published="2023-04-26"))


def of_type(claims: list[Claim], kind: ClaimType) -> list[str]:
    return [c.text for c in claims if c.type is kind]


def rendered(sentence: str, *spans: tuple[str, ClaimType]) -> list[str]:
    s = Sentence(0, len(sentence), sentence, 0)
    items = []
    for span, kind in spans:
        at = sentence.index(span)
        items.append((Draft(kind, at, at + len(span), sentence, {}), s))
    return render_texts(sentence, items, REFERENCE)


# --- two facts: a direct quotation that joins two clauses -----------------------------------


def test_a_quotation_joining_two_clauses_after_a_comma_is_two_things_said() -> None:
    text = 'Coach Mia Lund said: "We played well in the first half, and the second half was poor."'
    claims = extract(text)
    said = of_type(claims, S)
    assert said == [
        'Coach Mia Lund said: "We played well in the first half".',
        'Coach Mia Lund said: "The second half was poor".',
    ]
    second = next(c for c in claims if c.type is S and "second half" in c.text)
    assert text[second.start : second.end].startswith("the second half was poor")
    assert second.slots["content"] == "the second half was poor"


def test_a_quotation_joining_clauses_with_and_i_is_split_at_each() -> None:
    claims = extract('Mr Hale told the BBC: "I know the city very well and I believe it can win."')
    said = of_type(claims, S)
    assert 'Mr Hale told the BBC: "I know the city very well".' in said
    assert 'Mr Hale told the BBC: "I believe it can win".' in said


def test_a_quotation_with_one_clause_and_a_coordinated_object_stays_whole() -> None:
    claims = extract('Ana Ruiz said: "We bought new buses and trams for the city."')
    assert of_type(claims, S) == ['Ana Ruiz said: "We bought new buses and trams for the city".']


def test_a_contraction_holds_its_clause_subject_and_verb() -> None:
    sentence = "We lost the first game, and it's hard to take for the players."
    parts = [sentence[c.body : c.end] for c in clauses(sentence)]
    assert parts == ["We lost the first game", "it's hard to take for the players."]


# --- two facts: an indirect statement that goes on with a participle -------------------------


def test_a_participle_after_an_indirect_statement_is_no_part_of_what_was_said() -> None:
    text = (
        "The review found that the bank had misled its customers about its fees, "
        "prompting the resignation of its chairman, Tom Reed."
    )
    (statement,) = (c for c in extract(text) if c.type is S)
    assert statement.text == (
        "The review found that the bank had misled its customers about its fees."
    )
    assert statement.slots["content"] == "the bank had misled its customers about its fees"


def test_a_word_in_ing_that_is_a_list_item_stays_in_the_statement() -> None:
    text = "The minister said schools, housing and roads would get more money."
    (statement,) = (c for c in extract(text) if c.type is S)
    assert "housing and roads would get more money" in statement.text


# --- fragment: a subordinate clause with no main clause --------------------------------------


def test_a_subordinate_clause_without_its_main_clause_is_told_without_its_subordinator() -> None:
    raw = "as the cost of steel and timber has fallen"
    assert one_fact("As the cost of steel and timber has fallen.", raw) == (
        "The cost of steel and timber has fallen."
    )
    raw = "since the country's long war began in 1990"
    assert one_fact("Since the country's long war began in 1990.", raw) == (
        "The country's long war began in 1990."
    )


def test_a_subordinate_clause_with_its_main_clause_keeps_both() -> None:
    text = "Since 2012, the coast road has been closed."
    assert one_fact(text, text.rstrip(".")) == text


def test_a_word_left_before_a_subordinator_the_parse_dropped_goes_with_it() -> None:
    raw = "even as France has backed the rebels in the south"
    assert one_fact("Even France has backed the rebels in the south.", raw) == (
        "France has backed the rebels in the south."
    )


def test_an_emphatic_even_before_its_subject_stays() -> None:
    raw = "even France has backed the rebels in the south"
    text = "Even France has backed the rebels in the south."
    assert one_fact(text, raw) == text


# --- two facts: an opening participial phrase, a relative clause after a comma ----------------


def test_an_opening_participial_phrase_and_a_comma_relative_clause_are_second_facts() -> None:
    text = (
        "Opened by the mayor, the museum showed paintings by Ana Ruiz, "
        "who was praised by critics from abroad."
    )
    assert one_fact(text, text) == "The museum showed paintings by Ana Ruiz."


def test_an_opening_phrase_of_according_to_is_kept() -> None:
    text = "According to the census, the town grew by a third."
    assert one_fact(text, text) == text


# --- garbled: an antecedent cut inside its phrase; a quotation's words stated as the writer's --


def test_a_relative_clause_takes_its_antecedent_across_an_inner_and() -> None:
    sentence = "The group blamed the Greek and Italian debt crisis that led to 40,000 job losses."
    (text,) = rendered(sentence, ("40,000 job losses", Q))
    assert text == "The Greek and Italian debt crisis led to 40,000 job losses."


def test_a_relative_clause_ends_where_the_main_clause_goes_on_after_a_comma() -> None:
    sentence = "In rallies and protests that have gone on since the 9 May vote, the mood is sour."
    (text,) = rendered(sentence, ("9 May", D))
    assert text == "Rallies and protests have gone on since the 9 May 2023 vote."


def test_a_value_after_a_quotation_is_told_without_the_quoted_words() -> None:
    sentence = (
        '"We want to build more homes," Mayor Ana Ruiz said at a rally in Leeds, '
        "two hours after the council approved the budget."
    )
    (text,) = of_type(extract(sentence), Q)
    assert text == (
        "Mayor Ana Ruiz said at a rally in Leeds, two hours after the council approved the budget."
    )


# --- fragment: a clause cut at its value loses the phrases of its own fact ---------------------


def test_a_clause_cut_before_a_later_value_keeps_the_phrases_between() -> None:
    sentence = "Ana Ruiz moved £512m from central to local budgets in her review on Thursday."
    money, _ = rendered(sentence, ("£512m", Q), ("on Thursday", D))
    assert money == "Ana Ruiz moved £512m from central to local budgets in her review."


def test_a_verb_known_by_agreement_allows_the_cut() -> None:
    sentence = "Lumo offers a music service for £4.99 per month or £50 per year."
    monthly, _ = rendered(sentence, ("£4.99 per month", Q), ("£50 per year", Q))
    assert monthly == "Lumo offers a music service for £4.99 per month."


def test_a_subject_after_an_opening_date_phrase_leaves_the_date_out() -> None:
    sentence = "In 1998 the union said it would not go back to Leeds but did so in 2002."
    _, later = rendered(sentence, ("In 1998", D), ("in 2002", D))
    assert later == "The union did so in 2002."


def test_a_past_form_outside_the_ed_rule_ends_a_relative_clause() -> None:
    sentence = "But Lund, who beat Tom Reed in the last eight, dug deep to win the second set."
    (text,) = rendered(sentence, ("the last eight", Q))
    assert text == "Lund beat Tom Reed in the last eight."


# --- guards: where a cut or a clean-up would make a new fragment --------------------------------


def test_a_clause_is_not_cut_inside_a_range_or_a_that_clause() -> None:
    sentence = "Phone cameras range from two to four megapixels in quality."
    low, _ = rendered(sentence, ("from two", Q), ("to four megapixels", Q))
    assert low != "Phone cameras range from two."
    sentence = "The report suggests that by mid-2025, it is likely that most phones will have two."
    date, _ = rendered(sentence, ("by mid-2025", D), ("two", Q))
    assert date != "The report suggests that by mid-2025."


def test_a_relative_clause_inside_the_subject_is_kept() -> None:
    text = "Our review shows that advice from the agency, which runs the scheme, has been poor."
    assert one_fact(text, text) == text


def test_a_name_before_who_is_the_antecedent_alone() -> None:
    sentence = "He will face Ana Ruiz and Lund, who has played in two finals against Spain."
    (text,) = rendered(sentence, ("two finals", Q))
    assert text == "Lund has played in two finals against Spain."


def test_a_quotation_joining_a_whether_clause_is_no_two_things_said() -> None:
    claims = extract(
        'Ana Ruiz said: "It will depend on what is banned, and whether you can say it crosses '
        'the line."'
    )
    assert len(of_type(claims, S)) == 1


def test_a_cut_keeps_no_verb_whose_object_is_the_next_value() -> None:
    sentence = "Ana Ruiz used her 28.1% stake to vote off three directors."
    stake, _ = rendered(sentence, ("28.1% stake", Q), ("three directors", Q))
    assert stake == "Ana Ruiz used her 28.1% stake."


def test_that_after_a_preposition_opens_no_relative_clause() -> None:
    sentence = "Confidence was below that seen in September, the bank said."
    (text,) = rendered(sentence, ("in September", D))
    assert text != "Below seen in September 2022."
    assert text.startswith("Confidence was below that seen in September")


def test_a_quoted_clause_without_a_subject_of_its_own_is_no_second_claim() -> None:
    claims = extract(
        'Ana Ruiz added: "The council made it an issue, but suddenly became a big priority."'
    )
    assert len(of_type(claims, S)) == 1
