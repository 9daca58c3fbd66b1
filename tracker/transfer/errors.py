"""The one error the export and import raise: a Swedish message for the person at the terminal."""

from __future__ import annotations


class TransferError(SystemExit):
    """A refusal with a Swedish message; the command line prints it and exits with 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
