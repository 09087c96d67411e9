"""Rules 1.49.0 (issue 12): the judged classes of seed 503, invented sentences (never a dev-set
text): a verb phrase that goes on from the complement of a reporting verb keeps the
complement's subject, said by its speaker (never the speaker as the one who did it)."""

from __future__ import annotations

from claims.model import Claim, ClaimType, Document
from claims.pipeline import RuleBasedExtractor
from claims.render import clauses

Q, D = ClaimType.QUANTITY, ClaimType.DATE


def extract(text: str) -> list[Claim]:
    return RuleBasedExtractor().extract(Document.from_text(text, published="2023-04-26"))


def of_type(claims: list[Claim], kind: ClaimType) -> list[str]:
    return [c.text for c in claims if c.type is kind]


# --- wrong subject: a verb phrase in the complement of a reporting verb ----------------------


def test_a_verb_phrase_after_a_complement_keeps_the_complements_subject() -> None:
    texts = of_type(extract("Ms Varga said the mill closed two kilns and cut 140 jobs."), Q)
    assert not any(t.startswith("Ms Varga cut") for t in texts)
    assert any("the mill cut 140 jobs" in t and "Varga" in t for t in texts)


def test_a_pronoun_complement_subject_or_a_contrast_keeps_the_speaker_as_subject() -> None:
    assert (
        clauses("The Orvik council says it sold three ferries and bought 12 buses.")[-1].subject
        == "The Orvik council"
    )
    s = "Ms Varga said the mill would close but kept 140 jobs."
    assert clauses(s)[-1].subject == "Ms Varga"


def test_the_clause_holds_the_speaker_the_verb_and_the_complements_subject() -> None:
    s = "Ms Varga said the mill closed two kilns and cut 140 jobs."
    vp = clauses(s)[-1]
    assert vp.kind == "vp"
    assert vp.subject == "Ms Varga said the mill"
    assert vp.own == "the mill"


def test_a_verb_phrase_after_a_plain_clause_still_shares_its_subject() -> None:
    vp = clauses("The mill closed two kilns and cut 140 jobs.")[-1]
    assert (vp.kind, vp.subject) == ("vp", "The mill")


def test_a_quoted_complement_or_an_opening_phrase_keeps_the_old_subject() -> None:
    s = 'Ms Varga wrote in both letters she was "very sorry" and set the fee at $500.'
    assert clauses(s)[-1].subject == "Ms Varga"


def test_a_participle_after_a_complement_goes_on_from_the_speaker() -> None:
    s = "Ms Varga said the mill is struggling, pointing to its losses in 2022."
    assert clauses(s)[-1].subject == "Ms Varga"


# --- attribution-only date texts: an inverted attribution after a quotation -------------------


def test_a_date_of_an_attribution_after_a_quotation_quotes_its_words() -> None:
    claims = extract('"We will not sell the harbour," Mayor Ana Kovac said on Tuesday.')
    dates = [c for c in claims if c.type is D]
    assert len(dates) == 1
    assert "We will not sell the harbour" in dates[0].text
    assert "25 April 2023" in dates[0].text
    assert dates[0].text != "Mayor Ana Kovac said on 25 April 2023."


def test_a_quotation_going_on_from_the_sentence_before_is_quoted_too() -> None:
    text = 'Ana Kovac spoke first. "We need the port. It is ours," Kovac said on Monday.'
    (date,) = of_type(extract(text), D)
    assert "It is ours" in date and "24 April 2023" in date


def test_a_long_quotation_leaves_the_attribution_as_it_was() -> None:
    words = " ".join(["the harbour is ours and we will keep it"] * 5)
    (date,) = of_type(extract(f'"{words}," Ana Kovac said on Tuesday.'), D)
    assert date == "Ana Kovac said on 25 April 2023."
