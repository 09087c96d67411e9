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

#: The exit status of every command: (status, meaning, examples). ``tests/test_cli_exit_codes.py``
#: checks each command against it.
EXIT_CODES = (
    ("0", "done, nothing wrong", ""),
    (
        "1",
        "findings or rejected input: the command ran, but something needs you",
        "`check` found an error; `extract` rejected an article; `annotate push`/`pull` could "
        "not take a claim or task; Label Studio not found, unreachable, or refusing the key or a "
        "request (its own reason is shown); the check of `dataset` failed",
    ),
    (
        "2",
        "usage error or unreadable input",
        "an unknown option or a bad value; a missing or unreadable workspace, dataset or file; "
        "a workspace without claims",
    ),
)

_TABLE = "\n".join(
    ["| status | meaning | for example |", "| --- | --- | --- |"]
    + [f"| {code} | {meaning} | {examples} |" for code, meaning, examples in EXIT_CODES]
)

#: The error style, the exit-status table and the server discovery order, before the commands.
EXIT_STATUS = f"""
## Errors and exit status

Every command reports a problem as one line on stderr that starts with `Error: `, names the
file, line, record or server involved and says what to do, e.g.
`Error: articles/a.txt: empty file (remove it or add the article text)`. A batch goes on past a
bad record: each one gets its own `Error:` line, the rest is processed, and the exit status says
so. The status means the same in every command:

{_TABLE}

## Finding Label Studio

`annotate push`, `annotate pull` and `dataset` (and `annotations.push`/`pull` in Python) look for
the server in this order:

1. `--url` and `--api-key` (in Python: `url=` and `api_key=`);
2. the environment variables `LABEL_STUDIO_URL` and `LABEL_STUDIO_API_KEY`;
3. a running `claimset studio`: the data directory in `CLAIMSET_STUDIO_DIR` if set, else the
   workspace's own studio (`WORKDIR/.claimset/studio`, set up by `claimset demo`), else the studio
   recorded in `$XDG_STATE_HOME/claimset/studio.json` (default
   `~/.local/state/claimset/studio.json`).

`claimset studio` (and `claimset demo`) write that record once the server answers and remove it
when they stop; it holds the URL, the data directory and the process id, never the key, which stays
in the studio's `credentials.json` (readable only by you). A URL given alone (`--url` or
`LABEL_STUDIO_URL`) takes the key of the running studio when the URLs match. When nothing is found,
the error lists every place looked at and why it did not count (not set, no record, the recorded
process gone, its port not answering).
"""


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
    parts = [HEADER, EXIT_STATUS]
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
