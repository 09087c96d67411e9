"""The layout of issue 11 ("rules as data"): ``claims/rules/`` holds only the rule families the
pipeline registers and their shared base, rule families do not import each other, and the value
parsers of ``claims/values/`` import no rule."""

from __future__ import annotations

import ast
from pathlib import Path

from claims.pipeline import default_rules

CLAIMS = Path(__file__).resolve().parents[2] / "claims"
RULES = CLAIMS / "rules"

#: Imports between rule families that are still there, each waiting for a move that belongs to
#: a branch rewriting those files (issue 11): ``dates`` takes ``claim_text`` from ``quantities``
#: (the claim-text rendering, being rewritten), ``meetings`` takes ``full_name`` and
#: ``resolve_speaker`` from ``statements`` (speaker resolution, being rewritten as its own
#: stage). Remove an entry when its import goes; the test fails until then and after.
PENDING_CROSS_IMPORTS = {("dates", "quantities"), ("meetings", "statements")}


def imported_modules(path: Path, package: str | None = None) -> set[str]:
    """Every ``claims...`` module ``path`` imports, as dotted names (``from claims.rules import
    x`` counts as ``claims.rules.x``; relative imports are resolved against ``package``, by
    default the one ``path`` sits in)."""
    if package is None:
        package = ".".join(path.relative_to(CLAIMS.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "claims"}


def rule_families() -> set[str]:
    """The modules of ``claims/rules`` that hold a rule the pipeline registers (a
    ``ParsingRule``'s is its ``find`` function's)."""
    modules = {getattr(rule, "find", rule).__module__ for _, rule in default_rules()}
    assert all(m.startswith("claims.rules.") for m in modules), modules
    return {m.rsplit(".", 1)[1] for m in modules}


def test_claims_rules_holds_only_rule_families_and_their_base() -> None:
    modules = {p.stem for p in RULES.glob("*.py")} - {"__init__"}
    assert not [p for p in RULES.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert modules - {"base"} == rule_families(), (
        "claims/rules/ holds only rule families: move shared helpers out (claims/phrases.py, "
        "claims/docindex.py) and value parsers to claims/values/"
    )


def _reached_families(family: str, families: set[str]) -> set[str]:
    """The other rule families a family's module reaches, directly or through helper modules
    of ``claims`` (a helper that imports a family is a hidden cross import)."""
    seen: set[str] = set()
    todo = [f"claims.rules.{family}"]
    reached: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = CLAIMS.parent.joinpath(*module.split(".")).with_suffix(".py")
        if not path.is_file():
            continue
        for name in imported_modules(path):
            parts = name.split(".")
            other = parts[2] if parts[:2] == ["claims", "rules"] and len(parts) > 2 else None
            if other in families and other != family:
                reached.add(str(other))
            else:
                todo.append(name)
    return reached


def test_rule_families_do_not_import_each_other() -> None:
    families = rule_families()
    cross = {(f, other) for f in families for other in _reached_families(f, families)}
    new = cross - PENDING_CROSS_IMPORTS
    assert not new, f"a rule family imports another: {sorted(new)}; move the shared piece out"
    gone = PENDING_CROSS_IMPORTS - cross
    assert not gone, f"{sorted(gone)} no longer imported: remove from PENDING_CROSS_IMPORTS"


def test_value_parsers_and_shared_helpers_import_no_rule_family() -> None:
    families = {f"claims.rules.{f}" for f in rule_families()}
    helpers = [*(CLAIMS / "values").glob("*.py"), CLAIMS / "phrases.py", CLAIMS / "segment.py"]
    offenders = {
        p.relative_to(CLAIMS.parent).as_posix(): sorted(imported_modules(p) & families)
        for p in helpers
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_layout_check_sees_imports_of_every_form(tmp_path: Path) -> None:
    """The checker itself: absolute, from-package and relative imports all count."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import claims.rules.statements\n"
        "from claims.rules import quantities\n"
        "from .meetings import find_meetings\n"
        "from ..values.dates import find_dates\n"
        "import json\n",
        encoding="utf-8",
    )
    assert imported_modules(probe, package="claims.rules") >= {
        "claims.rules.statements",
        "claims.rules.quantities",
        "claims.rules.meetings",
        "claims.values.dates",
    }
    assert "json" not in imported_modules(probe, package="claims.rules")
