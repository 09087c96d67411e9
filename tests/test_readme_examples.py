"""The README's example output is the real program's output (``scripts/readme_examples.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import readme_examples  # noqa: E402


def test_readme_has_generated_examples() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(readme_examples.EXAMPLES) <= {
        m["name"] for m in readme_examples.BLOCK.finditer(text)
    }


def test_readme_examples_are_what_the_program_prints() -> None:
    committed = (ROOT / "README.md").read_text(encoding="utf-8")
    assert committed == readme_examples.render(committed), "run: python scripts/readme_examples.py"
