"""Errors a user can act on: the CLI prints them as one line and exits 1 (2 for wrong usage)."""


class UserError(Exception):
    """Bad input from the user (a file, a flag, a setting); the message says what to do."""


class UsageError(UserError):
    """The command was called wrongly (options missing or clashing); exits 2, like argparse's errors."""
