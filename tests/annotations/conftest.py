"""Fixtures of the annotation tests (helpers live in ``ls_helpers``)."""

from __future__ import annotations

from ls_helpers import make_workspace

__all__ = ["make_workspace"]
