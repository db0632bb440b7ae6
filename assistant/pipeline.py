"""The Assistant: built once from Settings, the one object the CLI, web app and evals call."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.answer import ExtractiveAnswerer
from assistant.cards import CardMatcher, CardScore, load_cards
from assistant.compose import Composing
from assistant.config import Settings
from assistant.crosslingual import Glossary
from assistant.index import IndexResult, Progress, build_lexical, run_index
from assistant.indexstate import Reloading
from assistant.injection import InjectionGuard
from assistant.lexical import LexicalIndex
from assistant.llm import LLMAnswerer, LLMTurn, load_llm_prompts
from assistant.referral import ReferralDecider
from assistant.retrieve import HybridRetriever, condense, fuse_retrievals, with_context
from assistant.router_classifier import RouteClassifier, RouterExamples
from assistant.routing import RoutingPolicy
from assistant.section_answer import FollowUp
from assistant.sections import AskedBefore, SectionIndex, SectionScore
from assistant.streaming import Streaming
from assistant.synonyms import Synonyms
from assistant.templates import Messages
from assistant.text import clean_text, detect_language, question_parts
from assistant.types import Answer, Decision, QuestionError, Retrieval, Turn

log = logging.getLogger(__name__)


class IndexMissingError(RuntimeError):
    """The index has not been built; the message says what to run."""


class Assistant(Composing, Streaming, Reloading):
    """Retrieval, referral and answering wired together; heavy parts load on first use (or `warm_up`)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.messages = Messages(settings.prompts_dir / "messages.yaml")
        self._embeddings = None
        self._router_embeddings = None
        self._model_slots = threading.BoundedSemaphore(os.cpu_count() or 1)
        self._vector_store = None
        self._retriever: HybridRetriever | None = None
        self._decider: ReferralDecider | None = None
        self._cards: CardMatcher | None = None
        self._policy: RoutingPolicy | None = None
        self._sections: SectionIndex | None = None
        self._glossary: Glossary | None = None
        self._synonyms: Synonyms | None = None
        self.injection = InjectionGuard(settings.prompts_dir / "referral.yaml")
        self.answerer = ExtractiveAnswerer(settings, self.messages, blocked=self.injection.is_injection)
        # Every LLM prompt is loaded and checked now, so a broken prompt fails at start, not at a question;
        # the chat model itself is built on first use.
        self.llm_prompts = load_llm_prompts(settings.prompts_dir)
        self.llm_answerer = (
            LLMAnswerer(settings, self.messages, self.llm_prompts, self.answerer) if settings.llm else None
        )

    # -- heavy parts ---------------------------------------------------------------------------
    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.providers import build_embeddings

            self._embeddings = build_embeddings(self.settings)
        return self._embeddings

    @property
    def vector_store(self):
        if self._vector_store is None:
            from assistant.providers import build_vector_store

            self._vector_store = build_vector_store(self.settings, self.embeddings)
        return self._vector_store

    @property
    def router_embeddings(self):
        if self._router_embeddings is None:
            if self.settings.router_model == self.settings.embedding_model:
                self._router_embeddings = self.embeddings
            else:
                from assistant.providers import build_embeddings

                self._router_embeddings = build_embeddings(self.settings, self.settings.router_model)
        return self._router_embeddings

    @property
    def decider(self) -> ReferralDecider:
        if self._decider is None:
            self._decider = ReferralDecider(self.settings, self.router_embeddings)
        return self._decider

    @property
    def cards(self) -> CardMatcher:
        """The answer cards of knowledge/cards, matched with the router embeddings."""
        if self._cards is None:
            self._cards = self._build_cards()
        return self._cards

    def _build_cards(self) -> CardMatcher:
        cards = load_cards(self.settings.knowledge_dir / "cards", self.settings.knowledge_dir,
                           self.accepted_phrasings_path)
        return CardMatcher(cards, self.router_embeddings, self.settings.data_dir / "cache", self.settings.router_model)

    @property
    def sections(self) -> SectionIndex:
        """The sections of the chamber's own documents (staff uploads), matched with the router embeddings."""
        if self._sections is None:
            self._sections = self._build_sections(self.retriever.lexical.records)
        return self._sections

    def _build_sections(self, records) -> SectionIndex:
        return SectionIndex.from_records(records, self.router_embeddings, self.settings.data_dir / "cache",
                                         self.settings.router_model, self.injection.is_injection,
                                         self.glossary, self.synonyms)

    @property
    def glossary(self) -> Glossary:
        """English <-> Dutch words of the chamber's domain, for matching a question with a document in the other
        language (`knowledge/glossary.yaml`)."""
        if self._glossary is None:
            self._glossary = Glossary.load(self.settings.knowledge_dir / "glossary.yaml")
        return self._glossary

    @property
    def synonyms(self) -> Synonyms:
        """Words that mean the same in the chamber's domain ("opgeven" ~ "aanmelden"), for matching a question's
        words with a document's (`knowledge/synonyms.yaml`)."""
        if self._synonyms is None:
            self._synonyms = Synonyms.load(self.settings.knowledge_dir / "synonyms.yaml")
        return self._synonyms

    @property
    def accepted_phrasings_path(self) -> Path:
        """Where staff-accepted phrasings of cards are kept (users' own words; see the admin API)."""
        return self.settings.uploads_path.parent / "cards" / "accepted-phrasings.yaml"  # beside the shared uploads

    @property
    def policy(self) -> RoutingPolicy:
        if self._policy is None:
            examples = RouterExamples.load(self.settings.prompts_dir / "routing.yaml")
            classifier = RouteClassifier(examples, self.router_embeddings, self.settings.data_dir / "cache",
                                         self.settings.router_model)
            # The cards are looked up at each call: they are rebuilt when staff accept a phrasing or the index
            # changes, while the policy (and its fitted classifier) stays.
            self._policy = RoutingPolicy(self.settings, self.decider.rules, classifier,
                                         lambda card_id: self.cards.centroid(card_id),
                                         lambda card, language: self.cards.stems_of(card.id, language))
        return self._policy

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            # With a Chroma server, another instance may have changed the index while this one was down.
            if self.settings.chroma_url and self._generation is None:
                self._generation = self.coordinator.generation()  # read before the index it stands for
            lexical = None if self.settings.chroma_url else LexicalIndex.load(self.settings.lexical_dir)
            if lexical is None:
                if self.chunk_count() == 0:
                    raise IndexMissingError(
                        f"No index under {self.settings.data_dir}. Build it with `assistant index` (or `make index`)."
                    )
                lexical = build_lexical(self.settings, self.vector_store)  # lost or corrupt: rebuilt from Chroma
            self._retriever = HybridRetriever(self.settings, self.embeddings, self.vector_store, lexical)
        return self._retriever

    def warm_up(self) -> None:
        """Load models and indexes now rather than on the first question."""
        from assistant.providers import trace_questions

        self.retriever.embed("warm up")
        self.decider.warm_up()
        if self.settings.answer_cards:
            self.cards.warm_up()
            self.policy.classifier.warm_up()
            self.sections.warm_up()
        detect_language("warm up the language identifier")
        # Last, in the background: the server already answers (plain model) while the model is exported.
        if self.settings.trace_questions:
            trace_questions(self.embeddings)  # server, batches and evals: questions then embed in parallel

    def chunk_count(self) -> int:
        from assistant.providers import count_chunks

        return count_chunks(self.vector_store)

    def index(self, progress: Progress | None = None) -> IndexResult:
        """Build or update the index from the knowledge folders."""
        from assistant.providers import batch_mode, build_record_manager

        def run() -> IndexResult:
            with batch_mode(self.settings):
                return run_index(self.settings, self.vector_store, build_record_manager(self.settings), progress)

        result = self.index_locked(run)  # one run at a time, whichever instance starts it
        self._retriever = None  # pick up the new lexical index
        self._cards = None  # and phrasings staff accepted since
        self._sections = None  # and the uploads' sections
        self._glossary = self._synonyms = None  # with the glossary and synonyms as edited since
        if self.settings.answer_cards:
            self.sections.warm_up()  # embedded now, not at the first question
        return result

    def _embed(self, embeddings, text: str) -> list[float]:
        # At most one model call per core at a time: more only makes every request slower.
        with self._model_slots:
            return embeddings.embed_query(text)

    def _embed_many(self, embeddings, texts: list[str]) -> list[list[float]]:
        """Several questions in one model call (the same vectors as one by one)."""
        if len(texts) <= 1:
            return [self._embed(embeddings, text) for text in texts]
        with self._model_slots:
            return embeddings.embed_documents(texts)

    # -- answering: condense -> match cards -> retrieve passages -> decide route -> compose ------------------
    def prepare(self, question: str) -> str:
        text = clean_text(question)
        if not text:
            raise QuestionError("empty question")
        if len(text) > self.settings.max_question_chars:
            raise QuestionError(f"question longer than {self.settings.max_question_chars} characters")
        return text

    def strip_injection(self, text: str) -> tuple[str, bool]:
        """The question without sentences that try to instruct the assistant; and whether there were any."""
        return self.injection.strip(text)

    def ask(self, question: str, history: list[Turn] | None = None, language: str | None = None,
            on_delta: Callable[[str], None] | None = None, cancel: threading.Event | None = None) -> Answer:
        """Answer one question (with an optional conversation history); `on_delta` gets LLM text as it is checked;
        setting `cancel` stops an LLM call under way (AnswerCancelled)."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        text = self.prepare(question)
        lang = language if language in ("nl", "en") else detect_language(text, self.settings.language_default)
        content, injected = self.strip_injection(text)
        turn = self.llm_answerer.start_turn(on_delta, cancel) if self.llm_answerer else None

        if not self.settings.answer_cards:
            return self._ask_passages(content, history, lang, injected, turn, timings, started, text)
        # 1. condense: the question, and for a follow-up also the question joined to the one before it.
        queries = self._condense(content, history, lang, turn) if content else []
        # 2. match cards (multilingual router embeddings, question to question). Every text the router model
        # embeds for this question in one call: the forms of the question, for a follow-up the question before
        # it, for a message that asks several things its parts (one batch of 3 costs about what 2 single calls do).
        t = time.perf_counter()
        previous = (_last_turn(history, "user") or None) if len(queries) > 1 else None
        answered = _last_turn(history, "assistant") if len(queries) > 1 else ""
        parts = self._parts(content) if queries and len(queries) == 1 else []
        vectors = self._embed_many(self.router_embeddings, [*queries, *parts, *([previous] if previous else [])])
        router_vectors, part_vectors = vectors[:len(queries)], vectors[len(queries):len(queries) + len(parts)]
        cards = self.cards.match(router_vectors, queries, lang, top=15) if router_vectors else []
        asked_before = self._card_asked_before(previous, vectors[-1], lang) if previous else None
        timings["cards"] = (time.perf_counter() - t) * 1000
        # 3. retrieve passages for every form of the question and fuse them; the cards hear what they found.
        retrieval = self._retrieve(queries, lang, timings) if queries else Retrieval(
            query="", language=lang, chunks=[], relevant=False)
        docs = list(dict.fromkeys(c.doc_id for c in retrieval.chunks))
        cards = self.cards.rerank(cards, docs, asked_before) if cards else []
        # 4. the sections of the chamber's own documents (no cards there).
        t = time.perf_counter()
        before = self._section_asked_before(previous, answered, vectors[-1], lang) if previous else None
        sections = self.sections.match(router_vectors, queries, lang, [c.chunk_id for c in retrieval.chunks],
                                       top=len(self.sections), before=before) if router_vectors and len(self.sections) else []
        timings["sections"] = (time.perf_counter() - t) * 1000
        # 5. decide the route: a follow-up is routed as the question it stands for.
        t = time.perf_counter()
        decision = self.policy.decide(queries[0] if queries else content, router_vectors[0] if router_vectors else None,
                                      cards, retrieval, follow_up=len(queries) > 1, sections=sections,
                                      part_vectors=part_vectors, section_before=before is not None and before.quoted)
        named = self._named_section(content, sections) if decision.route == "answer" else None
        if named is not None and named.chunk.chunk_id != decision.section_id:
            # A section offered in "did you mean ...?" and clicked: that section answers (never over a referral).
            decision = decision.model_copy(update={"rule": "section_named", "section_id": named.chunk.chunk_id,
                                                   "card_id": None})
        timings["referral"] = (time.perf_counter() - t) * 1000
        # 6. a referred message that also asks something the knowledge answers gets that answer too.
        other = self._other_question(parts, part_vectors, lang) if decision.route == "refer" else None
        if other is not None:
            decision = decision.model_copy(update={"other_card_id": other.card.id})
        follow_up = FollowUp(content, answered, previous or "") if len(queries) > 1 else None
        return self._finish(queries[0] if queries else "", lang, retrieval, decision, cards, injected, turn,
                            timings, started, sections, router_vectors[0] if router_vectors else None, other,
                            follow_up)

    def _other_question(self, parts: list[str], vectors: list[list[float]], lang: str) -> CardScore | None:
        """The card that answers a question of the message that needs no specialist ("my account was hacked,
        what do I do? and is Facebook worth it for a B2B firm?"): its part routed alone as an answer, and a card
        that decides it."""
        for part, vector in zip(parts, vectors, strict=True):
            if self.policy.part_route(vector) != "answer":
                continue
            found = self.cards.match([vector], [part], lang, top=1)
            if found and found[0].score >= self.settings.card_min_score:
                return found[0]
        return None

    def _parts(self, question: str) -> list[str]:
        """The questions of a message that asks several things ("make me a year plan? and how often should I
        post?"), each routed on its own too; none for a message that asks one thing."""
        return question_parts(question) if self.settings.route_parts else []

    def _named_section(self, content: str, sections: list[SectionScore]) -> SectionScore | None:
        """The section whose "did you mean" name the message is (a suggestion clicked), among the best ten."""
        asked = content.strip()
        return next((x for x in sections[:10] if self.section_name(x.chunk) == asked), None)

    def _section_asked_before(self, previous: str, answered: str, vector: list[float], lang: str) -> AskedBefore | None:
        """The own section that answered the previous question of the conversation: the one the answer before
        quoted (`SectionIndex.quoted_in`), else (a history from elsewhere) the previous question's best match, when
        close enough to have answered it (`section_min_score`); None for a question before about something else."""
        if not len(self.sections):
            return None
        quoted = self.sections.quoted_in(answered, lang)
        if quoted is not None:
            return AskedBefore(quoted, quoted=True)
        best = self.sections.match([vector], [previous], lang, top=1)
        return AskedBefore(best[0].chunk.chunk_id) if best and best[0].score >= self.settings.section_min_score else None

    def _card_asked_before(self, previous: str, vector: list[float], lang: str) -> str | None:
        """The card that best matches the previous question of the conversation (what was answered before)."""
        best = self.cards.match([vector], [previous], lang, top=1)
        return best[0].card.id if best else None

    def _ask_passages(self, content: str, history: list[Turn] | None, lang: str, injected: bool,
                      turn: LLMTurn | None, timings: dict[str, float], started: float, text: str) -> Answer:
        """The answering of release 0.1 (ASSISTANT_ANSWER_CARDS=false): passages only, routed by the example rules."""
        query = (self._condense(content, history, lang, turn)[0]) if content else ""
        retrieval = self._retrieve([query or text], lang, timings) if query else Retrieval(
            query="", language=lang, chunks=[], relevant=False)
        t = time.perf_counter()

        def router_vector() -> list[float]:
            return self._embed(self.router_embeddings, query or text)

        decision = self.decider.decide(query or content, router_vector, retrieval)
        timings["referral"] = (time.perf_counter() - t) * 1000
        return self._finish(query, lang, retrieval, decision, [], injected, turn, timings, started)

    def _finish(self, query: str, lang: str, retrieval: Retrieval, decision: Decision, cards: list[CardScore],
                injected: bool, turn: LLMTurn | None, timings: dict[str, float], started: float,
                sections: list[SectionScore] | None = None, vector: list[float] | None = None,
                other: CardScore | None = None, follow_up: FollowUp | None = None) -> Answer:
        # 7. compose.
        t = time.perf_counter()
        section = next((x for x in sections or [] if x.chunk.chunk_id == decision.section_id), None)
        if section is not None and decision.card_id is None:
            answer = self._compose_section(query, lang, retrieval, section, vector, injected, turn, decision.reason,
                                           sections, refer=decision.route == "refer", follow_up=follow_up)
        else:  # a card, passages, "did you mean", a referral; a card may quote a section below it
            answer = self._compose(query, lang, retrieval, decision, cards, injected, turn, other, section, vector,
                                   near=sections or ())
        if turn is not None:  # which answerer wrote the text, and the fallback notice
            turn.finish(answer)
        timings["answer"] = (time.perf_counter() - t) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        decision = answer.decision = answer.decision or decision  # composing may have turned it into a referral
        log.info("route=%s reason=%s rule=%s card=%s other_card=%s kind=%s", decision.route, decision.reason,
                 decision.rule, decision.card_id, decision.other_card_id, answer.kind)
        return answer

    def _retrieve(self, queries: list[str], lang: str, timings: dict[str, float]) -> Retrieval:
        retrievals = []
        embed_ms = 0.0
        for query in queries:
            t = time.perf_counter()
            vector = self._embed(self.retriever.embeddings, query)
            embed_ms += (time.perf_counter() - t) * 1000
            part: dict[str, float] = {}
            retrievals.append(self.retriever.retrieve(query, lang, vector, part))
            for key, value in part.items():
                timings[key] = timings.get(key, 0.0) + value
        timings["embed"] = embed_ms
        timings["retrieve"] = embed_ms + sum(timings.get(k, 0.0) for k in ("dense", "lexical", "fusion"))
        return fuse_retrievals(retrievals, self.settings)

    # -- LLM hooks -----------------------------------------------------------------------------------
    def _condense(self, question: str, history: list[Turn] | None, lang: str, turn: LLMTurn | None) -> list[str]:
        """The forms of the question to match and retrieve for, the one to route first.

        Without history: the question. With an earlier question: the condensed question (the LLM's rewrite when
        configured, else the rule's), and the question joined to the one before it, whatever its length."""
        if turn is not None and history and any(t.role == "user" for t in history):
            condensed = turn.condense(question, history, lang)
            if condensed:
                return [condensed]
        primary = condense(question, history)
        if not self.settings.answer_cards:
            return [primary]
        joined = with_context(question, history)
        return [primary] + ([joined] if joined and joined != primary else [question] if primary != question else [])


def _last_turn(history: list[Turn] | None, role: str) -> str:
    """The last non-empty message of `role` ("user" or "assistant") in the conversation; "" before any."""
    return next((t.content for t in reversed(history or []) if t.role == role and t.content.strip()), "")
