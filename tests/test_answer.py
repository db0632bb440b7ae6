"""The quoting (passage) answerer, answered without cards: every quote verbatim from the note it cites.

Grounded answers: every [n] points to a source whose note holds the cited sentence; exact figures; language."""

from __future__ import annotations

import re
from functools import lru_cache

import frontmatter
import pytest

from assistant.config import PROJECT_ROOT


pytestmark = pytest.mark.integration

KNOWLEDGE = PROJECT_ROOT / "knowledge"
CITATION = re.compile(r"\[(\d+)\]")

# (question, a figure or phrase the answer must contain exactly as the note writes it)
FACTS = [
    ("Hoeveel procent van de organisaties stelt geen doelen voor social media?", "29,2"),
    ("Hoeveel procent van de Belgische bedrijven heeft een LinkedIn-account?", "30"),
    ("Hoeveel budget hebben ondernemers in Zuidwest-Nederland voor social media?", "€ 2.500"),
    ("Hoeveel tijd besteden ondernemers in Zuidwest-Nederland per week aan social media?", "half uur tot twee uur"),
    ("Hoeveel procent van de organisaties gebruikt social media om de doelgroep te informeren?", "44,3%"),
    ("Hoeveel Belgen hadden in 2012 een Facebook-account?", "vier miljoen"),
    ("Hoeveel ondernemers deden mee aan het KvK-onderzoek in Zuidwest-Nederland?", "300"),
    ("What percentage of Dutch organisations set no goals for social media?", "29.2"),
    ("What percentage of Belgian companies has a LinkedIn account?", "30%"),
    ("How much budget do entrepreneurs in South-West Netherlands have for social media?", "€2,500"),
    ("What percentage of Dutch organisations aims at reputation and PR?", "36.2%"),
    ("When did Stephen Leighton start Has Bean Coffee?", "1999"),
    ("What share of Belgian companies considers Twitter the most important network?", "2%"),
]

# Questions whose answers (or referrals with general knowledge) are checked for grounded citations.
CITED = [q for q, _ in FACTS] + [
    "Is LinkedIn nuttig voor een klein bedrijf?",
    "Is LinkedIn useful for a small business?",
    "Hoe reageer ik op een negatieve review?",
    "How should I respond to a negative review?",
    "Welke kpi's kan ik gebruiken voor social media?",
    "What is a content calendar?",
    "Kun je een social media-plan voor mijn bakkerij maken?",
    "I have a budget of 1000 euros, how should I spend it on Instagram ads?",
    "Mag ik foto's van mijn klanten op Facebook zetten?",
    "Our company Facebook page was hacked, what should I do?",
]


@lru_cache(maxsize=1)
def notes() -> dict[str, frontmatter.Post]:
    """Every knowledge note by its id."""
    posts = {}
    for path in KNOWLEDGE.rglob("*.md"):
        post = frontmatter.load(path)
        posts[str(post.metadata["id"])] = post
    return posts


