"""The ``claimset`` command: a thin layer over the library functions of each stage.

Each sub-command lives beside the stage it drives (``claims.cli``, ``annotations.cli``,
``export.check.cli``); this module assembles them, because ``export`` is the one stage allowed
to import all the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotations.cli import ROUND_SEEDER, annotate, studio
from claims.cli import claims_command, extract, merge_command
from export.check.cli import check
from export.demo_cli import dataset, demo


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="claimset", prog_name="claimset")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """claimset: news articles in, a human-verified fact-claim dataset out.

    \b
    1. claimset extract ARTICLES... --out WORKDIR     atomic typed claims
    2. claimset annotate push|pull WORKDIR ...        Label Studio round trip
    3. claimset export WORKDIR --out DIR              Hugging Face dataset
    4. claimset check DIR                             consistency checks for CI

    Errors are one "Error: ..." line on stderr. Exit status: 0 done, 1 findings or rejected
    input, 2 usage error or unreadable input (the table is in docs/cli.md).
    """
    # `annotate push --only` selects with the export's aggregation (annotations cannot import it)
    ctx.ensure_object(dict)[ROUND_SEEDER] = _seed_review_round


def _seed_review_round(workdir: Path, selectors: Any, from_dataset: Path | None) -> Any:
    """``export.rounds.seed_review_round``, imported only when a review round is pushed."""
    from export.rounds import seed_review_round

    return seed_review_round(workdir, selectors, from_dataset)


@click.command("export")
@click.argument("workdir", type=click.Path(file_okay=False, path_type=str))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Dataset directory.")
@click.option(
    "--splits",
    default="train=0.8,validation=0.1,test=0.1",
    show_default=True,
    help="Split names and ratios; documents are assigned by a hash of their id.",
)
@click.option(
    "--from-label-studio-export",
    "label_studio_export",
    type=click.Path(dir_okay=False),
    help="Read annotations from a Label Studio JSON export instead of annotations.jsonl.",
)
@click.option(
    "--adjudicator",
    "adjudicators",
    multiple=True,
    metavar="PSEUDONYM",
    help="An annotator whose labels override the majority (repeatable; adds to config.json).",
)
@click.option(
    "--license",
    "licence",
    metavar="ID",
    help="Licence of the dataset, a Hub or SPDX id (cc-by-4.0, CC-BY-4.0, other); default: "
    "config.json's 'license', else unknown (with a warning).",
)
@click.option("--push-to-hub", "repo", metavar="REPO", help="Upload the dataset to this Hub repo.")
@click.option("--private", is_flag=True, help="With --push-to-hub: create the repo private.")
@click.option(
    "--revision",
    metavar="BRANCH",
    help="With --push-to-hub: commit to this branch (created if missing; default main).",
)
@click.option(
    "--commit-message",
    metavar="TEXT",
    help="With --push-to-hub: the commit message (default names the version and content hash).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into DIR even if claimset export did not make it (files the export did not "
    "write are kept; one at a path the export writes is renamed NAME.orig).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def export_command(
    workdir: str,
    out: str,
    splits: str,
    label_studio_export: str | None,
    adjudicators: tuple[str, ...],
    licence: str | None,
    repo: str | None,
    private: bool,
    revision: str | None,
    commit_message: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """Build a Hugging Face dataset from WORKDIR (documents, claims, annotations)."""
    from claims.errors import ClaimsetError
    from export.build import export_dataset
    from export.summary import progress_printer, summary_lines

    if not repo and (private or revision or commit_message):
        click.echo("Error: --private, --revision and --commit-message need --push-to-hub", err=True)
        raise SystemExit(2)
    progress = progress_printer()
    try:
        report = export_dataset(
            workdir,
            out=out,
            splits=splits,
            from_label_studio_export=label_studio_export,
            adjudicators=adjudicators,
            progress=progress,
            force=force,
            license=licence,
        )
        if progress is not None:
            click.echo("", err=True)  # end the progress line
        pushed = None
        if repo:
            from export.hub import push_to_hub

            pushed = push_to_hub(
                out,
                repo,
                private=private,
                revision=revision,
                commit_message=commit_message,
                report=report,
            )
    except ClaimsetError as e:
        click.echo(f"Error: {e}", err=True)
        raise SystemExit(e.exit_code) from None
    if as_json:
        import json

        pushed_to = None if pushed is None else pushed.repo
        shown = {**report.to_dict(), "pushed_to": pushed_to}
        shown["pushed"] = None if pushed is None else pushed.to_dict()
        click.echo(json.dumps(shown, indent=2))
        return
    for line in summary_lines(report):
        click.echo(line)
    if pushed:
        click.echo(f"pushed to {pushed.repo} ({pushed.revision}), tagged {pushed.tag}")


cli.add_command(extract)
cli.add_command(claims_command)
cli.add_command(merge_command)
cli.add_command(annotate)
cli.add_command(studio)
cli.add_command(export_command)
cli.add_command(check)
cli.add_command(demo)
cli.add_command(dataset)


def main() -> None:
    """Console entry point."""
    cli(prog_name="claimset")
