"""Section answers for a chamber's own documents: matching, quoting, routing (assistant.sections, routing)."""

import hashlib

import numpy as np
import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.referral import ReferralRules
from assistant.routing import RoutingPolicy
from assistant.section_answer import FollowUp, best_passages, compose_section, quote_section
from assistant.sections import AskedBefore, OwnChunk, SectionIndex, SectionScore
from assistant.synonyms import Synonyms
from assistant.templates import Messages
from assistant.types import Retrieval

MESSAGES = Messages(PROJECT_ROOT / "prompts" / "messages.yaml")


class WordEmbeddings:
    """Bag-of-words vectors (hashed): a real Embeddings interface whose similarity is shared words."""

    def _vector(self, text: str) -> list[float]:
        v = np.zeros(256)
        for word in text.lower().replace(":", " ").replace(".", " ").split():
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1
        return list(v)

    def embed_documents(self, texts):
        return [self._vector(t) for t in texts]

    def embed_query(self, text):
        return self._vector(text)


def chunk(section: str, body: str, doc: str = "spreekuur", language: str = "nl") -> OwnChunk:
    title = "Spreekuur Online Zichtbaarheid"
    return OwnChunk(chunk_id=f"{doc}-{section}", doc_id=doc, title=title, section=section, language=language,
                    text=f"# {title}\n\n## {section}\n\n{body}", metadata={"origin": "upload", "section": section})


CHUNKS = [
    chunk("Kosten", "Gratis, voor leden en niet-leden. Per bedrijf kun je maximaal 2 keer per jaar een gesprek boeken."),
    chunk("Tijden", "Een gesprek duurt 45 minuten. Per dag zijn er 6 gesprekken:\n\n- Ochtend: 9.00 - 10.00 uur\n"
                    "- Middag: 13.30 - 14.30 uur"),
    chunk("Afmelden", "Meld je uiterlijk 48 uur van tevoren af. Kom je niet opdagen, dan kun je 3 maanden niet boeken."),
]


def test_the_section_that_holds_the_answer_ranks_first_and_embeddings_are_cached(tmp_path):
    index = SectionIndex(CHUNKS, WordEmbeddings(), tmp_path, "words")
    embeddings = WordEmbeddings()
    question = "hoe lang duurt een gesprek op het spreekuur?"
    best = index.match([embeddings.embed_query(question)], [question], "nl")
    assert best[0].chunk.section == "Tijden" and best[0].score > best[1].score
    assert list(tmp_path.glob("sections-*.npy"))


def test_a_dutch_compound_holds_its_head_word():
    """Fails on the code before: "voorbeeld" did not find the section headed "Praktijkvoorbeeld" (Dutch writes a
    compound as one word), so the question matched on its other words only."""
    from assistant.text import compound_heads

    assert {"voorbeeld", "winkel"} <= compound_heads({"praktijkvoorbeeld", "webwinkel"})
    assert not compound_heads({"winkel", "2027"}) & {"inkel", "027"}  # too short to hold a head of five letters
    example = chunk("Praktijkvoorbeeld: Garage Kuipers", "Henk vroeg elke klant om een review.")
    other = chunk("Reageren", "Reageer binnen twee dagen op een review van een klant.")
    index = SectionIndex([other, example], WordEmbeddings(), None, "words")
    question = "heb je een voorbeeld van een klant met een review?"
    best = index.match([WordEmbeddings().embed_query(question)], [question], "nl")
    assert best[0].chunk.section.startswith("Praktijkvoorbeeld")


def test_a_dutch_irregular_plural_stems_as_its_singular():
    """Fails on the code before: "leden" stemmed to "leed", so "ben geen lid" never met "Niet-leden betalen"."""
    from assistant.text import stems

    assert set(stems("ik ben geen lid", "nl")) <= set(stems("Niet-leden die wegblijven, betalen het gesprek", "nl"))
    assert stems("kinderen", "nl") == stems("kind", "nl")


