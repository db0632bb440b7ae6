"""Routing: answer, refer (each reason, Dutch and English, the right specialist, one-sentence reason), out of scope."""

from __future__ import annotations

import re

import pytest
import yaml
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.card_answer import without_short_answer
from assistant.config import PROJECT_ROOT, Settings
from assistant.referral import ReferralDecider, ReferralRules, load_specialists
from assistant.text import split_sentences
from assistant.types import REFERRAL_REASONS

SPECIALISTS = {s["id"]: s for s in yaml.safe_load((PROJECT_ROOT / "knowledge" / "specialists.yaml").read_text())["specialists"]}
PLANNERS = {"advice-conversation", "social-media-strategist"}

# (question, language, reason, acceptable specialist ids, a note whose general knowledge applies, or None).
# Phrased differently from the examples in prompts/referral.yaml, so the examples are not simply looked up.
REFERRALS = [
    ("Wil je samen met mij een social media-strategie voor mijn kapsalon opstellen?", "nl", "personal_plan", PLANNERS,
     "guide-marketing-strategy-nl"),
    ("Kun je mijn contentplan beoordelen?", "nl", "personal_plan", PLANNERS, None),
    ("Could you draft a content calendar for my flower shop?", "en", "personal_plan", PLANNERS,
     "guide-content-planning-en"),
    ("Could you review my LinkedIn strategy?", "en", "personal_plan", PLANNERS, None),
    ("Ik wil 300 euro uitgeven aan Facebook-advertenties, hoe pak ik dat aan?", "nl", "budget_or_ads",
     {"advertising-specialist"}, "guide-paid-advertising-nl"),
    ("Hoeveel moet ik per dag uitgeven aan Instagram-advertenties voor mijn kledingwinkel?", "nl", "budget_or_ads",
     {"advertising-specialist"}, None),
    ("I want to spend 300 euros on Facebook ads for my shop, how do I go about it?", "en", "budget_or_ads",
     {"advertising-specialist"}, "guide-paid-advertising-en"),
    ("How much should I spend per day on LinkedIn ads to reach HR managers?", "en", "budget_or_ads",
     {"advertising-specialist"}, None),
    ("Mag ik muziek van de radio onder mijn Instagram-video's zetten?", "nl", "legal_privacy",
     {"legal-privacy-adviser"}, "guide-privacy-and-rights-nl"),
    ("Wat moet ik volgens de AVG doen met de e-mailadressen van mijn winactie?", "nl", "legal_privacy",
     {"legal-privacy-adviser"}, "guide-privacy-and-rights-nl"),
    ("Am I allowed to post photos of my employees on our Facebook page?", "en", "legal_privacy",
     {"legal-privacy-adviser"}, "guide-privacy-and-rights-en"),
    ("A former customer is posting defamatory reviews about my shop; what can I do legally?", "en", "legal_privacy",
     {"legal-privacy-adviser"}, None),
    ("Mijn Instagram-account is gehackt, wat moet ik doen?", "nl", "account_security",
     {"account-security-helpdesk"}, "guide-account-security-nl"),
    ("Ik kan niet meer inloggen op de Facebook-pagina van mijn winkel.", "nl", "account_security",
     {"account-security-helpdesk"}, "guide-account-security-nl"),
    ("Our Instagram account was hacked and the email address changed.", "en", "account_security",
     {"account-security-helpdesk"}, "guide-account-security-en"),
    ("I'm locked out of my company's LinkedIn page.", "en", "account_security",
     {"account-security-helpdesk"}, "guide-account-security-en"),
    ("Kan ik met een medewerker van de KvK praten over mijn social media?", "nl", "asked_for_human",
     {"advice-conversation"}, None),
    ("Ik wil graag een afspraak maken met een adviseur.", "nl", "asked_for_human", {"advice-conversation"}, None),
    ("Can I speak to a person about my social media?", "en", "asked_for_human", {"advice-conversation"}, None),
    ("Please have someone contact me.", "en", "asked_for_human", {"advice-conversation"}, None),
    ("Hoe werkt het algoritme van Pinterest voor de verkoop van tweedehands boten?", "nl", "out_of_knowledge",
     {"advice-conversation"}, None),
    ("How does the Pinterest algorithm rank pins for second-hand boat dealers?", "en", "out_of_knowledge",
     {"advice-conversation"}, None),
]
# With answer cards, a question the knowledge does not cover is asked "did you mean ...?" when some card is close
# (the user may pick one, or ask for a person), and referred only when nothing is; never answered with a citation.
GAPS = [q for q, _, r, _, _ in REFERRALS if r == "out_of_knowledge"]
REFERRALS_WITH_CARDS = [r for r in REFERRALS if r[2] != "out_of_knowledge"]

