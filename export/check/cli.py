"""``claimset check``: parse the options, call ``export.check.check``, print the report.

Exit status: 0 clean, 1 any error finding, 2 unreadable input or wrong arguments.
"""

from __future__ import annotations

from pathlib import Path

import click

from claims.errors import ClaimsetError
from export.check.formats import FORMATS, render


@click.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people; json, junit or github for CI.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE (e.g. the JUnit XML) and print only the summary.",
)
@click.option(
    "--min-annotations",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Live annotations a claim needs to count as covered.",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0.0, 1.0),
    help="Fail below this share of covered claims (else a warning).",
)
@click.option(
    "--min-alpha",
    type=click.FloatRange(-1.0, 1.0),
    help="Fail when Krippendorff's alpha of verdict or claim_quality is below this.",
)
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="ID",
    help="Run only this rule family (repeatable), e.g. --rule spans.",
)
@click.option(
    "--full-croissant", is_flag=True, help="Also validate croissant.json with mlcroissant (slower)."
)
def check(
    path: Path,
    fmt: str,
    output: Path | None,
    min_annotations: int,
    min_coverage: float | None,
    min_alpha: float | None,
    rules: tuple[str, ...],
    full_croissant: bool,
) -> None:
    """Check a built dataset (or a workspace) at PATH for consistency; made for CI.

    Exit status 0 when clean, 1 when any rule finds an error, 2 when PATH cannot be read.
    """
    from export.check.api import check as run_check  # pyarrow and datasets: only when run

    try:
        report = run_check(
            path,
            min_annotations=min_annotations,
            min_coverage=min_coverage,
            min_alpha=min_alpha,
            rules=rules or None,
            full_croissant=full_croissant,
        )
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        raise SystemExit(e.exit_code) from None
    text = render(report, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(report.summary())
    raise SystemExit(report.exit_code)