def test_a_synonym_finds_the_section_in_the_pages_own_word(tmp_path):
    """Fails on the code before (no synonyms): "opgeven" never met "Aanmelden", so the dates of the breakfast
    (which share "ontbijt" with the question) ranked first; "kan toch niet komen" never met "Afmelden"."""
    synonyms = Synonyms({"nl": [["aanmelden", "inschrijven", "opgeven"], ["afmelden", "afzeggen", "kan niet komen",
                                                                           "kan toch niet komen"]],
                         "en": [["register", "sign up", "enrol"]]})
    breakfast = [chunk("Data", "Het ontbijt is op 12 maart, 9 april en 14 mei, telkens van 7.30 tot 9.00 uur."),
                 chunk("Aanmelden", "Meld je aan via de website, uiterlijk de dinsdag ervoor om 12.00 uur."),
                 chunk("Afmelden", "Afmelden is gratis tot 48 uur vooraf; daarna betaal je het volledige bedrag."),
                 chunk("Kosten", "Leden gratis, anderen betalen 15 euro per ontbijt.")]
    embeddings = WordEmbeddings()
    for question, section in (("tot wanneer kan ik me opgeven voor het ontbijt?", "Aanmelden"),
                              ("ik kan toch niet komen naar het ontbijt, wat nu?", "Afmelden")):
        without = SectionIndex(breakfast, embeddings, None, "words").match([embeddings.embed_query(question)],
                                                                           [question], "nl")
        best = SectionIndex(breakfast, embeddings, None, "words", synonyms=synonyms).match(
            [embeddings.embed_query(question)], [question], "nl")
        assert best[0].chunk.section == section != without[0].chunk.section, question
    assert [t.stems for t in synonyms.terms("how do I sign up?", "en") if t.stem is None]  # an expression names a group
    assert len(Synonyms.load(tmp_path / "missing.yaml")) == 0
    (tmp_path / "broken.yaml").write_text("nl: [[aanmelden, opgeven]\n  en: x]]\n", encoding="utf-8")
    assert len(Synonyms.load(tmp_path / "broken.yaml")) == 0  # logged with what to fix; answering goes on without it


def test_the_shipped_synonyms_read_and_no_word_is_in_two_groups():
    import yaml

    from assistant.synonyms import Synonyms

    path = PROJECT_ROOT / "knowledge" / "synonyms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for language in ("nl", "en"):
        members = [m for group in data[language] for m in group]
        assert len(members) == len(set(members)), f"{language}: a word in two groups"
    assert len(Synonyms.load(path)) >= 200
    opgeven = next(t for t in Synonyms.load(path).terms("opgeven", "nl"))
    assert opgeven.stems >= {t.stem for t in Synonyms.load(path).terms("aanmelden inschrijven", "nl")}


def test_a_section_answer_leads_with_the_line_that_answers_and_quotes_the_section_with_its_list():
    index = SectionIndex(CHUNKS, WordEmbeddings(), None, "words")
    question = "hoe laat kan ik 's middags terecht, welke tijden?"
    vector = WordEmbeddings().embed_query(question)
    match = index.match([vector], [question], "nl")[0]
    text, line = compose_section(question, "nl", match, index.passage_scores(vector, match.chunk), MESSAGES, True)
    lines = text.split("\n")
    assert lines[0] == "Middag: 13.30 - 14.30 uur. [1]" and line == "Middag: 13.30 - 14.30 uur"
    assert "**Tijden** (uit „Spreekuur Online Zichtbaarheid”) [1]" in lines
    assert "- **Middag: 13.30 - 14.30 uur**" in lines and "- Ochtend: 9.00 - 10.00 uur" in lines
    assert not any(l.lstrip("*").startswith(("Tijden", "#")) and l.endswith(".") for l in lines), "no heading as a sentence"


