"""Write the example output shown in README.md from the real program.

Each example sits between ``<!-- example: NAME -->`` and ``<!-- /example -->`` in the README and
is the output of the command in ``EXAMPLES``, run in-process from the checkout root. Run
``python scripts/readme_examples.py`` after a change that alters the output;
``tests/test_docs.py`` fails while the README shows anything else.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from export.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLE = "claims/sample_data/ahram-2023-04-25-moscow-turkey-syria.txt"

#: name -> (arguments of ``claimset``, lines kept from the top, lines kept from the bottom)
EXAMPLES: dict[str, tuple[list[str], int, int]] = {
    "extract-show": (["extract", SAMPLE, "--out", "{tmp}/work", "--show", "--quiet"], 10, 1),
}

BLOCK = re.compile(
    r"(<!-- example: (?P<name>[\w-]+) -->\n```text\n)(?P<body>.*?)(```\n<!-- /example -->)", re.S
)


def run_example(name: str) -> str:
    """The output of example ``name``, cut to its head and tail with a ``...`` line between."""
    args, head, tail = EXAMPLES[name]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            result = CliRunner().invoke(
                cli, [a.replace("{tmp}", tmp) for a in args], prog_name="claimset"
            )
        finally:
            os.chdir(cwd)
    if result.exit_code != 0:
        raise RuntimeError(f"claimset {' '.join(args)} exited {result.exit_code}: {result.output}")
    lines = result.stdout.rstrip("\n").splitlines()
    if len(lines) > head + tail + 1:
        lines = [*lines[:head], "...", *lines[len(lines) - tail :]]
    return "\n".join(lines) + "\n"


def render(readme: str) -> str:
    """``readme`` with every example block replaced by the program's output."""

    def replace(match: re.Match[str]) -> str:
        return match.group(1) + run_example(match.group("name")) + match.group(4)

    return BLOCK.sub(replace, readme)


def main() -> int:
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
