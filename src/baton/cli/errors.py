"""The one kind of failure the CLI reports: a single line on stderr and exit status 1."""

from __future__ import annotations


class CliError(Exception):
    """What went wrong, said in one line for the person at the terminal."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
