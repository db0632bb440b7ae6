"""Questions embedded through the TorchScript trace give the same vectors as sentence-transformers; when the
trace cannot be used, questions still get the plain model's vectors."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from assistant.query_encoder import TracedQueryEmbeddings

pytestmark = pytest.mark.integration

TEXTS = ["x", "Is LinkedIn nuttig voor een kleine onderneming?", "émoji 🎉 en <b>HTML</b>", "woord " * 600]


@pytest.fixture(scope="module")
def embeddings(indexed_assistant):
    model = indexed_assistant.embeddings.model  # LazyEmbeddings -> the loaded TracedQueryEmbeddings
    assert isinstance(model, TracedQueryEmbeddings)
    return model


def test_the_bundled_model_is_traced_and_gives_the_plain_vectors(embeddings):
    assert embeddings.wait(timeout=60)
    for text in TEXTS:
        traced = np.array(embeddings.embed_query(text))
        plain = np.array(embeddings._base.embed_query(text))
        assert traced.shape == plain.shape == (384,)
        assert float(traced @ plain) > 0.99999, text[:20]


def test_documents_still_go_through_sentence_transformers(embeddings):
    texts = TEXTS[:3]
    assert embeddings.embed_documents(texts) == embeddings._base.embed_documents(texts)


class _Plain:
    """The interface TracedQueryEmbeddings needs from langchain_huggingface's HuggingFaceEmbeddings."""

    def __init__(self, base, client):
        self._client = client
        self.embed_query = base.embed_query
        self.embed_documents = base.embed_documents


def _traced_now(embeddings) -> TracedQueryEmbeddings:
    model = TracedQueryEmbeddings(_Plain(embeddings._base, embeddings._model))
    model.start_tracing(background=False)
    return model


def test_a_one_shot_model_is_not_traced_until_asked(embeddings):
    fresh = TracedQueryEmbeddings(_Plain(embeddings._base, embeddings._model))
    assert not fresh.wait(0)  # returns at once: nothing started
    assert fresh.embed_query(TEXTS[1]) == embeddings._base.embed_query(TEXTS[1])


def test_a_failing_trace_falls_back_to_the_plain_model(embeddings, monkeypatch, caplog):
    import torch

    def broken(*args, **kwargs):
        raise RuntimeError("cannot trace this")

    monkeypatch.setattr(torch.jit, "trace", broken)
    with caplog.at_level(logging.WARNING, logger="assistant.query_encoder"):
        fallback = _traced_now(embeddings)
    assert not fallback.wait(0)
    assert "trace failed: cannot trace this" in caplog.text
    assert fallback.embed_query(TEXTS[1]) == embeddings._base.embed_query(TEXTS[1])


def test_a_trace_that_differs_is_not_used(embeddings, monkeypatch, caplog):
    import assistant.query_encoder as qe

    real_encode = qe.TracedQueryEmbeddings._encode
    monkeypatch.setattr(qe.TracedQueryEmbeddings, "_encode", lambda self, m, t: -real_encode(self, m, t))
    with caplog.at_level(logging.WARNING, logger="assistant.query_encoder"):
        fallback = _traced_now(embeddings)
    assert not fallback.wait(0)
    assert "trace differs" in caplog.text


def test_other_pooling_is_not_traced(embeddings, monkeypatch):
    pooling = embeddings._model[1]
    monkeypatch.setattr(pooling, "pooling_mode", "cls")
    fallback = _traced_now(embeddings)
    assert not fallback.wait(0)


def test_two_models_traced_at_once_are_both_traced():
    """Two assistants in one process (the CLI inside a test run, say) load and trace their models in the
    background together: the tracer's global state must not make either fail its sanity check."""
    from assistant.config import Settings
    from assistant.providers import build_embeddings

    loaded = [build_embeddings(Settings(_env_file=None)).model for _ in range(3)]
    for model in loaded:
        model.start_tracing()
    assert all(model.wait(timeout=120) for model in loaded)


def test_the_setting_keeps_the_plain_model(indexed_assistant):
    from assistant.pipeline import Assistant

    plain = Assistant(indexed_assistant.settings.model_copy(update={"trace_questions": False}))
    plain.warm_up()
    assert not plain.embeddings.model.wait(0)
    assert plain.ask("Hoe vaak moet ik op LinkedIn posten?").route == "answer"
