"""Retrieval: the right note for Dutch and English questions, language preference, follow-up condensing."""

from __future__ import annotations

import pytest

from assistant.lexical import ChunkRecord, LexicalIndex
from assistant.retrieve import condense
from assistant.types import Turn

# (question, the note that answers it): sourced facts, so exactly one note is the right one.
DUTCH = [
    ("Hoeveel procent van de Belgische bedrijven heeft een LinkedIn-account?", "belgium-insites-accounts-nl"),
    ("Welk sociaal netwerk vinden Belgische bedrijven het belangrijkst?", "belgium-insites-most-important-nl"),
    ("Hoeveel procent van de organisaties stelt geen doelen voor social media?", "nsmo-2018-no-goals-nl"),
    ("Hoeveel tijd besteden ondernemers in Zuidwest-Nederland per week aan social media?", "kvk-zwn-2011-survey-nl"),
    ("Hoeveel budget hebben ondernemers in Zuidwest-Nederland voor social media?", "kvk-zwn-2011-survey-nl"),
    ("Wat zijn de drie stoorfactoren van Sjef Kerkhofs?", "kerkhofs-three-obstacles-nl"),
    ("Wie is Stephen Leighton en wat verkoopt Has Bean Coffee?", "has-bean-coffee-case-nl"),
    ("Wat is struisvogelpolitiek volgens Joop Maas?", "kvk-zwn-2011-ostrich-policy-nl"),
    ("Hoeveel Belgen hadden in 2012 een Facebook-account?", "belgium-facebook-two-way-nl"),
    ("Welke drie stappen adviseert Martijn Baten om de waarde van social media aan te tonen?", "nsmo-2018-three-steps-nl"),
    ("Hoeveel procent van de organisaties gebruikt social media om de doelgroep te informeren?", "nsmo-2018-goals-nl"),
    ("Waarom heeft Twitter de hoogste leercurve?", "belgium-insites-most-important-nl"),
    ("Hoe maak je van een klager een fan via Twitter en Facebook?", "reputation-management-nl"),
    ("Wat zegt Maarten van Huijstee over relevantie en dialoog?", "van-huijstee-relevance-dialogue-nl"),
    ("Welke obstakels noemen lezers van Kerkhofs over draagvlak en coördinatie?", "kerkhofs-reader-comments-support-nl"),
    ("Waarom stoppen bedrijven die zonder plan van aanpak met sociale media beginnen?", "belgium-effort-and-plan-nl"),
    ("Wat zegt Rikske over Hyves?", "kerkhofs-reader-comments-cases-nl"),
]
ENGLISH = [
    ("What percentage of Belgian companies has a LinkedIn account?", "belgium-insites-accounts-en"),
    ("How many organisations set no goals for social media?", "nsmo-2018-no-goals-en"),
    ("How much time do entrepreneurs in South-West Netherlands spend on social media per week?", "kvk-zwn-2011-survey-en"),
    ("What are the three obstacles described by Sjef Kerkhofs?", "kerkhofs-three-obstacles-en"),
    ("When did Stephen Leighton start Has Bean Coffee?", "has-bean-coffee-case-en"),
    ("What does Joop Maas mean by ostrich policy?", "kvk-zwn-2011-ostrich-policy-en"),
    ("How many people in Belgium had a Facebook account in 2012?", "belgium-facebook-two-way-en"),
    ("What percentage of Dutch organisations aims at reputation and PR?", "nsmo-2018-goals-en"),
    ("Why does Twitter have the highest learning curve?", "belgium-insites-most-important-en"),
    ("Which three steps does Martijn Baten advise to show the value of social media?", "nsmo-2018-three-steps-en"),
    ("What does Maarten van Huijstee say about relevance and dialogue?", "van-huijstee-relevance-dialogue-en"),
    ("Why do companies that start social media without a plan of approach give up?", "belgium-effort-and-plan-en"),
    ("What does Rikske say about Hyves?", "kerkhofs-reader-comments-cases-en"),
]


@pytest.fixture(scope="module")
def ask(indexed_assistant):
    """`ask(question, history=None)`, remembered: several tests look at the same answer."""
    cache = {}

    def _ask(question: str, history: tuple[tuple[str, str], ...] = ()):
        key = (question, history)
        if key not in cache:
            turns = [Turn(role=role, content=content) for role, content in history]
            cache[key] = indexed_assistant.ask(question, history=turns or None)
        return cache[key]

    return _ask


# -- unit: condensing and the lexical index ---------------------------------------------------------


def test_follow_up_is_joined_to_the_last_user_question():
    history = [
        Turn(role="user", content="Hoe pas ik social media in mijn marketingstrategie?"),
        Turn(role="assistant", content="Begin bij je marketingdoelen."),
        Turn(role="user", content="Hoe kan ik als klein bedrijf met weinig tijd beginnen?"),
        Turn(role="assistant", content="Kies één kanaal."),
    ]
    assert condense("En hoeveel tijd kost dat?", history) == (
        "Hoe kan ik als klein bedrijf met weinig tijd beginnen? En hoeveel tijd kost dat?"
    )
    assert condense("What about Twitter?", [Turn(role="user", content="Which network matters most?")]) == (
        "Which network matters most? What about Twitter?"
    )


def test_standalone_question_is_not_condensed():
    history = [Turn(role="user", content="Hoe kan ik als klein bedrijf met weinig tijd beginnen?")]
    question = "Hoeveel procent van de Belgische bedrijven heeft een LinkedIn-account?"
    assert condense(question, history) == question
    assert condense("En hoeveel tijd kost dat?", None) == "En hoeveel tijd kost dat?"
    assert condense("En hoeveel tijd kost dat?", [Turn(role="assistant", content="Hallo!")]) == "En hoeveel tijd kost dat?"