def test_a_passage_that_asks_a_question_leads_with_the_sentence_that_answers_it():
    closed = chunk("Openingstijden", "- Tijdelijk dicht door een verbouwing? Kies tijdelijk gesloten in plaats van "
                   "verwijderen. Je reviews blijven bewaard.\n- Vul feestdagen twee weken vooraf in.")
    question = "we gaan dicht voor een verbouwing, profiel verwijderen?"
    cosines = {"Tijdelijk dicht door een verbouwing?": 0.8}
    text, line = compose_section(question, "nl", SectionScore(closed, 0.6, 0.5, ""), cosines, MESSAGES, False)
    assert line == "Tijdelijk dicht door een verbouwing? Kies tijdelijk gesloten in plaats van verwijderen."
    assert text.split("\n")[0] == line + " [1]"


def test_a_later_sentence_of_a_list_item_answers_under_the_subject_its_first_sentence_names():
    """Fails on the code before: "hoelang is die code geldig?" led with the item's first sentence ("Briefkaart:
    Google stuurt een kaart met een code ..."), the one holding the words of the question, not with the sentence
    that answers it ("De code is 30 dagen geldig."), which does not name the postcard."""
    verify = chunk("Verifiëren", "Kies een manier:\n\n- Briefkaart: Google stuurt een kaart met een code van 5 cijfers "
                   "naar je adres. Reken op ongeveer 14 dagen levertijd. De code is 30 dagen geldig.\n"
                   "- Telefoon: je krijgt de code per sms.", doc="google")
    question = "die briefkaart met de code is binnen, hoe lang blijft ie geldig?"
    text, line = compose_section(question, "nl", SectionScore(verify, 0.6, 0.5, ""), {}, MESSAGES, True)
    assert line == "De code is 30 dagen geldig."
    assert "- **Briefkaart: Google stuurt een kaart met een code van 5 cijfers naar je adres. Reken op ongeveer 14 " \
           "dagen levertijd. De code is 30 dagen geldig.**" in text.split("\n"), "the item is quoted whole"


def test_the_items_under_a_numbered_item_answer_under_the_subject_it_names():
    """Fails on the code before: "wanneer is dat webinar over je google profiel en hoe laat?" led with another
    webinar's date line; the date lines name no webinar, the numbered item above them does (a plain-text programme
    becomes "4. Lunchwebinar: ..." with its details as items right below it)."""
    programme = chunk("Programma", "1. Instagram voor horeca\n- Dinsdag 9 maart 2027, 19.30 - 21.00 uur\n"
                      "- Spreker: Fleur Mulder\n\n4. Lunchwebinar: je Google Bedrijfsprofiel op orde\n"
                      "- Donderdag 22 april 2027, 12.00 - 13.00 uur\n- Spreker: Yvonne de Haan\n\n"
                      "5. Een contentplanning voor de zomer\n- Dinsdag 11 mei 2027, 19.30 - 21.00 uur\n"
                      "- Sprekers: Marloes Dijkhuis en Fleur Mulder", doc="webinars")
    question = "wanneer is dat webinar over je google profiel precies en hoe laat?"
    _, line = compose_section(question, "nl", SectionScore(programme, 0.6, 0.5, ""), {}, MESSAGES, True)
    assert line == "Donderdag 22 april 2027, 12.00 - 13.00 uur"
    _, line = compose_section("who is giving the session about the summer planning?", "en",
                              SectionScore(programme, 0.6, 0.5, ""), {}, MESSAGES, False,
                              bridged="wie sprekers zomer contentplanning")
    assert line == "Sprekers: Marloes Dijkhuis en Fleur Mulder", "a name answers who, under the item it hangs under"


