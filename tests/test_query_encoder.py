"""Questions embedded through the model exported to ONNX Runtime give the same vectors as sentence-transformers;
the export is kept on disk and reused; when it cannot be used, questions still get the plain model's vectors."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from assistant.query_encoder import FastQueryEmbeddings

pytestmark = pytest.mark.integration

TEXTS = ["x", "Is LinkedIn nuttig voor een kleine onderneming?", "émoji 🎉 en <b>HTML</b>", "woord " * 600]


@pytest.fixture(scope="module")
def embeddings(indexed_assistant):
    model = indexed_assistant.embeddings.model  # LazyEmbeddings -> the loaded FastQueryEmbeddings
    assert isinstance(model, FastQueryEmbeddings)
    return model


def test_the_bundled_model_is_exported_and_gives_the_plain_vectors(embeddings):
    assert embeddings.wait(timeout=120)
    for text in TEXTS:
        fast = np.array(embeddings.embed_query(text))
        plain = np.array(embeddings._base.embed_query(text))
        assert fast.shape == plain.shape == (384,)
        assert float(fast @ plain) > 0.99999, text[:20]


def test_the_export_is_kept_in_the_cache_and_reused(embeddings, tmp_path, monkeypatch):
    first = FastQueryEmbeddings(_Plain(embeddings._base, embeddings._model), cache_dir=tmp_path)
    first.start(background=False)
    assert first.wait(0)
    kept = list(tmp_path.glob("query-encoder-*.onnx"))
    assert len(kept) == 1 and kept[0].stat().st_size > 1_000_000

    def no_export(self):
        raise AssertionError("exported again although the cache holds it")

    monkeypatch.setattr(FastQueryEmbeddings, "_export", no_export)
    second = FastQueryEmbeddings(_Plain(embeddings._base, embeddings._model), cache_dir=tmp_path)
    second.start(background=False)
    assert second.wait(0)
    assert np.allclose(second.embed_query(TEXTS[1]), first.embed_query(TEXTS[1]), atol=1e-6)


def test_a_broken_cached_export_is_made_again(embeddings, tmp_path):
    model = FastQueryEmbeddings(_Plain(embeddings._base, embeddings._model), cache_dir=tmp_path)
    path = model._cached_path()
    path.write_bytes(b"not an onnx model")
    model.start(background=False)
    assert model.wait(0)
    assert path.stat().st_size > 1_000_000
    fast, plain = np.array(model.embed_query(TEXTS[1])), np.array(embeddings._base.embed_query(TEXTS[1]))
    assert float(fast @ plain) > 0.99999


class _Plain:
    """The interface FastQueryEmbeddings needs from langchain_huggingface's HuggingFaceEmbeddings."""

    def __init__(self, base, client):
        self._client = client
        self.embed_query = base.embed_query
        self.embed_documents = base.embed_documents


def _exported_now(embeddings) -> FastQueryEmbeddings:
    model = FastQueryEmbeddings(_Plain(embeddings._base, embeddings._model))
    model.start(background=False)
    return model


def test_a_one_shot_model_is_not_exported_until_asked(embeddings):
    fresh = FastQueryEmbeddings(_Plain(embeddings._base, embeddings._model))
    assert not fresh.wait(0)  # returns at once: nothing started
    assert fresh.embed_query(TEXTS[1]) == embeddings._base.embed_query(TEXTS[1])


def test_a_failing_export_falls_back_to_the_plain_model(embeddings, monkeypatch, caplog):
    import torch

    def broken(*args, **kwargs):
        raise RuntimeError("cannot export this")

    monkeypatch.setattr(torch.onnx, "export", broken)
    with caplog.at_level(logging.WARNING, logger="assistant.query_encoder"):
        fallback = _exported_now(embeddings)
    assert not fallback.wait(0)
    assert "export failed: cannot export this" in caplog.text
    assert fallback.embed_query(TEXTS[1]) == embeddings._base.embed_query(TEXTS[1])


def test_an_export_that_differs_is_not_used(embeddings, monkeypatch, caplog):
    import assistant.query_encoder as qe

    real_encode = qe.FastQueryEmbeddings._encode
    monkeypatch.setattr(qe.FastQueryEmbeddings, "_encode", lambda self, m, t: -real_encode(self, m, t))
    with caplog.at_level(logging.WARNING, logger="assistant.query_encoder"):
        fallback = _exported_now(embeddings)
    assert not fallback.wait(0)
    assert "export differs" in caplog.text


def test_other_pooling_is_not_exported(embeddings, monkeypatch):
    pooling = embeddings._model[1]
    monkeypatch.setattr(pooling, "pooling_mode", "cls")
    fallback = _exported_now(embeddings)
    assert not fallback.wait(0)


def test_two_models_exported_at_once_are_both_used(tmp_path):
    """Two assistants in one process (the CLI inside a test run, say) load and export their models in the
    background together: the exporter's global state must not make either fail."""
    from assistant.config import Settings
    from assistant.providers import build_embeddings

    loaded = [build_embeddings(Settings(_env_file=None, data_dir=tmp_path / str(i))).model for i in range(3)]
    for model in loaded:
        model.start()
    assert all(model.wait(timeout=120) for model in loaded)


def test_the_setting_keeps_the_plain_model(indexed_assistant):
    from assistant.pipeline import Assistant

    plain = Assistant(indexed_assistant.settings.model_copy(update={"trace_questions": False}))
    plain.warm_up()
    assert not plain.embeddings.model.wait(0)
    assert plain.ask("Hoe vaak moet ik op LinkedIn posten?").route == "answer"
