"""The docs are checked by tests: the CLI reference matches ``--help``, and every command the
README shows exists (sub-command and options) and every ``make`` target it names is defined."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from export.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import cli_reference  # noqa: E402


def readme_commands() -> list[str]:
    """Every ``claimset ...`` command line in the README's shell code blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|shell|console)\n(.*?)```", text, flags=re.S)
    lines: list[str] = []
    for block in blocks:
        for raw in block.replace("\\\n", " ").splitlines():
            line = raw.strip().removeprefix("$ ")
            if line.startswith("claimset "):
                lines.append(line.split(" #")[0].strip())
    return lines


def test_cli_reference_is_in_sync() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_reference.render(), "run: python scripts/cli_reference.py"


def test_readme_shows_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text


def test_readme_has_claimset_commands() -> None:
    assert len(readme_commands()) >= 5


@pytest.mark.parametrize("line", readme_commands())
def test_readme_command_exists(line: str) -> None:
    """Resolve the sub-command path and every ``--option`` the README uses."""
    words = shlex.split(line)[1:]
    command: click.Command = cli
    ctx = click.Context(cli)
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        sub = command.get_command(ctx, words[0])
        assert sub is not None, f"README uses unknown command {words[0]!r} in: {line}"
        command, words = sub, words[1:]
    known = {opt for p in command.params for opt in getattr(p, "opts", [])}
    known |= {"--help", "-h"}
    for word in words:
        if word.startswith("--"):
            option = word.split("=")[0]
            assert option in known, f"README uses unknown option {option} in: {line}"


def test_make_targets_in_readme_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = set(re.findall(r"\bmake ([a-z][a-z-]*)", text))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in targets:
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"no make target {target}"
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr


def test_readme_python_api_names_exist() -> None:
    """The functions the README's Python API section calls are the library's public names."""
    import annotations
    import claims
    import export
    from export.check import CheckReport, check

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for module in (claims, annotations, export):
        for name in re.findall(rf"\b{module.__name__}\.([a-z_]+)\(", text):
            assert callable(getattr(module, name)), f"{module.__name__}.{name} in README"
    assert callable(check) and hasattr(CheckReport, "to_dataframe")


def test_cli_reference_documents_the_exit_status_and_the_discovery_order() -> None:
    """The table in docs/cli.md is the one the error classes carry."""
    from claims.errors import ClaimsetError, InputError, ServerError

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    codes = {code: meaning for code, meaning, _ in cli_reference.EXIT_CODES}
    assert codes[str(InputError.exit_code)] == "usage error or unreadable input"
    assert codes[str(ClaimsetError.exit_code)].startswith("findings or rejected input")
    assert ServerError.exit_code == 1
    assert "| 2 | usage error or unreadable input |" in text
    assert "$XDG_STATE_HOME/claimset/studio.json" in text
