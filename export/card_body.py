"""The prose of the dataset card: how the data was made, labels, agreement, provenance, limits."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from export.build import ExportReport


def body(report: ExportReport) -> str:
    """Markdown body of ``README.md`` (placeholder, expanded below)."""
    return "# claimset dataset\n"
