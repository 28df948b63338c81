"""Errors a user can cause. Their message is already in the user's language and says what to do."""


class InputError(Exception):
    """Bad input from the user (file, mapping, option). The CLI prints it and exits with 2."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