def test_a_follow_up_prefers_the_section_and_document_that_answered_the_question_before_it():
    """Fails on the code before (no `before`): "and if I'm not a member?" after a question on the workshop matched
    the prices of another page (the consultation hour's) on its own words (own documents dev: 2 follow-ups of 4)."""
    workshop = [chunk("Kosten", "Leden betalen 25 euro, niet-leden 75 euro.", doc="workshop"),
                chunk("Programma", "We beginnen om 19.00 uur met een uitleg van Advertentiebeheer.", doc="workshop")]
    index = SectionIndex(CHUNKS + workshop, WordEmbeddings(), None, "words")
    embed = WordEmbeddings().embed_query
    asked = "hoe laat begint de uitleg van Advertentiebeheer?"
    before = index.match([embed(asked)], [asked], "nl", top=1)[0].chunk.chunk_id
    assert before == "workshop-Programma"
    follow_up = "en wat moet ik dan betalen?"
    alone = {s.chunk.chunk_id: s.score for s in index.match([embed(follow_up)], [follow_up], "nl", top=5)}
    after = index.match([embed(follow_up)], [follow_up], "nl", top=5, before=AskedBefore(before))
    gained = {s.chunk.chunk_id: s.score for s in after}
    assert gained["workshop-Programma"] - alone["workshop-Programma"] == pytest.approx(0.1, abs=1e-3)  # that section
    assert gained["workshop-Kosten"] - alone["workshop-Kosten"] == pytest.approx(0.05, abs=1e-3)  # its document
    assert gained["spreekuur-Kosten"] == alone["spreekuur-Kosten"]
    assert after[0].chunk.chunk_id == "workshop-Kosten"


def test_a_follow_up_is_answered_by_the_line_with_its_new_words_not_the_line_the_answer_before_gave():
    """Fails on the code before (no `FollowUp`): a follow-up's lines were picked on it joined to the question before,
    whose words picked the line that had answered that one again ("en als ik geen lid ben?" got "leden: 95 euro";
    "en als ik pas daarna afzeg?" got "annuleren is gratis tot ..." again; own documents dev: 4 follow-ups)."""
    prices = chunk("Prijs", "- leden: 95 euro\n- niet-leden: 175 euro", doc="bootcamp")
    index = SectionIndex([prices], WordEmbeddings(), None, "words")
    before, own = "wat kost de bootcamp reels voor leden?", "en als ik geen lid ben?"
    joined = f"{before} {own}"
    cosines = index.passage_scores(WordEmbeddings().embed_query(joined), prices)
    plain = best_passages(joined, "nl", prices, cosines, True)
    assert plain[0][0] == "leden: 95 euro"
    follow = FollowUp(own, shown="Voor leden kost de bootcamp 95 euro.", before=before)
    assert best_passages(joined, "nl", prices, cosines, True, follow_up=follow)[0][0] == "niet-leden: 175 euro"
    # A line that holds the figure given before and something new was not given: "te betalen met pin ter plekke".
    pay = chunk("Kosten", "Niet-leden: 17,50 euro per gesprek (excl. btw), te betalen met pin ter plekke.")
    asked = "wat kost een gesprek? en moet ik dat vooraf overmaken?"
    alone = dict(best_passages(asked, "nl", pay, {}, False))
    follow = FollowUp("en moet ik dat vooraf overmaken?", shown="Niet-leden betalen 17,50 euro.", before="wat kost een gesprek?")
    assert dict(best_passages(asked, "nl", pay, {}, False, follow_up=follow)) == alone


def test_what_an_answer_gave_is_its_direct_line_not_the_section_quoted_under_it():
    """Fails on the code before: every line of the section quoted under the answer counted as given, so none did
    better than another and "en als het later is dan dat?" got "Annuleren: tot 10 kalenderdagen ..." again; and
    "en als ik geen lid ben?" after an answer without the price found no new word ("lid" was asked before): the
    expression "geen lid" names the group of "niet-leden" (knowledge/synonyms.yaml)."""
    synonyms = Synonyms.load(PROJECT_ROOT / "knowledge" / "synonyms.yaml")
    signup = chunk("Inschrijven", "Schrijf je in via de website, ten laatste op maandag 23 februari.\n\n"
                   "- Annuleren: tot 10 kalenderdagen voor de eerste avond kosteloos.\n"
                   "- Daarna betaal je 50% van de prijs.", doc="bootcamp")
    before = "tot wanneer kan ik kosteloos annuleren?"
    shown = ("Annuleren: tot 10 kalenderdagen voor de eerste avond kosteloos. [1]\n\n**Inschrijven** (uit „Bootcamp”) [1]\n"
             "Schrijf je in via de website, ten laatste op maandag 23 februari.\n- **Annuleren: tot 10 kalenderdagen "
             "voor de eerste avond kosteloos.**\n- Daarna betaal je 50% van de prijs.")
    follow = FollowUp("en als het later is dan dat?", shown=shown, before=before)
    ranked = best_passages(f"{before} en als het later is dan dat?", "nl", signup, {}, False, synonyms=synonyms,
                           follow_up=follow)
    assert ranked[-1][0] == "Annuleren: tot 10 kalenderdagen voor de eerste avond kosteloos."
    prices = chunk("Prijs", "- leden: 95 euro\n- niet-leden: 175 euro", doc="bootcamp")
    asked = "wat kost de bootcamp voor leden?"
    follow = FollowUp("en als ik geen lid ben?", shown="Reels bereiken nieuwe mensen. [1]", before=asked)
    ranked = best_passages(f"{asked} en als ik geen lid ben?", "nl", prices, {}, True, synonyms=synonyms,
                           follow_up=follow)
    assert ranked[0][0] == "niet-leden: 175 euro"


