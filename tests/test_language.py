"""Every article is kept whatever its language, and says which language it is in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.corpus import Corpus
from storyline.ingest.language import detect_language

from .data.news_languages import NEWS

LIST_LIKE_ENGLISH = [
    "Prime Minister Keir Starmer, Chancellor Rachel Reeves, Home Secretary Yvette Cooper, Foreign Secretary David Lammy "
    "and Defence Secretary John Healey attended Monday's emergency Cobra meeting. Ministers discussed flood defences, "
    "hospital staffing, railway disruption, school closures, power cuts, water shortages, army deployments, insurance "
    "claims and council funding. Officials promised updates Tuesday morning, Wednesday evening and Thursday afternoon, "
    "depending on rainfall forecasts, river levels, reservoir capacity, emergency resources and local requests.",
    "Storm Darragh: heavy rain, strong winds, fallen trees, flooded roads, cancelled trains, closed schools, delayed "
    "flights, damaged roofs, overturned lorries, power outages, evacuated homes, stranded drivers, emergency shelters, "
    "volunteer rescuers, council crews, police cordons, ambulance delays, hospital warnings, insurance questions, repair "
    "bills. Forecasters expect calmer weather Sunday, although northern coastal areas could see renewed gusts, further "
    "showers, high tides, landslips, more travel problems, fresh school closures and additional sandbag requests.",
]

PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title>
<meta property="article:published_time" content="2024-06-1{day}T08:00:00Z"></head><body>
<nav><ul><li><a href="/">{home}</a></li><li><a href="/a">{menu}</a></li></ul></nav>
<article><h1>{title}</h1><p>{first}</p><p>{second}</p></article>
<footer><p>{footer}</p></footer></body></html>"""
PAGES = {
    "fr": ("Effondrement d'un immeuble", "Accueil", "Monde", "Abonnez-vous à notre lettre d'information"),
    "de": ("Gasexplosion in Wohnhaus", "Startseite", "Politik", "Newsletter abonnieren"),
    "uk": ("Атака дронів на місто", "Головна", "Новини", "Підпишіться на розсилку"),
    "zh": ("居民楼倒塌", "首页", "国内", "订阅我们的新闻"),
    "ar": ("انهيار مبنى سكني", "الرئيسية", "العالم", "اشترك في النشرة"),
}


def test_every_paragraph_of_the_ten_language_set_is_named_right():
    wrong = [(lang, detect_language(text)) for lang, texts in NEWS.items() for text in texts if detect_language(text) != lang]
    assert wrong == []


@pytest.mark.parametrize("text", LIST_LIKE_ENGLISH)
def test_plain_english_with_few_function_words_is_english(text):
    assert 60 <= len(text.split()) <= 80
    assert detect_language(text) == "en"


def test_a_text_without_letters_is_undetermined():
    assert detect_language("2024-11-05 12:30 +++ 10,000 / 11,000 / 12,000 --- 15,000") == "und"


def test_pages_in_other_languages_are_stored_with_their_main_text(tmp_path, settings):
    for day, (lang, (title, home, menu, footer)) in enumerate(PAGES.items()):
        first, second = NEWS[lang][0], NEWS[lang][1]
        (tmp_path / f"{lang}.html").write_text(PAGE.format(lang=lang, title=title, home=home, menu=menu, footer=footer,
                                                           first=first, second=second, day=day), encoding="utf-8")
    corpus = Corpus(settings=settings.replace(analyse=False))
    assert corpus.add([str(tmp_path)]).summary() == f"added {len(PAGES)}, unchanged 0, rejected 0"
    docs = {Path(d["path"]).stem: d for d in corpus.records("documents")}
    for day, (lang, (title, home, menu, footer)) in enumerate(PAGES.items()):
        doc = docs[lang]
        assert doc["language"] == lang and doc["title"] == title
        assert NEWS[lang][0] in doc["text"] and NEWS[lang][1] in doc["text"]
        assert footer not in doc["text"] and menu not in doc["text"]
        assert doc["published"] == f"2024-06-1{day}" and doc["published_basis"] == "metadata"


def test_a_mixed_language_folder_is_stored_whole_through_storyline_add(cli, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    chosen = ["en", "uk", "ru", "ko", "fr", "de", "es", "ar", "zh", "pt"]
    for lang in chosen:
        for i in range(2):
            (folder / f"{lang}-{i}.txt").write_text(NEWS[lang][2 * i] + "\n\n" + NEWS[lang][2 * i + 1] + "\n", encoding="utf-8")
    (folder / "en-list.txt").write_text(LIST_LIKE_ENGLISH[0] + "\n")
    added = cli("add", str(folder), "--quiet")
    assert added.exit_code == 0, added.output
    assert added.output.strip().splitlines()[-1] == f"added {2 * len(chosen) + 1}, unchanged 0, rejected 0"
    exported = cli("export", "documents")
    docs = [json.loads(line) for line in exported.output.splitlines() if line.startswith("{")]
    assert {Path(d["path"]).name: d["language"] for d in docs} == {
        **{f"{lang}-{i}.txt": lang for lang in chosen for i in range(2)}, "en-list.txt": "en"}
    rejects = cli("export", "rejects")
    assert not [line for line in rejects.output.splitlines() if line.startswith("{")]
