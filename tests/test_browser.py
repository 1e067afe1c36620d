"""The web UI in a real browser: Debian's chromium driven by Playwright against a real ``storyline serve``.

Each page is loaded and saved as a screenshot under tests/artifacts/ (ignored by git). The
browser is launched from /usr/bin/chromium (``make test`` installs it); Playwright's own
browser downloads are never used.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import httpx
import pytest

from storyline import open_corpus

from .conftest import ROOT, SEEDS
from .serving import HOSTILE, PHRASE, UTF16, serving

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (make test installs it)")]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "utf16.txt").write_text(UTF16, encoding="utf-8")
    db = folder / "ui.duckdb"
    open_corpus(str(db)).add([str(SEEDS), str(folder / "hostile.txt"), str(folder / "utf16.txt")])
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), args=FLAGS, headless=True,
                                                       viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        yield page
        context.close()


def _doc(base: str, q: str) -> dict:
    return httpx.get(base + "/api/documents", params={"q": q, "limit": 1}).json()["records"][0]


@pytest.mark.parametrize("name,path", [("story", "/"), ("timeline", "/timeline"), ("claims", "/claims"),
                                       ("actors", "/actors"), ("actor", "/actors/PRK"), ("documents", "/documents")])
def test_each_page_loads_and_is_saved(base, browser_page, name, path):
    errors: list[str] = []
    browser_page.on("pageerror", lambda e: errors.append(str(e)))
    response = browser_page.goto(base + path)
    assert response is not None and response.status == 200
    assert browser_page.locator("h1").first.inner_text().strip()
    browser_page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert errors == []


def test_a_briefing_citation_opens_its_highlighted_span(base, browser_page):
    briefing = httpx.get(base + "/api/brief").json()
    browser_page.goto(base + "/")
    link = browser_page.locator("li.sentence a.cite").first
    target = link.get_attribute("href")
    assert target and "#c=" in target
    doc_id, span = target.split("/documents/")[1].split("#c=")
    start, end = (int(x) for x in span.split("-"))
    link.click()
    browser_page.wait_for_url(f"**/documents/{doc_id}#c={start}-{end}")
    browser_page.wait_for_selector("mark.cited")
    text = httpx.get(f"{base}/documents/{doc_id}.json").json()["document"]["text"]
    shown = browser_page.locator("#text").get_attribute("data-cited")
    assert shown == text[start:end]
    assert any(c["doc_id"] == doc_id and c["start"] == start for s in briefing["sentences"] for c in s["citations"])
    browser_page.screenshot(path=str(ARTIFACTS / "document-cited.png"))


def test_the_timeline_axis_is_drawn_with_both_dates(base, browser_page):
    browser_page.goto(base + "/timeline")
    axis = browser_page.locator("svg#axis")
    assert axis.is_visible() and axis.bounding_box()["height"] > 100  # type: ignore[index]
    assert browser_page.locator("svg#axis rect.happened").count() > 5
    assert browser_page.locator("svg#axis path.reported").count() > 5
    assert browser_page.locator("svg#axis .ticklabel").count() >= 2
    browser_page.goto(base + "/timeline?actor=PRK")
    assert "North Korea" in browser_page.locator("h1").inner_text()
    browser_page.screenshot(path=str(ARTIFACTS / "timeline-prk.png"), full_page=True)


def test_the_actor_graph_links_to_the_timeline_filtered_on_an_actor(base, browser_page):
    browser_page.goto(base + "/actors/PRK")
    node = browser_page.locator("svg#graph a").first
    href = node.get_attribute("href")
    assert href and href.startswith("/timeline?actor=")
    browser_page.goto(base + href)
    assert browser_page.locator("svg#axis").is_visible()


def test_a_hostile_article_renders_inert(base, browser_page):
    doc = _doc(base, "__pwned")
    browser_page.goto(f"{base}/documents/{doc['id']}")
    browser_page.wait_for_timeout(300)
    assert browser_page.evaluate("window.__pwned") is None
    assert browser_page.dialogs == []  # type: ignore[attr-defined]
    assert browser_page.locator("#text script, #text img, #text style, #text a, #text svg").count() == 0
    assert "<script>" in browser_page.locator("#text").inner_text()
    assert browser_page.locator("body").is_visible() and browser_page.locator("h1").is_visible()
    browser_page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_code_point_offsets_highlight_the_same_text_after_emoji_and_other_scripts(base, browser_page):
    doc = _doc(base, "Verkhovna Rada")
    text = httpx.get(f"{base}/documents/{doc['id']}.json").json()["document"]["text"]
    start = text.index(PHRASE)
    assert len(text[:start].encode("utf-16-le")) // 2 > start  # the emoji make UTF-16 longer than code points
    browser_page.goto(f"{base}/documents/{doc['id']}#c={start}-{start + len(PHRASE)}")
    browser_page.wait_for_selector("mark.cited")
    assert browser_page.locator("#text").get_attribute("data-cited") == PHRASE
    emoji = text.index("🔥")
    browser_page.goto(f"{base}/documents/{doc['id']}#c={emoji}-{emoji + 2}")
    browser_page.wait_for_function("document.querySelector('#text').dataset.cited === '🔥🔥'")
    browser_page.screenshot(path=str(ARTIFACTS / "utf16.png"))
    assert json.loads(json.dumps(text[emoji:emoji + 2])) == "🔥🔥"
