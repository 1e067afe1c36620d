"""URLs and feeds against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.corpus import Corpus
from storyline.ingest.fetch import Fetcher
from storyline.settings import Settings

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="2024-11-0{day}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>
<p>Emergency crews in {city} worked through the night on Tuesday to restore power to thousands of homes after the storm.</p>
<p>The utility said it expected most customers to be reconnected by the weekend, a spokeswoman told reporters.</p>
</article><footer>Subscribe</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Storm in Leeds</title><link>{base}/a/1</link><pubDate>Tue, 05 Nov 2024 10:00:00 GMT</pubDate></item>
<item><title>Storm in York</title><link>{base}/a/2</link></item>
<item><title>Missing</title><link>{base}/missing</link></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes = {
            "/a/1": ("text/html", PAGE.format(title="Storm in Leeds", city="Leeds", day=5)),
            "/a/2": ("text/html", PAGE.format(title="Storm in York", city="York", day=6)),
            "/feed": ("application/rss+xml", FEED.format(base=base)),
            "/big": ("text/html", "<p>" + "x" * 200_000 + "</p>"),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/a/1")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path not in routes:
            self.send_error(404)
            return
        kind, body = routes[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_article_url_is_fetched_and_cleaned(server, settings):
    corpus = Corpus(settings=settings.replace(allow_private=True))
    result = corpus.add([f"{server}/a/1"])
    assert result.added == 1
    doc = next(corpus.records("documents"))
    assert doc["url"] == f"{server}/a/1" and doc["published"] == "2024-11-05"
    assert "Emergency crews in Leeds" in doc["text"] and "Subscribe" not in doc["text"]
    assert doc["source"] == "127.0.0.1"


def test_feed_url_fetches_every_linked_article(server, settings):
    corpus = Corpus(settings=settings.replace(allow_private=True))
    result = corpus.add([f"{server}/feed"])
    assert (result.added, result.rejected, result.reasons) == (2, 1, {"http_error": 1})
    titles = {d["title"] for d in corpus.records("documents")}
    assert titles == {"Storm in Leeds", "Storm in York"}
    assert corpus.add([f"{server}/feed"]).unchanged == 2


def test_loopback_is_refused_without_allow_private(server, settings):
    result = Corpus(settings=settings).add([f"{server}/a/1", f"http://localhost:{server.rsplit(':', 1)[1]}/a/2"])
    assert result.reasons == {"private_address": 2} and result.added == 0


def test_redirect_is_followed_and_each_hop_checked(server):
    fetcher = Fetcher(Settings(allow_private=True))
    assert fetcher(f"{server}/redirect").url == f"{server}/a/1"
    assert fetcher(f"{server}/loop").reason == "too_many_redirects"
    fetcher.close()


def test_redirect_to_a_private_address_is_refused(server):
    """A public name that redirects inward is caught at the second hop."""
    addresses = {"news.example": ["93.184.216.34"], "127.0.0.1": ["127.0.0.1"]}
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": f"{server}/a/1"})

    fetcher = Fetcher(Settings(), transport=httpx.MockTransport(handler), resolver=lambda host: addresses[host])
    assert fetcher("http://news.example/story").reason == "private_address"


def test_size_cap_and_http_errors(server):
    fetcher = Fetcher(Settings(allow_private=True, fetch_max_bytes=50_000))
    assert fetcher(f"{server}/big").reason == "too_large"
    assert fetcher(f"{server}/nothing").reason == "http_error"
    fetcher.close()


def test_unreachable_host_is_a_reject(settings):
    # port 9 on loopback: nothing listens there
    result = Corpus(settings=settings.replace(allow_private=True, fetch_timeout=2.0)).add(["http://127.0.0.1:9/x"])
    assert result.reasons == {"unreachable": 1}


def test_non_http_scheme_and_bad_url_are_rejected():
    fetcher = Fetcher(Settings())
    assert fetcher("http:///nohost").reason == "bad_url"
