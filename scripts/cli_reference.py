"""Write the CLI reference (docs/cli.md) from the commands' own ``--help``.

Run ``python scripts/cli_reference.py`` after changing a command; ``tests/test_docs.py`` fails
when the committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from export.cli import cli

HEADER = (
    "# CLI reference\n\n"
    "Generated from `--help` by `scripts/cli_reference.py`;\n"
    "`tests/test_docs.py` keeps it in sync.\n"
)


def _walk(group: click.Group, path: list[str]) -> list[list[str]]:
    paths = [path]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            paths.extend(_walk(cmd, [*path, name]))
        elif cmd is not None:
            paths.append([*path, name])
    return paths


def render() -> str:
    """The whole reference as Markdown, one section per command."""
    runner = CliRunner()
    parts = [HEADER]
    for path in _walk(cli, []):
        result = runner.invoke(cli, [*path, "--help"], prog_name="claimset", terminal_width=100)
        title = " ".join(["claimset", *path])
        parts.append(f"\n## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


def main() -> int:
    target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
