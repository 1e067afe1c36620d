"""One raw article → one ``Document`` (or a ``Reject``): extract, clean, date, name, identify.

Pure: no database, no global state, so it can run in a process pool or on a
Dask worker unchanged. Corpus knowledge (lines repeated across a source)
comes in as an argument.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import trafilatura

from ..model import Cleaned, Document, RawArticle, Reject
from ..settings import Settings
from .clean import clean_text
from ..temporal.infer import infer_published
from .dates import parse_iso_date
from .language import detect_language
from .outlets import outlets

if TYPE_CHECKING:
    from ..link.duplicates import Prints


@dataclass(frozen=True)
class Prepared:
    """A document plus what is kept beside it: the raw text, the clean→raw map, and what reading repaired."""

    document: Document
    cleaned: Cleaned
    raw: str
    repairs: tuple[str, ...] = ()
    prints: Prints | None = None  # its near-duplicate and passage fingerprints, computed beside it in the worker


def document_id(text: str) -> str:
    """Stable id from the normalised clean text: same article, same id, whatever its container."""
    norm = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def source_hint(raw: RawArticle) -> str | None:
    """The outlet known before cleaning (metadata, else the URL's domain)."""
    return raw.source or outlets().from_url(raw.url)


def prepare(raw: RawArticle, settings: Settings, repeated: Iterable[int] = ()) -> Prepared | Reject:
    """Every language is kept: ``language`` says which one (``settings.languages`` get the full analysis).

    The heading removed from the text is the page's own (HTML metadata) when there is one, not a
    title the container gave (a feed entry, a JSON field), so an article reached through a feed and
    directly has one text and one id.
    """
    body = raw.text
    title, published, source = raw.title, raw.published, source_hint(raw)
    heading = title
    if raw.html is not None:
        extracted = _extract_html(raw)
        if extracted is None:
            return Reject(raw.input, "no_main_text", "the HTML has no main article text")
        body, meta_title, meta_date, meta_site = extracted
        heading = meta_title or title
        title, published, source = title or meta_title, published or meta_date, source or meta_site
    cleaned = clean_text(body or "", title=heading, repeated=repeated)
    if len(cleaned.text) < settings.min_chars:
        reason = "no_main_text" if raw.html is not None else "no_text"
        return Reject(raw.input, reason, f"{len(cleaned.text)} characters of article text after cleaning (setting min_chars = {settings.min_chars})")
    date, precision, basis = _published(published, cleaned)
    document = Document(
        id=document_id(cleaned.text),
        text=cleaned.text,
        raw_chars=raw.raw_chars,
        clean_chars=len(cleaned.text),
        path=raw.path,
        url=raw.url,
        source=source or cleaned.source or _byline_outlet(cleaned),
        title=title if raw.html is not None and title else cleaned.title,
        published=date,
        published_precision=precision,
        published_basis=basis,
        language=detect_language(cleaned.text),
    )
    return Prepared(document, cleaned, body or "", raw.repairs)


def _published(metadata: str | None, cleaned: Cleaned) -> tuple[str | None, str | None, str]:
    if metadata and (parsed := parse_iso_date(metadata)):
        return parsed[0], parsed[1], "metadata"
    if cleaned.published is None and (inferred := infer_published(cleaned.text)):
        return inferred[0], inferred[1], "inferred"
    return cleaned.published, cleaned.published_precision, cleaned.published_basis


def _byline_outlet(cleaned: Cleaned) -> str | None:
    """An outlet named in a byline tail: "by Jane Doe, Reuters" / "By Jane Doe | AP"."""
    for kind, line in cleaned.removed:
        if kind == "byline":
            for part in re.split(r"[,|/–—]| and ", line)[1:]:
                if name := outlets().named(part.strip()):
                    return name
    return None


def _extract_html(raw: RawArticle) -> tuple[str, str | None, str | None, str | None] | None:
    extracted = trafilatura.bare_extraction(
        raw.html or "", url=raw.url, with_metadata=True, include_comments=False, include_tables=False
    )
    result = extracted.as_dict() if extracted is not None and not isinstance(extracted, dict) else extracted
    if not result or not (result.get("text") or "").strip():
        return None
    return str(result["text"]), result.get("title"), result.get("date"), result.get("sitename")