def test_lexical_index_stems_per_language():
    records = [
        ChunkRecord("nl1", "Belgische bedrijven gebruiken LinkedIn voor vacatures.", {"language": "nl", "doc_id": "a"}),
        ChunkRecord("nl2", "Een bakker post foto's van brood.", {"language": "nl", "doc_id": "b"}),
        ChunkRecord("en1", "Companies recruit staff through LinkedIn.", {"language": "en", "doc_id": "c"}),
        ChunkRecord("en2", "A bakery posts photos of bread.", {"language": "en", "doc_id": "d"}),
    ]
    index = LexicalIndex(records)
    nl = index.search("Welk bedrijf gebruikt vacature?", 2, ["nl"])["nl"]
    en = index.search("Which company is recruiting?", 2, ["en"])["en"]
    assert nl[0][0].chunk_id == "nl1"
    assert en[0][0].chunk_id == "en1"
    assert all(rec.metadata["language"] == "nl" for rec, _ in nl)


# -- integration: the real model over the real knowledge ---------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("question, doc_id", DUTCH + ENGLISH, ids=[d for _, d in DUTCH + ENGLISH])
def test_question_finds_its_note_in_the_top_three(ask, question, doc_id):
    answer = ask(question)
    top = [r.doc_id for r in answer.retrieved[:3]]
    assert doc_id in top, f"{question!r}: expected {doc_id} in top 3, got {top}"


def test_enough_questions_per_language():
    assert len(DUTCH) >= 12 and len(ENGLISH) >= 8


@pytest.mark.integration
@pytest.mark.parametrize("question, language", [(DUTCH[0][0], "nl"), (ENGLISH[0][0], "en"), (DUTCH[6][0], "nl"),
                                                (ENGLISH[4][0], "en")])
def test_chunks_in_the_question_language_come_first(ask, question, language):
    # Every note id ends in its language (belgium-insites-accounts-nl / -en).
    top = [r.doc_id for r in ask(question).retrieved[:3]]
    assert all(doc_id.endswith(f"-{language}") for doc_id in top), top


@pytest.mark.integration
def test_retrieved_list_is_ranked(ask):
    retrieved = ask(DUTCH[2][0]).retrieved
    assert [r.rank for r in retrieved] == list(range(1, len(retrieved) + 1))
    scores = [r.score for r in retrieved]
    assert scores == sorted(scores, reverse=True)
    assert len({r.chunk_id for r in retrieved}) == len(retrieved)


@pytest.mark.integration
def test_relevance_flag_separates_knowledge_from_unrelated_questions(indexed_assistant):
    assert _retrieve(indexed_assistant, "Hoeveel procent van de organisaties stelt geen doelen voor social media?", "nl").relevant
    assert _retrieve(indexed_assistant, "How many organisations set no goals for social media?", "en").relevant
    assert not _retrieve(indexed_assistant, "Wat is de hoofdstad van Frankrijk?", "nl").relevant
    assert not _retrieve(indexed_assistant, "Write a poem about the sea", "en").relevant


FOLLOW_UPS = [
    # (earlier question, follow-up, note the follow-up must retrieve, words the answer must contain)
    ("Hoe kan ik als klein bedrijf met weinig tijd met social media beginnen?", "En hoeveel tijd kost dat?",
     "guide-start-small-nl", "half uur tot twee uur"),
    ("Hoeveel ondernemers in Zuidwest-Nederland hebben een social-mediastrategie?", "En hoeveel budget hebben ze?",
     "kvk-zwn-2011-survey-nl", "2.500"),
    ("Which social network matters most to Belgian companies?", "What about Twitter?",
     "belgium-insites-most-important-en", "2%"),
    ("How do I start with social media when I have little time?", "And how much time does that take?",
     "guide-start-small-en", "half an hour and two hours"),
]


@pytest.mark.integration
@pytest.mark.parametrize("previous, follow_up, doc_id, words", FOLLOW_UPS, ids=[f[1] for f in FOLLOW_UPS])
def test_follow_up_retrieves_for_the_full_question(ask, previous, follow_up, doc_id, words):
    history = (("user", previous), ("assistant", "(earlier answer)"))
    answer = ask(follow_up, history)
    # Retrieved alone and joined to the earlier question, fused: the note the full question needs ranks high.
    assert doc_id in [r.doc_id for r in answer.retrieved[:3]]
    assert answer.route == "answer"
    assert words in answer.text


def _retrieve(assistant, question: str, language: str):
    retriever = assistant.retriever
    return retriever.retrieve(question, language, retriever.embed(question))


@pytest.mark.integration
def test_dense_hits_take_their_texts_from_memory_and_a_chunk_it_lacks_from_chroma(indexed_assistant):
    """Chroma is asked for ids and distances only; the texts come from the lexical records. A chunk those records
    lack (an index being rebuilt by another instance) is fetched from Chroma, not dropped."""
    import copy

    retriever = copy.copy(indexed_assistant.retriever)
    retriever.lexical = copy.copy(retriever.lexical)
    vector = retriever.embed("Is LinkedIn nuttig voor een klein bedrijf?")
    full = retriever._dense(vector, 5)
    assert len(full) == 5 and all(0.0 <= distance <= 2.0 for _, distance in full)
    first = full[0][0]
    retriever.lexical.by_id = {k: v for k, v in retriever.lexical.by_id.items() if k != first.chunk_id}
    again = retriever._dense(vector, 5)
    assert [r.chunk_id for r, _ in again] == [r.chunk_id for r, _ in full]
    assert (again[0][0].text, again[0][0].metadata["doc_id"]) == (first.text, first.metadata["doc_id"])
