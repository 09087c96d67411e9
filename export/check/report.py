"""What a check run found: findings, per-rule results and the report CI reads.

A finding is one problem at one place (config, split, row, ``claim_id``). Rules cap how many
findings they keep (a broken million-row dataset must not print a million lines) but always
count every occurrence, so the totals stay exact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.wording import plural

if TYPE_CHECKING:
    import pandas as pd


def clip(value: object, limit: int = 80) -> str:
    """``repr(value)``, shortened to about ``limit`` characters (a message stays one line)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}…{text[-3:]}"


class Severity(StrEnum):
    """An error fails the check (exit 1); a warning is reported and does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``rule`` is ``family`` or ``family.detail`` (e.g. ``spans.out_of_range``)."""

    rule: str
    severity: Severity
    message: str
    config: str | None = None
    split: str | None = None
    row: int | None = None
    claim_id: str | None = None
    file: str | None = None  # path relative to the checked directory, for CI annotations

    @property
    def family(self) -> str:
        """The rule family (the test item / JUnit test case it belongs to)."""
        return self.rule.split(".", 1)[0]

    @property
    def location(self) -> str:
        """``config/split row N claim_id``, only the parts that are known."""
        parts = []
        if self.config is not None:
            parts.append(self.config if self.split is None else f"{self.config}/{self.split}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.claim_id is not None:
            parts.append(self.claim_id)
        if not parts and self.file is not None:
            parts.append(self.file)
        return " ".join(parts)

    def line(self) -> str:
        """The one-line form: ``rule [location]: message``."""
        where = f" [{self.location}]" if self.location else ""
        return f"{self.rule}{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {**asdict(self), "severity": str(self.severity)}


@dataclass(slots=True)
class RuleResult:
    """The outcome of one rule: the findings kept, exact counts and summary notes."""

    rule: str
    description: str
    findings: list[Finding] = field(default_factory=list)
    #: Every occurrence per ``(rule, severity)``, including the findings not kept.
    counts: dict[tuple[str, Severity], int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, severity: Severity) -> int:
        """How many occurrences of ``severity`` the rule saw (kept or not)."""
        return sum(n for (_, sev), n in self.counts.items() if sev == severity)

    @property
    def error_count(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warning_count(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def omitted(self) -> int:
        """Occurrences counted but not kept as findings (beyond the cap)."""
        return sum(self.counts.values()) - len(self.findings)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def status(self) -> str:
        """``failed``, ``warning`` or ``passed``."""
        if self.error_count:
            return "failed"
        return "warning" if self.warning_count else "passed"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {
            "rule": self.rule,
            "description": self.description,
            "status": self.status,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "omitted": self.omitted,
            "counts": {f"{code}:{sev}": n for (code, sev), n in sorted(self.counts.items())},
            "notes": list(self.notes),
            "seconds": round(self.seconds, 4),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class CheckReport:
    """Everything ``check`` found in one dataset or workspace."""

    path: Path
    kind: str  # "dataset" or "workspace"
    results: list[RuleResult]
    seconds: float = 0.0

    @property
    def findings(self) -> list[Finding]:
        """Every finding kept, rule by rule."""
        return [f for r in self.results for f in r.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    @property
    def error_count(self) -> int:
        """Every error occurrence, including those beyond a rule's cap."""
        return sum(r.error_count for r in self.results)

    @property
    def warning_count(self) -> int:
        return sum(r.warning_count for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no rule found an error (warnings allowed)."""
        return self.error_count == 0

    @property
    def exit_code(self) -> int:
        """0 when clean, 1 when any error (2 is for unreadable input, raised before a report)."""
        return 0 if self.ok else 1

    def result(self, rule: str) -> RuleResult:
        """The result of rule family ``rule``."""
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def failed_rules(self) -> list[str]:
        """The families with at least one error."""
        return [r.rule for r in self.results if not r.ok]

    def summary(self) -> str:
        """One line: the verdict and the counts."""
        verdict = "OK" if self.ok else "FAILED"
        failed = self.failed_rules()
        tail = f" (failed: {', '.join(failed)})" if failed else ""
        return (
            f"{verdict}: {self.kind} {self.path}: {plural(len(self.results), 'rule')}, "
            f"{plural(self.error_count, 'error')}, {plural(self.warning_count, 'warning')}{tail}"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (the ``--format json`` output)."""
        return {
            "path": str(self.path),
            "kind": self.kind,
            "ok": self.ok,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "seconds": round(self.seconds, 4),
            "rules": [r.to_dict() for r in self.results],
        }

    def to_dataframe(self) -> pd.DataFrame:
        """The kept findings as a pandas DataFrame, one row per finding."""
        import pandas as pd

        columns = ["rule", "severity", "message", "config", "split", "row", "claim_id", "file"]
        frame = pd.DataFrame([f.to_dict() for f in self.findings], columns=columns)
        return frame.astype({"row": "Int64"})
