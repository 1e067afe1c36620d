"""Fetch articles and RSS/Atom feeds over HTTP(S) with httpx.

Guards: a timeout per request, a cap on body size, a limit on redirects
(each hop is checked again), and no private, loopback, link-local or
reserved addresses unless ``allow_private`` is set. Every failure becomes a
``Reject``; nothing here raises for a bad URL.

The HTTP transport is injectable (``transport=``), so tests and callers can
pass ``httpx.MockTransport`` or their own; the tests use a real server on
127.0.0.1 with ``allow_private``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from ..model import RawArticle, Reject
from ..settings import Settings
from .readers import read_bytes

Resolver = Callable[[str], list[str]]


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    body: bytes


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


class Fetcher:
    """Fetch one URL safely: ``fetcher(url) -> Fetched | Reject``."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None, resolver: Resolver = _resolve):
        self.settings = settings
        self.resolver = resolver
        self.client = httpx.Client(
            timeout=settings.fetch_timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent},
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __call__(self, url: str) -> Fetched | Reject:
        original = url
        for _ in range(self.settings.fetch_max_redirects + 1):
            if (refused := self._check(url, original)) is not None:
                return refused
            try:
                result = self._get(url)
            except httpx.HTTPError as exc:
                return Reject(original, "unreachable", f"{type(exc).__name__}: {exc}".rstrip(": "))
            if isinstance(result, str):
                url = urljoin(url, result)
                continue
            return result if isinstance(result, Fetched) else Reject(original, result[0], result[1])
        return Reject(original, "too_many_redirects", f"more than {self.settings.fetch_max_redirects} redirects (setting fetch_max_redirects)")

    def _check(self, url: str, original: str) -> Reject | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Reject(original, "bad_url", f"not an http(s) URL: {url}")
        if self.settings.allow_private:
            return None
        try:
            addresses = self.resolver(parts.hostname)
        except (OSError, UnicodeError) as exc:
            return Reject(original, "unreachable", f"cannot resolve {parts.hostname}: {exc}")
        if bad := [a for a in addresses if _forbidden(a)]:
            return Reject(original, "private_address", f"{parts.hostname} resolves to {bad[0]}, a non-public address (use --allow-private to permit)")
        return None

    def _get(self, url: str) -> Fetched | str | tuple[str, str]:
        """A Fetched body, a redirect target, or (reason, detail)."""
        limit = self.settings.fetch_max_bytes
        with self.client.stream("GET", url) as response:
            if response.is_redirect and "location" in response.headers:
                return response.headers["location"]
            if response.status_code >= 400:
                return "http_error", f"HTTP {response.status_code} from {url}"
            declared = int(response.headers.get("content-length") or 0)
            if declared > limit:
                return "too_large", f"{declared} bytes declared; the limit is {limit} (setting fetch_max_bytes)"
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    return "too_large", f"body passed {limit} bytes (setting fetch_max_bytes)"
            return Fetched(str(response.url), response.headers.get("content-type", ""), bytes(body))


def fetch_items(url: str, settings: Settings, fetcher: Callable[[str], Fetched | Reject]) -> Iterator[RawArticle | Reject]:
    """The article at ``url``, or every article a feed at ``url`` links to."""
    fetched = fetcher(url)
    if isinstance(fetched, Reject):
        yield fetched
        return
    if _is_feed(fetched):
        yield from _feed_items(url, fetched, settings, fetcher)
        return
    yield from read_bytes(fetched.body, fetched.url, settings, url=fetched.url)


def _is_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.lower()
    if any(t in kind for t in ("rss", "atom")):
        return True
    head = fetched.body[:1024].lstrip().lower()
    return ("xml" in kind or head.startswith(b"<?xml")) and any(t in head for t in (b"<rss", b"<feed", b"<rdf:rdf"))


def _feed_items(url: str, fetched: Fetched, settings: Settings, fetcher: Callable[[str], Fetched | Reject]) -> Iterator[RawArticle | Reject]:
    feed = feedparser.parse(fetched.body)
    if not feed.entries:
        yield Reject(url, "empty_feed", "the feed lists no entries" + (f" ({feed.bozo_exception})" if feed.bozo else ""))
        return
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        if not link:
            yield Reject(f"{url}#{number}", "no_link", "feed entry without a link")
            continue
        page = fetcher(urljoin(url, link))
        if isinstance(page, Reject):
            yield page
            continue
        published = entry.get("published") or entry.get("updated")
        yield from read_bytes(page.body, page.url, settings, url=page.url, title=entry.get("title"), published=published)
