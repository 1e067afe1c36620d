"""Clean already-scraped article text: keep the article, lift metadata, drop the page.

Input is what people really have: text copied or scraped from a news page,
with menus, subscribe boxes, "Advertisement", photo captions, live-blog
bylines and teasers mixed in. trafilatura and jusText were considered: both
need markup, and on text wrapped in ``<p>`` keep every menu line, so this
module classifies *lines*:

* lifted as metadata and removed: a ``date YYYY-MM-DD`` header, bylines
  ("by Jane Doe November 5, 2024 6:27 PM"), datelines, live-blog bylines glued
  to their timestamp ("Tom Watling6 November 2024 03:00"), masthead lines,
  copies of the title;
* removed: photo captions with credits, lines matching ``data/boilerplate.txt``,
  short non-sentence lines seen in many documents of the same source, and
  *runs* of menu-like lines (short or title-cased, no sentence punctuation);
* kept: everything else, including a lone heading between paragraphs.

It is conservative on purpose: a menu-like line standing alone is kept,
because dropping a real sentence is worse than keeping a menu line.
The clean text is the kept line spans joined by blank lines; ``segments``
map every clean character back to the raw text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from ..model import Cleaned, LiveEntry, Segment
from .dates import FoundDate, dateline, find_date
from .outlets import outlets

SEPARATOR = "\n\n"
HEADLINE_MAX_WORDS = 30
REPEAT_MAX_WORDS = 15

_HEADER = re.compile(r"\A\s*date\s+((?:19|20)\d{2}-\d{2}-\d{2})\b[ \t]*", re.I)
_CAPTION = re.compile(
    r"^\d+\s+of\s+\d+\s*\||\b(file )?photo(graph)? (by|courtesy of|credit)\b|"
    r"\((?:[^()]{0,80}/)?[^()]{0,80}\b(getty images|via getty|ap photo|reuters|afp|epa(-efe)?|"
    r"shutterstock|photo|pool)\b[^()]{0,40}\)\s*$",
    re.I,
)
_LIVE_BYLINE = re.compile(
    r"^(?P<author>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})\s*"
    r"(?P<stamp>\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d{2},?\s+\d{1,2}:\d{2})$"
)
_BYLINE = re.compile(r"^(?:by|author:|written by|words by)\s+(?P<rest>.+)$", re.I)
_TEASER = re.compile(r"^(read (also|more|next)|related|see also|editorial|opinion|watch|listen)\s*:", re.I)
_TEASER_HEADER = re.compile(
    r"(most (popular|read|viewed|shared)|editors?['’]? picks|trending( now)?|recommended( for you)?|"
    r"more (news|stories)|related (articles|stories|news|coverage|content|reading)|top stories|latest news|"
    r"you (will|may|might) (also )?(be interested|like)( in)?|read (more|also|next)|more (from|on) [\w' ]{1,40})\W*",
    re.I,
)
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?),?\s+"
    r"(?:(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d{2})?),?\s+)?(?:\((?P<agency>[A-Za-z .&/-]{2,30})\)\s*)?(?P<dash>[-–—]{1,2})\s+(?=[A-Z\"“])"
)
_TRAILING_AD = re.compile(r"\s+advertisement\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]。！？」』）]$")  # 。！？: Chinese and Japanese full stops
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with vs via about over".split()
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    kind: str  # text | menu | removed reason


@functools.cache
def _boilerplate() -> re.Pattern[str]:
    source = resources.files("storyline.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    patterns = [p.strip() for p in source.splitlines() if p.strip() and not p.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def line_key(line: str) -> int:
    """A stable 63-bit key for a line, used to count repeats across documents."""
    norm = " ".join(line.casefold().split())
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "big") >> 1


def repeat_candidates(raw: str) -> set[int]:
    """Keys of the lines of ``raw`` that may be removed if repeated across a source."""
    return {line_key(t) for t in (s.strip() for s in raw.splitlines()) if t and _repeatable(t)}


def _repeatable(text: str) -> bool:
    return len(text.split()) <= REPEAT_MAX_WORDS and not _SENTENCE_END.search(text)


def clean_text(raw: str, *, title: str | None = None, repeated: Iterable[int] = ()) -> Cleaned:
    """Clean one scraped text. ``title`` is a known title; ``repeated`` line keys are boilerplate."""
    published = precision = None
    basis = "none"
    offset = 0
    if match := _HEADER.match(raw):
        published, precision, basis, offset = match.group(1), "day", "header", match.end()
    lines = _classify(raw, offset, frozenset(repeated))
    if title is None:
        title = _find_title(lines)
    lines = _drop_title_copies(lines, title)
    lines = _drop_teaser_lists(_drop_menu_runs(lines))
    kept = [_trim(line) for line in lines if line.kind in ("text", "menu")]
    text, segments = _assemble(kept)
    byline_date = _byline_date(lines)
    live = _live_entries(lines, text, segments)
    if published is None and byline_date:
        published, precision, basis = byline_date[0], "day", byline_date[1]
    if published is None and (wire := _wire_date(lines)):
        published, precision, basis = wire, "day", "dateline"
    if published is None and live:
        published, precision, basis = max(e.stamp for e in live)[:10], "day", "byline"
    return Cleaned(
        text=text,
        segments=segments,
        title=title or _first_sentence(text),
        source=_masthead(lines) or _wire_agency(lines),
        published=published,
        published_precision=precision,
        published_basis=basis,
        live_entries=live,
        removed=tuple((line.kind, line.text) for line in lines if line.kind not in ("text", "menu")),
    )


def _classify(raw: str, offset: int, repeated: frozenset[int]) -> list[_Line]:
    lines = []
    for match in re.finditer(r"[^\n]+", raw[offset:]):
        text = match.group().strip()
        if not text:
            continue
        start = offset + match.start() + (len(match.group()) - len(match.group().lstrip()))
        lines.append(_Line(start, start + len(text), text, _kind(text, repeated)))
    return lines


def _kind(text: str, repeated: frozenset[int]) -> str:
    words = len(text.split())
    if _LIVE_BYLINE.match(text):
        return "live_byline"
    if _BYLINE.match(text) and words <= 20:
        return "byline"
    if _is_dateline(text):
        return "dateline"
    if _boilerplate().fullmatch(text.strip(" .:|•·-–—")):
        return "boilerplate"
    if _CAPTION.search(text) and not text.startswith(("“", '"')):
        return "caption"
    if _TEASER.match(text) and words <= 15:
        return "teaser"
    if _masthead_name(text):
        return "masthead"
    if repeated and _repeatable(text) and line_key(text) in repeated:
        return "repeated"
    return "menu" if _menu_like(text) else "text"


def _is_dateline(text: str) -> bool:
    return dateline(text) is not None


def _menu_like(text: str) -> bool:
    """Short or title-cased, and not ending like a sentence."""
    if _SENTENCE_END.search(text):
        return False
    words = _WORD.findall(text)
    if len(words) <= 4:
        return True
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


def _masthead_name(text: str) -> str | None:
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 3 and text[:half] == text[half:]:
        text = text[:half]
    return outlets().named(text)


def _masthead(lines: list[_Line]) -> str | None:
    names = [_masthead_name(line.text) for line in lines if line.kind == "masthead"]
    return names[0] if names else None


def _find_title(lines: list[_Line]) -> str | None:
    """The headline: the line just before the first byline/dateline near the top, else a first headline-like line."""
    head = lines[:40]
    for i, line in enumerate(head):
        if line.kind in ("byline", "dateline") and i > 0:
            before = [h for h in head[:i] if h.kind in ("text", "menu")]
            if before and _headline_like(before[-1].text):
                return before[-1].text
            break
    first = next((line for line in head if line.kind in ("text", "menu")), None)
    if first and _headline_like(first.text) and not _menu_like_short(first.text) and len(lines) > 1:
        return first.text
    return None


def _headline_like(text: str) -> bool:
    return 3 <= len(text.split()) <= HEADLINE_MAX_WORDS and not text.endswith((".", ";", ":"))


def _menu_like_short(text: str) -> bool:
    return len(_WORD.findall(text)) <= 4


def _drop_title_copies(lines: list[_Line], title: str | None) -> list[_Line]:
    if not title:
        return lines
    key = " ".join(title.casefold().split())
    return [
        _Line(line.start, line.end, line.text, "title")
        if line.kind in ("text", "menu") and " ".join(line.text.casefold().split()) == key
        else line
        for line in lines
    ]


def _drop_menu_runs(lines: list[_Line]) -> list[_Line]:
    """A menu-like line next to another menu-like or boilerplate line is navigation."""
    noisy = {"menu", "boilerplate", "repeated", "masthead", "teaser", "run"}
    out = list(lines)
    for i, line in enumerate(lines):
        if line.kind != "menu":
            continue
        neighbours = [lines[j].kind for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(kind in noisy for kind in neighbours):
            out[i] = _Line(line.start, line.end, line.text, "run")
    return out


def _drop_teaser_lists(lines: list[_Line]) -> list[_Line]:
    """Headlines listed under "Related coverage", "Most popular"... up to the next real paragraph."""
    out, in_list = [], False
    for line in lines:
        if _TEASER_HEADER.fullmatch(line.text):
            in_list = True
        elif in_list and line.kind in ("text", "menu"):
            if _SENTENCE_END.search(line.text) and len(line.text.split()) >= 8:
                in_list = False
            else:
                line = _Line(line.start, line.end, line.text, "teaser")
        out.append(line)
    return out


def _trim(line: _Line) -> _Line:
    """Strip an "Advertisement" glued to the end of a paragraph and a wire dateline
    ("ANKARA, Feb 8 (Reuters) - ") from its start."""
    if match := _TRAILING_AD.search(line.text):
        text = line.text[: match.start()]
        line = _Line(line.start, line.start + len(text), text, line.kind)
    if (match := _WIRE_DATELINE.match(line.text)) and (match.group("agency") or match.group("date") or match.group("dash") != "-"):
        line = _Line(line.start + match.end(), line.end, line.text[match.end():], line.kind)
    return line


def _wire_date(lines: list[_Line]) -> str | None:
    """The date of a wire dateline that has a year ("WASHINGTON, April 28, 2009 (AP) — ...")."""
    first = next((line for line in lines[:20] if line.kind in ("text", "menu")), None)
    if first and (match := _WIRE_DATELINE.match(first.text)) and match.group("date"):
        found = find_date(match.group("date"))
        return found.day if found else None
    return None


def _wire_agency(lines: list[_Line]) -> str | None:
    for line in lines:
        if line.kind in ("text", "menu") and (match := _WIRE_DATELINE.match(line.text)) and match.group("agency"):
            return outlets().named(match.group("agency")) or match.group("agency")
    return None


def _assemble(kept: list[_Line]) -> tuple[str, tuple[Segment, ...]]:
    parts: list[str] = []
    segments: list[Segment] = []
    position = 0
    for line in kept:
        if parts:
            parts.append(SEPARATOR)
            position += len(SEPARATOR)
        segments.append(Segment(position, line.start, len(line.text)))
        parts.append(line.text)
        position += len(line.text)
    return "".join(parts), tuple(segments)


def _byline_date(lines: list[_Line]) -> tuple[str, str] | None:
    """The publication date of the first run of dated byline and dateline lines near the top, and
    its basis: the earliest date of the run (a page shows "Published" before "Updated" times),
    ``byline`` when it is on a byline or the line just under one, else ``dateline``."""
    head = lines[:20]
    for i, line in enumerate(head):
        if _line_date(line) is None:
            continue
        run = [i]
        while run[-1] + 1 < len(head) and _line_date(head[run[-1] + 1]) is not None:
            run.append(run[-1] + 1)
        j = min(run, key=lambda k: (_line_date(head[k]) or FoundDate("", None, 0, 0)).day)
        found = _line_date(head[j])
        by = head[j].kind == "byline" or (j > 0 and head[j - 1].kind == "byline")
        return (found.day, "byline" if by else "dateline") if found else None
    return None


def _line_date(line: _Line) -> FoundDate | None:
    if line.kind == "byline":
        return find_date(line.text)
    return dateline(line.text) if line.kind == "dateline" else None


def _live_entries(lines: list[_Line], text: str, segments: tuple[Segment, ...]) -> tuple[LiveEntry, ...]:
    """Live-blog entries. Bylines usually follow their entry; if the text opens with one, they precede it."""
    stamped = []
    for line in lines:
        match = _LIVE_BYLINE.match(line.text) if line.kind == "live_byline" else None
        if match and (found := find_date(match.group("stamp"))):
            stamped.append((match.group("author"), found.minute or found.day, _boundary(line.start, segments, len(text))))
    if not stamped:
        return ()
    follows = lines[0].kind != "live_byline"
    bounds = [b for _, _, b in stamped]
    entries = []
    for i, (author, stamp, at) in enumerate(stamped):
        if follows:
            start, end = (bounds[i - 1] if i else 0), at
        else:
            start, end = at, (bounds[i + 1] if i + 1 < len(bounds) else len(text))
        entries.append(LiveEntry(author, stamp, start, end))
    return tuple(entries)


def _boundary(raw_position: int, segments: tuple[Segment, ...], length: int) -> int:
    """The clean offset where kept text resumes after a raw position."""
    for seg in segments:
        if seg.raw_start > raw_position:
            return max(0, seg.clean_start - len(SEPARATOR))
    return length


def _first_sentence(text: str, limit: int = 160) -> str | None:
    first = text.split(SEPARATOR, 1)[0].strip()
    if not first:
        return None
    match = re.search(r"(?<=[a-z0-9”\"’)][.!?])\s+(?=[A-Z“\"])", first)
    sentence = first[: match.start()] if match else first
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def to_raw(clean_start: int, clean_end: int, segments: Iterable[Segment]) -> tuple[int, int] | None:
    """Map a clean-text span back to the raw text (None if it crosses a removed part)."""
    for seg in segments:
        if seg.clean_start <= clean_start and clean_end <= seg.clean_start + seg.length:
            delta = seg.raw_start - seg.clean_start
            return clean_start + delta, clean_end + delta
    return None
