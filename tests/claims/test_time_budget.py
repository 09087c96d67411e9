"""The per-document time budget: a document over it is rejected with a reason, never a hang.

Budgets are injected through the extractor's setting (``RuleBasedExtractor(time_budget=...)``):
a zero budget, or a rule that burns CPU, rejects deterministically; no test asserts a duration.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.budget import BudgetExceeded, TimeBudget, budget_for, check_budget
from claims.extract import extract
from claims.pipeline import RuleBasedExtractor, config_hash, default_rules, register_extractor
from claims.reader import document_from_text
from claims.rules.base import Draft, RuleContext, Sentence
from export.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = ROOT / "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"
US = sorted((ROOT / "tests/data/us-politics").glob("*.txt"))
NO_TIME = TimeBudget(base_seconds=0.0, seconds_per_million_chars=0.0)


@pytest.fixture
def no_time_extractor() -> Iterator[str]:
    """``--extractor no-time``: the default rules with a zero budget."""
    register_extractor("no-time", lambda: RuleBasedExtractor(time_budget=NO_TIME))
    yield "no-time"


def test_cli_rejects_each_document_over_budget_with_one_line(
    tmp_path: Path, no_time_extractor: str
) -> None:
    inputs = [str(ORIGINAL), *map(str, US)]
    result = CliRunner().invoke(
        cli, ["extract", *inputs, "--out", str(tmp_path), "--extractor", no_time_extractor]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == len(inputs)  # every document reported: the batch went on
    for line, source in zip(lines, inputs, strict=True):
        name = Path(source).name  # the document's source: relative, never the local path
        assert line.startswith(f"Error: {name}: extraction stopped after its time budget")
        assert "of CPU for" in line and "TimeBudget" in line
    assert f"0 documents, 0 claims (none), {len(inputs)} rejected" in result.stderr
    assert "Traceback" not in result.stderr
    # nothing accepted: the workspace is left as it was (here: nothing written)
    assert not (tmp_path / "manifest.json").exists()


def test_default_budget_is_generous_and_recorded_in_the_config(tmp_path: Path) -> None:
    report = extract([ORIGINAL, *US], out=tmp_path)
    assert report.ok and report.documents == 1 + len(US)
    budget = report.extractor["config"]["budget"]
    assert budget == {
        "base_seconds": 30.0,
        "seconds_per_million_chars": 10.0,
        "text_per_char": 100.0,
        "clock": "CPU seconds of the extracting thread",
    }
    assert TimeBudget().seconds_for(10_000_000) == 130.0
    assert config_hash(RuleBasedExtractor()) != config_hash(RuleBasedExtractor(time_budget=NO_TIME))


def _burn(seconds: float) -> None:
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass


def _quadratic_rule(sentence: Sentence, context: RuleContext) -> list[Draft]:
    """A fault: a rule whose CPU time per sentence grows with its offset (0.5 s per million
    characters before it), as a rescan of the document before each sentence would."""
    _burn(sentence.start * 5e-7)
    return []


def test_a_quadratic_rule_is_stopped_by_the_budget_not_left_to_hang(tmp_path: Path) -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    article = tmp_path / "long.txt"
    article.write_text("\n\n".join([text] * 20), encoding="utf-8")  # 20 times as long
    slow = RuleBasedExtractor(
        [*default_rules(), ("quadratic", _quadratic_rule)],
        time_budget=TimeBudget(base_seconds=1.0, seconds_per_million_chars=0.0),
    )
    report = extract([article, ORIGINAL], out=tmp_path / "work", extractor=slow)
    # The short article needs about 0.1 s; the long one 400 times that, stopped after 1 s.
    assert [r.source for r in report.rejected] == [article.name]
    assert "time budget of 1.0 s of CPU for" in report.rejected[0].reason
    assert report.documents == 1 and report.claims > 0


def test_check_budget_is_a_no_op_outside_a_document() -> None:
    check_budget()  # rules called on their own are not limited
    with budget_for(NO_TIME, 10), pytest.raises(BudgetExceeded) as raised:
        check_budget()
    assert raised.value.chars == 10 and raised.value.seconds == 0.0
    check_budget()  # the budget ended with its block


def test_budget_rejection_leaves_the_extractor_usable() -> None:
    extractor = RuleBasedExtractor(time_budget=NO_TIME)
    document = document_from_text(ORIGINAL.read_text(encoding="utf-8"), source="a")
    with pytest.raises(BudgetExceeded):
        extractor.extract(document)
    # The same document with the default budget gives the default output (no stale state).
    assert RuleBasedExtractor().extract(document) == RuleBasedExtractor().extract(document)
    assert RuleBasedExtractor().extract(document)


def test_a_run_on_sentence_of_numbers_is_rejected_not_written_once_per_number(
    tmp_path: Path,
) -> None:
    # One 40 KB "sentence" with 4,500 numbers: each quantity claim's text is the sentence, so
    # the claims would repeat 180 MB; the writer would spend minutes on it.
    run_on = tmp_path / "run-on.txt"
    run_on.write_text("Rates\n\n" + "the rate rose 1,000 2.5 3% " * 1500 + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["extract", str(run_on), str(ORIGINAL), "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {run_on.name}: its ")
    assert "claims would repeat" in errors[0] and "break its long lines" in errors[0]
    assert "1 document," in result.stderr and "1 rejected" in result.stderr
    assert (tmp_path / "w" / "claims.jsonl").stat().st_size < 100_000
