"""The failure classes of the hand-judged claim texts (``benchmarks/judge_sample.py``), one
invented sentence each: a clause cut inside a phrase, a dangling preposition, a noun read as a
verb, a quoted figure stated as fact, a quoted action stated as fact, a majority read as a
superlative, an opinion of taste as a comparison, a bullet or an unclosed quote in a fact."""

from __future__ import annotations

import dataclasses
import datetime as dt

from claims.model import Claim, ClaimType, Document
from claims.pipeline import RuleBasedExtractor
from claims.render import quoted_region, render_texts
from claims.rules.base import Draft, Sentence
from claims.sentence_facts import settings
from claims.values.dates import find_dates

REFERENCE = dt.date(2023, 4, 26)  # a Wednesday
Q, D, S = ClaimType.QUANTITY, ClaimType.DATE, ClaimType.STATEMENT


def texts_of(sentence: str, *spans: tuple[str, ClaimType], slots: dict | None = None) -> list[str]:
    """The rendered text of a claim on each ``(span, type)`` of ``sentence`` (a statement's
    span may be the whole sentence; ``slots`` are the statement's)."""
    s = Sentence(0, len(sentence), sentence, 0)
    items = []
    for span, kind in spans:
        at = sentence.index(span)
        text = sentence if kind is S else span
        items.append((Draft(kind, at, at + len(span), text, slots or {}), s))
    return render_texts(sentence, items, REFERENCE)


def extract(text: str) -> tuple[Document, list[Claim]]:
    doc = Document.from_text(text, published="2023-04-26")
    return doc, RuleBasedExtractor().extract(doc)


# --- garbled: a clause cut inside a phrase ------------------------------------------------------


def test_an_earlier_value_inside_a_coordinated_phrase_keeps_the_phrase() -> None:
    sentence = "The turnout in 2022 was higher than in the 2014 and 2018 elections."
    texts = texts_of(sentence, ("2014", D), ("2018", D))
    assert not any(t.endswith("the 2014.") for t in texts)
    assert texts[0] == "The turnout in 2022 was higher than in the 2014 and 2018 elections."


def test_a_date_of_a_reporting_verb_keeps_what_was_reported() -> None:
    sentence = "The ministry announced on Tuesday that unemployment fell to 4%."
    date, _ = texts_of(sentence, ("on Tuesday", D), ("4%", Q))
    assert date != "The ministry announced on 25 April 2023."
    assert "unemployment fell to 4%" in date


def test_a_value_followed_by_an_adjunct_still_ends_its_clause() -> None:
    sentence = "The firm sold 300 cars in March and 200 trucks in May."
    cars = texts_of(sentence, ("300 cars", Q), ("in March", D))[0]
    assert cars == "The firm sold 300 cars."


def test_a_value_closing_its_bracket_may_end_the_clause() -> None:
    sentence = "The film took $38m (£20m) on its opening weekend."
    _, pounds, _ = texts_of(sentence, ("$38m", Q), ("£20m", Q), ("weekend", D))
    assert pounds == "The film took $38m (£20m)."


def test_a_range_is_not_cut_at_its_first_bound() -> None:
    sentence = "The council raised the fee from £6 to £10 for every visitor."
    low = texts_of(sentence, ("from £6", Q), ("£10", Q))[0]
    assert low != "The council raised the fee from £6."


# --- garbled: a dangling preposition, a noun read as a verb -------------------------------------


def test_a_relative_clause_opened_by_a_preposition_leaves_no_dangling_word() -> None:
    sentence = (
        "The report listed four cases from Leeds, Hull and York, in which the fees were waived."
    )
    (text,) = texts_of(sentence, ("four cases", Q))
    assert text == "The report listed four cases from Leeds, Hull and York."


def test_a_plural_noun_before_of_is_no_second_verb() -> None:
    sentence = "The post showed photos and links of three reports from the inquiry."
    (text,) = texts_of(sentence, ("three reports", Q))
    assert text == sentence


def test_this_past_week_is_one_date_expression() -> None:
    (mention,) = find_dates("The mayor this past week opened a school.", REFERENCE)
    assert mention.expression == "this past week"
    _, claims = extract("Schools\n\nThe mayor this past week opened a school for 300 pupils.\n")
    dated = next(c for c in claims if c.type is D)
    assert dated.text.startswith("The mayor in the week before")


# --- quotes: a quoted figure is said by its speaker ---------------------------------------------