# Plain questions the knowledge answers: referring them would be over-referral.
ANSWERED = [
    "Hoeveel budget hebben ondernemers in Zuidwest-Nederland voor social media?",
    "How much budget do entrepreneurs in South-West Netherlands have for social media?",
    "Is LinkedIn nuttig voor een klein bedrijf?",
    "Is LinkedIn useful for a small business?",
    "Hoe beveilig ik mijn zakelijke accounts tegen hackers?",
    "How do I protect my business accounts against hackers?",
    "What is the difference between boosting a post and a campaign?",
    "Wat is een contentkalender?",
    "Welke kpi's kan ik gebruiken voor social media?",
    "Wat doet de KvK in een adviesgesprek over social media?",
    "What does the Chamber of Commerce offer in an advice conversation?",
    "Hoe reageer ik op een negatieve review?",
    "Wat is een privacyverklaring?",
    "Wat zegt Maarten van Huijstee over relevantie en dialoog?",
    "What are the three obstacles described by Sjef Kerkhofs?",
    "What does Joop Maas mean by ostrich policy?",
]

OUT_OF_SCOPE = [
    ("Wat is de hoofdstad van Frankrijk?", "nl"),
    ("Hoe bak ik een appeltaart?", "nl"),
    ("Wie won het WK voetbal in 2010?", "nl"),
    ("Write a poem about the sea", "en"),
    ("What is the capital of France?", "en"),
    ("Give me a recipe for pancakes.", "en"),
]


# -- unit: the files staff edit ---------------------------------------------------------------------


def test_every_reason_has_a_specialist_and_rules_or_examples():
    specialists = load_specialists(PROJECT_ROOT / "knowledge" / "specialists.yaml")
    rules = ReferralRules(PROJECT_ROOT / "prompts" / "referral.yaml")
    for reason in REFERRAL_REASONS:
        assert any(reason in s.reasons for s in specialists), f"no specialist handles {reason}"
        if reason != "out_of_knowledge":  # decided by retrieval, not by wording
            assert rules.examples.get(reason) and rules.rules.get(reason), reason
    for s in specialists:
        assert s.name["nl"] and s.name["en"] and s.description["nl"] and s.description["en"]
        assert s.contact, s.id


def test_example_contacts_are_marked_as_examples():
    for entry in SPECIALISTS.values():
        contact = entry["contact"]
        if any("example." in str(v) or "(0)00" in str(v) for v in contact.values()):
            assert contact.get("example") is True, entry["id"]


