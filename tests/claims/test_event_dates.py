"""A date that is the time of another claim's event is that claim's slot (claims.event_dates).

The sentences are written for these tests. The first tests run the whole extractor (and its
date, quantity, meeting, statement and fact rules); the last ones build claims by hand, so that
the folding rule itself is pinned down whatever the rule families find.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from claims.evaluate import GoldClaim, score
from claims.event_dates import as_date_claims, fold_event_dates, folded_date
from claims.model import EVENT_DATE_SLOTS, Claim, ClaimType, Document
from claims.pipeline import RuleBasedExtractor
from claims.reader import document_from_text

PUBLISHED = "2024-06-14"  # a Friday


def _doc(body: str) -> Document:
    return document_from_text("Headline\n\n" + body, published=PUBLISHED)


def _claims(body: str, *, fold: bool = True) -> list[Claim]:
    return RuleBasedExtractor(event_dates=fold).extract(_doc(body))


def _kinds(claims: list[Claim]) -> Counter[str]:
    return Counter(str(c.type) for c in claims)


def test_a_meeting_date_is_the_meetings_slot_not_a_second_claim() -> None:
    body = "The mayor of Lyon hosted the mayor of Turin on Wednesday for talks on trams."
    before, after = _claims(body, fold=False), _claims(body)
    assert _kinds(before)["date"] == 1 and _kinds(after)["date"] == 0
    (meeting,) = [c for c in after if c.type == ClaimType.MEETING]
    assert meeting.slots["date"] == "2024-06-12"
    assert meeting.slots["expression"] == "on Wednesday" and meeting.slots["relation"] == "on"
    # only the date claim went: the other claims keep their texts, spans and ids
    kept = {(c.id, c.text) for c in after}
    assert {(c.id, c.text) for c in before if c.type != ClaimType.DATE} == kept


def test_a_fronted_date_belongs_to_the_clause_it_opens() -> None:
    after = _claims("In March, the port authority dredged 40,000 tonnes of silt from the harbour.")
    assert _kinds(after)["date"] == 0
    (figure,) = [c for c in after if c.type == ClaimType.QUANTITY]
    assert figure.slots["date"] == "2024-03" and figure.slots["expression"] == "In March"


def test_an_action_takes_the_date_inside_its_clause() -> None:
    after = _claims("The city council has banned diesel buses since 2019.")
    assert _kinds(after)["date"] == 0
    (action,) = [c for c in after if c.type == ClaimType.ACTION]
    assert (action.slots["date"], action.slots["relation"]) == ("2019", "since")


def test_a_date_in_another_clause_states_its_own_fact() -> None:
    # "in 2016" dates the founding, in the main clause; the action is the relative clause
    body = "The fund was part of a pact signed in 2016 by both cities that cut bus fares by half."
    after = _claims(body)
    (date,) = [c for c in after if c.type == ClaimType.DATE]
    assert date.slots["date"] == "2016"
    assert all(folded_date(c.to_dict()) is None for c in after)


def test_a_lone_date_stays_a_claim() -> None:
    (date,) = _claims("The northern bridge has carried trains since May 1998.")
    assert date.type == ClaimType.DATE and date.slots["date"] == "1998-05"


def test_texts_stay_distinct_and_scores_keep_the_dates() -> None:
    body = (
        "The mayor of Lyon hosted the mayor of Turin on Wednesday for talks on trams. "
        "In March, the port authority dredged 40,000 tonnes of silt from the harbour."
    )
    before, after = _claims(body, fold=False), _claims(body)
    texts = [c.text for c in after]
    assert len(texts) == len(set(texts))
    best = max(c.checkworthiness or 0.0 for c in before)
    assert max(c.checkworthiness or 0.0 for c in after) == best


# --- the rule on hand-made claims --------------------------------------------------------------

SENTENCE = "On Monday the council said the bridge, built in 1931, would close for 90 days."


def _claim(kind: ClaimType, span: str, slots: Mapping[str, object], at: int = 0) -> Claim:
    start = SENTENCE.index(span, at)
    return Claim(
        id=f"c{start}-{kind}",
        doc_id="d",
        type=kind,
        text=span,
        start=start,
        end=start + len(span),
        slots=dict(slots),
        checkworthiness=0.5,
        sentence_start=0,
        sentence_end=len(SENTENCE),
    )


def _date(span: str, value: str | None, score: float = 0.5) -> Claim:
    slots = {"date": value, "expression": span, "relation": None}
    claim = _claim(ClaimType.DATE, span, slots)
    return Claim(**{**claim.to_dict(), "type": claim.type, "checkworthiness": score})


def _statement() -> Claim:
    return _claim(
        ClaimType.STATEMENT,
        SENTENCE[:-1],
        {"speaker": "the council", "content": "the bridge would close", "cue": "said"},
    )


def test_the_nearest_claim_whose_clause_holds_the_date_takes_it() -> None:
    figure = _claim(ClaimType.QUANTITY, "90 days", {"value": 90, "unit": "day"})
    monday = _date("On Monday", "2024-06-10", 0.9)
    out = fold_event_dates([monday, _statement(), figure], SENTENCE)
    assert [c.type for c in out] == [ClaimType.STATEMENT, ClaimType.QUANTITY]
    said, days = out
    # the statement's span holds the date: it is nearer than the figure of the same clause
    assert said.slots["date"] == "2024-06-10" and said.slots["expression"] == "On Monday"
    assert folded_date(days.to_dict()) is None
    assert said.checkworthiness == 0.9  # the statement states the date's fact now


def test_a_second_date_of_another_value_stays_a_claim() -> None:
    figure = _claim(ClaimType.QUANTITY, "90 days", {"value": 90, "unit": "day"})
    monday, built = _date("On Monday", "2024-06-10"), _date("in 1931", "1931")
    out = fold_event_dates([monday, _statement(), built, figure], SENTENCE)
    assert [c.type for c in out] == [ClaimType.STATEMENT, ClaimType.DATE, ClaimType.QUANTITY]
    assert out[1] == built  # not handed on to the figure either
    assert folded_date(out[2].to_dict()) is None


def test_a_claim_takes_one_date_even_of_the_same_value() -> None:
    monday, again = _date("On Monday", "2024-06-10"), _date("in 1931", "2024-06-10")
    said, kept = fold_event_dates([monday, _statement(), again], SENTENCE)
    assert said.slots["expression"] == "On Monday" and kept == again  # its span is kept


def test_the_expression_is_the_words_of_the_dates_span() -> None:
    # the date rule's span may be wider than its expression ("Monday" in "On Monday")
    monday = _date("On Monday", "2024-06-10")
    slots = {"date": "2024-06-10", "expression": "Monday", "relation": None}
    monday = Claim(**{**monday.to_dict(), "type": monday.type, "slots": slots})
    (said,) = fold_event_dates([monday, _statement()], SENTENCE)
    assert said.slots["expression"] == "On Monday"


def test_a_claim_with_a_date_of_its_own_takes_no_other() -> None:
    meeting = _claim(
        ClaimType.MEETING,
        "the council said",
        {"host": None, "participants": ["the council"], "date": "2024-06-03", "place": None},
    )
    monday = _date("On Monday", "2024-06-10")
    assert fold_event_dates([monday, meeting], SENTENCE) == [monday, meeting]


def test_the_folded_date_is_the_date_types_slots() -> None:
    assert EVENT_DATE_SLOTS == ("date", "expression", "relation")
    figure = _claim(ClaimType.QUANTITY, "90 days", {"value": 90, "unit": "day"})
    (folded,) = fold_event_dates([_date("On Monday", None), figure], SENTENCE)
    assert folded.slots == {
        "value": 90,
        "unit": "day",
        "date": None,
        "expression": "On Monday",
        "relation": None,
    }
    assert folded_date(folded.to_dict()) == (None, "On Monday")
    (as_date,) = as_date_claims([folded], SENTENCE)
    assert as_date.type == ClaimType.DATE and SENTENCE[as_date.start : as_date.end] == "On Monday"


def test_a_slot_date_still_counts_as_found_when_scored() -> None:
    figure = _claim(ClaimType.QUANTITY, "90 days", {"value": 90, "unit": "day"})
    (folded,) = fold_event_dates([_date("On Monday", "2024-06-10"), figure], SENTENCE)
    gold = [GoldClaim("date", 0, 9, "On Monday", {"date": "2024-06-10"})]
    wrong = [GoldClaim("date", 0, 9, "On Monday", {"date": "2024-06-11"})]
    assert score([folded], gold)["date"].matched_gold == 1
    assert score([folded], gold)["date"].matched_found == 1
    assert score([folded], gold, slot_dates=False)["date"].matched_gold == 0
    assert score([folded], wrong)["date"].matched_gold == 0
