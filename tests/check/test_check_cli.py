"""``claimset check``: exit status and every output format, through the real command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from corruptions import reseal, set_value

from export.check import rule_ids
from export.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_clean_dataset_exits_0_with_a_text_report(built_dataset: Path) -> None:
    code, out, _ = run(str(built_dataset))
    assert code == 0
    lines = out.splitlines()
    for rule in rule_ids("dataset"):
        assert any(line.split()[1:2] == [rule] for line in lines), rule
    assert "warn coverage" in out and "[1 warning]" in out
    assert lines[-1].startswith("OK: dataset ") and "0 errors, 1 warning" in lines[-1]


def test_corrupted_dataset_exits_1_and_groups_findings_by_rule(dataset: Path) -> None:
    set_value(dataset, "claims", "end", 0, lambda v: 10**6)
    code, out, _ = run(str(dataset))
    assert code == 1
    assert "FAIL spans" in out
    spans_block = out.split("FAIL spans", 1)[1].split("\n", 2)[1]
    assert "spans.out_of_range [claims/train row 0 claim-" in spans_block
    assert out.splitlines()[-1].startswith("FAILED: dataset")
    # The end moved also changes the id the span gives, and the file no longer has its hash.
    assert "(failed: claim_ids, spans, content_hash)" in out


def test_unreadable_input_and_bad_arguments_exit_2(tmp_path: Path, built_dataset: Path) -> None:
    code, _, err = run(str(tmp_path / "nowhere"))
    assert code == 2 and err.startswith("Error: ") and "no such directory" in err
    assert run(str(built_dataset), "--min-coverage", "1.5")[0] == 2
    assert run(str(built_dataset), "--format", "xml")[0] == 2
    assert run(str(built_dataset), "--rule", "nonsense")[0] == 2
    assert run()[0] == 2


def test_thresholds_on_the_command_line(built_dataset: Path) -> None:
    assert run(str(built_dataset), "--min-coverage", "0.9")[0] == 0
    assert run(str(built_dataset), "--min-coverage", "1")[0] == 1
    assert run(str(built_dataset), "--min-alpha", "0.95")[0] == 1
    assert run(str(built_dataset), "--min-annotations", "1", "--min-coverage", "1")[0] == 1


def test_json_format(dataset: Path) -> None:
    set_value(dataset, "claims", "claim_text", 0, lambda v: v + " mail me: a.b@example.com")
    code, out, _ = run(str(dataset), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["kind"] == "dataset"
    privacy = next(r for r in data["rules"] if r["rule"] == "privacy")
    assert privacy["status"] == "failed" and privacy["errors"] == 1
    (finding,) = privacy["findings"]
    assert finding["config"] == "claims" and finding["split"] == "train" and finding["row"] == 0
    assert finding["claim_id"].startswith("claim-")
    assert "a.b@example.com" not in out  # the report names the problem, not the secret


def test_junit_format(dataset: Path, tmp_path: Path) -> None:
    set_value(dataset, "claims", "num_annotations", 0, lambda v: v + 5)
    reseal(dataset)  # only the aggregates fail, not the content hash too
    report = tmp_path / "reports" / "claimset.xml"
    code, out, _ = run(str(dataset), "--format", "junit", "--output", str(report))
    assert code == 1
    assert out.startswith("FAILED: dataset")
    root = ET.parse(report).getroot()
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == rule_ids("dataset")
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "1"
    failure = cases["aggregates"].find("failure")
    assert failure is not None and "aggregates.num_annotations" in (failure.text or "")
    assert cases["spans"].find("failure") is None
    coverage_out = cases["coverage"].find("system-out")
    assert coverage_out is not None and "coverage.incomplete" in (coverage_out.text or "")


def test_github_format(dataset: Path) -> None:
    set_value(dataset, "claims", "span_text", 1, lambda v: v + "x")
    reseal(dataset)
    code, out, _ = run(str(dataset), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert errors and all("title=claimset spans" in line for line in errors)
    assert f"file={dataset.as_posix()}/data/claims/train-00000-of-00001.parquet" in errors[0]
    assert "::[claims/train row 1 claim-" in errors[0]
    assert any(line.startswith("::warning ") and "coverage" in line for line in lines)
    assert lines[-1].startswith("::notice title=claimset check::FAILED")
    assert all(line.startswith("::") for line in lines)


def test_github_format_escapes_newlines_and_percent() -> None:
    from export.check.formats import _data, _prop

    assert _data("50%\nnext") == "50%25%0Anext"
    assert _prop("a,b:c") == "a%2Cb%3Ac"
