"""The packaged check-worthiness scorer: loads from the package, deterministic, sane order.

The sentences here are written for these tests (none comes from the training sets).
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from claims import checkworthiness as cw
from claims.errors import ConfigError

FACTS = [
    "Unemployment fell to 4.1 percent in March, the lowest rate since 2001.",
    "The senator voted against the bill that cut taxes by $300 billion.",
    "More than 12,000 people were killed in the fighting last year.",
    "The governor signed the law in 2019 and the deficit doubled.",
]
NON_FACTS = [
    "Thank you, moderator, and good evening to everyone here tonight.",
    "I think we have to do better for our children.",
    "What would you do if you were elected?",
    "You will have 90 seconds for your answer.",
]


def test_weights_load_from_the_package() -> None:
    root = resources.files("claims").joinpath("models")
    assert root.joinpath("checkworthy.npz").is_file()
    assert root.joinpath("checkworthy.json").is_file()
    model = cw.load_model()
    assert len(model.cues) == len(cw.CUE_NAMES)
    assert len(model.hashed) == model.meta["buckets"]
    assert np.isfinite(model.hashed).all() and np.count_nonzero(model.hashed) > 1000
    assert 0.0 < cw.recommended_threshold() < 1.0


def test_scores_are_in_range_for_odd_input() -> None:
    for text in ["", " ", "?", "(APPLAUSE)", "9" * 500, "word " * 2000, "Ünïcödé — “quotes” 100 %"]:
        s = cw.score_sentence(text)
        assert 0.0 <= s <= 1.0


def test_same_text_same_score_in_another_process() -> None:
    """No salted hash(): a fresh interpreter (other PYTHONHASHSEED) gives the same bits."""
    here = [repr(cw.score_sentence(t)) for t in FACTS + NON_FACTS]
    code = (
        "from claims.checkworthiness import score_sentence as s\n"
        f"for t in {FACTS + NON_FACTS!r}: print(repr(s(t)))\n"
    )
    for seed in ("1", "12345"):
        run = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        assert run.stdout.split() == here


def test_facts_outrank_procedure_opinion_and_questions() -> None:
    facts = [cw.score_sentence(t) for t in FACTS]
    others = [cw.score_sentence(t) for t in NON_FACTS]
    assert min(facts) > max(others), (facts, others)
    # 0.5 is the balanced point (positives and negatives weigh the same in training)
    assert all(s >= 0.5 for s in facts)
    assert all(s < 0.5 for s in others)
    # the recall-minded default drops nothing worth checking
    assert all(s >= cw.recommended_threshold() for s in facts)


def test_a_casualty_figure_outranks_a_duration() -> None:
    sentence = "The war lasted two years and 3,000 people were killed."
    casualty = cw.score_claim(
        "quantity",
        "3,000 people were killed",
        sentence,
        {"value": 3000, "unit": None, "qualifier": None, "measure": "people killed"},
    )
    duration = cw.score_claim(
        "quantity",
        "The war lasted two years",
        sentence,
        {"value": 2, "unit": "year", "qualifier": None, "measure": None},
    )
    assert casualty > duration


def test_money_figure_outranks_a_bare_date_and_today() -> None:
    sentence = "Today the city spent $40 million on the bridge, which opened in May 2020."
    money = cw.score_claim("quantity", sentence, sentence, {"unit": "USD", "value": 4e7})
    date = cw.score_claim("date", sentence, sentence, {"expression": "May 2020", "date": "2020-05"})
    today = cw.score_claim("date", sentence, sentence, {"expression": "Today", "date": None})
    assert money > date > today


def test_first_person_opinion_statement_is_lowered() -> None:
    sentence = "I believe the plant closed because the company moved the jobs abroad."
    slots = {"content": "the plant closed because the company moved the jobs abroad"}
    own = cw.score_claim(
        "statement", sentence, sentence, {**slots, "speaker": "I", "cue": "believe"}
    )
    other = cw.score_claim(
        "statement", sentence, sentence, {**slots, "speaker": "The mayor", "cue": "said"}
    )
    assert own < other
    assert 0.0 <= own <= 1.0


def test_claim_text_moves_the_score_part_of_the_way() -> None:
    sentence = "Good evening, and in 2015 the factory laid off 2,000 workers."
    alone = cw.score_sentence(sentence)
    narrowed = cw.score_claim("statement", "Good evening.", sentence, {})
    assert narrowed != alone
    assert (
        min(alone, cw.score_sentence("Good evening."))
        <= narrowed
        <= max(alone, cw.score_sentence("Good evening."))
    )


def test_a_model_for_other_features_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    cw.load_model.cache_clear()
    monkeypatch.setattr(cw, "FEATURES_VERSION", cw.FEATURES_VERSION + 1)
    try:
        with pytest.raises(ConfigError, match="retrain"):
            cw.load_model()
    finally:
        cw.load_model.cache_clear()


def test_a_damaged_weights_file_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A truncated .npz (fault injected by pointing the loader at a copy) names the file."""
    real = resources.files("claims").joinpath("models")
    (tmp_path / "checkworthy.json").write_bytes(real.joinpath("checkworthy.json").read_bytes())
    (tmp_path / "checkworthy.npz").write_bytes(real.joinpath("checkworthy.npz").read_bytes()[:999])
    cw.load_model.cache_clear()
    monkeypatch.setattr(cw, "_model_file", lambda name: tmp_path / name)
    try:
        with pytest.raises(ConfigError, match=r"checkworthy\.npz.*retrain"):
            cw.score_sentence("Taxes rose 3 percent.")
    finally:
        cw.load_model.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "The budget deficit rose to $3 billion, the highest rate ever, more than twice 2004's.",
        "If we vote for it, taxes would be cut and spending will rise; thank you, moderator.",
        "",
        "Unemployment, unemployment, unemployment, unemployment and jobs.",
    ],
)
def test_word_list_cues_in_one_pass_count_as_each_list_does(text: str) -> None:
    toks = cw.tokens(text)
    assert cw._counts(toks) == [cw._count(toks, words) for words in cw._COUNTED]


def test_a_memo_scores_each_text_once_and_changes_no_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentence = "The senator voted against the $3 billion bill on Tuesday."
    claims = [("quantity", "$3 billion bill", {"unit": "USD"}), ("date", "on Tuesday", {})]
    plain = [cw.score_claim(kind, text, sentence, slots) for kind, text, slots in claims]
    scored: list[str] = []
    real = cw.Model.logit

    def counting(self: cw.Model, text: str) -> float:
        scored.append(text)
        return real(self, text)

    monkeypatch.setattr(cw.Model, "logit", counting)
    memo: dict[str, float] = {}
    memoised = [cw.score_claim(kind, text, sentence, slots, memo) for kind, text, slots in claims]
    assert memoised == plain
    assert sorted(scored) == sorted([sentence, "$3 billion bill", "on Tuesday"])  # sentence once


def test_quoted_words_of_opinion_or_feeling_are_lowered_whoever_said_them() -> None:
    sentence = 'The coach said: "I love the new stadium that the club built last year."'
    text = 'The coach said: "I love the new stadium that the club built last year".'
    base = {"speaker": "The coach", "cue": "said"}
    feeling = cw.score_claim(
        "statement", text, sentence, {**base, "content": "I love the new stadium the club built"}
    )
    record = cw.score_claim(
        "statement", text, sentence, {**base, "content": "The club built a new stadium"}
    )
    assert feeling < record
    assert cw.QUOTED_OPINION.match("we are delighted with the result")
    assert not cw.QUOTED_OPINION.match("we sold 5,000 cars")