def test_the_section_an_answer_before_quoted_is_known_from_its_text():
    """A follow-up's context is the section the answer before gave, found in that answer's words; an answer from
    elsewhere names none."""
    index = SectionIndex(CHUNKS, WordEmbeddings(), None, "words")
    question = "hoe lang duurt een gesprek en welke tijden zijn er?"
    vector = WordEmbeddings().embed_query(question)
    match = index.match([vector], [question], "nl")[0]
    text, _ = compose_section(question, "nl", match, index.passage_scores(vector, match.chunk), MESSAGES, True)
    assert index.quoted_in(text, "nl") == "spreekuur-Tijden"
    assert index.quoted_in("Facebook is sterk voor lokale zaken met klanten boven de 40.", "nl") is None
    assert index.quoted_in("", "nl") is None


def test_an_english_question_about_a_dutch_document_says_the_source_is_dutch():
    match = SectionScore(CHUNKS[0], 0.6, 0.4, "")
    text, _ = compose_section("is it free?", "en", match, {}, MESSAGES, False)
    assert MESSAGES.get("source_in_nl", "en") in text.split("\n")
    assert "Gratis, voor leden en niet-leden." in text  # the quote stays as written


def test_a_long_section_is_cut_around_its_highlight():
    body = "\n\n".join(f"Zin nummer {i} over iets anders dat hier staat." for i in range(40))
    quoted = quote_section(body + "\n\nDe code is 30 dagen geldig.", {"De code is 30 dagen geldig."}, limit=300)
    assert quoted[-1] == "**De code is 30 dagen geldig.**" and quoted[0] == "…"
    assert sum(len(q) for q in quoted) < 400


class FixedClassifier:
    def __init__(self, probabilities):
        self.probs = probabilities

    def probabilities(self, vector):
        return self.probs


def policy(probabilities):
    return RoutingPolicy(Settings(_env_file=None), ReferralRules(PROJECT_ROOT / "prompts" / "referral.yaml"),
                         FixedClassifier(probabilities))


NOTHING = Retrieval(query="q", language="nl", chunks=[], relevant=False)


def scores(*values):
    return [SectionScore(c, v, v, "") for c, v in zip(CHUNKS, values, strict=False)]


def test_a_close_section_answers_what_the_classifier_would_decline_or_refer():
    declined = policy({"out_of_scope": 0.9}).decide("wat kost dat spreekuur?", [0.0], [], NOTHING, sections=scores(0.6))
    assert (declined.route, declined.rule, declined.section_id) == ("answer", "section", "spreekuur-Kosten")
    budget = policy({"budget_or_ads": 0.9}).decide("wat kost het?", [0.0], [], NOTHING, sections=scores(0.6))
    assert (budget.route, budget.reason) == ("answer", "budget_or_ads")  # answered, and the specialist offered
    assert budget.rule.startswith("section_over_classifier")


