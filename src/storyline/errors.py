"""Storyline's exceptions: what went wrong, to which input, and what to do.

    StorylineError                 base of everything raised on purpose
    ├── UsageError                 the caller asked for something impossible (CLI exit 2, HTTP 400)
    │   ├── ConfigError            a settings or user data file is malformed
    │   └── NotFound               the record asked for does not exist (HTTP 404)
    ├── InputError                 no input could be found or read at all (exit 1, HTTP 422)
    └── StoreError                 the database cannot be opened, migrated or written (exit 1, HTTP 503)

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


class NotFound(UsageError):
    """A record asked for by id (a document, an actor, a story) does not exist."""


class InputError(StorylineError):
    """Nothing could be read from the inputs given."""


class StoreError(StorylineError):
    """The DuckDB file cannot be opened, migrated or written."""


def exit_code(error: BaseException) -> int:
    """The one place that maps errors to CLI exit codes."""
    if isinstance(error, StorylineError):
        return error.exit_code
    return 1


def http_status(error: BaseException) -> int:
    """The one place that maps errors to HTTP statuses (the API and the pages)."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, UsageError):
        return 400
    if isinstance(error, InputError):
        return 422
    if isinstance(error, StoreError):
        return 503
    return 500
