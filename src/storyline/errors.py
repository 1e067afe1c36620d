"""Storyline's exceptions: what went wrong, to which input, and what to do.

    StorylineError                 base of everything raised on purpose
    ├── UsageError                 the caller asked for something impossible (CLI exit 2)
    │   └── ConfigError            a settings or user data file is malformed
    ├── InputError                 no input could be found or read at all (exit 1)
    └── StoreError                 the database cannot be opened, migrated or written (exit 1)

Bad *articles* are not exceptions: they become ``Reject`` records and the run
goes on. These exceptions are for problems the user has to fix.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class; ``str(error)`` is one line a user can act on."""

    exit_code = 1


class UsageError(StorylineError):
    """The request itself is wrong (unknown kind, bad option value)."""

    exit_code = 2


class ConfigError(UsageError):
    """A settings or data file is malformed; the message names file and line."""


class InputError(StorylineError):
    """Nothing could be read from the inputs given."""


class StoreError(StorylineError):
    """The DuckDB file cannot be opened, migrated or written."""


def exit_code(error: BaseException) -> int:
    """The one place that maps errors to CLI exit codes."""
    if isinstance(error, StorylineError):
        return error.exit_code
    return 1