def test_a_section_never_outweighs_a_hacked_account_and_a_weak_one_does_not_answer():
    hacked = policy({"answer": 0.9}).decide("Mijn Instagram is gehackt", [0.0], [], NOTHING, sections=scores(0.9))
    assert (hacked.route, hacked.reason) == ("refer", "account_security")
    weak = policy({"out_of_scope": 0.9}).decide("recept voor appeltaart", [0.0], [], NOTHING, sections=scores(0.2))
    assert weak.route == "out_of_scope"


def test_a_legal_question_or_an_amount_to_spend_is_referred_with_the_section_meanwhile():
    # Fails on the code before: any section the rule hit answered, "can I sue him for defamation?" from a page on
    # reviews and "I have 500 euro for ads in May" from the guide, both critical or harmful referrals missed.
    p = policy({"answer": 0.9})
    legal = p.decide("kan ik hem aanklagen voor smaad?", [0.0], [], NOTHING, sections=scores(0.5))
    assert (legal.route, legal.reason, legal.section_id) == ("refer", "legal_privacy", "spreekuur-Kosten")
    sure = p.decide("mag ik de gegevens van klanten bewaren?", [0.0], [], NOTHING, sections=scores(0.75))
    assert (sure.route, sure.reason) == ("answer", "legal_privacy")  # the chamber's own page on it, sure: answered
    amount = p.decide("ik heb 500 euro voor advertenties in mei", [0.0], [], NOTHING, sections=scores(0.9))
    assert (amount.route, amount.reason, amount.section_id) == ("refer", "budget_or_ads", "spreekuur-Kosten")
    general = p.decide("hoeveel moet ik per dag uitgeven aan advertenties?", [0.0], [], NOTHING, sections=scores(0.5))
    assert (general.route, general.reason) == ("answer", "budget_or_ads")
    classified = policy({"legal_privacy": 0.95}).decide("foto's van google", [0.0], [], NOTHING, sections=scores(0.5))
    assert (classified.route, classified.section_id) == ("refer", "spreekuur-Kosten")
    unsure = policy({"legal_privacy": 0.7}).decide("foto van 8 MB", [0.0], [], NOTHING, sections=scores(0.5))
    assert unsure.route == "answer"  # the classifier is not sure: the chamber's own section answers


def test_a_privacy_question_the_classifier_refers_is_answered_by_a_section_clearly_ahead_of_the_rest():
    # Fails on the code before: "can I paste my customers' names into ChatGPT?" was referred although the chamber's
    # own page on AI tools, first by far, answers it (own-documents dev4).
    question = "can i paste my customers names and emails into chatgpt?"
    clear = policy({"legal_privacy": 0.94}).decide(question, [0.0], [], NOTHING, sections=scores(0.5, 0.38))
    assert (clear.route, clear.reason, clear.section_id) == ("answer", "legal_privacy", "spreekuur-Kosten")
    close = policy({"legal_privacy": 0.94}).decide(question, [0.0], [], NOTHING, sections=scores(0.5, 0.45))
    assert (close.route, close.reason) == ("refer", "legal_privacy")
    # A safety rule is never outweighed so: a photo of children refers below the sure score, whatever the lead.
    kids = policy({"answer": 0.9}).decide("mag ik foto's van de kindjes van de opvang op facebook zetten?", [0.0], [],
                                          NOTHING, sections=scores(0.5, 0.3))
    assert (kids.route, kids.reason, kids.rule.split(":")[0]) == ("refer", "legal_privacy", "rule")


