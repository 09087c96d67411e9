"""The ``claimset`` command: a thin layer over the library functions of each stage.

Each sub-command lives beside the stage it drives (``claims.cli``, ``annotations.cli``,
``export.check.cli``); this module assembles them, because ``export`` is the one stage allowed
to import all the others.
"""

from __future__ import annotations

import click

from annotations.cli import annotate, studio
from claims.cli import extract
from export.check.cli import check


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="claimset", prog_name="claimset")
def cli() -> None:
    """claimset: news articles in, a human-verified fact-claim dataset out.

    \b
    1. claimset extract ARTICLES... --out WORKDIR     atomic typed claims
    2. claimset annotate push|pull WORKDIR ...        Label Studio round trip
    3. claimset export WORKDIR --out DIR              Hugging Face dataset
    4. claimset check DIR                             consistency checks for CI
    """


@click.command("export")
@click.argument("workdir", type=click.Path(file_okay=False, path_type=str))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Dataset directory.")
def export_command(workdir: str, out: str) -> None:
    """Build a Hugging Face dataset from WORKDIR (documents, claims, annotations)."""
    raise click.ClickException("not implemented yet")


cli.add_command(extract)
cli.add_command(annotate)
cli.add_command(studio)
cli.add_command(export_command)
cli.add_command(check)


def main() -> None:
    """Console entry point."""
    cli(prog_name="claimset")
