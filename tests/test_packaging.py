"""The package metadata matches the code: every module and data file reaches the wheel, and the
declared runtime dependencies are exactly what the installed code imports."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("claims", "annotations", "export")

#: Imports that are allowed without being runtime dependencies, and why.
OPTIONAL_IMPORTS = {
    "label_studio": "studio",  # `claimset studio` only, behind require_label_studio()
    "mlcroissant": "croissant",  # `claimset check --full-croissant` only
    "ray": "ray",  # `claimset extract --engine ray` only, behind claims.distributed._ray()
    "pytest": None,  # the pytest plugin module is imported by pytest itself
    "_pytest": None,
}


def _tracked_package_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", *STAGES], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {f for f in listed if not f.endswith((".pyc",))}


def test_every_tracked_package_file_is_in_the_wheel(wheel_path: Path) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        shipped = {n for n in wheel.namelist() if not n.startswith("claimset-")}
    missing = sorted(_tracked_package_files() - shipped)
    assert not missing, f"files of the package tree missing from the wheel: {missing}"
    extra = sorted(n for n in shipped if n.split("/")[0] not in STAGES)
    assert not extra, f"unexpected top-level files in the wheel: {extra}"


def test_wheel_metadata_has_one_version_and_the_licence(wheel_path: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert wheel_path.name.startswith(f"claimset-{project['version']}-")
    with zipfile.ZipFile(wheel_path) as wheel:
        (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        meta = wheel.read(meta_name).decode()
    assert f"Version: {project['version']}" in meta
    assert "License-Expression: MIT AND CC-BY-SA-4.0" in meta
    assert "License-File: claims/models/syntax/LICENSE" in meta


def _imported_modules() -> dict[str, set[str]]:
    """Top-level module -> files of the installed code that import it."""
    found: dict[str, set[str]] = {}
    for stage in STAGES:
        for path in (ROOT / stage).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def _requirement_name(spec: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec)
    assert match, spec
    return match.group(0).lower().replace("_", "-")


def test_runtime_dependencies_are_exactly_the_imports() -> None:
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_requirement_name(d) for d in project["dependencies"]}
    extras = {
        name: {_requirement_name(d) for d in deps}
        for name, deps in project["optional-dependencies"].items()
    }
    distributions = importlib.metadata.packages_distributions()
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    needed: dict[str, set[str]] = {}
    for module, files in _imported_modules().items():
        if module in stdlib or module in STAGES:
            continue
        if module in OPTIONAL_IMPORTS:
            extra = OPTIONAL_IMPORTS[module]
            if extra is not None:
                dists = {d.lower() for d in distributions.get(module, [module])}
                assert dists & extras[extra], f"{module} should be in the {extra!r} extra"
            continue
        dists = distributions.get(module)
        assert dists, f"{module} (imported by {sorted(files)}) is not installed"
        for dist in dists:
            needed.setdefault(dist.lower().replace("_", "-"), set()).update(files)
    missing = {d: sorted(f) for d, f in needed.items() if d not in declared}
    assert not missing, f"imported but not declared: {missing}"
    unused = declared - set(needed)
    assert not unused, f"declared but never imported by the installed code: {sorted(unused)}"


def test_no_private_api_of_other_packages() -> None:
    """No ``_private`` module or attribute of a third-party package (they move without notice)."""
    import sys

    local = set(STAGES) | set(sys.stdlib_module_names) | {"__future__"}
    found: list[str] = []
    for stage in STAGES:
        for path in (ROOT / stage).rglob("*.py"):
            tree = ast.parse(path.read_text(), filename=str(path))
            foreign: set[str] = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        if alias.name.split(".")[0] not in local:
                            foreign.add(alias.asname or alias.name.split(".")[0])
                            if any(p.startswith("_") for p in alias.name.split(".")):
                                found.append(f"{path.name}: import {alias.name}")
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    if node.module.split(".")[0] in local:
                        continue
                    parts = node.module.split(".") + [a.name for a in node.names]
                    if any(p.startswith("_") and not p.startswith("__") for p in parts):
                        found.append(f"{path.name}: from {node.module} import ...")
                    foreign.update(a.asname or a.name for a in node.names)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name)
                    and node.value.id in foreign
                ):
                    found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not found, f"private APIs of other packages: {found}"
