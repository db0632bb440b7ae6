"""Pure text helpers: cleaning user input, language detection, stemming and sentence splitting."""

from __future__ import annotations

import pytest

from assistant.text import clean_text, detect_language, jaccard, split_sentences, stems


def test_clean_text_drops_markup_and_script_content():
    cleaned = clean_text("<b>Hoeveel</b> &amp; <script>alert(1)</script> <i>kost</i>   dat?")
    assert cleaned == "Hoeveel & kost dat?"


def test_clean_text_drops_event_handlers_and_control_characters():
    cleaned = clean_text('Is <img src=x onerror="alert(1)">LinkedIn\x07 nuttig?\n\n')
    assert "<" not in cleaned and "onerror" not in cleaned and "\x07" not in cleaned
    assert cleaned == "Is LinkedIn nuttig?"


def test_clean_text_keeps_plain_comparisons_and_ampersands():
    assert clean_text("Is 3 < 5 en B&B een goed idee?") == "Is 3 < 5 en B&B een goed idee?"


@pytest.mark.parametrize(
    "question, language",
    [
        ("Is LinkedIn nuttig voor een klein bedrijf?", "nl"),
        ("Hoeveel kost Facebook?", "nl"),
        ("En hoeveel tijd kost dat?", "nl"),
        ("Mag ik foto's van klanten plaatsen?", "nl"),
        ("Wat is de hoofdstad van Frankrijk?", "nl"),
        ("Is LinkedIn useful for a small business?", "en"),
        ("What about Twitter?", "en"),
        ("Can I post photos of customers?", "en"),
        ("Write a poem about the sea", "en"),
    ],
)
def test_detect_language_on_short_questions(question, language):
    assert detect_language(question) == language


@pytest.mark.parametrize("default", ["nl", "en"])
def test_detect_language_falls_back_to_default_without_words(default):
    assert detect_language("", default) == default
    assert detect_language("?!", default) == default


def test_dutch_stems_match_singular_and_plural_and_drop_stopwords():
    assert stems("bedrijven", "nl") == stems("bedrijf", "nl")
    assert stems("de het een en van", "nl") == []


def test_english_stems_match_inflections_and_keep_figures():
    assert stems("companies posting", "en") == stems("company posts", "en")
    assert "29.2" in stems("29.2 percent of organisations", "en")
    assert "29,2" in stems("29,2 procent van de organisaties", "nl")


def test_split_sentences_drops_headings_and_keeps_abbreviations_and_figures():
    text = "# Titel\n\nDit is o.a. een test. Het gaat om 29,2 procent.\n\n## Kop\n\nLaatste zin hier."
    assert split_sentences(text) == ["Dit is o.a. een test.", "Het gaat om 29,2 procent.", "Laatste zin hier."]


def test_split_sentences_keeps_list_items_apart_without_markup():
    text = "Stappen:\n\n- **Kies één kanaal**, begin klein.\n- Post elke week\n\n1. Meet je bereik."
    assert split_sentences(text) == ["Stappen:", "Kies één kanaal, begin klein.", "Post elke week", "Meet je bereik."]


def test_split_sentences_keeps_closing_quotes_and_brackets_with_their_sentence():
    text = 'Het advertorial heette "Social media: tijdverspilling?" (Een vraag van Telfort.) Daarna bleef het stil.'
    sentences = split_sentences(text)
    assert "".join(sentences).replace(" ", "") == text.replace(" ", "")
    for sentence in sentences:
        assert sentence.count('"') % 2 == 0 and sentence.count("(") == sentence.count(")"), sentences


def test_jaccard():
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard(set(), {"a"}) == 0.0
