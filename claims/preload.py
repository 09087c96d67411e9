"""Imported by the fork server of ``--jobs`` (``claims.parallel``), once: loads the syntax parser
(spaCy and the shipped model, most of a worker's start-up CPU), so that every worker forks with it
loaded instead of importing spaCy and loading the model again itself.

A failure here is left for the workers to meet and report as they do without it (a missing or
broken model is a ``ConfigError`` in the worker, with its message), so nothing is raised.
"""

from __future__ import annotations

import contextlib

from claims.syntax import load_parser

with contextlib.suppress(Exception):
    load_parser()
