"""The rule engine: a registry of rules, the emitter they report through, and the run loop.

A rule is a function over a loaded source (a dataset or a workspace) that reports problems to an
``Emitter``. The emitter keeps the first ``cap`` findings of each sub-rule and counts the rest, so
a rule can hand it a boolean mask over a million rows and only the first few become messages.
A rule that cannot run (a column it needs is missing, a value of the wrong type) reports one
``<family>.unavailable`` error instead of stopping the whole check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from claims.errors import InputError
from export.check.report import Finding, RuleResult, Severity

DEFAULT_CAP = 20

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Options:
    """The thresholds of a run (the CLI and pytest options)."""

    min_annotations: int = 2
    min_coverage: float | None = None
    min_alpha: float | None = None
    cap: int = DEFAULT_CAP
    full_croissant: bool = False


@dataclass(frozen=True, slots=True)
class Where:
    """Where rows live: a config/split (and its file), plus the ``claim_id`` of each row if any."""

    config: str | None = None
    split: str | None = None
    file: str | None = None
    claim_ids: Any = None  # a pyarrow string array aligned with the rows, or None
    rows: Any = None  # row numbers within the split when rows were concatenated, or None


class RuleUnavailable(Exception):
    """Raised inside a rule when it cannot run; becomes one ``<family>.unavailable`` error."""


class Emitter:
    """Collects one rule family's findings: the first ``cap`` per sub-rule, counts for all."""

    def __init__(self, family: str, result: RuleResult, *, cap: int = DEFAULT_CAP) -> None:
        self.family = family
        self.result = result
        self.cap = cap
        self._kept: dict[str, int] = {}

    def _code(self, code: str) -> str:
        return self.family if not code else f"{self.family}.{code}"

    def _count(self, rule: str, severity: Severity, n: int) -> int:
        """Count ``n`` occurrences; return how many more findings may still be kept."""
        key = (rule, severity)
        self.result.counts[key] = self.result.counts.get(key, 0) + n
        return max(self.cap - self._kept.get(rule, 0), 0)

    def _keep(self, finding: Finding) -> None:
        self._kept[finding.rule] = self._kept.get(finding.rule, 0) + 1
        self.result.findings.append(finding)

    def add(
        self,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        where: Where | None = None,
        row: int | None = None,
        claim_id: str | None = None,
    ) -> None:
        """Report one problem (``code`` is the sub-rule, ``""`` for the family itself)."""
        rule = self._code(code)
        if self._count(rule, severity, 1) <= 0:
            return
        w = where or Where()
        self._keep(Finding(rule, severity, message, w.config, w.split, row, claim_id, w.file))

    def rows(
        self,
        code: str,
        bad: npt.NDArray[Any],
        where: Where,
        message: Callable[[int], str],
        *,
        severity: Severity = Severity.ERROR,
    ) -> int:
        """Report every row where ``bad`` is true (a mask, or row indices); return how many.

        ``message(i)`` is called for the kept rows only, so it may be slow-ish (it usually reads
        a few values with ``.as_py()``).
        """
        bad = np.asarray(bad)
        index = np.flatnonzero(bad) if bad.dtype == np.bool_ else bad.astype(np.int64)
        if len(index) == 0:
            return 0
        rule = self._code(code)
        room = self._count(rule, severity, len(index))
        for i in index[:room].tolist():
            claim_id = None
            if where.claim_ids is not None:
                claim_id = where.claim_ids[i].as_py()
            row = int(where.rows[i]) if where.rows is not None else i
            finding = Finding(rule, severity, message(i), where.config, where.split, row, claim_id)
            self._keep(_with_file(finding, where.file))
        return len(index)

    def note(self, text: str) -> None:
        """A summary line shown with the rule (e.g. a coverage share); not a finding."""
        self.result.notes.append(text)


def _with_file(finding: Finding, file: str | None) -> Finding:
    if file is None:
        return finding
    return Finding(
        finding.rule,
        finding.severity,
        finding.message,
        finding.config,
        finding.split,
        finding.row,
        finding.claim_id,
        file,
    )


RuleFunction = Callable[[S, Emitter, Options], None]


@dataclass(frozen=True, slots=True)
class Rule(Generic[S]):
    """One rule family: an id, what it checks, the severity it reports by default, and the code."""

    id: str
    description: str
    run: Callable[[S, Emitter, Options], None]
    severity: Severity = Severity.ERROR


def select(rules: Sequence[Rule[S]], wanted: Iterable[str] | None) -> list[Rule[S]]:
    """The rules named in ``wanted`` (families or ``family.detail``), in registry order."""
    if wanted is None:
        return list(rules)
    families = {w.split(".", 1)[0] for w in wanted}
    known = {r.id for r in rules}
    unknown = sorted(families - known)
    if unknown:
        raise InputError(
            f"unknown rule(s) {', '.join(unknown)}; known rules: {', '.join(sorted(known))}"
        )
    return [r for r in rules if r.id in families]


def run_rules(
    source: S, rules: Sequence[Rule[S]], options: Options, *, workers: int = 1
) -> list[RuleResult]:
    """Run each rule on ``source``; a rule that cannot run reports why and the others go on.

    With ``workers > 1`` the rules run in that many threads (numpy and Arrow release the GIL;
    the source computes shared values once); results keep the order of ``rules``.
    """
    if workers <= 1 or len(rules) <= 1:
        return [_run_one(source, rule, options) for rule in rules]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimset-check") as pool:
        return list(pool.map(lambda rule: _run_one(source, rule, options), rules))


def _run_one(source: S, rule: Rule[S], options: Options) -> RuleResult:
    result = RuleResult(rule=rule.id, description=rule.description)
    emitter = Emitter(rule.id, result, cap=options.cap)
    started = time.perf_counter()
    try:
        rule.run(source, emitter, options)
    except InputError:
        raise
    except RuleUnavailable as e:
        emitter.add("unavailable", f"rule could not run: {e}")
    except Exception as e:  # a malformed dataset must not hide the other rules' findings
        emitter.add("unavailable", f"rule could not run: {type(e).__name__}: {e}")
    result.seconds = time.perf_counter() - started
    return result
