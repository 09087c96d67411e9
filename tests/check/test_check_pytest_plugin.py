"""The pytest plugin (``pytest --claimset-dataset DIR``), run in real pytest sessions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from corruptions import reseal, set_value

from export.check import rule_ids

pytest_plugins = ["pytester"]

RULES = len(rule_ids("dataset"))
#: In-process runs re-load the entry point after claimset is imported: pytest then warns that
#: it cannot rewrite asserts in the already imported packages (a real run never sees this).
QUIET = ("-p", "no:cacheprovider", "-W", "ignore::pytest.PytestAssertRewriteWarning")


def test_clean_dataset_gives_one_passing_item_per_rule(
    pytester: pytest.Pytester, built_dataset: Path
) -> None:
    # No test file at all: the rule items are still collected.
    result = pytester.runpytest(*QUIET, "--claimset-dataset", str(built_dataset), "-v")
    result.assert_outcomes(passed=RULES, warnings=1)
    result.stdout.fnmatch_lines(["*claimset[[]dataset[]]::spans PASSED*", "*coverage.incomplete*"])
    assert result.ret == pytest.ExitCode.OK


def test_corrupted_dataset_fails_the_rule_item(pytester: pytest.Pytester, dataset: Path) -> None:
    set_value(dataset, "claims", "span_text", 0, lambda v: v + "x")
    reseal(dataset)
    pytester.makepyfile(test_team="def test_team_code():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest(*QUIET, "--claimset-dataset", str(dataset))
    result.assert_outcomes(passed=RULES, failed=1, warnings=1)  # the team's test + the other rules
    result.stdout.fnmatch_lines(
        [
            "*claimset rule 'spans' failed: 1 error(s)*",
            "*spans.text [[]claims/train row 0 claim-*",
            "FAILED *claimset[[]dataset[]]::spans - claimset rule*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_select_rules_with_k_and_thresholds(pytester: pytest.Pytester, built_dataset: Path) -> None:
    result = pytester.runpytest(
        *QUIET,
        "--claimset-dataset",
        str(built_dataset),
        "-k",
        "coverage or agreement",
        "--claimset-min-coverage",
        "1.0",
        "--claimset-min-alpha",
        "0.9",
    )
    result.assert_outcomes(failed=2, deselected=RULES - 2)


def test_junitxml_has_a_testcase_per_rule(
    pytester: pytest.Pytester, built_dataset: Path, tmp_path: Path
) -> None:
    xml = tmp_path / "junit.xml"
    pytester.runpytest(*QUIET, "--claimset-dataset", str(built_dataset), f"--junitxml={xml}")
    text = xml.read_text()
    assert text.count("<testcase") == RULES and 'name="privacy"' in text


def test_ini_option_and_relative_path(pytester: pytest.Pytester, built_dataset: Path) -> None:
    pytester.makeini(f"[pytest]\nclaimset_dataset = {built_dataset}\n")
    result = pytester.runpytest(*QUIET, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["claimset[[]dataset[]]::schema", "claimset[[]dataset[]]::croissant"]
    )


def test_unreadable_dataset_is_a_usage_error(pytester: pytest.Pytester, tmp_path: Path) -> None:
    result = pytester.runpytest(*QUIET, "--claimset-dataset", str(tmp_path / "missing"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--claimset-dataset*no such directory*"])


def test_unreadable_parquet_fails_the_items_that_read_it(
    pytester: pytest.Pytester, dataset: Path
) -> None:
    (dataset / "data" / "claims" / "train-00000-of-00001.parquet").write_bytes(b"garbage")
    result = pytester.runpytest(*QUIET, "--claimset-dataset", str(dataset), "-k", "spans")
    result.assert_outcomes(failed=1, deselected=RULES - 1)
    result.stdout.fnmatch_lines(["*claimset rule 'spans' could not read the data*Parquet*"])


def test_inert_without_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_team="def test_team_code():\n    assert True\n")
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1)
    assert "claimset[" not in result.stdout.str()


def test_plugin_import_is_cheap() -> None:
    code = (
        "import sys, export.check.pytest_plugin\n"
        "heavy = [m for m in ('pyarrow', 'datasets', 'numpy', 'pandas') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
