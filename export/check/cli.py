"""``claimset check``: placeholder until the checker lands."""

from __future__ import annotations

import click


@click.command()
@click.argument("path")
def check(path: str) -> None:
    """Check a built dataset or a workspace."""
    raise click.ClickException("not implemented yet")
