"""The command line's one error type."""

from __future__ import annotations


class CliError(Exception):
    """A user mistake on the command line, printed as `ekko: …` on one line; exit code 2, or
    1 where the fault is outside (a mail server refusing)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
