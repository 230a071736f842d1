"""The command line's one error type."""

from __future__ import annotations


class CliError(Exception):
    """A user mistake on the command line: printed as `ekko: …` on one line, exit code 2."""