def test_broken_specialist_directory_is_a_clear_error(tmp_path):
    path = tmp_path / "specialists.yaml"
    path.write_text("specialists:\n  - name: {nl: x}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="specialists.yaml"):
        load_specialists(path)


@pytest.mark.parametrize(
    "question, reason",
    [
        ("Mijn Facebook-account is gehackt!", "account_security"),
        ("Our page was hacked yesterday", "account_security"),
        ("Mag ik foto's van mijn medewerkers plaatsen?", "legal_privacy"),
        ("Is this allowed under the GDPR?", "legal_privacy"),
        ("Ik wil met een echt persoon spreken", "asked_for_human"),
        ("Can I talk to a human?", "asked_for_human"),
        ("Hoe moet ik adverteren met mijn budget van € 200?", "budget_or_ads"),
        ("I want to spend €500 on ads", "budget_or_ads"),
        ("Kun je mijn marketingplan beoordelen?", "personal_plan"),
        ("Please review my content plan", "personal_plan"),
        # Impersonation, a fake giveaway in the business's name and a "log in through this link" message.
        ("er is een nep account met onze naam die klanten berichtjes stuurt", "account_security"),
        ("someone made an account that looks exactly like my shop and asks followers to pay", "account_security"),
        ("er staat een winactie op onze pagina die wij niet geplaatst hebben", "account_security"),
        ("ik moet via een link inloggen om bezwaar te maken tegen een auteursrechtclaim", "account_security"),
        ("I clicked the link to appeal and now there are ads that I never made", "account_security"),
        ("is 10 euro per dag genoeg voor een campagne voor mijn open dag?", "budget_or_ads"),
        # An incident of one's own refers, even when the message also asks how to prevent the next one.
        ("we zijn gehackt, hoe voorkom ik dat het nog een keer gebeurt?", "account_security"),
        ("my account got hacked, how do i protect it from now on?", "account_security"),
        ("someone hacked our page", "account_security"),
        ("hacked! help", "account_security"),
        ("de hacker plaatst nu nep winacties", "account_security"),
        ("ik kreeg een phishing mail over mijn pagina", "account_security"),
        # A page taken over, an admin who left, "I can no longer log in" with a word between.
        ("te laat, ik kan al niet meer inloggen en er staan rare posts op", "account_security"),
        ("iemand heeft onze bedrijfspagina op linkedin overgenomen", "account_security"),
        ("onze oud-medewerker was de enige beheerder en reageert niet meer", "account_security"),
        ("we are no longer an admin of our own facebook page", "account_security"),
        ("er is iemand die zich op linkedin voordoet als mij en mijn klanten berichtjes stuurt", "account_security"),
        ("someone on instagram is posing as my bakery", "account_security"),
        # Someone who wants their photos taken down: portrait rights.
        ("een oud-medewerker eist dat we haar foto's van instagram halen", "legal_privacy"),
        ("a customer wants the video of her removed from our page", "legal_privacy"),
        # Photos of children, whatever the order of the words (a dev_fresh question with the dev4 documents
        # uploaded was answered from a giveaway guide's tagging rules).
        ("ouders vragen om foto's van de activiteiten. mag dat als de kindjes herkenbaar zijn?", "legal_privacy"),
        ("can we post pictures of the kids at our summer camp?", "legal_privacy"),
    ],
)
def test_clear_wording_triggers_its_rule(question, reason):
    rules = ReferralRules(PROJECT_ROOT / "prompts" / "referral.yaml")
    ruled = rules.rule_reason(question)
    assert ruled is not None and ruled[0] == reason


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel budget hebben ondernemers in Zuidwest-Nederland voor social media?",
        "Hoe beveilig ik mijn zakelijke accounts tegen hackers?",
        "Wat doet de KvK in een adviesgesprek over social media?",
        "Is LinkedIn useful for a small business?",
        # A review is a customer's, not a request to review my page; a name of my own is no impersonation.
        "what should i do with a negative review? someone wrote on our fb page",
        "hoe kies ik een naam voor mijn pagina met mijn logo erin",
        "hoe reageer ik op een nep review",
        "klopt het dat de meeste bedrijven minder dan 2500 euro aan advertenties uitgeven?",
        "I've never posted on LinkedIn, where do I start?",
        "mijn bericht wordt niet geplaatst, hoe kan dat?",
        # Preventing a hack is what the security guide answers (the classifier and cards decide, not a rule).
        "hoe voorkom ik dat mijn instagram gehackt wordt? is bij een collega ondernemer gebeurd",
        "how do i avoid getting hacked on instagram",
        "hoe herken ik phishing mails",
        # Managing one's own admins and photos is no incident and no one else's rights.
        "hoe voeg ik een tweede beheerder toe aan mijn facebookpagina",
        "ik wil oude foto's van mijn pagina halen, hoe doe je dat",
        "kunnen we berichten vooruit inplannen?",
        # The link to join a webinar or an online meeting is no phishing.
        "hoe laat kan ik inloggen op de zoom en wanneer krijg ik de link eigenlijk?",
        "when do i get the link to log in to the webinar?",
    ],
)
def test_fact_questions_trigger_no_rule(question):
    assert ReferralRules(PROJECT_ROOT / "prompts" / "referral.yaml").rule_reason(question) is None


@pytest.mark.parametrize(
    "reason, question, specialist_id",
    [
        ("personal_plan", "Kun je mijn contentplan beoordelen?", "social-media-strategist"),
        ("personal_plan", "Kun je met mij meedenken over mijn ondernemingsplan?", "advice-conversation"),
        ("budget_or_ads", "Hoe besteed ik mijn budget?", "advertising-specialist"),
        # beyond the knowledge and beyond social media: the chamber's general desk, not the advice conversation
        ("out_of_knowledge", "Wat weet je over Mastodon?", "chamber-desk"),
        ("out_of_scope", "Hoe doe ik mijn btw-aangifte?", "chamber-desk"),
    ],
)
def test_specialist_is_chosen_by_reason_and_topics(tmp_path, reason, question, specialist_id):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    decider = ReferralDecider(settings, DeterministicFakeEmbedding(size=16))
    assert decider.specialist_for(reason, question).id == specialist_id


# -- integration: the real router over the real knowledge -------------------------------------------


