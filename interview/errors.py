"""Errors a user can act on: the CLI prints them as one line and exits 1."""


class UserError(Exception):
    """Bad input from the user (a file, a flag, a setting); the message says what to do."""
