"""Answer cards: loading, the lint (`assistant cards check`), question-to-question matching, and the routing policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.cards import CardError, CardMatcher, check_cards, load_cards
from assistant.config import Settings
from assistant.referral import ReferralRules
from assistant.routing import RoutingPolicy
from assistant.types import Retrieval

ROOT = Path(__file__).resolve().parents[1]
NOTE = """---
id: {id}-{lang}
title: "{title}"
kind: guide
source: editorial
language: {lang}
---
{body}
"""


def write_knowledge(tmp_path: Path, card_yaml: str) -> Path:
    for lang, body in (("nl", "Bijna 38% zet in op drie doelen. Plan vooraf."), ("en", "Almost 38% pursue three goals. Plan first.")):
        (tmp_path / lang).mkdir(parents=True, exist_ok=True)
        (tmp_path / lang / "goals.md").write_text(NOTE.format(id="goals", lang=lang, title="Goals", body=body))
    (tmp_path / "cards").mkdir(exist_ok=True)
    (tmp_path / "cards" / "test.yaml").write_text(card_yaml)
    return tmp_path


def card(card_id: str, answer_nl: str, answer_en: str, questions: str = "q", sources: str = "[goals]") -> str:
    qs_nl = "\n".join(f'        - "{questions} nl {card_id} {i}"' for i in range(6))
    qs_en = "\n".join(f'        - "{questions} en {card_id} {i}"' for i in range(6))
    return f"""  - id: {card_id}
    sources: {sources}
    related: []
    nl:
      questions:
{qs_nl}
      answer: "{answer_nl}"
    en:
      questions:
{qs_en}
      answer: "{answer_en}"