def normalise(text: str) -> str:
    """Markdown emphasis, list markers and line breaks removed, so a quoted sentence can be found verbatim."""
    text = re.sub(r"[*_`]{1,3}", "", text)
    text = re.sub(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+", "", text)
    text = re.sub(r"(?m)^#+\s+.*$", "", text)  # headings are never quoted
    return re.sub(r"\s+", " ", text).strip()


def cited_claims(text: str) -> list[tuple[str, list[int]]]:
    """(claim, [n, ...]) for every piece of text followed by one or more citation markers."""
    claims = []
    for line in text.splitlines():
        pieces = re.split(r"((?:\s*\[\d+\])+)", line)
        for claim, markers in zip(pieces[0::2], pieces[1::2], strict=False):
            claim = re.sub(r"^\s*[-*•]\s+", "", claim).strip()
            claims.append((claim, [int(n) for n in CITATION.findall(markers)]))
    return claims


def in_note(claim: str, doc_id: str) -> bool:
    body = normalise(notes()[doc_id].content)
    claim = normalise(claim)
    # The answerer may close a quoted list item with a full stop the note does not have.
    return claim in body or claim.rstrip(".").rstrip(";,:") in body


@pytest.mark.parametrize("question", CITED)
def test_every_citation_points_to_a_source_that_contains_the_sentence(passage_ask, question):
    answer = passage_ask(question)
    assert answer.sources, f"{question!r} gave no sources ({answer.route})"
    assert [s.n for s in answer.sources] == list(range(1, len(answer.sources) + 1))
    claims = cited_claims(answer.text)
    assert claims, answer.text
    cited = set()
    for claim, numbers in claims:
        for n in numbers:
            assert 1 <= n <= len(answer.sources), f"[{n}] has no source in {answer.text}"
        cited.update(numbers)
        sources = [answer.sources[n - 1] for n in numbers]
        assert any(in_note(claim, s.doc_id) for s in sources), (
            f"{claim!r} is not in the note(s) {[s.doc_id for s in sources]}"
        )
    assert cited == {s.n for s in answer.sources}, "a listed source is never cited"


@pytest.mark.parametrize("question", CITED)
def test_sources_describe_their_notes(passage_ask, question):
    for source in passage_ask(question).sources:
        meta = notes()[source.doc_id].metadata
        assert source.title == meta["title"]
        assert source.source == str(meta["source"])
        assert source.published == str(meta["published"])
        assert source.url == str(meta["url"])
        assert source.snippet and normalise(source.snippet).rstrip(" …") in normalise(notes()[source.doc_id].content)


@pytest.mark.parametrize("question, figure", FACTS, ids=[f for _, f in FACTS])
def test_fact_question_is_answered_with_the_exact_figure(passage_ask, question, figure):
    answer = passage_ask(question)
    assert answer.route == "answer", f"{question!r} was routed {answer.route}"
    assert figure in answer.text, answer.text


@pytest.mark.parametrize("question", CITED)
def test_answer_has_no_repeated_sentences(passage_ask, question):
    claims = [normalise(c).rstrip(".").lower() for c, _ in cited_claims(passage_ask(question).text)]
    assert len(claims) == len(set(claims)), claims


@pytest.mark.parametrize(
    "question, language",
    [
        ("Is LinkedIn nuttig voor een klein bedrijf?", "nl"),
        ("Hoe reageer ik op een negatieve review?", "nl"),
        ("Hoeveel procent van de organisaties stelt geen doelen voor social media?", "nl"),
        ("Is LinkedIn useful for a small business?", "en"),
        ("How should I respond to a negative review?", "en"),
        ("What percentage of Dutch organisations set no goals for social media?", "en"),
    ],
)
def test_answer_is_in_the_language_of_the_question(passage_assistant, passage_ask, question, language):
    answer = passage_ask(question)
    assert answer.language == language
    assert answer.route == "answer"
    assert answer.text.splitlines()[0] == passage_assistant.messages.get("answer_intro", language)
    assert {s.language for s in answer.sources} == {language}
    assert all(s.doc_id.endswith(f"-{language}") for s in answer.sources)


@pytest.mark.parametrize("question", CITED)
def test_only_cited_knowledge_and_fixed_texts_are_shown(passage_assistant, passage_ask, question):
    """Nothing is stated that is not in the cited text, except the fixed texts of prompts/messages.yaml."""
    answer = passage_ask(question)
    messages, lang = passage_assistant.messages, answer.language
    fixed = {messages.get(key, lang) for key in ("answer_intro", "general_knowledge_intro", "referral_contact_hint",
                                                  "out_of_scope", "injection_notice")}
    if answer.referral:
        fixed.add(messages.get("referral", lang, specialist=answer.referral.specialist, why=answer.referral.message))
    for line in answer.text.splitlines():
        if line.strip() and not CITATION.search(line):
            assert line.strip() in fixed, f"uncited, non-template text: {line!r}"


def test_timings_are_reported(passage_ask):
    timings = passage_ask(FACTS[0][0]).timings_ms
    assert {"retrieve", "answer", "total"} <= set(timings)
    assert all(v >= 0 for v in timings.values())
    assert timings["total"] >= timings["retrieve"] and timings["total"] >= timings["answer"]


# -- answer cards (the default) ------------------------------------------------------------------------------
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.mark.parametrize("question, figure", FACTS, ids=[f for _, f in FACTS])
def test_a_card_answer_states_the_figure_first_and_cites_notes_that_hold_it(ask, question, figure):
    """With cards: the first sentence answers, every [n] is a source, and each figure shown is in a cited note."""
    answer = ask(question)
    assert answer.route == "answer" and answer.kind in ("card", "passages"), (answer.kind, answer.text)
    assert figure in answer.text, answer.text
    if answer.kind != "card":
        return
    assert answer.decision.rule.startswith("card") and answer.card_id
    first = answer.text.split("\n")[0]
    assert [s.n for s in answer.sources] == list(range(1, len(answer.sources) + 1))
    cited = {int(n) for n in CITATION.findall(answer.text)}
    assert cited == {s.n for s in answer.sources}, answer.text
    bodies = " ".join(normalise(notes()[s.doc_id].content) for s in answer.sources)
    for number in _FIGURE.findall(re.sub(r"\[\d+\]", " ", first)):
        assert number in bodies or number.replace(",", ".") in bodies.replace(",", "."), (number, first)