@pytest.mark.integration
def test_every_reason_is_covered_in_both_languages():
    covered = {(reason, language) for _, language, reason, _, _ in REFERRALS}
    assert covered == {(r, lang) for r in REFERRAL_REASONS for lang in ("nl", "en")}


@pytest.mark.integration
@pytest.mark.parametrize("question, language, reason, specialists, _", REFERRALS_WITH_CARDS,
                         ids=[r[0][:50] for r in REFERRALS_WITH_CARDS])
def test_referral_names_the_specialist_and_why(indexed_assistant, ask, question, language, reason, specialists, _):
    answer = ask(question)
    assert (answer.route, answer.referral and answer.referral.reason) == ("refer", reason)
    referral = answer.referral
    assert answer.language == language
    assert referral.specialist_id in specialists
    entry = SPECIALISTS[referral.specialist_id]
    assert reason in entry["reasons"]
    assert referral.specialist == entry["name"][language]
    assert referral.contact == {k: v for k, v in entry["contact"].items() if v not in (None, "")}
    # Why, in one sentence of the question's language, shown in the answer text.
    assert referral.message == indexed_assistant.messages.get(f"why_{reason}", language)
    assert len(split_sentences(referral.message)) == 1
    assert answer.text.startswith(
        indexed_assistant.messages.get("referral", language, specialist=referral.specialist, why=referral.message)
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    "question, language, reason, doc_id",
    [(q, lang, r, d) for q, lang, r, _, d in REFERRALS if d],
    ids=[r[0][:50] for r in REFERRALS if r[4]],
)
def test_referral_still_gives_the_general_knowledge_that_applies(indexed_assistant, ask, question, language, reason,
                                                                 doc_id):
    answer = ask(question)
    assert answer.route == "refer"
    assert doc_id in [s.doc_id for s in answer.sources], f"{doc_id} not among {[s.doc_id for s in answer.sources]}"
    assert indexed_assistant.messages.get("general_knowledge_intro", language) in answer.text
    assert re.search(r"\[\d+\]", answer.text)
    general = answer.text.split(indexed_assistant.messages.get("general_knowledge_intro", language), 1)[1].strip()
    # The card's short answer ("Ja, ...", "Rarely: ...") answers the card's question, not this one.
    assert not re.match(r"(ja|yes|nee|no)\b", general, re.IGNORECASE), general[:80]


@pytest.mark.parametrize("answer, general", [
    ("Ja, ook positieve reviews verdienen een antwoord [1]. Bedank de klant [1].",
     "Ook positieve reviews verdienen een antwoord [1]. Bedank de klant [1]."),
    ("Rarely: most companies use it as a channel [1]. More follows [1].",
     "Most companies use it as a channel [1]. More follows [1]."),
    # A lead with a figure is the fact asked for, and a reason is a fact too: both stay.
    ("Only a quarter: most had no strategy on paper [1].", "Only a quarter: most had no strategy on paper [1]."),
    ("Omdat ze ermee stoeien, valt het tegen [1]. Door angst blijven het eilandjes [1].",
     "Omdat ze ermee stoeien, valt het tegen [1]. Door angst blijven het eilandjes [1]."),
    ("Yes, as a supplement: paid ads reach people beyond your followers [1].",
     "Paid ads reach people beyond your followers [1]."),
    # No short answer to drop: a long lead before a colon is the answer itself.
    ("Snel, beleefd en zonder te discussiëren over wie gelijk heeft: bedank de gast [1].",
     "Snel, beleefd en zonder te discussiëren over wie gelijk heeft: bedank de gast [1]."),
    ("Reageer snel, rustig en met begrip [1].", "Reageer snel, rustig en met begrip [1]."),
])
def test_a_card_under_a_referral_loses_its_short_answer_not_its_facts(answer, general):
    assert without_short_answer(answer) == general


@pytest.mark.integration
@pytest.mark.parametrize("question", GAPS)
def test_a_gap_is_clarified_or_referred_never_answered_with_citations(ask, question):
    answer = ask(question)
    assert answer.kind in ("clarify", "referral"), (answer.kind, answer.text)
    assert (answer.route, answer.referral and answer.referral.reason) in (("answer", None), ("refer", "out_of_knowledge"))
    assert answer.sources == []
    assert not re.search(r"\[\d+\]", answer.text)
    if answer.kind == "clarify":
        assert 1 <= len(answer.suggestions) <= 3 and all(s.question in answer.text for s in answer.suggestions)


