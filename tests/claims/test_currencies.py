"""The currency table and its rules: every written form reaches the number lexer from the table,
and ambiguous forms resolve by cue word, article, publisher and date as ``_rules`` documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claims import lexicon
from claims.values import currencies, numbers
from claims.values.numbers import find_numbers

TABLE = lexicon.table("currencies")
ISO = re.compile(r"[A-Z]{3}")


def money(text: str, **article: object) -> list[tuple[float, str | None]]:
    return [(n.value, n.unit) for n in find_numbers(text, **article)]  # type: ignore[arg-type]


def test_the_table_names_iso_codes_and_only_known_ones() -> None:
    codes = set(TABLE["currencies"])
    assert len(codes) >= 60 and all(ISO.fullmatch(c) for c in codes)
    for name, group in TABLE["ambiguous"].items():
        named = {d["code"] for d in group["default"]} | set(group.get("cues", {}))
        assert named <= codes, name
    for entry in TABLE["publishers"]:
        assert set(entry["defaults"].values()) <= codes
    assert set(TABLE["codes_not_written"]) <= codes


def test_numbers_keeps_no_currency_list_of_its_own() -> None:
    assert not hasattr(numbers, "_CURRENCIES") and not hasattr(numbers, "_CURRENCY_WORDS")


def fixed_forms() -> list[currencies.Form]:
    """Forms of one currency that need nothing but themselves to be money."""
    return [f for f in currencies.forms().values() if f.code and not f.needs_large]


@pytest.mark.parametrize("form", [f for f in fixed_forms() if f.before], ids=lambda f: f.text)
def test_every_form_before_a_number_is_read_from_the_table(form: currencies.Form) -> None:
    assert money(f"It paid {form.text}250,000 in fines.") == [(250_000, form.code)]
    assert money(f"It paid {form.text} 250,000 in fines.") == [(250_000, form.code)]


@pytest.mark.parametrize(
    "form", [f for f in fixed_forms() if f.after or f.name], ids=lambda f: f.text
)
def test_every_form_after_a_number_is_read_from_the_table(form: currencies.Form) -> None:
    gap = "" if form.attached else " "
    value = 2_500 * form.factor
    assert money(f"It paid 2,500{gap}{form.text} in fines.") == [(value, form.code)]


def test_iso_codes_that_are_english_words_are_not_currencies_alone() -> None:
    for text in ("They TRY 5 times.", "The PEN 10 fountain pen.", "Its NPR 5 show."):
        assert all(unit is None for _, unit in money(text)), text
    assert money("It cost 5 Turkish lira.") == [(5, "TRY")]


def test_a_dollar_is_us_unless_prefixed_or_the_publisher_writes_its_own() -> None:
    assert money("It cost $5 and C$7 and A$9.") == [(5, "USD"), (7, "CAD"), (9, "AUD")]
    assert money("It cost $5, up 3 cents.", publisher="The Globe and Mail") == [
        (5, "CAD"),
        (0.03, "CAD"),
    ]
    assert money("It cost 5 dollars.", publisher="BBC News") == [(5, "USD")]


def test_yen_unless_the_yuan_is_named_nearby() -> None:
    assert money("Profit hit ¥300bn.") == [(300_000_000_000, "JPY")]
    assert money("Yuan loans grew by ¥1.2tn.") == [(1_200_000_000_000, "CNY")]


def test_francs_lire_and_marks_by_cue_and_by_the_articles_date() -> None:
    before, after = dt.date(1997, 5, 2), dt.date(2016, 9, 14)
    assert money("It paid 2 million francs.", published=before) == [(2_000_000, "FRF")]
    assert money("It paid 2 million francs.", published=after) == [(2_000_000, "CHF")]
    assert money("Geneva paid 2 million francs.", published=before) == [(2_000_000, "CHF")]
    assert money("It raised 5,000 billion lire.", published=before) == [(5e12, "ITL")]
    assert money("Bonn paid 549,000 marks.", published=after) == [(549_000, "DEM")]
    assert money("It paid 549,000 marks.", published=after) == [(549_000, None)]
    assert money("It paid 549,000 marks.") == [(549_000, None)]  # no date, no cue: not money


def test_cues_in_the_article_when_the_sentence_has_none() -> None:
    article = "Colombia's poor fund was raided. A total of 24.2 trillion pesos went missing."
    sentence = "A total of 24.2 trillion pesos went missing."
    assert money(sentence) == [(24.2e12, "MXN")]
    assert money(sentence, article=article) == [(24.2e12, "COP")]


def test_pounds_of_weight_are_not_money() -> None:
    assert money("It cost 500 pounds.") == [(500, "GBP")]
    assert money("Police seized 500 pounds of cocaine.") == [(500, "lb")]
    assert money("The baby weighed 8 pounds.") == [(8, "lb")]


def test_letter_symbols_that_need_a_scale() -> None:
    assert money("Eskom needs R20bn.") == [(20_000_000_000, "ZAR")]
    assert money("The film is rated R2 in places.") == []
    assert money("Of the 40 riders, 12 won a stage.") == [(40, None), (12, None)]
    assert money("It set aside 2 trillion won.") == [(2e12, "KRW")]


def test_capitalised_names_except_those_that_are_names() -> None:
    assert money("He made 5.45m Euros.") == [(5_450_000, "EUR")]
    assert money("The 3 Pence sisters spoke.") == [(3, None)]


def test_a_form_listed_under_two_currencies_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {**TABLE, "ambiguous": {**TABLE["ambiguous"], "twice": {"symbols": ["US$"]}}}
    data["ambiguous"]["twice"]["default"] = [{"code": "USD"}]
    monkeypatch.setattr(lexicon, "table", lambda name: data)
    currencies._table.cache_clear()
    try:
        with pytest.raises(Exception, match="'US\\$' listed twice"):
            currencies.forms()
    finally:
        monkeypatch.undo()
        currencies._table.cache_clear()


def test_a_capital_letter_after_a_letter_symbol_is_no_scale() -> None:
    assert money("The Y2K bug cost Y10bn.") == [(10_000_000_000, "JPY")]
    assert money("Eskom pays R2,500 a month.") == [(2_500, "ZAR")]
