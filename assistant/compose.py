"""Composing the answer once the route is decided: a card, a section of the chamber's own documents, passages,
"did you mean ...?", a referral with what the knowledge says meanwhile, or a polite decline.

A mixin of `assistant.pipeline.Assistant`: it uses the assistant's settings, messages, answerers, cards, sections,
policy and referral decider, and writes nothing but the `Answer`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer import wants_figure
from assistant.card_answer import card_chunks, cite_after, compose_card
from assistant.cards import Card, CardScore
from assistant.llm import LLMTurn
from assistant.retrieve import is_relevant
from assistant.section_answer import FollowUp, compose_section
from assistant.sections import SectionScore
from assistant.types import DESK_REASON, Answer, Decision, Retrieval, RetrievedChunk, RetrievedRef, Source, Suggestion

MAX_CLARIFY = 3  # questions offered in "did you mean ...?"
MAX_SECTION_SUGGESTIONS = 2  # of which sections of the chamber's own documents, offered first
TITLE_CHARS = 40  # a document's title in a suggestion, cut at a word (a button, not a heading)


def _short(title: str, limit: int = TITLE_CHARS) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0].rstrip(" ,:;-") + "…"


class Composing:
    """Answer composition for the Assistant (see the module docstring)."""

    def _compose(self, query: str, lang: str, retrieval: Retrieval, decision: Decision, cards: list[CardScore],
                 injected: bool, turn: LLMTurn | None = None, other: CardScore | None = None,
                 section: SectionScore | None = None, vector: list[float] | None = None,
                 near: Sequence[SectionScore] = ()) -> Answer:
        """`other`: under a referral, the card that answers another question of the message.
        `section`: a section of the chamber's own documents quoted below the card that answers.
        `near`: the best sections of the chamber's own documents, offered first in "did you mean ...?"."""
        answerer = turn or self.answerer  # an LLM, when configured, writes the answer and general-knowledge parts
        retrieved = [RetrievedRef(chunk_id=c.chunk_id, doc_id=c.doc_id, rank=c.rank, score=c.score) for c in retrieval.chunks]
        notice = self.messages.get("injection_notice", lang) if injected else None
        if decision.route == "out_of_scope":
            parts = [notice] if notice else []
            parts.append(self.messages.get("out_of_scope", lang))
            # Said plainly, and pointed to the chamber's general desk (not the social-media advice conversation);
            # a message that was only an instruction to the assistant ("empty") is pointed nowhere.
            desk = self.decider.desk_for(query) if decision.rule != "empty" else None
            referral = desk.as_referral(DESK_REASON, lang, self.messages.get("why_out_of_scope", lang)) if desk else None
            if referral is not None:
                parts.append(self.messages.get("out_of_scope_desk", lang, specialist=referral.specialist))
            return Answer(text="\n\n".join(parts), language=lang, route="out_of_scope", retrieved=retrieved,
                          kind="out_of_scope", referral=referral)

        if decision.route == "answer":
            card = self.cards.by_id(decision.card_id) if decision.card_id else None
            if card is not None:
                if turn is not None:
                    own = [self._as_chunk(section)] if section is not None else []
                    text, sources = turn.compose(query, lang, card_chunks(card, lang) + own + retrieval.chunks)
                else:
                    second = self.policy.second_card(cards, card.id)
                    text, sources = compose_card(card, lang, query, retrieval.chunks, self.settings,
                                                 self.injection.is_injection,
                                                 also=second.card if second is not None else None)
                    if section is not None:  # the chamber's own document on the same question, with its source
                        n = len(sources) + 1
                        quoted, line = self._section_text(query, lang, section, vector, direct=False, source_number=n,
                                                          say_language=True)
                        text += "\n\n" + quoted
                        sources = [*sources, self._section_source(section, line, n)]
                # A close race between cards: the others are offered as "did you mean ...?" under the answer.
                others = [Suggestion(card_id=c.card.id, question=c.card.first_question(lang))
                          for c in self.policy.close_cards(cards) if c.card.id != card.id] if decision.rule == "card_close" else []
                return Answer(text=text, language=lang, route="answer", sources=sources, retrieved=retrieved,
                              notice=notice, kind="card", card_id=card.id, related=self._related(card, lang),
                              suggestions=others)
            close = self.policy.close_cards(cards) if cards else []  # no policy (nor its model) without cards
            if decision.rule == "clarify":
                suggestions = [*self._section_suggestions(near),
                               *(Suggestion(card_id=c.card.id, question=c.card.first_question(lang)) for c in close)]
                suggestions = suggestions[:MAX_CLARIFY]
                lines = [self.messages.get("clarify", lang)] + [f"- {s.question}" for s in suggestions]
                return Answer(text="\n".join(lines), language=lang, route="answer", retrieved=retrieved, notice=notice,
                              kind="clarify", suggestions=suggestions)
            # With cards, a passage answer leads with the passage that answers the question (no intro line).
            text, sources = answerer.compose(query, lang, retrieval.chunks,
                                             intro_key=None if self.settings.answer_cards else "answer_intro")
            if text:
                suggestions = [Suggestion(card_id=c.card.id, question=c.card.first_question(lang)) for c in close]
                return Answer(text=text, language=lang, route="answer", sources=sources, retrieved=retrieved,
                              notice=notice, kind="passages", suggestions=suggestions)
            decision = decision.model_copy(update={"route": "refer", "reason": "out_of_knowledge", "rule": "nothing_quotable"})

        specialist, referral, header = self._referral(decision.reason, query, lang)
        parts = [header]
        sources = []
        helpful = next((c.card for c in cards[:3] if c.score >= self.settings.clarify_min_score
                        and specialist.covers(" ".join(c.card.topics) + " " + c.card.text(lang).answer)), None)
        if decision.reason != "out_of_knowledge" and helpful is not None:
            # What the knowledge says that helps right now (a hacked account: the first steps), before the card.
            if turn is not None:  # the LLM writes it from the card, as it writes answers
                turn.emit("\n\n".join(parts) + "\n\n")
                general, sources = turn.compose(query, lang, card_chunks(helpful, lang), intro_key="general_knowledge_intro",
                                                lenient=True)
            else:
                general, sources = compose_card(helpful, lang, query, [], self.settings, max_quotes=0,
                                                general=True)
                general = self.messages.get("general_knowledge_intro", lang) + "\n" + general
            if general:
                parts.append(general)
        elif decision.reason != "out_of_knowledge" and any(is_relevant(c, self.settings, lenient=True) for c in retrieval.chunks):
            if turn is not None:  # the referral shows while the LLM writes the general part
                turn.emit("\n\n".join(parts) + "\n\n")
            # Only knowledge on the specialist's own topics: a hacked account gets security advice, not network facts.
            on_topic = [c for c in retrieval.chunks if specialist.covers(c.text)]
            general, sources = answerer.compose(query, lang, on_topic, intro_key="general_knowledge_intro", lenient=True)
            if general:
                parts.append(general)
        if other is not None and (helpful is None or other.card.id != helpful.id):
            # The card's own words, with an LLM too (the stream then ends with them): curated and cited.
            more, more_sources = compose_card(other.card, lang, query, [], self.settings, max_quotes=0)
            if more:
                more, sources = cite_after(sources, more, more_sources)
                parts.append(self.messages.get("other_question", lang) + "\n" + more)
        parts.append(self.messages.get("referral_contact_hint", lang))
        # The decision as it ended (a passage answer with nothing to quote became this referral: "nothing_quotable").
        return Answer(text="\n\n".join(parts), language=lang, route="refer", referral=referral,
                      sources=sources, retrieved=retrieved, notice=notice, kind="referral", decision=decision)

    def _section_suggestions(self, near: Sequence[SectionScore]) -> list[Suggestion]:
        """The chamber's own sections close enough to offer in "did you mean ...?" (at most two, from
        `section_lead_min_score` up), named by their heading and document ("Praktisch (Bootcamp instagram reels)"):
        asked, that text finds the section by its own words."""
        offered = []
        for match in near:
            if len(offered) == MAX_SECTION_SUGGESTIONS or match.score < self.settings.section_lead_min_score:
                break
            name = self.section_name(match.chunk)
            if name and all(name != s.question for s in offered):
                offered.append(Suggestion(card_id="", question=name, section_id=match.chunk.chunk_id))
        return offered

    @staticmethod
    def section_name(chunk) -> str:
        """How a section is offered in "did you mean ...?": its heading and its document's title, shortened."""
        heading = re.sub(r"^\d{1,2}[.)]\s+", "", chunk.section.split(" > ")[-1].strip())  # "4. Emoji" -> "Emoji"
        title = _short(chunk.title)
        return f"{heading} ({title})" if heading else title  # one form in both languages, no message template

    def _compose_section(self, query: str, lang: str, retrieval: Retrieval, match: SectionScore,
                         vector: list[float] | None, injected: bool, turn: LLMTurn | None,
                         offer: str | None = None, sections: list[SectionScore] | None = None,
                         refer: bool = False, follow_up: FollowUp | None = None) -> Answer:
        """A section of a chamber's own document, quoted under its heading (an LLM, when configured, writes from it).

        `offer`: a referral reason the question also had (a budget, a plan): the specialist is offered below.
        `refer`: the question is referred for `offer` (a legal question, an amount to spend); the section follows
        the referral as what the chamber's own knowledge says meanwhile. `follow_up`: the lines that answer a
        follow-up are picked on its own words too (`best_passages`)."""
        chunk = match.chunk
        retrieved = [RetrievedRef(chunk_id=c.chunk_id, doc_id=c.doc_id, rank=c.rank, score=c.score) for c in retrieval.chunks]
        notice = self.messages.get("injection_notice", lang) if injected else None
        as_chunk = self._as_chunk(match)
        if refer and offer:
            return self._refer_with_section(query, lang, offer, as_chunk, match, vector, retrieved, notice, turn)
        if turn is not None:
            text, sources = turn.compose(query, lang, [as_chunk] + [c for c in retrieval.chunks if c.chunk_id != chunk.chunk_id])
        else:
            text, line = self._section_text(query, lang, match, vector, follow_up=follow_up)
            sources = [self._section_source(match, line)]
            also = self.policy.second_section(sections or [], match)
            if also is not None:  # a close second section is quoted below the first (another document: source 2)
                n = 1 if also.chunk.doc_id == match.chunk.doc_id else 2
                second, second_line = self._section_text(query, lang, also, vector, direct=False, source_number=n,
                                                         follow_up=follow_up)
                text += "\n\n" + second
                if n == 2:
                    sources.append(self._section_source(also, second_line, n))
        referral = None
        if offer:
            _, referral, _ = self._referral(offer, query, lang)
            text += "\n\n" + self.messages.get("section_offer", lang, specialist=referral.specialist)
        return Answer(text=text, language=lang, route="answer", sources=sources, retrieved=retrieved, notice=notice,
                      kind="section", referral=referral)

    def _refer_with_section(self, query: str, lang: str, reason: str, as_chunk: RetrievedChunk, match: SectionScore,
                            vector: list[float] | None, retrieved: list[RetrievedRef], notice: str | None,
                            turn: LLMTurn | None) -> Answer:
        """A referral whose general part is the chamber's own section (quoted as a section answer is)."""
        _, referral, header = self._referral(reason, query, lang)
        parts = [header]
        if turn is not None:  # the referral shows while the LLM writes the general part
            turn.emit(parts[0] + "\n\n")
            general, sources = turn.compose(query, lang, [as_chunk], intro_key="general_knowledge_intro", lenient=True)
        else:
            text, line = self._section_text(query, lang, match, vector)
            general = self.messages.get("general_knowledge_intro", lang) + "\n" + text
            sources = [self._section_source(match, line)]
        if general:
            parts.append(general)
        parts.append(self.messages.get("referral_contact_hint", lang))
        return Answer(text="\n\n".join(parts), language=lang, route="refer", referral=referral, sources=sources,
                      retrieved=retrieved, notice=notice, kind="referral")

    @staticmethod
    def _as_chunk(match: SectionScore) -> RetrievedChunk:
        """A section as the first passage an LLM writes from."""
        chunk = match.chunk
        return RetrievedChunk(chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, rank=0, score=match.score,
                              text=chunk.text, title=chunk.title, language=chunk.language, metadata=chunk.metadata)

    def _referral(self, reason: str, query: str, lang: str):
        """(specialist, referral, the referral's opening line) for a reason."""
        specialist = self.decider.specialist_for(reason, query)
        why = self.messages.get(f"why_{reason}", lang)
        referral = specialist.as_referral(reason, lang, why)
        return specialist, referral, self.messages.get("referral", lang, specialist=referral.specialist, why=why)

    def _section_text(self, query: str, lang: str, match: SectionScore, vector: list[float] | None,
                      direct: bool = True, source_number: int = 1, say_language: bool | None = None,
                      follow_up: FollowUp | None = None) -> tuple[str, str]:
        """A section quoted as answer (see compose_section): (text, the line that answers)."""
        cosines = self.sections.passage_scores(vector, match.chunk) if vector is not None else {}
        if follow_up is not None:
            follow_up = FollowUp(follow_up.own, follow_up.shown, follow_up.before,
                                 self.sections.bridged(follow_up.own, lang, match.chunk.language))
        return compose_section(query, lang, match, cosines, self.messages, wants_figure(query),
                               source_number=source_number, direct=direct, say_language=say_language,
                               bridged=self.sections.bridged(query, lang, match.chunk.language),
                               synonyms=self.sections.synonyms, follow_up=follow_up)

    @staticmethod
    def _section_source(match: SectionScore, line: str, n: int = 1) -> Source:
        chunk, meta = match.chunk, match.chunk.metadata
        return Source(n=n, doc_id=chunk.doc_id, title=chunk.title, source=str(meta.get("source", "")),
                      published=str(meta.get("published", "")), url=str(meta.get("url", "")), snippet=line,
                      kind=str(meta.get("kind", "")), language=chunk.language, section=chunk.section)

    def _related(self, card: Card, lang: str) -> list[Suggestion]:
        related = [self.cards.by_id(i) for i in card.related]
        return [Suggestion(card_id=c.id, question=c.first_question(lang)) for c in related if c is not None][:3]
