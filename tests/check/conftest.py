"""Fixtures of the checker's tests: a fresh writable copy of the small built dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.datasets import copy_dataset


@pytest.fixture
def dataset(built_dataset: Path, tmp_path: Path) -> Path:
    """A writable copy of ``built_dataset`` (corrupt it freely)."""
    return copy_dataset(built_dataset, tmp_path / "dataset")