def test_a_quoted_figure_is_said_by_the_statements_speaker() -> None:
    sentence = '"Our sales rose 5% in March," said Ana Ruiz, the shop\'s owner.'
    slots = {"speaker": "Ana Ruiz", "content": "Our sales rose 5% in March", "cue": "said"}
    statement, figure = texts_of(sentence, (sentence[:-1], S), ("5%", Q), slots=slots)
    assert figure == 'Ana Ruiz said: "Our sales rose 5% in March 2023".'
    assert statement != figure


def test_a_quoted_fragment_in_the_writers_words_is_not_attributed() -> None:
    sentence = 'The paper reported that the actor "gave between $1,000 and $5,000" to the fund.'
    assert quoted_region(sentence, sentence.index("$1,000"), sentence.index(" and")) is None


def test_a_quotation_going_on_from_the_sentence_before_is_a_quotation() -> None:
    sentence = "We now hold two of the seven seats.\u201d"
    region = quoted_region(sentence, sentence.index("two"), sentence.index(" of"))
    assert region is not None and region.start == 0


def test_a_quoted_figure_with_no_statement_keeps_its_clause() -> None:
    sentence = '"Our sales rose 5% in March."'
    (text,) = texts_of(sentence, ("5%", Q))
    assert "said" not in text and "5%" in text


def test_a_pronoun_speaker_is_no_attribution() -> None:
    sentence = '"Our sales rose 5% in March," she said.'
    slots = {"speaker": "she", "content": "Our sales rose 5% in March", "cue": "said"}
    _, figure = texts_of(sentence, (sentence[:-1], S), ("5%", Q), slots=slots)
    assert not figure.startswith("she said")


def test_an_action_inside_a_quoted_statement_is_not_stated_as_fact() -> None:
    article = (
        "Court case\n\n"
        '"I am the daughter of a man who was shot by a burglar in 1990," Mary Cole wrote.\n'
    )
    _, claims = extract(article)
    assert not any(c.type is ClaimType.ACTION for c in claims)
    statement = next(c for c in claims if c.type is S)
    assert statement.slots["speaker"] == "Mary Cole"
    dated = next(c for c in claims if c.type is D)
    assert dated.text.startswith('Mary Cole wrote: "')


def test_an_unquoted_action_stays() -> None:
    _, claims = extract("Court case\n\nThe senator was charged with fraud in 2019.\n")
    assert any(c.type is ClaimType.ACTION for c in claims)


# --- opinions: a majority, a comparison of taste ------------------------------------------------


def test_most_of_a_group_is_no_superlative() -> None:
    _, claims = extract("Vote\n\nMost voters rejected the plan in the referendum.\n")
    assert not any(c.type is ClaimType.COMPARISON for c in claims)
    _, claims = extract("Vote\n\nThe Greens have the most seats in parliament.\n")
    assert any(c.type is ClaimType.COMPARISON for c in claims)


def test_a_superlative_of_taste_is_no_claim_but_a_measured_one_is() -> None:
    _, claims = extract("Final\n\nThe Rovers are simply the best team, the coach said.\n")
    assert not any(c.type in (ClaimType.COMPARISON, ClaimType.FACT) for c in claims)
    _, claims = extract("Harvest\n\nThe region had its finest harvest since 1953.\n")
    assert any(c.type is ClaimType.COMPARISON for c in claims)
    _, claims = extract("Awards\n\nThe band took the best British album title on Tuesday.\n")
    assert any(c.type is ClaimType.COMPARISON for c in claims)


def test_a_comparison_of_taste_is_no_claim() -> None:
    _, claims = extract("Review\n\nThe sequel is more exciting than the first film.\n")
    assert not any(c.type in (ClaimType.COMPARISON, ClaimType.FACT) for c in claims)


# --- facts: a bullet, a filler word, an unclosed quotation --------------------------------------


def facts_text(sentence: str) -> str | None:
    """The FACT text of ``sentence`` whatever its check-worthiness."""
    stage = dataclasses.replace(settings(), min_sentence_score=0.0)
    draft = stage.draft(Sentence(0, len(sentence), sentence, 0))
    return draft.text if draft else None


def test_a_bullet_read_as_a_letter_is_left_out_but_no_is_kept() -> None:
    span = settings().span("l No refugee admitted through the program has ever been convicted.")
    assert span is not None and span[0] == 2
    kept = settings().span("No refugee admitted through the program has ever been convicted.")
    assert kept == (0, 63)
    assert settings().span("No, the rate went up for the third year in a row.") == (4, 48)
    assert settings().span("Well over 100 people were killed in the attacks.") == (0, 47)


