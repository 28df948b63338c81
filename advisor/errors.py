"""Errors a user can cause. Their message is already in the user's language and says what to do."""

from typing import Any


class InputError(Exception):
    """Bad input from the user (file, mapping, option). The CLI prints it and exits with 2."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class KeyedError(Exception):
    """A problem a user can cause or fix, named by ``key`` (a text of the caller's area) with the
    ``values`` its message needs; the workshop and dossier errors are these."""

    key = "unknown"

    def __init__(self, **values: Any) -> None:
        self.values = values
        super().__init__(f"{self.key}: {values}")
