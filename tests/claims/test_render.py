"""``claims.render``: each quantity and date claim states its own clause; texts are distinct."""

from __future__ import annotations

import datetime as dt

import pytest

from annotations.tasks import task_payload
from claims.model import ClaimType, Document
from claims.pipeline import RuleBasedExtractor
from claims.render import check_distinct, clauses, render_texts
from claims.rules.base import Draft, Sentence

REFERENCE = dt.date(2023, 4, 26)  # a Wednesday


def texts_of(sentence: str, *spans: tuple[str, ClaimType], before: str = "") -> list[str]:
    """The rendered text of a claim on each ``(span, type)`` of ``sentence`` (after ``before``)."""
    doc = before + sentence
    s = Sentence(len(before), len(doc), sentence, 0)
    items = []
    for span, kind in spans:
        at = doc.index(span, len(before))
        items.append((Draft(kind, at, at + len(span), sentence, {}), s))
    return render_texts(doc, items, REFERENCE)


Q, D = ClaimType.QUANTITY, ClaimType.DATE


def test_a_relative_clause_is_said_of_its_antecedent() -> None:
    texts = texts_of(
        "The flood, which destroyed 300 homes, hit the valley on Tuesday.",
        ("300 homes", Q),
        ("on Tuesday", D),
    )
    assert texts == ["The flood destroyed 300 homes.", "The flood hit the valley on 25 April 2023."]


def test_a_second_verb_keeps_the_subject_and_earlier_values_end_at_their_span() -> None:
    texts = texts_of(
        "The company cut 500 jobs and closed two factories in 2021.",
        ("500 jobs", Q),
        ("two factories", Q),
        ("in 2021", D),
    )
    assert texts == [
        "The company cut 500 jobs.",
        "The company closed two factories.",
        "The company closed two factories in 2021.",
    ]


def test_two_participles_of_one_auxiliary_are_one_verb_group() -> None:
    texts = texts_of("The mayor was shot and wounded in Paris in 2004.", ("in 2004", D))
    assert texts == ["The mayor was shot and wounded in Paris in 2004."]


def test_an_opening_subordinate_clause_is_a_claim_of_its_own() -> None:
    texts = texts_of("While exports fell 3%, imports rose 5%.", ("3%", Q), ("5%", Q))
    assert texts == ["Exports fell 3%.", "Imports rose 5%."]


def test_since_opens_a_clause_only_when_it_is_no_date() -> None:
    sentence = "The road has been closed since 2012, since a bridge collapsed in 2011."
    texts = texts_of(sentence, ("since 2012", D), ("in 2011", D))
    assert texts == ["The road has been closed since 2012.", "A bridge collapsed in 2011."]


def test_a_pronoun_becomes_the_person_named_before() -> None:
    before = "Governor Maria Lopez visited the plant on Monday. "
    texts = texts_of("She faces an election in 2026.", ("in 2026", D), before=before)
    assert texts == ["Maria Lopez faces an election in 2026."]


def test_a_pronoun_stays_when_no_person_was_named() -> None:
    texts = texts_of("She faces an election in 2026.", ("in 2026", D))
    assert texts == ["She faces an election in 2026."]


def test_a_list_with_a_relative_clause_inside_is_not_cut() -> None:
    sentence = (
        "The four ministers discussed security, the steps that can be taken to end the war, "
        "and the return of refugees."
    )
    (text,) = texts_of(sentence, ("four ministers", Q))
    assert text == sentence


def test_texts_the_other_families_built_are_kept_and_collisions_widen() -> None:
    sentence = "Sales rose 4% in March."
    doc = sentence
    s = Sentence(0, len(doc), sentence, 0)
    resolved = "Sales rose 4% in March 2023."  # the rules' sentence text
    kept = Draft(ClaimType.ACTION, 0, 14, resolved, {})
    quantity = Draft(Q, 0, 13, resolved, {})
    date = Draft(D, 14, 22, resolved, {"date": "2023-03"})
    texts = render_texts(doc, [(kept, s), (quantity, s), (date, s)], REFERENCE)
    assert texts[0] == resolved  # the other family's text wins
    assert texts[1] == "Sales rose 4%."
    assert texts[2] == "In March 2023, Sales rose 4%."  # told from the others by its date
    assert len(set(texts)) == 3
    # a quantity has no phrase to front: it is named by its value
    other = Draft(Q, 0, 13, resolved, {})
    texts = render_texts(doc, [(kept, s), (quantity, s), (other, s)], REFERENCE)
    assert texts[2].startswith("Sales rose 4% in March 2023. [value: Sales rose 4%")
    assert len(set(texts)) == 3


