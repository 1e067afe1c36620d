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

import trafilatura

from ..model import Cleaned, Document, RawArticle, Reject
from ..settings import Settings
from .clean import clean_text
from ..temporal.infer import infer_published
from .dates import parse_iso_date
from .outlets import outlets

_ENGLISH = frozenset(
    "the of and to in a is that for on with as was by it at from he his said are be has have were "
    "this an not but which they its their will who had been after over would more than also".split()
)


@dataclass(frozen=True)
class Prepared:
    """A document plus what is kept beside it: the raw text and the clean→raw map."""

    document: Document
    cleaned: Cleaned
    raw: str


def document_id(text: str) -> str:
    """Stable id from the normalised clean text: same article, same id, whatever its container."""
    norm = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def source_hint(raw: RawArticle) -> str | None:
    """The outlet known before cleaning (metadata, else the URL's domain)."""
    return raw.source or outlets().from_url(raw.url)


def prepare(raw: RawArticle, settings: Settings, repeated: Iterable[int] = ()) -> Prepared | Reject:
    body = raw.text
    title, published, source = raw.title, raw.published, source_hint(raw)
    if raw.html is not None:
        extracted = _extract_html(raw)
        if extracted is None:
            return Reject(raw.input, "no_main_text", "the HTML has no main article text")
        body, meta_title, meta_date, meta_site = extracted
        title, published, source = title or meta_title, published or meta_date, source or meta_site
    cleaned = clean_text(body or "", title=title, repeated=repeated)
    if len(cleaned.text) < settings.min_chars:
        reason = "no_main_text" if raw.html is not None else "no_text"
        return Reject(raw.input, reason, f"{len(cleaned.text)} characters of article text after cleaning (setting min_chars = {settings.min_chars})")
    language = detect_language(cleaned.text)
    if language not in settings.languages:
        return Reject(raw.input, "language", f"the text is not in {', '.join(settings.languages)} (detected: {language or 'unknown'})")
    date, precision, basis = _published(published, cleaned)
    document = Document(
        id=document_id(cleaned.text),
        text=cleaned.text,
        raw_chars=raw.raw_chars,
        clean_chars=len(cleaned.text),
        path=raw.path,
        url=raw.url,
        source=source or cleaned.source or _byline_outlet(cleaned),
        title=cleaned.title,
        published=date,
        published_precision=precision,
        published_basis=basis,
        language=language,
    )
    return Prepared(document, cleaned, body or "")


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


def detect_language(text: str) -> str | None:
    """'en' when English function words are as frequent as in English prose; else None.

    Storyline's pipeline is English-only, so this only answers "English or not".
    """
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    if len(words) < 20:
        return "en" if any(w in _ENGLISH for w in words) else None
    share = sum(map(_ENGLISH.__contains__, words)) / len(words)
    return "en" if share >= 0.12 else None
