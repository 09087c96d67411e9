"""The human-readable summary ``claimset export`` prints."""

from __future__ import annotations

import sys
from collections.abc import Callable

from claims.wording import plural
from export.build import ExportReport


def _alpha(value: object) -> str:
    return "n/a" if value is None else f"{float(str(value)):.3f}"


def summary_lines(report: ExportReport) -> list[str]:
    """A few lines: what was written, agreement, what was left out, how to load it."""
    claims = report.splits.get("claims", {})
    lines = [
        f"wrote {report.out}: {plural(report.num_claims, 'claim')}, "
        f"{plural(report.num_documents, 'document')}, "
        f"{plural(report.num_annotations, 'annotation')} and "
        f"{plural(report.num_cancelled, 'skip')}",
        "claims per split: " + ", ".join(f"{s}={n}" for s, n in claims.items()),
        f"needs adjudication: {report.needs_adjudication}",
        "Krippendorff's alpha (nominal): "
        + ", ".join(
            f"{name}={_alpha(a['krippendorff_alpha'])} over {plural(a['num_claims'], 'claim')}"
            for name, a in report.agreement.items()
        ),
    ]
    lines.extend(_agreement_lines(report))
    lines.append(f"licence: {report.license}")
    if report.superseded_annotations:
        lines.append(f"older versions replaced by updates: {report.superseded_annotations}")
    for reason, n in report.rejected_claims.items():
        lines.append(f"left out {plural(n, 'claim')}: {reason}")
    for reason, n in report.rejected_annotations.items():
        lines.append(f"left out {plural(n, 'annotation')}: {reason}")
    lines.extend(f"warning: {w}" for w in report.warnings)
    lines.append(f'load it with: datasets.load_dataset("{report.out}")')
    return lines


def _agreement_lines(report: ExportReport) -> list[str]:
    """Alpha per claim type, and the annotators furthest from the majority (verdict)."""
    verdict = report.agreement.get("verdict", {})
    lines = []
    by_type = verdict.get("by_claim_type", {})
    if by_type:
        lines.append(
            "verdict alpha per claim type: "
            + ", ".join(f"{t}={_alpha(f['krippendorff_alpha'])}" for t, f in by_type.items())
        )
    annotators = verdict.get("annotators", {})
    if annotators:
        low = sorted(annotators.items(), key=lambda kv: (kv[1]["rate"], kv[0]))[:3]
        lines.append(
            "verdicts equal to the majority, lowest: "
            + ", ".join(f"{who}={f['rate']:.3f} of {f['compared']}" for who, f in low)
        )
    return lines


def progress_printer() -> Callable[[int], None] | None:
    """A progress callback that rewrites one stderr line, or None when stderr is not a TTY."""
    if not sys.stderr.isatty():
        return None

    def show(claims: int) -> None:
        sys.stderr.write(f"\rexported {plural(claims, 'claim')}")
        sys.stderr.flush()

    return show
