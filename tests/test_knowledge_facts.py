"""Checks on the sourced knowledge base under knowledge/nl and knowledge/en.

(a) Every note has complete, valid front matter, a unique id and a counterpart
    in the other language that points back.
(b) Facts from the seed texts (figures, names, dates) are present in both the
    Dutch and the English notes, in each language's own phrasing and notation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
LANGUAGES = ("nl", "en")

REQUIRED_KEYS = (
    "id",
    "title",
    "kind",
    "source",
    "url",
    "published",
    "region",
    "language",
    "topics",
    "level",
    "counterpart",
)
KINDS = {"survey", "article", "case", "guide"}
LEVELS = {"basic", "advanced"}
REGION_CODES = {"NL", "BE", "NL-Zuidwest", "UK", "INT"}
PUBLISHED_RE = re.compile(r"^(\d{4}(-\d{2}-\d{2})?)?$")
TOPIC_RE = re.compile(r"^[^A-Z\s][^A-Z]*$")


def _split_note(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path}: no front matter"
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return meta, body


@lru_cache(maxsize=None)
def _notes() -> tuple[tuple[str, Path, dict, str], ...]:
    notes = []
    for lang in LANGUAGES:
        for path in sorted((KNOWLEDGE / lang).glob("*.md")):
            meta, body = _split_note(path)
            notes.append((lang, path, meta, body))
    return tuple(notes)


@lru_cache(maxsize=None)
def _corpus(lang: str) -> str:
    return "\n".join(body for note_lang, _, _, body in _notes() if note_lang == lang).lower()


def _note_ids() -> list[str]:
    return [f"{lang}/{path.name}" for lang, path, _, _ in _notes()]


def test_knowledge_dirs_have_notes():
    for lang in LANGUAGES:
        assert list((KNOWLEDGE / lang).glob("*.md")), f"no notes in knowledge/{lang}"


@pytest.mark.parametrize("note", _notes(), ids=_note_ids())
def test_front_matter_valid(note):
    lang, path, meta, body = note
    missing = [key for key in REQUIRED_KEYS if key not in meta]
    assert not missing, f"{path}: missing keys {missing}"

    assert meta["id"] == f"{path.stem}-{lang}", f"{path}: id {meta['id']!r} does not match file"
    assert isinstance(meta["title"], str) and meta["title"].strip()
    assert meta["kind"] in KINDS, f"{path}: kind {meta['kind']!r}"
    assert isinstance(meta["source"], str) and meta["source"].strip()
    assert isinstance(meta["url"], str)
    assert meta["url"] == "" or meta["url"].startswith(("http://", "https://"))
    assert isinstance(meta["published"], str), f"{path}: published must be a string"
    assert PUBLISHED_RE.match(meta["published"]), f"{path}: published {meta['published']!r}"
    assert isinstance(meta["region"], str)
    assert set(meta["region"].split("/")) <= REGION_CODES, f"{path}: region {meta['region']!r}"
    assert meta["language"] == lang, f"{path}: language {meta['language']!r}"
    topics = meta["topics"]
    assert isinstance(topics, list) and topics, f"{path}: topics must be a non-empty list"
    for topic in topics:
        assert isinstance(topic, str) and TOPIC_RE.match(topic), f"{path}: topic {topic!r}"
    assert meta["level"] in LEVELS, f"{path}: level {meta['level']!r}"
    other = "en" if lang == "nl" else "nl"
    assert meta["counterpart"] == f"{path.stem}-{other}", f"{path}: counterpart {meta['counterpart']!r}"

    first_line = next(line for line in body.splitlines() if line.strip())
    assert first_line == f"# {meta['title']}", f"{path}: body must start with '# <title>'"


def test_ids_unique():
    ids = [meta["id"] for _, _, meta, _ in _notes()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_counterparts_exist_and_point_back():
    by_id = {meta["id"]: (lang, meta) for lang, _, meta, _ in _notes()}
    for note_id, (lang, meta) in by_id.items():
        counterpart = meta["counterpart"]
        assert counterpart in by_id, f"{note_id}: counterpart {counterpart!r} not found"
        other_lang, other = by_id[counterpart]
        assert other_lang != lang, f"{note_id}: counterpart is in the same language"
        assert other["counterpart"] == note_id, f"{counterpart} does not point back to {note_id}"


# (Dutch phrasing, English phrasing) of facts carried over from the seed texts.
SEED_FACTS = [
    # 000 KvK Zuidwest-Nederland survey (2011)
    ("Kamer van Koophandel (KvK) Zuidwest-Nederland", "Kamer van Koophandel, KvK) Zuidwest-Nederland"),
    ("Multiscope", "Multiscope"),
    ("weblog Dutchcowboys", "weblog Dutchcowboys"),
    ("DutchCowboys.nl", "DutchCowboys.nl"),
    ("circa 300 ondernemers", "About 300 entrepreneurs"),
    ("Zeeland en West-Brabant", "Zeeland and West-Brabant"),
    ("Breda", "Breda"),
    ("maart 2011", "March 2011"),
    ("Zes op de tien", "Six in ten"),
    ("Slechts een kwart", "Only a quarter"),
    ("Acht op de tien", "Eight in ten"),
    ("€ 2.500", "€2,500"),
    ("een half uur tot twee uur per week", "half an hour and two hours a week"),
    ("kleine, middelgrote en grote organisaties", "small, medium-sized and large organisations"),
    ("externe adviseur", "external adviser"),
    ("BOOM-adviseur Joop Maas", "BOOM adviser Joop Maas"),
    ("struisvogelpolitiek", "struisvogelpolitiek"),
    ("Sandra Leenders", "Sandra Leenders"),
    ("adviesgesprek van een uur", "one-hour advice conversation"),
    ("specialist", "specialist"),
    # 001 Bijgespijkerd / Sjef Kerkhofs and reader comments
    ("Sjef Kerkhofs", "Sjef Kerkhofs"),
    ("DailyDialogues", "DailyDialogues"),
    ("Bijgespijkerd", "Bijgespijkerd"),
    ("StepFree", "StepFree"),
    ("Social Strategy Model", "Social Strategy Model"),
    ("3 co-auteurs", "3 co-authors"),
    ("leestijd ongeveer 3 minuten", "reading time about 3 minutes"),
    ("NextMarketeer", "NextMarketeer"),
    ("angst voor verandering en controleverlies", "fear of change and loss of control"),
    ("experimentele eilandjes", "experimental islands"),
    ("14 reacties", "14 reactions"),
    ("Joery Bruijntjes", "Joery Bruijntjes"),
    ("Copydimitri", "Copydimitri"),
    ("stoorfactor 4", "obstacle 4"),
    ("Bram Koster", "Bram Koster"),
    ("zijwieltjes", "training wheels"),
    ("wapenleveranciers", "arms-supplier"),
    ("140 tekens", "140 characters"),
    ("Marijn Pannekoek", "Marijn Pannekoek"),
    ("onbewuste wetendheid", "onbewuste wetendheid"),
    ("draagvlak", "draagvlak"),
    ("Sonja van Vuren", "Sonja van Vuren"),
    ("Bobby Verlaan", "Bobby Verlaan"),
    ("Sak van den Boom", "Sak van den Boom"),
    ("Customer Media in de Praktijk", "Customer Media in de Praktijk"),
    ("122 praktijkvoorbeelden", "122 practical examples"),
    ("25 november", "25 November"),
    ("4e Nationaal Customer Media Congres", "4th Nationaal Customer Media Congres"),
    ("Saskia", "Saskia"),
    ("Sytse Kooistra", "Sytse Kooistra"),
    ("Rikske", "Rikske"),
    ("Hyves", "Hyves"),
    # 002 Belgian article and InSites Consulting survey
    ("meer dan vier miljoen", "more than four million"),
    ("Brian Solis", "Brian Solis"),
    ("Davy Vandevinne", "Davy Vandevinne"),
    ("Outsource Communications", "Outsource Communications"),
    ("InSites Consulting", "InSites Consulting"),
    ("Smart Business Strategies", "Smart Business Strategies"),
    ("geen rocket science", "geen rocket science"),
    ("LinkedIn: 30%", "LinkedIn: 30%"),
    ("Facebook: 25%", "Facebook: 25%"),
    ("Google+: 13%", "Google+: 13%"),
    ("Twitter: 11%", "Twitter: 11%"),
    ("YouTube: 8%", "YouTube: 8%"),
    ("Overige: 2%", "Other: 2%"),
    ("Netlog: 1%", "Netlog: 1%"),
    ("Geen van bovenstaande: 49%", "None of these: 49%"),
    ("LinkedIn: 23%", "LinkedIn: 23%"),
    ("Facebook: 20%", "Facebook: 20%"),
    ("Google+: 12%", "Google+: 12%"),
    ("YouTube: 3%", "YouTube: 3%"),
    ("Overige: 3%", "Other: 3%"),
    ("Twitter: 2%", "Twitter: 2%"),
    ("hoogste leercurve", "highest learning curve"),
    ("minisite", "mini-site"),
    ("plan van aanpak", "plan of approach"),
    # 003 Startups & Scaleups advertorial (Telfort)
    ("Startups & Scaleups", "Startups & Scaleups"),
    ("Telfort", "Telfort"),
    ("Has Bean Coffee", "Has Bean Coffee"),
    ("Stephen Leighton", "Stephen Leighton"),
    ("gevangenbewaarder", "prison guard"),
    ("1999", "1999"),
    ("Has Bean Steve", "Has Bean Steve"),
    ("MySpace", "MySpace"),
    ("Flickr", "Flickr"),
    ("Vimeo", "Vimeo"),
    ("Foursquare", "Foursquare"),
    ("zeven dagen per week", "seven days a week"),
    ("zeventien", "seventeen"),
    ("Emmen", "Emmen"),
    ("Florida", "Florida"),
    ("Maarten van Huijstee", "Maarten van Huijstee"),
    ("TAXI Europe", "TAXI Europe"),
    ("korting op een volgend bezoek", "discount on a next visit"),
    ("hartstochtelijke fan", "passionate fan"),
    ("leverage", "leverage"),
    ("geen niche meer", "no longer a niche"),
    # 004 Nederlandse Social Media Onderzoek 2018
    ("Nederlandse Social Media Onderzoek 2018", "Nederlandse Social Media Onderzoek 2018"),
    ("Nederlandse Social Media Academie", "Nederlandse Social Media Academie"),
    ("Martijn Baten", "Martijn Baten"),
    ("06-02-2018", "06-02-2018"),
    ("eerste editie", "first edition"),
    ("om te zenden", "to broadcast"),
    ("44,3%", "44.3%"),
    ("36,2%", "36.2%"),
    ("32,4%", "32.4%"),
    ("Bijna 38%", "Almost 38%"),
    ("Iets meer dan 25%", "Just over 25%"),
    ("Ruim 36%", "Over 36%"),
    ("29,2", "29.2"),
    ("employer branding", "employer branding"),
    ("het aantal bereikte personen", "the number of people reached"),
    ("het aantal kliks op links naar een website", "the number of clicks on links to a website"),
    ("het aantal conversies", "the number of conversions"),
    ("per afdeling of discipline", "per department or discipline"),
]


def test_enough_seed_facts():
    assert len(SEED_FACTS) >= 60


@pytest.mark.parametrize("nl_phrase,en_phrase", SEED_FACTS, ids=[nl for nl, _ in SEED_FACTS])
def test_seed_fact_present_in_both_languages(nl_phrase, en_phrase):
    assert nl_phrase.lower() in _corpus("nl"), f"Dutch notes lack {nl_phrase!r}"
    assert en_phrase.lower() in _corpus("en"), f"English notes lack {en_phrase!r}"
