"""Render a ``CheckReport`` for people and for CI: text, JSON, JUnit XML, GitHub annotations."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from export.check.report import CheckReport, Finding, RuleResult, Severity

FORMATS = ("text", "json", "junit", "github")
MARK = {"passed": "ok  ", "warning": "warn", "failed": "FAIL"}


def render(report: CheckReport, fmt: str) -> str:
    """The report in format ``fmt`` (one of ``FORMATS``), ending with a newline."""
    renderers = {"text": to_text, "json": to_json, "junit": to_junit, "github": to_github}
    return renderers[fmt](report)


def to_text(report: CheckReport) -> str:
    """Grouped by rule: a status line with counts, then its findings and notes; a summary."""
    lines = [f"claimset check {report.path} ({report.kind})", ""]
    width = max([11, *(len(r.rule) for r in report.results)])
    for r in report.results:
        lines.append(f"{MARK[r.status]} {r.rule:<{width}} {_counts(r)}  {r.description}")
        lines.extend(f"       {note}" for note in r.notes)
        lines.extend(f"       {f.severity}: {f.line()}" for f in r.findings)
        if r.omitted:
            lines.append(f"       ... and {r.omitted} more ({_per_rule(r)})")
    lines += ["", report.summary()]
    return "\n".join(lines) + "\n"


def _counts(r: RuleResult) -> str:
    parts = []
    if r.error_count:
        parts.append(f"{r.error_count} error{'s' if r.error_count != 1 else ''}")
    if r.warning_count:
        parts.append(f"{r.warning_count} warning{'s' if r.warning_count != 1 else ''}")
    return f"[{', '.join(parts) or 'clean'}]"


def _per_rule(r: RuleResult) -> str:
    return ", ".join(f"{code}: {n}" for (code, _), n in sorted(r.counts.items()))


def to_json(report: CheckReport) -> str:
    """``CheckReport.to_dict()`` as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def to_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per rule; errors are failures, warnings go to system-out."""
    suite = ET.Element(
        "testsuite",
        name="claimset check",
        tests=str(len(report.results)),
        failures=str(sum(1 for r in report.results if not r.ok)),
        errors="0",
        skipped="0",
        time=f"{report.seconds:.3f}",
    )
    ET.SubElement(
        ET.SubElement(suite, "properties"), "property", name="path", value=str(report.path)
    )
    for r in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"claimset.{report.kind}",
            name=r.rule,
            time=f"{r.seconds:.3f}",
        )
        errors = [f for f in r.findings if f.severity == Severity.ERROR]
        if r.error_count:
            failure = ET.SubElement(
                case,
                "failure",
                type=r.rule,
                message=f"{r.error_count} error(s): {errors[0].line() if errors else r.rule}",
            )
            failure.text = "\n".join(f.line() for f in errors) + _more(r)
        others = [f.line() for f in r.findings if f.severity == Severity.WARNING] + r.notes
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(others)
    root = ET.Element(
        "testsuites",
        name="claimset check",
        tests=suite.get("tests", "0"),
        failures=suite.get("failures", "0"),
        errors="0",
        time=suite.get("time", ""),
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _more(r: RuleResult) -> str:
    return f"\n... and {r.omitted} more" if r.omitted else ""


def to_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::error file=...,title=...::message`` per finding."""
    lines = []
    for r in report.results:
        for f in r.findings:
            lines.append(_annotation(report, f))
        if r.omitted:
            level = "error" if r.error_count else "warning"
            lines.append(
                f"::{level} title={_prop('claimset ' + r.rule)}::"
                f"{_data(f'{r.omitted} more findings of rule {r.rule} not shown')}"
            )
    lines.append(f"::notice title=claimset check::{_data(report.summary())}")
    return "\n".join(lines) + "\n"


def _annotation(report: CheckReport, f: Finding) -> str:
    level = "error" if f.severity == Severity.ERROR else "warning"
    props = []
    if f.file is not None:
        props.append(f"file={_prop((report.path / f.file).as_posix())}")
    props.append(f"title={_prop('claimset ' + f.rule)}")
    location = f"[{f.location}] " if f.location else ""
    return f"::{level} {','.join(props)}::{_data(location + f.message)}"


def _data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
