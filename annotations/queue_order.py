"""The order claims are imported into Label Studio: the most check-worthy first.

Label Studio's default labeling queue (sequential sampling, no Data Manager ordering) hands an
annotator the unfinished task with the lowest id, and ids grow in import order; so importing the
tasks by descending check-worthiness makes annotators meet the claims that most need checking
first. Ties, and claims without a score (last), keep the workspace's order (a stable sort).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["by_checkworthiness", "payload_score"]


def payload_score(payload: Mapping[str, Any]) -> float | None:
    """The check-worthiness a task payload carries in its ``data`` (None when it has none)."""
    value = payload.get("data", {}).get("checkworthiness")
    return float(value) if isinstance(value, int | float) else None


def by_checkworthiness(
    claim_ids: Iterable[str], payloads: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """``claim_ids`` sorted by their payload's score, highest first, stable for ties."""

    def key(claim_id: str) -> tuple[bool, float]:
        score = payload_score(payloads[claim_id])
        return (score is None, -(score or 0.0))

    return sorted(claim_ids, key=key)
