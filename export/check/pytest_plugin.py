"""pytest plugin: ``pytest --claimset-dataset DIR`` checks a claim dataset, one test per rule.

Installed through the ``pytest11`` entry point, so it is loaded by every pytest run of anyone who
installs claimset. Without ``--claimset-dataset`` (or the ``claimset_dataset`` ini key) it does
nothing, and importing it costs only pytest itself: the checker is imported when a test runs.

With the option, one item per rule family (``claimset::spans``...) is added to the session, also
when no test file is collected, so ``-k``, ``--junitxml`` and CI reports work as for any test.
The dataset is opened once per session; each item runs its own rule, so ``-k spans`` runs only
the span checks. A rule with errors fails; its warnings become pytest warnings.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from export.check.engine import Options, Rule
    from export.check.report import RuleResult
    from export.check.source import DatasetSource

OPTION = "--claimset-dataset"
_SESSION_KEY = pytest.StashKey["_Session"]()


class ClaimsetWarning(UserWarning):
    """A warning finding of a claimset rule (e.g. incomplete coverage)."""


class RuleFailed(Exception):
    """A claimset rule found errors; the message lists them."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--claimset-dataset DIR`` and the thresholds of ``claimset check``."""
    group = parser.getgroup("claimset", "claim dataset checks (claimset check)")
    group.addoption(
        OPTION,
        metavar="DIR",
        default=None,
        help="Check the claimset dataset (or workspace) in DIR, one test per rule.",
    )
    group.addoption(
        "--claimset-min-annotations",
        type=int,
        default=2,
        metavar="N",
        help="Live annotations a claim needs to count as covered (default 2).",
    )
    group.addoption(
        "--claimset-min-coverage",
        type=float,
        default=None,
        metavar="X",
        help="Fail the coverage rule below this share of covered claims.",
    )
    group.addoption(
        "--claimset-min-alpha",
        type=float,
        default=None,
        metavar="X",
        help="Fail the agreement rule when Krippendorff's alpha is below this.",
    )
    parser.addini("claimset_dataset", "Dataset directory checked as with --claimset-dataset.")


class _Session:
    """The dataset opened once per pytest session, shared by the rule items."""

    def __init__(self, path: Path, kind: str, source: DatasetSource, options: Options) -> None:
        self.path, self.kind, self.source, self.options = path, kind, source, options


def _dataset_path(config: pytest.Config) -> Path | None:
    value = config.getoption(OPTION) or config.getini("claimset_dataset")
    if not value:
        return None
    path = Path(str(value))
    return path if path.is_absolute() else Path(config.invocation_params.dir) / path


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Append one item per rule when a dataset is given (before ``-k``/``-m`` deselection)."""
    path = _dataset_path(config)
    if path is None:
        return
    from claims.errors import ClaimsetError
    from export.check.api import make_options, open_source

    try:
        options = make_options(
            config.getoption("--claimset-min-annotations"),
            config.getoption("--claimset-min-coverage"),
            config.getoption("--claimset-min-alpha"),
        )
        kind, source, rules = open_source(path)
    except ClaimsetError as e:
        raise pytest.UsageError(f"{OPTION}: {e}") from None
    config.stash[_SESSION_KEY] = _Session(path, kind, source, options)
    name = f"claimset[{path.name}]"
    parent = DatasetNode.from_parent(session, name=name, path=path, nodeid=name)
    items.extend(RuleItem.from_parent(parent, name=rule.id, rule=rule) for rule in rules)


class DatasetNode(pytest.Collector):
    """The dataset as a node of the session tree (the parent of the rule items)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return []  # items are created by pytest_collection_modifyitems


class RuleItem(pytest.Item):
    """One rule family run on the dataset."""

    def __init__(self, *, rule: Rule[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule
        self.add_marker(pytest.mark.claimset)

    def runtest(self) -> None:
        from claims.errors import ClaimsetError
        from export.check.engine import run_rules

        state: _Session = self.config.stash[_SESSION_KEY]
        try:
            (result,) = run_rules(state.source, [self.rule], state.options)
        except ClaimsetError as e:  # e.g. a Parquet file that cannot be read
            raise RuleFailed(
                f"claimset rule {self.rule.id!r} could not read the data: {e}"
            ) from None
        self.user_properties.append(("claimset_rule", self.rule.id))
        for note in result.notes:
            self.add_report_section("call", "claimset", note)
        _warn(result)
        if not result.ok:
            raise RuleFailed(_failure_text(result))

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> Any:  # str, or pytest's own failure representation (a private type)
        if isinstance(excinfo.value, RuleFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"claimset {self.rule.id}: {self.rule.description}"


def _warn(result: RuleResult) -> None:
    from export.check.report import Severity

    for finding in result.findings:
        if finding.severity == Severity.WARNING:
            warnings.warn(ClaimsetWarning(finding.line()), stacklevel=1)


def _failure_text(result: RuleResult) -> str:
    from export.check.report import Severity

    lines = [f"claimset rule {result.rule!r} failed: {result.error_count} error(s)"]
    lines += [f"  {f.line()}" for f in result.findings if f.severity == Severity.ERROR]
    if result.omitted:
        lines.append(f"  ... and {result.omitted} more")
    return "\n".join(lines)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``claimset`` marker (items carry it, so ``-m claimset`` selects them)."""
    config.addinivalue_line("markers", "claimset: a claimset dataset rule (--claimset-dataset)")