@pytest.mark.integration
@pytest.mark.parametrize("question", GAPS)
def test_without_cards_a_gap_is_referred_with_nothing_from_the_knowledge(passage_ask, question):
    answer = passage_ask(question)
    assert (answer.route, answer.referral.reason) == ("refer", "out_of_knowledge")
    assert answer.referral.specialist_id == "chamber-desk"
    assert answer.sources == []
    assert not re.search(r"\[\d+\]", answer.text)


@pytest.mark.integration
@pytest.mark.parametrize("question", ANSWERED)
def test_plain_questions_are_answered_not_referred(ask, question):
    answer = ask(question)
    assert answer.route == "answer", f"{question!r} -> {answer.route} {answer.referral and answer.referral.reason}"
    assert answer.referral is None
    assert answer.sources


@pytest.mark.integration
@pytest.mark.parametrize("question, language", OUT_OF_SCOPE)
def test_out_of_scope_says_so_and_points_to_the_chamber_desk(indexed_assistant, ask, question, language):
    answer = ask(question)
    messages = indexed_assistant.messages
    assert answer.route == "out_of_scope"
    assert answer.language == language
    desk = answer.referral
    assert (desk.specialist_id, desk.reason) == ("chamber-desk", "out_of_scope") and desk.contact
    assert answer.text == messages.get("out_of_scope", language) + "\n\n" + messages.get(
        "out_of_scope_desk", language, specialist=desk.specialist)
    assert desk.message == messages.get("why_out_of_scope", language) and answer.sources == []


def test_a_directory_without_a_desk_declines_naming_nobody_and_unknown_reasons_are_refused(tmp_path):
    from assistant.referral import load_specialists

    entry = ('specialists:\n  - id: one\n    name: {nl: Een}\n    reasons: [%s]\n')
    (tmp_path / "specialists.yaml").write_text(entry % "personal_plan, out_of_knowledge")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", knowledge_dir=tmp_path)
    assert ReferralDecider(settings, DeterministicFakeEmbedding(size=16)).desk_for("btw aangifte") is None
    (tmp_path / "specialists.yaml").write_text(entry % "personal_plan, out_of_scop")
    with pytest.raises(ValueError, match="unknown reasons \\['out_of_scop'\\]"):
        load_specialists(tmp_path / "specialists.yaml")


NAMED_IN_KNOWLEDGE = [
    # declined as off-topic before names counted (no social-media words, names typed in lower case)
    ("who is the man behind has bean and what job did he have before", "Leighton"),
    ("In welk jaar begon Has Bean Coffee eigenlijk?", "1999"),
]
ORDINARY_WORDS_OUT_OF_SCOPE = ["kan ik als zzp'er een hypotheek krijgen?", "wat voor weer wordt het morgen in Middelburg?",
                               "hoe doe ik mijn btw aangifte over het 3e kwartaal?"]


@pytest.mark.integration
@pytest.mark.parametrize("question, fact", NAMED_IN_KNOWLEDGE)
def test_a_question_naming_a_case_from_the_knowledge_is_answered_not_declined(ask, question, fact):
    """No social-media words, so the classifier takes it for off-topic; the names say it is about our cases."""
    answer = ask(question)
    assert answer.route == "answer" and answer.sources, (answer.route, answer.decision.rule)
    assert fact in answer.text


@pytest.mark.integration
@pytest.mark.parametrize("question", ORDINARY_WORDS_OUT_OF_SCOPE)
def test_a_rare_ordinary_word_or_a_place_does_not_bring_a_question_in_scope(ask, question):
    assert ask(question).route == "out_of_scope"


@pytest.mark.parametrize("message, parts", [
    ("kunnen jullie een jaarplan maken voor mijn winkel? en hoeveel tijd zijn anderen ermee bezig?",
     ["kunnen jullie een jaarplan maken voor mijn winkel?", "en hoeveel tijd zijn anderen ermee bezig?"]),
    # The lead-up belongs to the question after it, a remark after a question to that question, and a last
    # question without a question mark is one when it opens like one.
    ("ik heb een dansschool. mag ik foto's van de kinderen plaatsen? ouders vinden het leuk. en andere vraag: "
     "wat voor doelen stellen anderen, ik post maar wat",
     ["ik heb een dansschool. mag ik foto's van de kinderen plaatsen? ouders vinden het leuk.",
      "en andere vraag: wat voor doelen stellen anderen, ik post maar wat"]),
    ("my account got hacked, what do i do; and is facebook worth it for a b2b firm?",
     ["my account got hacked, what do i do;", "and is facebook worth it for a b2b firm?"]),
    ("hoe vaak moet ik posten? ik doe het nu elke dag.", []),
    ("ik heb een bakkerij en weinig tijd", []),
])
def test_a_message_that_asks_several_things_is_split_into_its_questions(message, parts):
    from assistant.text import question_parts

    assert question_parts(message) == parts