def test_what_a_follow_up_gains_from_the_conversation_never_makes_a_section_sure():
    """Fails on the code before (no `own_score`): with the chamber's documents uploaded, "and if he is lying, can I
    sue him for defamation?" after a question on reviews gained 0.1 as the follow-up of the reviews section's
    question, reached the sure score, and was answered from it instead of referred (dev_fresh with uploads, a
    critical case)."""
    p = policy({"answer": 0.9})
    followed = SectionScore(CHUNKS[0], 0.68, 0.5, "", context=0.1)
    legal = p.decide("en als hij liegt, kan ik hem aanklagen voor smaad?", [0.0], [], NOTHING, follow_up=True,
                     sections=[followed])
    assert (legal.route, legal.reason, legal.section_id) == ("refer", "legal_privacy", "spreekuur-Kosten")
    assert legal.section_context == {"spreekuur-Kosten": 0.1} and legal.section_scores == {"spreekuur-Kosten": 0.68}
    # It still ranks the section and lets it answer an ordinary follow-up.
    answered = p.decide("en mag ik dan elke maand komen?", [0.0], [], NOTHING, follow_up=True, sections=[followed])
    assert (answered.route, answered.section_id) == ("answer", "spreekuur-Kosten")


def test_a_second_section_of_the_same_document_close_behind_is_quoted_too():
    p = policy({"answer": 0.9})
    first, second, third = scores(0.6, 0.57, 0.3)
    assert p.second_section([first, second, third], first) is second
    assert p.second_section([first, third], first) is None


def test_sections_of_two_documents_neck_and_neck_are_both_quoted_when_sure_and_not_answered_when_weak():
    # Fails on the code before: "and if I'm not a member?" about the webinar page, with the consultation page's
    # price section 0.01 behind, got "did you mean" with three cards about other things.
    webinar = chunk("Prijzen", "Leden EUR 15 per webinar, niet-leden EUR 35.", doc="webinars")
    tied = [SectionScore(webinar, 0.83, 0.6, ""), SectionScore(CHUNKS[0], 0.82, 0.6, "")]
    p = policy({"answer": 0.9})
    decision = p.decide("en als ik geen lid ben?", [0.0], [], NOTHING, sections=tied)
    assert (decision.route, decision.rule, decision.section_id) == ("answer", "section_tied", "webinars-Prijzen")
    assert p.second_section(tied, tied[0]) is tied[1]
    weak = [SectionScore(webinar, 0.46, 0.4, ""), SectionScore(CHUNKS[0], 0.45, 0.4, "")]
    assert p.decide("koppeling met mijn kassa?", [0.0], [], NOTHING, sections=weak).section_id is None


def test_the_introduction_of_a_document_is_labelled_with_its_title_once():
    intro = chunk("", "Welkom bij het spreekuur. Je krijgt gratis advies.")
    text, _ = compose_section("wat is het spreekuur?", "nl", SectionScore(intro, 0.6, 0.5, ""), {}, MESSAGES, False)
    assert "**Spreekuur Online Zichtbaarheid** [1]" in text.split("\n") and "uit „" not in text


def test_a_section_cut_in_parts_is_one_section_quoted_whole_and_its_matched_part_leads():
    """A long section is indexed in parts; the question matches the part with its answer, and the reader gets the
    whole section (the other part's lines too), led by the matched part's line."""
    first = OwnChunk(chunk_id="ritme-0", doc_id="insta", title="Instagram", section="Ritme", language="nl",
                     text="# Instagram\n\n## Ritme\n\nRegelmaat is belangrijker dan volume.\n\n- Reel: 1 of 2 per week\n"
                          "- Story: 2 tot 5 per dag", metadata={"origin": "upload", "chunk_index": 0})
    second = OwnChunk(chunk_id="ritme-1", doc_id="insta", title="Instagram", section="Ritme", language="nl",
                      text="# Instagram\n\n## Ritme\n\nWinkels scoren goed op donderdag tussen 10.00 en 12.00 uur.",
                      metadata={"origin": "upload", "chunk_index": 1})
    other = OwnChunk(chunk_id="bio-0", doc_id="insta", title="Instagram", section="Bio", language="nl",
                     text="# Instagram\n\n## Bio\n\nJe bio heeft 150 tekens.", metadata={"origin": "upload"})
    index = SectionIndex([first, second, other], WordEmbeddings(), None, "words")
    question = "op welke dag scoren winkels goed?"
    vector = WordEmbeddings().embed_query(question)
    matches = index.match([vector], [question], "nl", top=5)
    assert [m.chunk.section for m in matches] == ["Ritme", "Bio"], "one entry per section"
    whole = matches[0].chunk
    assert whole.chunk_id == "ritme-1" and "Regelmaat" in whole.text and "donderdag" in whole.text
    text, line = compose_section(question, "nl", matches[0], index.passage_scores(vector, whole), MESSAGES, False)
    assert line.startswith("Winkels scoren goed op donderdag")
    assert "- Reel: 1 of 2 per week" in text and "Regelmaat is belangrijker dan volume." in text
    assert text.count("**Ritme**") == 1, "the heading once, not per part"