def test_values_of_one_range_get_distinct_texts_deterministically() -> None:
    sentence = "Between 10 and 20 people were hurt."
    once = texts_of(sentence, ("Between 10 and 20 people", Q), ("20 people", Q))
    again = texts_of(sentence, ("Between 10 and 20 people", Q), ("20 people", Q))
    assert once == again and len(set(once)) == 2
    assert once[1].endswith("[value: 20 people]")


def test_check_distinct_names_the_repeated_text() -> None:
    check_distinct(["a.", "b."])
    with pytest.raises(AssertionError, match=r"'a\.'"):
        check_distinct(["a.", "b.", "a."])


def test_a_clause_ending_with_its_reporting_verb_takes_what_was_said() -> None:
    sentence = "In March, the bank had said that exports would fall."
    assert texts_of(sentence, ("In March", D)) == [
        "In March 2023, the bank had said that exports would fall."
    ]


def test_brackets_are_never_cut() -> None:
    sentence = "The plan cuts taxes by 6.5bn euros ($8.6bn; £4.5bn) this year."
    assert len(clauses(sentence)) == 1
    (text,) = texts_of(sentence, ("£4.5bn", Q))
    assert text == sentence.replace("this year", "in 2023")


def test_date_expressions_are_never_cut() -> None:
    text = "Prices fell later that year, the bank said."
    spans = [(13, 27)]  # "later that year"
    assert len(clauses(text, spans)) == 1


ARTICLE = """Ferry firm doubles crossings

Tidewater Ferries carried 1.2 million passengers in 2022, the company said on Tuesday.

The firm, which employs 450 people, added two boats last year and will open a third route in June.
"""


def test_extracted_claims_have_distinct_short_texts_and_their_sentence() -> None:
    doc = Document.from_text(ARTICLE, published="2023-04-26")
    claims = RuleBasedExtractor().extract(doc)
    texts = [c.text for c in claims]
    assert len(texts) == len(set(texts))
    by_span = {c.span_text(doc): c for c in claims}
    assert by_span["employs 450 people"].text == "The firm employs 450 people."
    for c in claims:
        sentence = c.sentence_text(doc)
        assert sentence is not None and c.span_text(doc) in sentence
        assert c.sentence_start is not None and c.sentence_start <= c.start
        if c.type in (Q, D):
            assert len(c.text.split()) <= len(sentence.split()) + 6


def test_the_labeling_task_shows_the_claims_sentence() -> None:
    doc = Document.from_text(ARTICLE, published="2023-04-26")
    claim = next(c for c in RuleBasedExtractor().extract(doc) if c.type is Q)
    data = task_payload(claim, doc, model_version="rules")["data"]
    sentence = claim.sentence_text(doc)
    assert sentence is not None and data["claim_text"] == claim.text
    assert (data["sentence_start"], data["sentence_end"]) == (
        claim.sentence_start,
        claim.sentence_end,
    )
    assert data["context"] == " ".join(sentence.split())


def _date_texts(text: str, published: str) -> list[str]:
    from claims.reader import document_from_text

    doc = document_from_text("Headline\n\n" + text, published=published)
    return [c.text for c in RuleBasedExtractor().extract(doc) if c.type == ClaimType.DATE]


def test_a_date_clause_without_a_verb_takes_the_verb_it_dates() -> None:
    opening = _date_texts(
        "Late last year, the company, one of the leading providers of advertising, warned that "
        "its business would be sold.",
        "2016-05-31",
    )
    assert opening == [
        "Late in 2015, the company, one of the leading providers of advertising, warned that "
        "its business would be sold."
    ]
    past_relative = _date_texts(
        "In October, Mr. Paulson, who made billions on a bet, told investors they were wrong.",
        "2016-05-31",
    )
    assert past_relative == ["In October 2015, Mr. Paulson told investors they were wrong."]
    participle = _date_texts("Penney failed, causing a big loss in 2013.", "2016-05-31")
    assert participle == ["Penney failed, causing a big loss in 2013."]


def test_a_relative_date_as_subject_is_written_without_a_preposition() -> None:
    texts = _date_texts("Yesterday was the deadline for bids.", "2016-05-31")
    assert texts == ["30 May 2016 was the deadline for bids."]
