"""Synthetic corpora for benchmarks and crash tests, built from example articles.

Each generated article mixes paragraphs from the examples, changes numbers,
places and names, and wraps the text in the debris real scrapes carry
(menus, subscribe boxes, captions, "Advertisement"), so no two are identical
and the cleaner has real work to do. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from .ingest.clean import clean_text

PLACES = ["Kursk", "Kharkiv", "Donetsk", "Zaporizhzhia", "Belgorod", "Sumy", "Odesa", "Kherson", "Bryansk", "Luhansk"]
PEOPLE = ["Anna Petrenko", "John Miller", "Kim Soo-jin", "Olena Shevchenko", "David Brown", "Maria Rossi", "Ivan Horbunov"]
DEBRIS = [
    "Skip to content\nHome\nWorld\nPolitics\nBusiness",
    "Advertisement",
    "Subscribe\n* indicates required\nEnter your email to subscribe",
    "1 of 4 | Soldiers stand near a checkpoint in {place}. File Photo by {person}/EPA-EFE",
    "Most popular\nNews Feed\nMORE NEWS",
    "Read more: Ministers meet in {place} as talks stall",
]


def example_paragraphs(folder: str | Path) -> list[str]:
    paragraphs = []
    for path in sorted(Path(folder).glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        paragraphs += [p for p in text.split("\n\n") if len(p.split()) >= 8]
    if not paragraphs:
        raise ValueError(f"no example paragraphs in {folder}")
    return paragraphs


def articles(folder: str | Path, n: int, seed: int = 0) -> Iterator[str]:
    """``n`` varied article texts (with scraping debris) built from the examples in ``folder``."""
    rng = random.Random(seed)
    paragraphs = example_paragraphs(folder)
    for i in range(n):
        yield _article(rng, paragraphs, i)


def _article(rng: random.Random, paragraphs: list[str], i: int) -> str:
    place, person = rng.choice(PLACES), rng.choice(PEOPLE)
    body = [_vary(rng, p, place) for p in rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 12)))]
    body.insert(0, f"Report {i}: talks on {place} continue as {person} visits the region.")
    for _ in range(rng.randint(1, 4)):
        body.insert(rng.randint(0, len(body)), rng.choice(DEBRIS).format(place=place, person=person))
    header = f" date 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " if rng.random() < 0.7 else ""
    return header + "\n\n".join(body) + "\n"


def _vary(rng: random.Random, paragraph: str, place: str) -> str:
    paragraph = re.sub(r"\d+", lambda m: str(rng.randint(1, 20000)), paragraph)
    return paragraph.replace("Kursk", place)


def write_corpus(folder: str | Path, out: str | Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` synthetic articles as text files under ``out`` (100 per sub-folder)."""
    out = Path(out)
    for i, text in enumerate(articles(folder, n, seed)):
        target = out / f"{i // 100:04d}" / f"article_{i:06d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return out
