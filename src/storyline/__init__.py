"""Storyline: turn a pile of news articles into a cited, structured record.

    >>> from storyline import open_corpus
    >>> corpus = open_corpus("news.duckdb")
    >>> corpus.add(["articles/"]).summary()
    'added 5, unchanged 0, rejected 0'
"""

from .corpus import Corpus, open_corpus
from .errors import ConfigError, InputError, StoreError, StorylineError, UsageError
from .model import AddResult, Document, Reject
from .settings import SETTINGS, Settings, load_settings

__all__ = [
    "AddResult",
    "ConfigError",
    "Corpus",
    "Document",
    "InputError",
    "Reject",
    "SETTINGS",
    "Settings",
    "StoreError",
    "StorylineError",
    "UsageError",
    "load_settings",
    "open_corpus",
]
__version__ = "0.1.0"
