"""``claims.fact_texts`` and the figure texts of ``claims.render``: one checkable clause each."""

from __future__ import annotations

import datetime as dt

from claims.fact_texts import agreeing, own_value, tidy, uncheckable, verbless
from claims.model import ClaimType
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text
from claims.render import has_verb, render_texts
from claims.rules.base import Draft, Sentence

Q = ClaimType.QUANTITY


def figure_texts(sentence: str, *spans: str) -> list[str]:
    """The rendered text of a quantity claim on each span of ``sentence``."""
    s = Sentence(0, len(sentence), sentence, 0)
    items = []
    for span in spans:
        at = sentence.index(span)
        items.append((Draft(Q, at, at + len(span), sentence, {}), s))
    return render_texts(sentence, items, dt.date(2023, 4, 26))


def test_a_bracketed_equivalent_states_its_own_value() -> None:
    text = "The firm must pay a $27bn (£14bn) tax bill."
    assert own_value(text, "£14bn") == "The firm must pay a £14bn tax bill."
    many = "Executives used 417m yuan ($50.4m; £26m) of company funds."
    assert own_value(many, "£26m") == "Executives used £26m of company funds."
    assert own_value(text, "$27bn") == ""  # no bracket holds it
    assert figure_texts(text, "$27bn", "£14bn") == [text, "The firm must pay a £14bn tax bill."]


def test_a_dateline_and_markup_are_no_part_of_a_text() -> None:
    assert tidy("NEWARK, N.J. _ A task force began work.") == "A task force began work."
    assert tidy('<tweet author="x" id="12">Sales rose 5%.</tweet>.') == "Sales rose 5%."
    assert tidy("Sales rose 5% in New York.") == "Sales rose 5% in New York."


def test_a_present_verb_no_list_holds_is_found_by_agreement() -> None:
    assert agreeing("Christmas sales account for nearly 23% of annual retail sales.")
    assert agreeing("The firm employs 3,000 people.")
    assert not agreeing("The highest level in 12 years.")
    assert not agreeing("Margin of error +/- 3 percentage points.")


def test_a_fragment_is_uncheckable_and_a_clause_is_not() -> None:
    texts = ["The highest level in 12 years.", "Sales rose 5%.", "Sales account for 23%."]
    found = verbless(texts, has_verb)
    assert found == {0}
    assert uncheckable(Q, texts[0], 0 not in found) == "no verb"
    assert uncheckable(Q, texts[1], True) is None
    assert uncheckable(ClaimType.DATE, texts[0], False) is None  # not a type of this module


def test_a_fragment_is_told_with_the_clause_it_goes_with() -> None:
    dash = "Agents reported lower prices than expected - the highest level in 12 years."
    assert figure_texts(dash, "12 years") == [dash]
    inserted = "Two ships - the Diligence and HMS Chatham - are on their way to the region."
    assert figure_texts(inserted, "Two ships") == [inserted]
    subject = "The 18-year-old Indian, who is a huge star at home, won in front of a crowd."
    assert figure_texts(subject, "The 18-year-old Indian") == [
        "The 18-year-old Indian won in front of a crowd."
    ]


def test_participles_and_relatives_keep_their_subject() -> None:
    assert figure_texts(
        "The e-University was scrapped last year, having attracted only 900 students.",
        "900 students",
    ) == ["The e-University had attracted only 900 students."]
    assert figure_texts(
        "The film, in which a young man is forced to flee, took £788,439 on release.",
        "£788,439",
    ) == ["The film took £788,439 on release."]
    assert figure_texts(
        "Christmas sales - which account for nearly 23% of retail sales - were worse.",
        "nearly 23%",
    ) == ["Christmas sales account for nearly 23% of retail sales."]


def test_a_new_subject_after_a_coordinator_opens_its_own_clause() -> None:
    assert figure_texts(
        "Henry worked hard for the Arsenal side but Chelsea equalised after 16 minutes.",
        "16 minutes",
    ) == ["Chelsea equalised after 16 minutes."]
    assert figure_texts(
        "Shareholders lost about $180bn and 20,000 workers lost their jobs.", "$180bn", "20,000"
    ) == ["Shareholders lost about $180bn.", "20,000 workers lost their jobs."]
    said = "Rubio said 30% of voters and many lawmakers are angry."
    assert figure_texts(said, "30%") == [said]  # what was said is one clause


def test_its_is_named_from_the_clause_before() -> None:
    texts = figure_texts("The firm employs 3,000 people and its shares rose 5%.", "3,000", "5%")
    assert texts == ["The firm employs 3,000 people.", "The firm's shares rose 5%."]


def test_the_pipeline_scores_a_fragment_zero_and_keeps_its_value() -> None:
    doc = document_from_text("Margin of error +/- 3 percentage points.\n\nSales rose 5% in May.")
    claims = {c.text: c for c in RuleBasedExtractor().extract(doc) if c.type == Q}
    fragment = claims["Margin of error +/- 3 percentage points."]
    assert fragment.checkworthiness == 0.0 and fragment.slots["value"] == 3
    assert claims["Sales rose 5%."].checkworthiness
