"""``claimset annotate`` and ``claimset studio``: placeholders until the stage lands."""

from __future__ import annotations

import click


@click.group()
def annotate() -> None:
    """Push claims to Label Studio and pull annotations back."""


@click.command()
def studio() -> None:
    """Start the embedded Label Studio server."""
    raise click.ClickException("not implemented yet")
