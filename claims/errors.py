"""The exception tree every stage raises, grouped by what the caller should do.

The CLI turns any ``ClaimsetError`` into one line on stderr (``Error: <message>``) and exits with
its ``exit_code``; a traceback is a bug. Messages name the file, line, record or server involved
and say how to fix the problem.
"""

from __future__ import annotations


class ClaimsetError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(ClaimsetError):
    """Input that cannot be read or is malformed (a file, a record, an argument)."""

    exit_code = 2


class ServerError(ClaimsetError):
    """Label Studio is unreachable, refuses the token, or answers something unexpected."""


class ConfigError(ClaimsetError):
    """A setting is missing or inconsistent (a project, a labeling config, a workspace file)."""
