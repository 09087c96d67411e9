"""Review-round parts without a server: selectors, the earlier-verdicts line, the config."""

from __future__ import annotations

import pytest

from annotations.config import EARLIER_TITLE, render_config, validate_config
from annotations.model import Annotation
from annotations.rounds import EarlierAnswer, Selector, earlier_verdicts_text, parse_selectors
from annotations.wire import WireError, annotation_from_wire
from claims.errors import InputError


def test_selectors_parse_repeated_and_comma_lists_once_each() -> None:
    parsed = parse_selectors(["needs-adjudication,quality:wrong_span_or_values", "unannotated",
                              "verdict:refuted", "needs-adjudication"])  # fmt: skip
    assert parsed == [
        Selector("needs-adjudication"),
        Selector("label", "claim_quality", "wrong_span_or_values"),
        Selector("unannotated"),
        Selector("label", "verdict", "refuted"),
    ]
    assert [str(s) for s in parsed][1] == "quality:wrong_span_or_values"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("quality:wrong", "'wrong' is not a value of claim_quality; use one of correct,"),
        ("stance:pro", "not a selector; use one of needs-adjudication, unannotated"),
        ("adjudicate", "not a selector"),
        (",", "no selector given"),
    ],
)
def test_a_bad_selector_names_itself_and_the_choices(raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_selectors([raw])
    assert info.value.exit_code == 2 and "\n" not in str(info.value)


def test_earlier_verdicts_line_uses_pseudonyms_and_the_page_labels() -> None:
    answers = [
        EarlierAnswer(
            "annotator-3f2a1b0c9d8e", 1, {"verdict": "supported", "claim_quality": "correct"}
        ),
        EarlierAnswer(
            "annotator-0a0b0c0d0e0f", 1, {"verdict": None, "claim_quality": "not_atomic"}
        ),
    ]
    assert earlier_verdicts_text(answers) == (
        "annotator-3f2a1b0c9d8e: Supported, extraction Correct (round 1) · "
        "annotator-0a0b0c0d0e0f: no answer, extraction Not atomic (round 1)"
    )
    assert earlier_verdicts_text([]).startswith("No earlier answers")


def test_only_the_review_config_shows_earlier_verdicts_and_both_fit_the_schema() -> None:
    first, review = render_config(), render_config(review=True)
    assert "$earlier_verdicts" not in first and EARLIER_TITLE not in first
    assert "$earlier_verdicts" in review and EARLIER_TITLE in review
    validate_config(first)
    validate_config(review)  # a pull of a review project accepts its config


def test_round_comes_from_the_task_data_and_old_records_are_round_one() -> None:
    task = {"id": 7, "data": {"claim_id": "c1", "text": "abc", "round": 2}}
    answer = {"id": 9, "completed_by": 3, "result": [], "created_at": "2026-11-24T16:20:43Z"}
    assert annotation_from_wire(task, answer, salt="s", project_id=1).round == 2
    task["data"].pop("round")
    record = annotation_from_wire(task, answer, salt="s", project_id=1).to_dict()
    assert record["round"] == 1
    record.pop("round")
    assert Annotation.from_dict(record).round == 1
    task["data"]["round"] = "second"
    with pytest.raises(WireError, match="round 'second' is not a round number"):
        annotation_from_wire(task, answer, salt="s", project_id=1)