def test_a_fact_closes_the_quotation_it_opens() -> None:
    sentence = (
        "The board said the merger was \u201ca clear breach of the rules agreed in 2019.\u201d"
    )
    assert facts_text(sentence) == sentence
    plain = "The board said the merger broke the rules agreed in 2019."
    assert facts_text(plain) == plain


# --- pronouns: a claim names the person an opening pronoun stands for ---------------------------


def test_an_opening_pronoun_of_an_action_names_the_person() -> None:
    article = (
        "Senate race\n\n"
        'Senator Maria Lopez said on Monday: "We will win this seat."\n\n'
        "She signed the budget bill in March.\n\n"
        "Her campaign raised $2 million in April.\n"
    )
    _, claims = extract(article)
    texts = [c.text for c in claims]
    assert any(t.startswith("Senator Maria Lopez signed the budget bill") for t in texts), texts
    assert any(t.startswith("Senator Maria Lopez's campaign raised $2 million") for t in texts), (
        texts
    )


def test_a_pronoun_whose_gender_disagrees_is_left_as_written() -> None:
    article = (
        "Senate race\n\n"
        'Senator Maria Lopez said on Monday: "We will win this seat."\n\n'
        "He signed the budget bill in March.\n"
    )
    _, claims = extract(article)
    assert not any("Lopez signed" in c.text for c in claims)


# --- two facts: a taken clause is named by its value, never widened to its neighbour ------------


def test_a_second_value_of_a_clause_does_not_take_the_next_clause() -> None:
    sentence = "Her three shops earned $600,000, and the chain is now for sale."
    shops, money = texts_of(sentence, ("three shops", Q), ("$600,000", Q))
    assert "for sale" not in shops and "for sale" not in money
    assert money.endswith("[value: $600,000]") or shops.endswith("[value: three shops]")


# --- a share typed as a count ---------------------------------------------------------------------


def test_a_share_counts_its_noun_of_the_whole() -> None:
    _, claims = extract("Council\n\nThe party now holds two of the seven seats on the council.\n")
    share = next(c for c in claims if c.type is Q and c.slots["value"] == 2)
    assert share.slots["measure"] == "seats" and share.slots["qualifier"] == "of 7"
    _, claims = extract("Vote\n\nThree out of four voters backed the plan in May.\n")
    share = next(c for c in claims if c.type is Q and c.slots["value"] == 3)
    assert share.slots["measure"] == "voters" and share.slots["qualifier"] == "of 4"


def test_a_superlative_in_a_phrase_without_its_verb_is_no_comparison() -> None:
    _, claims = extract(
        "Rifle\n\nMillions of the rifles have been sold since 1947, making it history's most "
        "widely sold weapon.\n"
    )
    assert not any(c.type is ClaimType.COMPARISON for c in claims)
    _, claims = extract("War\n\nIt was the most expensive war in the country's history.\n")
    assert any(c.type is ClaimType.COMPARISON for c in claims)


def test_a_participle_after_a_determiner_is_no_verb_of_the_subject() -> None:
    sentence = (
        "Under its revised plan, the bank would hold a 50% stake and would pay half of its debt."
    )
    (text,) = texts_of(sentence, ("half of its debt", Q))
    assert text == "The bank would pay half of its debt."


def test_a_while_clause_with_a_verb_in_s_is_a_clause_of_its_own() -> None:
    sentence = "The new phone sells for $300 in Japan while the old model sells for $150 in Europe."
    new, old = texts_of(sentence, ("$300", Q), ("$150", Q))
    assert new == "The new phone sells for $300 in Japan."
    assert old == "The old model sells for $150 in Europe."


# --- statements: the text matches the span ------------------------------------------------------


def test_a_quotation_before_its_speaker_is_the_content_whatever_follows() -> None:
    _, claims = extract(
        "Rally\n\n\u201cWe will win this state, and we will win it big,\u201d Dana Smith said "
        "answering a question at a town hall in Berlin, New Hampshire.\n"
    )
    statement, second = (c for c in claims if c.type is S)
    assert statement.slots["content"].startswith("We will win this state")
    # rules 1.34.0: the quotation's two clauses are two things said, each quoted as said
    assert '"We will win this state"' in statement.text
    assert second.text.endswith('"We will win it big".')


