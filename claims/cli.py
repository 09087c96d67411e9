"""``claimset extract``: placeholder until the extractor lands."""

from __future__ import annotations

import click


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False))
def extract(inputs: tuple[str, ...], out: str) -> None:
    """Extract claims from ARTICLE_OR_DIR... into WORKDIR."""
    raise click.ClickException("not implemented yet")
