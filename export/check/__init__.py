"""``claimset check``: the consistency checks a team runs on its claim dataset in CI.

``check(path)`` runs every rule on a built dataset (or a workspace) and returns a
``CheckReport``; ``export.check.cli`` is the command, ``export.check.pytest_plugin`` the pytest
plugin (``pytest --claimset-dataset DIR``).

The names below are imported on first use: the pytest plugin lives in this package and is loaded
by every pytest run, so importing the package must not pull in pyarrow and ``datasets``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from export.check.api import DATASET_RULES, check, rule_ids
    from export.check.report import CheckReport, Finding, RuleResult, Severity

_WHERE = {
    "DATASET_RULES": "export.check.api",
    "check": "export.check.api",
    "rule_ids": "export.check.api",
    "CheckReport": "export.check.report",
    "Finding": "export.check.report",
    "RuleResult": "export.check.report",
    "Severity": "export.check.report",
}

__all__ = ["DATASET_RULES", "CheckReport", "Finding", "RuleResult", "Severity", "check", "rule_ids"]


def __getattr__(name: str) -> Any:
    """Import the public names lazily (see the module docstring)."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