def test_the_admin_conversation_view_says_what_the_conversation_added_to_a_section_score():
    from types import SimpleNamespace

    from assistant.web.admin_conversations import IdNames, why_html
    from assistant.web.render import UiText

    t = UiText(Messages(PROJECT_ROOT / "prompts" / "ui.yaml"), "en")
    names = IdNames(SimpleNamespace(sections=SimpleNamespace(chunks=CHUNKS)), "en")
    decision = {"route": "answer", "rule": "section", "section_id": "spreekuur-Kosten",
                "section_scores": {"spreekuur-Kosten": 0.68, "spreekuur-Tijden": 0.41},
                "section_context": {"spreekuur-Kosten": 0.1}}
    html = why_html(decision, t, names)
    assert t("admin_why_section_context") in html
    assert html.count("Spreekuur Online Zichtbaarheid &gt; Kosten") == 3  # the section, its score, its gain
    assert t("admin_why_section_context") not in why_html({**decision, "section_context": {}}, t, names)


def test_the_introduction_of_a_document_with_sections_yields_to_a_section_that_matches_as_well():
    """Fails on the code before: the Pinterest page's introduction ("Verkoop je zelfgemaakte keramiek? ... Pinterest
    voor je webshop") matched "ik verkoop keramiek via mn webshop, welk formaat moet een pin hebben?" first; on the
    own-documents dev splits an introduction came first 9 times of 128 and was never the only section with the fact."""
    intro = chunk("", "Verkoop je keramiek? Pinterest is een zoekmachine voor beelden.", doc="pinterest")
    sizes = chunk("Beeldformaten", "Een gewone pin is 1000 x 1500 pixels, een verhouding van 2:3.", doc="pinterest")
    question = "ik verkoop keramiek, welk formaat heeft een pin?"  # 0.528 for the introduction, 0.514 for the sizes
    embed = WordEmbeddings().embed_query
    penalised = SectionIndex([intro, sizes], WordEmbeddings(), None, "words").match([embed(question)], [question], "nl")
    alone = SectionIndex([intro], WordEmbeddings(), None, "words").match([embed(question)], [question], "nl")
    assert penalised[0].chunk.section == "Beeldformaten"
    intro_score = next(s.score for s in penalised if not s.chunk.section)
    assert alone[0].score - intro_score == pytest.approx(0.1, abs=1e-3)  # a page without headings loses nothing


def test_did_you_mean_offers_the_chamber_sections_that_came_close_first():
    # Fails on the code before: "did you mean" offered only built-in card questions, also when the chamber's own
    # sections came close ("ik zet veel emoji in mn posts, hoeveel mag het?": its accessibility page's section on
    # emoji was first, 0.03 ahead of another page's, so it did not answer).
    from assistant.compose import Composing
    composer = Composing.__new__(Composing)
    composer.settings, composer.messages = Settings(_env_file=None), MESSAGES
    numbered = SectionScore(chunk("4. Emoji en hashtags", "Hooguit 3 emoji per bericht."), 0.46, 0.4, "")
    offered = composer._section_suggestions([numbered, *scores(0.43, 0.4)])
    assert [s.section_id for s in offered] == ["spreekuur-4. Emoji en hashtags", "spreekuur-Kosten"]  # at most two
    assert offered[0].question == "Emoji en hashtags (Spreekuur Online Zichtbaarheid)" and offered[0].card_id == ""
    assert composer._section_suggestions(scores(0.3)) == []  # not close enough to offer