@pytest.mark.integration
@pytest.mark.parametrize("question, language, reason, fact", [
    ("kunnen jullie een jaarplan maken voor mijn cadeauwinkel? en hoeveel tijd per week zijn andere ondernemers "
     "er gemiddeld mee bezig?", "nl", "personal_plan", "twee uur"),
    ("my instagram got hacked and the hacker posts giveaways, what do i do; and how many hours a week do other "
     "entrepreneurs spend on social media?", "en", "account_security", "two hours"),
])
def test_a_message_with_a_question_for_a_person_and_one_for_the_knowledge_gets_both(indexed_assistant, ask, question,
                                                                                    language, reason, fact):
    answer = ask(question)
    assert (answer.route, answer.referral.reason) == ("refer", reason), answer.decision
    assert fact in answer.text, answer.text
    assert answer.decision.other_card_id, answer.decision  # the decision names the card that answered the rest
    # Every citation of the text is among the sources, numbered once.
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited and cited <= {s.n for s in answer.sources} and len({s.n for s in answer.sources}) == len(answer.sources)


@pytest.mark.parametrize("question, yes_no", [
    ("is linkedin nuttig voor mijn bedrijf?", True),
    ("ik heb een bakkerij, kan ik met instagram klanten winnen?", True),
    ("hoe vaak moet ik posten, en is tiktok wat?", True),
    ("wat doet de KvK voor ondernemers die al verder zijn?", False),
    ("Why do companies quit social media?", False),
])
def test_a_card_answers_yes_or_no_only_to_a_question_that_asks_it(question, yes_no):
    from assistant.card_answer import without_yes_no, yes_no_question

    assert yes_no_question(question) is yes_no
    assert without_yes_no("Ja: de KvK helpt [1].") == "De KvK helpt [1]."
    assert without_yes_no("Vooral naamsbekendheid: bijna de helft [1].") == "Vooral naamsbekendheid: bijna de helft [1]."
    assert without_yes_no("Niet per se: het artikel noemt dat kort door de bocht [1].") == (
        "Het artikel noemt dat kort door de bocht [1].")
    assert without_yes_no("Usually not if you have little time: X needs frequent posts [1].") == (
        "X needs frequent posts [1].")


def test_the_router_model_is_fitted_once_kept_in_the_data_dir_and_refitted_when_unreadable(tmp_path, monkeypatch):
    """Fitting the calibrated classifier costs every process start 8 s: it is kept beside the example embeddings
    and loaded by the next start; a truncated file is fitted again, not an error."""
    from assistant.router_classifier import RouteClassifier, RouterExamples

    examples = RouterExamples.load(PROJECT_ROOT / "prompts" / "routing.yaml")
    embeddings = DeterministicFakeEmbedding(size=32)
    cache = tmp_path / "cache"
    first = RouteClassifier(examples, embeddings, cache, "fake")
    first.warm_up()
    kept = list(cache.glob("router-*-fit-*-sklearn*.joblib"))
    assert len(kept) == 1 and not list(cache.glob("*.tmp"))

    fits = []
    monkeypatch.setattr(RouteClassifier, "_fit", lambda self: fits.append(1) or pytest.fail("refit"))
    second = RouteClassifier(examples, embeddings, cache, "fake")
    vector = embeddings.embed_query("mijn account is gehackt")
    assert second.probabilities(vector) == first.probabilities(vector)
    assert not fits

    monkeypatch.undo()
    kept[0].write_bytes(kept[0].read_bytes()[:100])
    third = RouteClassifier(examples, embeddings, cache, "fake")
    assert third.probabilities(vector) == first.probabilities(vector)
    assert len(kept[0].read_bytes()) > 100  # fitted again and kept whole
    # Another encoder, or other estimator settings, is another model, never the kept one.
    assert RouteClassifier(examples, embeddings, cache, "other")._fitted != first._fitted
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    monkeypatch.setattr(RouteClassifier, "_estimator", staticmethod(
        lambda: CalibratedClassifierCV(LogisticRegression(C=1.0), method="sigmoid", cv=5, ensemble=False)))
    assert RouteClassifier(examples, embeddings, cache, "fake")._fitted != first._fitted