def test_a_date_outside_a_quotation_is_read_without_its_tense() -> None:
    _, claims = extract('Vote\n\nDana Smith said Thursday: "We will win the vote on Friday."\n')
    statement = next(c for c in claims if c.type is S)
    assert statement.text.startswith("Dana Smith said on 20 April 2023:")
    assert "on 28 April 2023" in statement.text
    assert not any(c.text == "Dana Smith said on 20 April 2023." for c in claims)


def test_an_insertion_between_dashes_is_no_clause() -> None:
    sentence = "Only a quarter of the panel – 28 members – can ask the full assembly to vote."
    (text,) = texts_of(sentence, ("28 members", Q))
    assert text == sentence


def test_a_quantifier_before_of_whom_opens_the_relative_clause() -> None:
    sentence = "The mayor has made two picks for the board, neither of whom changed its balance."
    (text,) = texts_of(sentence, ("two picks", Q))
    assert text == "The mayor has made two picks for the board."


def test_a_clause_after_a_dash_drops_its_linking_and() -> None:
    sentence = "The firm cut 300 jobs – and it closed two plants in 2022."
    texts = texts_of(sentence, ("two plants", Q))
    assert not texts[0].startswith("And ")


def test_a_reporting_noun_before_the_cue_stays_part_of_the_speaker() -> None:
    _, claims = extract('Report\n\n"The gap is rapidly closing," the Ocean Trust report said.\n')
    statement = next(c for c in claims if c.type is S)
    assert statement.slots["cue"] == "said"
    assert statement.slots["speaker"].endswith("report")


# --- found on the bundled sample after the first round -------------------------------------------


def test_a_quotation_opened_and_closed_by_different_marks_is_closed_before_the_value() -> None:
    """News often opens a quotation with a straight mark and closes it with a curly one: a value
    before the quotation is the writer's, not a continued quotation."""
    sentence = 'The ministry said in its readout of the 2023 talks that they "agreed to meet.\u201d'
    assert quoted_region(sentence, sentence.index("2023"), sentence.index(" talks")) is None
    said = 'The ministry said: "The parties agreed to meet again in 2024.\u201d'
    region = quoted_region(said, said.index("2024"), said.index("2024") + 4)
    assert region is not None and region.start == said.index('"') + 1


def test_an_action_whose_object_is_a_figure_leaves_the_figure_to_the_quantity_claim() -> None:
    doc, claims = extract("War report\n\nThe war has killed nearly 500,000 people since 2011.\n")
    at = doc.text.index("500,000")
    facts = [c for c in claims if c.start <= at < c.end and c.type in {ClaimType.ACTION, Q}]
    assert [c.type for c in facts] == [Q], [(c.type, c.text) for c in facts]
    assert facts[0].text == "The war has killed nearly 500,000 people."


def test_a_pronoun_is_named_when_a_title_backs_a_name_of_unknown_gender() -> None:
    article = (
        "Elections\n\n"
        "Turkish President Kemal Yilmazer is under pressure at home.\n\n"
        "He faces elections in May.\n"
    )
    _, claims = extract(article)
    assert any(
        c.text.startswith("Kemal Yilmazer faces elections")
        or c.text.startswith("President Kemal Yilmazer faces elections")
        for c in claims
    ), [c.text for c in claims]


def test_a_pronoun_is_left_when_only_an_untitled_name_of_unknown_gender_precedes() -> None:
    article = (
        "Films\n\nDead Zone opened in 1983 to good reviews.\n\n"
        "She was reunited with the cast in 1996.\n"
    )
    _, claims = extract(article)
    assert not any(c.text.startswith("Dead Zone was reunited") for c in claims)


def test_a_value_after_a_closing_straight_mark_is_outside_the_quotation() -> None:
    """A sentence may open inside a quotation that closes before its speaker: what follows the
    closing mark is the writer's (``...oxygen," said X, an aide during her 2008 run``)."""
    sentence = 'It means nobody else gets oxygen," said Mo Ell, an aide during her failed 2008 run.'
    assert quoted_region(sentence, sentence.index("2008"), sentence.index(" run")) is None
    assert quoted_region(sentence, sentence.index("nobody"), sentence.index(" else")) is not None


# --- rules 1.15.0: garbled texts of the old judged samples, re-extracted ----------------------


def test_a_second_quotation_after_the_attribution_goes_on_with_what_was_said() -> None:
    """``"A," X said. "B."`` in one segment: the content is A then B, never ``X said . "B``;
    the claim's text states one thing, the first quoted sentence (rules 1.22.0)."""
    _, claims = extract(
        "Talks\n\n''The plan is ready,'' Dana Smith said. ''We vote on it soon.''\n"
    )
    statement = next(c for c in claims if c.type is S)
    assert statement.text == 'Dana Smith said: "The plan is ready".'
    assert statement.slots["content"] == "The plan is ready. We vote on it soon"


