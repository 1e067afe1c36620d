"""Known outlets (``data/outlets.tsv``): names, domains, other names and the country each is based in.

Used to name the source of an article from a URL's domain, a byline such as
"By Jane Doe, Reuters", or a masthead line in scraped text; and, in the text, to
tell an outlet named as an actor ("raided the BBC's offices") as a news
organisation of its country.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlets:
    by_domain: dict[str, str]
    by_name: dict[str, str]
    countries: dict[str, str] = field(default_factory=dict)  # canonical name → country

    def from_url(self, url: str | None) -> str | None:
        """The outlet a URL belongs to: a known name, else its host without ``www.``."""
        host = (urlsplit(url).hostname or "") if url else ""
        host = host.removeprefix("www.")
        if not host:
            return None
        parts = host.split(".")
        for i in range(len(parts) - 1):
            if (name := self.by_domain.get(".".join(parts[i:]))) is not None:
                return name
        return host

    def named(self, text: str) -> str | None:
        """The canonical name if ``text`` is exactly a known outlet name (any case)."""
        return self.by_name.get(_key(text))

    def country(self, text: str) -> str | None:
        """The country of the outlet ``text`` names exactly (any case), when the table gives one."""
        name = self.named(text)
        return self.countries.get(name) if name else None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@functools.cache
def outlets() -> Outlets:
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    countries: dict[str, str] = {}
    text = resources.files("storyline.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, domains, *rest = line.split("\t") + ["", ""]
        if rest[1].strip():
            countries[name] = rest[1].strip()
        for domain in filter(None, domains.split(",")):
            by_domain[domain.strip()] = name
        for alias in [name, *filter(None, (rest[0] or "").split(","))]:
            by_name[_key(alias)] = name
            if alias.lower().startswith("the "):
                by_name[_key(alias[4:])] = name
    return Outlets(by_domain, by_name, countries)
