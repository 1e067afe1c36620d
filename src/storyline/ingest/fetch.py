"""Fetch articles and RSS/Atom feeds over HTTP(S) with httpx.

Guards: one deadline per URL (``fetch_timeout`` seconds for connecting, every
redirect and every read together: httpx's timeouts bound each read, so a server
trickling a byte a second would hold a fetch for ever), a cap on body size, a
limit on redirects (each hop is checked again), and no private, loopback,
link-local or reserved addresses unless ``allow_private`` is set. Every failure
becomes a ``Reject``; nothing here raises for a bad URL. Credentials in a URL
(``user:password@``) are used for the request and stored nowhere.

The deadline is kept by a network backend for httpcore (the layer under httpx)
whose every connect, read and write gets at most the time left.

The HTTP transport is injectable (``transport=``), so tests and callers can
pass ``httpx.MockTransport`` or their own; the tests use a real server on
127.0.0.1 with ``allow_private``.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpcore
import httpx

from ..model import RawArticle, Reject
from ..settings import Settings
from .readers import read_bytes, strip_credentials

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


class _Deadline:
    """The moment the current fetch must be over, per thread."""

    def __init__(self) -> None:
        self.local = threading.local()

    def start(self, seconds: float) -> float:
        self.local.at = time.monotonic() + seconds
        return float(self.local.at)

    def left(self, timeout: float | None) -> float:
        at = getattr(self.local, "at", None)
        if at is None:
            return timeout if timeout is not None else 60.0
        remaining = at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the deadline for this fetch passed")
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline):
        self.stream, self.deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self.stream.start_tls(ssl_context, server_hostname, self.deadline.left(timeout)), self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: _Deadline):
        self.inner, self.deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(host, port, self.deadline.left(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self.inner.connect_unix_socket(path, self.deadline.left(timeout), socket_options), self.deadline)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose network backend keeps the deadline."""

    def __init__(self, deadline: _Deadline):
        super().__init__()
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=_DeadlineBackend(deadline))


class Fetcher:
    """Fetch one URL safely: ``fetcher(url) -> Fetched | Reject``."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None, resolver: Resolver = _resolve):
        self.settings = settings
        self.resolver = resolver
        self.deadline = _Deadline()
        self.client = httpx.Client(
            timeout=settings.fetch_timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent},
            transport=transport or _DeadlineTransport(self.deadline),
        )

    def close(self) -> None:
        self.client.close()

    def __call__(self, url: str) -> Fetched | Reject:
        original = strip_credentials(url)
        ends = self.deadline.start(self.settings.fetch_timeout)
        for _ in range(self.settings.fetch_max_redirects + 1):
            if (refused := self._check(url, original)) is not None:
                return refused
            try:
                result = self._get(url, ends)
            except httpx.TimeoutException:
                return self._late(original)
            except httpx.HTTPError as exc:
                return Reject(original, "unreachable", strip_credentials(f"{type(exc).__name__}: {exc}".rstrip(": ")))
            if isinstance(result, str):
                url = urljoin(url, result)
                continue
            return result if isinstance(result, Fetched) else Reject(original, result[0], result[1])
        return Reject(original, "too_many_redirects", f"more than {self.settings.fetch_max_redirects} redirects (setting fetch_max_redirects)")

    def _late(self, original: str) -> Reject:
        return Reject(original, "timeout", f"no complete answer within {self.settings.fetch_timeout:g} s (setting fetch_timeout)")

    def _check(self, url: str, original: str) -> Reject | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Reject(original, "bad_url", f"not an http(s) URL: {strip_credentials(url)}")
        if self.settings.allow_private:
            return None
        try:
            addresses = self.resolver(parts.hostname)
        except (OSError, UnicodeError) as exc:
            return Reject(original, "unreachable", f"cannot resolve {parts.hostname}: {exc}")
        if bad := [a for a in addresses if _forbidden(a)]:
            return Reject(original, "private_address", f"{parts.hostname} resolves to {bad[0]}, a non-public address (use --allow-private to permit)")
        return None

    def _get(self, url: str, ends: float) -> Fetched | str | tuple[str, str]:
        """A Fetched body, a redirect target, or (reason, detail)."""
        limit = self.settings.fetch_max_bytes
        with self.client.stream("GET", url) as response:
            if response.is_redirect and "location" in response.headers:
                return response.headers["location"]
            if response.status_code >= 400:
                return "http_error", f"HTTP {response.status_code} from {strip_credentials(url)}"
            declared = int(response.headers.get("content-length") or 0)
            if declared > limit:
                return "too_large", f"{declared} bytes declared; the limit is {limit} (setting fetch_max_bytes)"
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    return "too_large", f"body passed {limit} bytes (setting fetch_max_bytes)"
                if time.monotonic() > ends:  # an injected transport keeps no deadline of its own
                    raise httpx.ReadTimeout("the deadline for this fetch passed")
            return Fetched(strip_credentials(str(response.url)), response.headers.get("content-type", ""), bytes(body))


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
        yield Reject(strip_credentials(url), "empty_feed", "the feed lists no entries" + (f" ({feed.bozo_exception})" if feed.bozo else ""))
        return
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        if not link:
            yield Reject(f"{strip_credentials(url)}#{number}", "no_link", "feed entry without a link")
            continue
        page = fetcher(urljoin(url, link))
        if isinstance(page, Reject):
            yield page
            continue
        published = entry.get("published") or entry.get("updated")
        yield from read_bytes(page.body, page.url, settings, url=page.url, title=entry.get("title"), published=published)