def test_a_quotation_with_an_unknown_attribution_after_it_ends_at_its_closing_mark() -> None:
    """A quote-only sentence whose quotation closes before ``he continued, citing ...`` is said
    by the speaker before it; the words after the closing mark are no part of the quotation."""
    _, claims = extract(
        "Jobs\n\n\u201cPeople are angry,\u201d Dana Smith said.\n\n"
        "\u201cThey have waited for years,\u201d she continued, citing the closed mills.\n"
    )
    texts = [c.text for c in claims if c.type is S]
    assert 'Dana Smith said: "They have waited for years".' in texts
    assert not any("continued" in t for t in texts)


def test_a_date_before_a_noun_after_a_possessive_takes_no_preposition() -> None:
    _, claims = extract("Vote\n\nThe caucuses will follow Iowa's May 1 primary.\n")
    date = next(c for c in claims if c.type is D)
    assert "Iowa's 1 May 2023 primary" in date.text
    assert "Iowa's on" not in date.text


def test_a_relative_clause_ends_before_the_main_verb_after_its_comma() -> None:
    """``X, who died on Monday at the age of 92, used ...``: ``died`` and ``used`` are verbs
    (the -ed rule reads only longer words), so each value has its own clause, not a twin."""
    sentence = (
        "Jo Bloggs, who died on Monday at the age of 92, used her last column to thank readers."
    )
    date, age = texts_of(sentence, ("on Monday", D), ("age of 92", Q))
    assert date == "Jo Bloggs died on 24 April 2023."
    assert age == "Jo Bloggs died on 24 April 2023 at the age of 92."


def _action_and_date(sentence: str, resolved: str, start: int, end: int, date: str) -> list[str]:
    """The texts of an action claim over the whole ``sentence`` and a date claim at
    ``start:end`` of it, both resting on the ``resolved`` sentence."""
    s = Sentence(0, len(sentence), sentence, 0)
    kept = Draft(ClaimType.ACTION, 0, len(sentence) - 1, resolved, {})
    when = Draft(D, start, end, resolved, {"date": date})
    return render_texts(sentence, [(kept, s), (when, s)], REFERENCE)


def test_a_date_whose_clause_another_value_took_is_fronted_not_bracketed() -> None:
    sentence = "Annan met the president in Baghdad on Tuesday."
    resolved = "Annan met the president in Baghdad on 25 April 2023."
    at = sentence.index("on Tuesday")
    texts = _action_and_date(sentence, resolved, at, at + 10, "2023-04-25")
    assert texts == [resolved, "On 25 April 2023, Annan met the president in Baghdad."]


def test_a_date_after_another_date_of_its_clause_is_not_fronted() -> None:
    """``said on Friday it would ... in 1994``: fronting 1994 would date the saying."""
    sentence = "The union said on Tuesday it would study the strike in 2019."
    resolved = "The union said on 25 April 2023 it would study the strike in 2019."
    at = sentence.index("in 2019")
    texts = _action_and_date(sentence, resolved, at + 3, at + 7, "2019")
    assert not texts[1].startswith("In 2019")


# --- rules 1.16.0: two facts, typewriter quotes, approximators, fragments, pronouns -----------


def _by_type(claims: list[Claim], kind: ClaimType) -> list[str]:
    return [c.text for c in claims if c.type is kind]


def claims_texts(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims]


def test_a_statement_of_two_things_said_joined_by_and_that_is_two_claims() -> None:
    text = (
        "Governor Ana Ruiz told reporters that the bridge will reopen in June "
        "and that the repairs cost the state far more than planned."
    )
    _, claims = extract(text)
    said = _by_type(claims, S)
    assert "Governor Ana Ruiz told reporters that the bridge will reopen in June 2023." in said
    assert (
        "Governor Ana Ruiz told reporters that the repairs cost the state far more than planned."
        in said
    )
    second = next(c for c in claims if c.type is S and "repairs" in c.text)
    assert text[second.start : second.end].startswith("that the repairs")
    assert second.slots["content"] == "the repairs cost the state far more than planned"


def test_a_statement_that_goes_on_with_but_added_gives_the_second_to_the_added_verb() -> None:
    text = (
        "A council spokesman says the new library is nearly finished, "
        "but added the cafe will open later."
    )
    _, claims = extract(text)
    said = _by_type(claims, S)
    assert "A council spokesman says the new library is nearly finished." in said
    assert "A council spokesman added the cafe will open later." in said