"""


def test_the_shipped_cards_pass_the_lint():
    cards = load_cards(ROOT / "knowledge" / "cards", ROOT / "knowledge")
    assert len(cards) >= 150
    assert all(len(c.texts[lang].questions) >= 6 for c in cards for lang in ("nl", "en"))
    assert check_cards(cards, ROOT / "knowledge") == []


def test_the_lint_finds_figures_sources_markers_and_shared_phrasings(tmp_path):
    folder = write_knowledge(tmp_path, "cards:\n"
                             + card("good", "Bijna 38% [1].", "Almost 38% [1].")
                             + card("figure", "Zelfs 45% [1].", "Even 45% [1].")
                             + card("unknown-source", "Plan vooraf [1].", "Plan first [1].", sources="[nowhere]")
                             + card("no-marker", "Plan vooraf.", "Plan first [1].")
                             + card("shared", "Plan vooraf [1].", "Plan first [1].", questions="q")
                             .replace("q nl shared", "q nl good"))
    problems = "\n".join(check_cards(load_cards(folder / "cards", folder), folder))
    assert "figure: nl answer states '45'" in problems
    assert "unknown-source: source 'nowhere' has no nl note" in problems
    assert "no-marker: nl answer cites no source" in problems
    assert "shared: phrasing" in problems and "also belongs to good" in problems
    assert "good:" not in problems


def test_a_broken_card_file_names_the_file_and_the_card(tmp_path):
    folder = write_knowledge(tmp_path, "cards:\n  - id: Bad Id\n")
    with pytest.raises(CardError, match="test.yaml: card Bad Id: id must be"):
        load_cards(folder / "cards", folder)


def test_a_question_finds_the_card_it_was_phrased_for(tmp_path):
    folder = write_knowledge(tmp_path, "cards:\n" + card("one", "Bijna 38% [1].", "Almost 38% [1].")
                             + card("two", "Plan vooraf [1].", "Plan first [1]."))
    cards = load_cards(folder / "cards", folder)
    embeddings = DeterministicFakeEmbedding(size=64)
    matcher = CardMatcher(cards, embeddings, tmp_path / "cache", "fake")
    question = "q en two 3"
    best = matcher.match([embeddings.embed_query(question)], [question], "en")
    assert best[0].card.id == "two" and best[0].phrasing == question
    assert best[0].score > best[1].score
    assert list((tmp_path / "cache").glob("cards-*.npy")), "phrasing embeddings are cached"


class FixedClassifier:
    def __init__(self, probabilities: dict[str, float]):
        self.probs = probabilities

    def probabilities(self, vector):
        return self.probs


@pytest.fixture
def scored(tmp_path):
    folder = write_knowledge(tmp_path, "cards:\n" + card("one", "Bijna 38% [1].", "Almost 38% [1].")
                             + card("two", "Plan vooraf [1].", "Plan first [1]."))
    from assistant.cards import CardScore
    one, two = load_cards(folder / "cards", folder)
    return lambda a, b: [CardScore(one, a, "q"), CardScore(two, b, "q")]


def policy(probabilities: dict[str, float]) -> RoutingPolicy:
    rules = ReferralRules(ROOT / "prompts" / "referral.yaml")
    return RoutingPolicy(Settings(_env_file=None), rules, FixedClassifier(probabilities))


NOTHING = Retrieval(query="q", language="nl", chunks=[], relevant=False)


def test_safety_rules_refer_before_anything_else(scored):
    decision = policy({"answer": 0.99}).decide("Mijn Instagram is gehackt", [0.0], scored(0.95, 0.2), NOTHING)
    assert (decision.route, decision.reason) == ("refer", "account_security") and decision.rule.startswith("rule:")


def test_the_classifier_refers_a_concrete_budget(scored):
    decision = policy({"budget_or_ads": 0.8, "answer": 0.2}).decide("ik heb 500 euro", [0.0], scored(0.7, 0.3), NOTHING)
    assert (decision.route, decision.reason) == ("refer", "budget_or_ads")
    assert decision.probabilities["budget_or_ads"] == 0.8 and decision.thresholds["refer_min_probability"] == 0.65


def test_a_clear_card_answers_and_close_cards_are_offered(scored):
    p = policy({"answer": 0.9})
    assert p.decide("doelen", [0.0], scored(0.7, 0.5), NOTHING).card_id == "one"
    unclear = p.decide("doelen", [0.0], scored(0.5, 0.49), NOTHING)
    assert unclear.route == "answer" and unclear.rule == "clarify" and unclear.card_id is None
    assert [c.card.id for c in p.close_cards(scored(0.5, 0.49))] == ["one", "two"]


def test_off_topic_is_declined_and_on_topic_without_knowledge_referred(scored):
    assert policy({"out_of_scope": 0.9}).decide("btw aangifte", [0.0], scored(0.3, 0.2), NOTHING).route == "out_of_scope"
    gap = policy({"answer": 0.8}).decide("hashtags op instagram", [0.0], scored(0.3, 0.2), NOTHING)
    assert (gap.route, gap.reason) == ("refer", "out_of_knowledge")


def test_a_sure_answer_card_outweighs_the_classifier_but_not_the_rules(scored):
    p = policy({"account_security": 0.8, "answer": 0.2})
    p._card_labels = {"one": "answer", "two": "account_security"}
    facts = p.decide("Hoeveel Belgen hadden een Facebook-account?", [0.0], scored(1.05, 0.3), NOTHING)
    assert (facts.route, facts.card_id) == ("answer", "one") and facts.rule.startswith("card_over_classifier")
    # Sure is the card's own bar (card_sure_score): 0.85 outweighs a referral the classifier gives 0.8, 0.75 does not.
    assert p.decide("Welk netwerk gebruiken Belgische bedrijven?", [0.0], scored(0.85, 0.6), NOTHING).route == "answer"
    assert p.decide("Welk netwerk gebruiken Belgische bedrijven?", [0.0], scored(0.75, 0.6), NOTHING).route == "refer"
    hacked = p.decide("Iemand zit in mijn account", [0.0], scored(0.3, 1.05)[::-1], NOTHING)
    assert (hacked.route, hacked.reason) == ("refer", "account_security")


def test_a_card_without_a_figure_does_not_answer_a_how_many_question(scored):
    p = policy({"answer": 0.9})
    cards = scored(0.7, 0.4)  # card "one" says "Bijna 38%", card "two" has no figure
    assert p.decide("Hoeveel procent heeft doelen?", [0.0], cards, NOTHING).card_id == "one"
    no_figure = scored(0.4, 0.7)[::-1]  # card "two" (no figure) first, clearly ahead
    assert p.decide("Wat is een kpi?", [0.0], no_figure, NOTHING).card_id == "two"
    assert p.decide("Hoeveel volgers heeft een kapsalon?", [0.0], no_figure, NOTHING).rule != "card"


def test_a_close_card_of_the_same_note_is_shown_below_the_one_that_answers(tmp_path):
    from assistant.card_answer import compose_card
    from assistant.cards import CardScore

    folder = write_knowledge(tmp_path, "cards:\n"
                             + card("who", "Circa 300 ondernemers deden mee [1]. Uit Zeeland [1]. Ook Brabant [1].",
                                    "About 300 took part [1].")
                             + card("budget", "Weinig: bijna 38% had geen budget [1]. Dat is veel [1]. Echt [1].",
                                    "Little: almost 38% had no budget [1]."))
    who, budget = load_cards(folder / "cards", folder)
    p = policy({"answer": 0.9})
    assert p.second_card([CardScore(who, 0.9, "q"), CardScore(budget, 0.86, "q")], "who").card is budget
    assert p.second_card([CardScore(who, 0.9, "q"), CardScore(budget, 0.8, "q")], "who") is None  # not close
    text, sources = compose_card(who, "nl", "hoeveel geld", [], Settings(_env_file=None), also=budget)
    first, second = text.split("\n")[:2]
    assert first.startswith("Circa 300 ondernemers deden mee [1].")
    # The second card without its short answer ("Weinig:" answered its own question), two sentences, same source.
    assert second == "Bijna 38% had geen budget [1]. Dat is veel [1]." and [s.n for s in sources] == [1]


def test_a_close_card_of_another_note_is_not_shown_below(tmp_path):
    from assistant.cards import CardScore

    folder = write_knowledge(tmp_path, "cards:\n" + card("one", "Bijna 38% [1].", "Almost 38% [1].")
                             + card("other", "Plan vooraf [1].", "Plan first [1].", sources="[plans]"))
    for lang, body in (("nl", "Plan vooraf."), ("en", "Plan first.")):
        (folder / lang / "plans.md").write_text(NOTE.format(id="plans", lang=lang, title="Plans", body=body))
    one, other = load_cards(folder / "cards", folder)
    assert policy({"answer": 0.9}).second_card([CardScore(one, 0.9, "q"), CardScore(other, 0.89, "q")], "one") is None


class ByVector:
    """A classifier whose probabilities depend on the first number of the vector (the message or one question)."""

    def __init__(self, table: dict[float, dict[str, float]]):
        self.table = table

    def probabilities(self, vector):
        return self.table[vector[0]]


def test_one_question_of_a_message_that_needs_a_person_refers_the_message(scored):
    rules = ReferralRules(ROOT / "prompts" / "referral.yaml")
    whole = {"answer": 0.55, "personal_plan": 0.3}
    p = RoutingPolicy(Settings(_env_file=None), rules, ByVector({
        0.0: whole, 1.0: {"legal_privacy": 0.9, "answer": 0.1}, 2.0: {"answer": 0.95}, 3.0: {"asked_for_human": 0.9},
        4.0: {"personal_plan": 0.95}, 5.0: {"answer": 0.55, "legal_privacy": 0.3}}))
    decision = p.decide("kinderen in beeld? en hoe vaak posten?", [5.0], scored(0.7, 0.3), NOTHING,
                        part_vectors=[[1.0], [2.0]])
    assert (decision.route, decision.reason) == ("refer", "legal_privacy")
    assert decision.rule == "classifier:part 1:legal_privacy=0.90"
    # A plan in one sentence of a message that asks general things is the whole message's to decide.
    assert p.decide("hoe voorkom je dat? we zijn net begonnen", [0.0], scored(0.7, 0.3), NOTHING,
                    part_vectors=[[2.0], [4.0]]).route == "answer"
    # A question the whole message gives no support for ("en kan ik uitstel krijgen?") refers nothing.
    assert p.decide("btw? en uitstel?", [0.0], scored(0.7, 0.3), NOTHING, part_vectors=[[2.0], [3.0]]).route == "answer"
    assert p.part_route([2.0]) == "answer" and p.part_route([3.0]) == "asked_for_human"


def test_a_second_text_cites_after_the_first_and_shares_a_note_they_both_cite():
    from assistant.card_answer import cite_after
    from assistant.types import Source

    first = [Source(n=1, doc_id="a", title="A"), Source(n=2, doc_id="b", title="B")]
    text, merged = cite_after(first, "Een [1]. Twee [2].", [Source(n=1, doc_id="c", title="C"),
                                                            Source(n=2, doc_id="a", title="A")])
    assert text == "Een [3]. Twee [1]." and [(s.n, s.doc_id) for s in merged] == [(1, "a"), (2, "b"), (3, "c")]


def test_a_warmed_matcher_builds_nothing_at_request_time(tmp_path):
    """Warm-up (at start and before a reload swaps the cards in) builds the word statistics of both languages too:
    concurrent first requests after a reload found the stems but not yet their frequencies (a 500 under load)."""
    folder = write_knowledge(tmp_path, "cards:\n" + card("one", "Bijna 38% [1].", "Almost 38% [1]."))
    matcher = CardMatcher(load_cards(folder / "cards", folder), DeterministicFakeEmbedding(size=16), None, "fake")
    matcher.warm_up()
    assert set(matcher._card_stems) == set(matcher._df) == {"nl", "en"}


def test_a_sure_card_above_a_section_answers_else_the_chamber_s_own_section_does(scored):
    # Fails on the code before: any sure section beat a sure card, so with the chamber's ads guide uploaded a
    # follow-up about a survey's budgets ("and how much money do they spend on it?") was answered from the guide.
    from assistant.sections import OwnChunk, SectionScore

    own = OwnChunk(chunk_id="gids-budget", doc_id="gids", title="Gids adverteren", section="Budget", language="nl",
                   text="# Gids adverteren\n\n## Budget\n\nMet 5 euro per dag bereik je al duizenden mensen.",
                   metadata={"origin": "upload", "section": "Budget"})
    p = policy({"answer": 0.9})
    # The follow-up matched the guide only joined to the survey question before it: the card alone.
    survey = p.decide("en hoeveel geld hebben ze ervoor over?", [0.0], scored(0.95, 0.3), NOTHING,
                      sections=[SectionScore(own, 0.77, 0.5, "", own_words=False)])
    assert (survey.rule, survey.card_id, survey.section_id) == ("card", "one", None)
    # A sure section on the question's own words: the card leads and the chamber's section is quoted below it.
    both = p.decide("hoeveel budget heb ik nodig?", [0.0], scored(0.95, 0.3), NOTHING,
                    sections=[SectionScore(own, 0.77, 0.5, "")])
    assert (both.rule, both.card_id, both.section_id) == ("card_and_section", "one", "gids-budget")
    unsure_section = p.decide("hoeveel budget heb ik nodig?", [0.0], scored(0.95, 0.3), NOTHING,
                              sections=[SectionScore(own, 0.5, 0.5, "")])
    assert (unsure_section.rule, unsure_section.section_id) == ("card", None)
    guide = p.decide("hoeveel kost adverteren per dag?", [0.0], scored(0.85, 0.3), NOTHING,
                     sections=[SectionScore(own, 0.9, 0.6, "")])
    assert (guide.rule, guide.section_id) == ("section", "gids-budget")
    unsure_card = p.decide("hoeveel kost adverteren per dag?", [0.0], scored(0.7, 0.3), NOTHING,
                           sections=[SectionScore(own, 0.5, 0.3, "")])
    assert unsure_card.section_id == "gids-budget"


def test_a_card_sentence_its_note_does_not_hold_is_listed_with_its_share(tmp_path):
    from assistant.card_support import unsupported_sentences

    folder = write_knowledge(tmp_path, "cards:\n"
                             + card("held", "Bijna 38% zet in op drie doelen [1].", "Almost 38% pursue three goals [1].")
                             + card("joined", "Vooral angst, tijdgebrek en onvoldoende kennis [1].",
                                    "Mostly fear, lack of time and insufficient knowledge [1]."))
    lines = unsupported_sentences(load_cards(folder / "cards", folder))
    assert [line.split(" [")[0] for line in lines] == ["joined (nl)", "joined (en)"]
    assert "goals-nl: 0% of its words in the note" in lines[0]


def _own(doc: str, section: str):
    from assistant.sections import OwnChunk, SectionScore
    chunk = OwnChunk(f"{doc}-{section}", doc, doc, section, "nl", section, {"origin": "upload"})
    return lambda score: SectionScore(chunk, score, score, "")


def test_a_section_below_the_bar_but_clearly_ahead_answers_rather_than_did_you_mean(scored):
    # Fails on the code before: "booked a session with your advisor, anything I should bring?" got "did you mean"
    # with cards about other things, though the consultation page's "Wat neem je mee" led every other document by
    # 0.07 to 0.17 at 0.34 to 0.41 (own-documents dev: 4 such questions, the fact asked in none of the answers).
    p = policy({"answer": 0.9})
    bring, other = _own("spreekuur", "Wat neem je mee")(0.37), _own("gids", "Budget")(0.27)
    cards = scored(0.5, 0.48)  # two cards close to each other, neither deciding: the "did you mean" case
    led = p.decide("anything i should bring?", [0.0], cards, NOTHING, sections=[bring, other])
    assert (led.route, led.rule, led.section_id) == ("answer", "section_lead", "spreekuur-Wat neem je mee")
    # Neck and neck with another document, or too weak: the question back with the cards, as before.
    close = p.decide("anything i should bring?", [0.0], cards, NOTHING, sections=[bring, _own("gids", "B")(0.33)])
    assert (close.rule, close.section_id) == ("clarify", None)
    weak = p.decide("anything i should bring?", [0.0], cards, NOTHING, sections=[_own("s", "W")(0.3), other])
    assert weak.rule == "clarify"


def test_a_section_above_the_bar_but_close_to_another_answers_rather_than_did_you_mean(scored):
    # Fails on the code before: "wat kost het ongeveer per maand om mijn insta te laten beheren?" got "did you
    # mean" with two cards about other things, though a section of the chamber's own page on outsourcing and one of
    # another of its documents scored 0.495 and 0.495 (above the bar, neither ahead); own-documents dev5: 2 such
    # questions, the fact asked in neither answer. The best one answers (the other is quoted below it,
    # `second_section`).
    p = policy({"answer": 0.9})
    cards = scored(0.5, 0.48)
    prices, agency = _own("uitbesteden", "Wat kost het")(0.495), _own("bootcamp", "Prijs")(0.494)
    close = p.decide("wat kost zoiets per maand?", [0.0], cards, NOTHING, sections=[prices, agency])
    assert (close.route, close.rule, close.section_id) == ("answer", "section_close", "uitbesteden-Wat kost het")
    assert p.second_section([prices, agency], prices) is agency
    # Below the bar, the question back with the cards, as before.
    weak = p.decide("wat kost zoiets per maand?", [0.0], cards, NOTHING,
                    sections=[_own("s", "W")(0.4), _own("g", "B")(0.39)])
    assert (weak.rule, weak.section_id) == ("clarify", None)


def test_a_sure_section_clearly_first_never_answers_what_the_classifier_takes_for_account_security():
    # Tried and reverted: letting such a section answer "how do I give my freelancer access?" (own-documents dev5)
    # also answered an impersonation the rules missed ("an account with our bakery's name"; dev_fresh with the dev
    # documents uploaded, a critical case). The rule now catches that wording too.
    p = policy({"account_security": 0.68, "answer": 0.2})
    keys, other = _own("uitbesteden", "Wie houdt de sleutels")(0.83), _own("gids", "Budget")(0.3)
    shared = p.decide("how do i give my freelancer access?", [0.0], [], NOTHING, sections=[keys, other])
    assert (shared.route, shared.reason, shared.section_id) == ("refer", "account_security", None)
    fake = p.decide("someone created an instagram account with our bakery's name and logo", [0.0], [], NOTHING,
                    sections=[keys, other])
    assert (fake.route, fake.rule.split(":")[0]) == ("refer", "rule")


def test_locked_out_in_a_case_told_about_another_business_is_no_incident_of_ones_own():
    rules = ReferralRules(ROOT / "prompts" / "referral.yaml")
    assert rules.rule_reason("that caterer in ninove, how long were they locked out?") is None
    for own in ("I'm locked out of my account", "locked out of insta, help", "we got locked out of our page"):
        assert rules.rule_reason(own)[0] == "account_security"


def test_a_follow_up_to_an_answer_from_a_chamber_section_stays_with_that_document_over_a_sure_card(scored):
    # Fails on the code before (no `section_before`): "and on facebook?" after the engagement rates on TikTok from
    # the chamber's statistics guide was answered by a card on Facebook pages, a sure match on the word "facebook"
    # (own-documents dev7). The section must belong to the document that answered before (`context`), and a
    # referral still comes first.
    from assistant.sections import SectionScore
    p = policy({"answer": 0.9})
    cards = scored(0.95, 0.3)  # a sure card
    base = _own("statistieken", "Benchmarks")(0.5)
    followed = SectionScore(base.chunk, 0.55, 0.45, "", context=0.05)
    kept = p.decide("and on facebook?", [0.0], cards, NOTHING, follow_up=True, sections=[followed],
                    section_before=True)
    assert (kept.route, kept.rule, kept.section_id) == ("answer", "section_continued", "statistieken-Benchmarks")
    # The answer before came from elsewhere (a card, a history from another channel), or no section of that
    # document: the sure card answers, as before.
    assert p.decide("and on facebook?", [0.0], cards, NOTHING, follow_up=True, sections=[followed]).rule == "card"
    assert p.decide("and on facebook?", [0.0], cards, NOTHING, follow_up=True, sections=[base],
                    section_before=True).rule == "card"
    hacked = p.decide("and my facebook got hacked", [0.0], cards, NOTHING, follow_up=True, sections=[followed],
                      section_before=True)
    assert (hacked.route, hacked.reason) == ("refer", "account_security")
