"""The grounding check on LLM answers: sentences, [n] citations, support and when to give up."""

from __future__ import annotations

import pytest

from assistant.grounding import (
    ChunkText,
    Layout,
    SentenceSplitter,
    check_sentence,
    parse_citations,
    render_sentence,
    split_segments,
    support,
    too_little_left,
)

GOALS_NL = (
    "Veel ondernemers posten zonder plan. Uit onderzoek blijkt dat 42% van de kleine bedrijven geen doelen stelt "
    "voor social media. Stel daarom meetbare doelen, zoals meer websitebezoek of aanvragen via LinkedIn."
)
LINKEDIN_NL = (
    "LinkedIn is het zakelijke netwerk bij uitstek. Voor dienstverleners en b2b-bedrijven is het een goed kanaal "
    "om expertise te tonen. Een social-mediastrategie begint met je doelgroep."
)


@pytest.fixture
def context() -> list[ChunkText]:
    return [ChunkText.of(GOALS_NL, "nl", "nl"), ChunkText.of(LINKEDIN_NL, "nl", "nl")]


ANSWER = """Veel kleine bedrijven stellen geen doelen: 42% doet dat niet [1]. Stel meetbare doelen [1].

Kanalen:
- LinkedIn is een goed kanaal voor b2b-bedrijven [2]
- Post elke dag om 9 uur. Begin bij je doelgroep [2].
## Slot
Dat blijkt uit onderzoek, bijv. van de KVK [1]. [2]"""


def test_sentences_keep_lines_lists_and_trailing_citations():
    segments = split_segments(ANSWER)
    assert [s.text for s in segments] == [
        "Veel kleine bedrijven stellen geen doelen: 42% doet dat niet [1].",
        "Stel meetbare doelen [1].",
        "Kanalen:",
        "LinkedIn is een goed kanaal voor b2b-bedrijven [2]",
        "Post elke dag om 9 uur.",
        "Begin bij je doelgroep [2].",
        "Slot",
        "Dat blijkt uit onderzoek, bijv. van de KVK [1]. [2]",  # abbreviation kept, citation after the dot kept
    ]
    assert [s.bullet for s in segments] == ["", "", "", "- ", "- ", "- ", "", ""]
    assert [s.paragraph for s in segments] == [0, 0, 1, 1, 1, 1, 1, 1]
    assert [s.heading for s in segments].index(True) == 6


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_streaming_in_any_pieces_gives_the_same_sentences(size):
    splitter = SentenceSplitter()
    streamed = []
    for i in range(0, len(ANSWER), size):
        streamed += splitter.feed(ANSWER[i:i + size])
    streamed += splitter.close()
    assert streamed == split_segments(ANSWER)


def test_a_sentence_is_released_only_when_the_next_one_starts():
    splitter = SentenceSplitter()
    assert splitter.feed("LinkedIn werkt goed [2]. [") == []  # the "[" may still be this sentence's citation
    assert [s.text for s in splitter.feed("1] Daarna")] == ["LinkedIn werkt goed [2]. [1]"]
    assert [s.text for s in splitter.close()] == ["Daarna"]


def test_citations_are_read_and_unknown_numbers_dropped():
    assert parse_citations("Stel doelen [1, 3][7] en meet ze [2-3].", 3) == ("Stel doelen en meet ze.", [1, 3, 2])
    assert parse_citations("Zie bron [0][9].", 3) == ("Zie bron.", [])
    assert parse_citations("Geen bron hier.", 3) == ("Geen bron hier.", [])


def test_support_counts_content_words_and_compounds(context):
    assert support("42% van de kleine bedrijven stelt geen doelen", context[:1], "nl") == 1.0
    # "strategie" is found inside the chunk's compound "social-mediastrategie".
    assert support("Een strategie begint met de doelgroep", context[1:], "nl") == 1.0
    assert support("TikTok levert de meeste omzet op", context, "nl") < 0.5


def test_a_figure_the_cited_chunk_does_not_have_is_never_supported(context):
    assert support("55% van de kleine bedrijven stelt geen doelen", context[:1], "nl") == 0.0
    assert support("42% van de kleine bedrijven stelt geen doelen", context[1:], "nl") == 0.0


def test_check_keeps_supported_sentences_and_removes_the_rest(context):
    kept = [check_sentence(s, context, "nl", 0.5) for s in split_segments(ANSWER)]
    texts = [k.text if k else None for k in kept]
    assert texts[0] == "Veel kleine bedrijven stellen geen doelen: 42% doet dat niet." and kept[0].cites == [1]
    assert texts[3] == "LinkedIn is een goed kanaal voor b2b-bedrijven" and kept[3].cites == [2]
    assert texts[4] is None  # "elke dag om 9 uur" is in no chunk
    assert texts[6] is None  # headings never stay
    # "blijkt" and "onderzoek" are in [1], "bijv" and "KVK" in neither: half of the words is just enough
    assert texts[7] == "Dat blijkt uit onderzoek, bijv. van de KVK." and kept[7].cites == [1, 2]
    assert check_sentence(split_segments(ANSWER)[7], context, "nl", 0.6) is None


def test_a_sentence_citing_the_wrong_chunk_is_removed(context):
    (segment,) = split_segments("LinkedIn is een goed kanaal voor b2b-bedrijven [1].")
    assert check_sentence(segment, context, "nl", 0.5) is None


def test_an_uncited_or_wrongly_numbered_sentence_cites_the_chunk_that_supports_it(context):
    for text in ("LinkedIn is een goed kanaal voor b2b-bedrijven.", "LinkedIn is een goed kanaal voor b2b-bedrijven [7]."):
        (segment,) = split_segments(text)
        checked = check_sentence(segment, context, "nl", 0.5)
        assert checked.cites == [2]
        assert checked.text == "LinkedIn is een goed kanaal voor b2b-bedrijven."


def test_layout_puts_kept_sentences_back_on_their_lines():
    segments = split_segments(ANSWER)
    layout = Layout()
    for i in (0, 3, 5, 7):
        layout.add(segments[i], render_sentence(segments[i].text, [i]))
    assert layout.text == (
        "Veel kleine bedrijven stellen geen doelen: 42% doet dat niet [1]. [0]\n\n"
        "- LinkedIn is een goed kanaal voor b2b-bedrijven [2] [3]\n"
        "- Begin bij je doelgroep [2]. [5]\n"
        "Dat blijkt uit onderzoek, bijv. van de KVK [1]. [2] [7]"
    )


def test_too_little_left():
    assert too_little_left(0, 3, 1, 0.5)
    assert too_little_left(1, 4, 1, 0.5)
    assert not too_little_left(2, 4, 1, 0.5)
    assert too_little_left(0, 0, 1, 0.0)