def test_and_that_as_a_pronoun_inside_a_quotation_is_no_join() -> None:
    text = 'Ana Ruiz said: "People know what we know and that is why the bridge matters."'
    _, claims = extract(text)
    assert len(_by_type(claims, S)) == 1


def test_typewriter_quotation_marks_become_the_marks_they_stand_for() -> None:
    text = "``Sales rose 5% in March,'' said Ana Ruiz, the chief executive of Ruiz Foods."
    _, claims = extract(text)
    assert claims
    assert not any("``" in c.text or "''" in c.text for c in claims)


def test_an_approximator_before_a_back_reckoned_date_is_written_with_the_date() -> None:
    sentence = "The agency will investigate the flood that hit the valley nearly four years ago."
    s = Sentence(0, len(sentence), sentence, 0)
    at = sentence.index("four years ago")
    draft = Draft(D, at, at + len("four years ago"), sentence, {})
    (text,) = render_texts(sentence, [(draft, s)], REFERENCE)
    assert "nearly in" not in text
    assert "around 2019" in text


def test_a_subordinate_when_clause_is_told_without_its_when() -> None:
    text = "The loudest cheer came when Governor Mark Ellis introduced his new running mate."
    _, claims = extract(text)
    actions = _by_type(claims, ClaimType.ACTION)
    assert "Governor Mark Ellis introduced his new running mate." in actions
    assert not any(t.startswith("When ") for t in claims_texts(claims))


def test_a_relative_clause_opened_by_where_or_whose_is_no_claim_of_its_own() -> None:
    text = (
        "The mayor visited the old factory where her father worked. "
        "She met the nurse whose brother was elected in 2019."
    )
    _, claims = extract(text)
    assert not any(t.startswith(("Where ", "Whose ")) for t in claims_texts(claims))


def test_a_pronoun_inside_a_text_names_the_person_its_sentence_named_before() -> None:
    text = (
        "Former Governor Sarah Palin had been scheduled to attend the rally in Casper, "
        "but the state party announced she was not coming."
    )
    _, claims = extract(text)
    said = _by_type(claims, S)
    assert "The state party announced Sarah Palin was not coming." in said


def test_a_pronoun_is_not_named_after_a_person_of_an_earlier_sentence() -> None:
    text = "Governor Mark Ellis resigned in 2004. The new chairman said he would cut 300 jobs."
    _, claims = extract(text)
    assert not any("Mark Ellis would" in t for t in claims_texts(claims))


def test_a_verbless_headline_gives_no_figure_claim() -> None:
    text = (
        "Visa decision every 11 minutes\n\n"
        "The office made 8,000 decisions in 2004, one every 11 minutes, its report says."
    )
    _, claims = extract(text)
    headline_end = text.index("\n")
    assert not any(c.start < headline_end for c in claims)
    assert any(c.type is Q and c.start > headline_end for c in claims)


def test_and_with_a_subject_pronoun_and_a_verb_opens_a_second_clause() -> None:
    sentence = "The bridge closed on Monday and it opens to traffic again on 2 June."
    closed, reopens = texts_of(sentence, ("on Monday", D), ("on 2 June", D))
    assert closed == "The bridge closed on 24 April 2023."
    assert reopens.startswith("It opens to traffic again on 2 June")


def test_a_spaced_hyphen_is_a_dash_between_clauses_but_not_in_a_range() -> None:
    sentence = "It was their first match for three years - the home side last won in 2019."
    years, won = texts_of(sentence, ("three years", Q), ("in 2019", D))
    assert years == "It was their first match for three years."
    assert won == "The home side last won in 2019."
    joined = "Refugees lived in U.N.-run camps for 2 1/2 years."
    (camps,) = texts_of(joined, ("2 1/2 years", Q))
    assert camps == joined
    ranged = "The shop is open 9 - 5 on 300 days a year."
    (days,) = texts_of(ranged, ("300 days", Q))
    assert days == "The shop is open 9 - 5 on 300 days a year."


def test_a_relative_date_opening_a_quotation_is_capitalised() -> None:
    sentence = "``Today, we have our suspect,'' said Ana Ruiz, the chief of police."
    s = Sentence(0, len(sentence), sentence, 0)
    draft = Draft(D, 2, 7, sentence, {})
    (text,) = render_texts(sentence, [(draft, s)], REFERENCE)
    assert text.startswith("“On 26 April 2023, we have our suspect,”")
