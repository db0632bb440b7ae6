"""Embeddings of a fixed list of texts, cached on disk as a .npy file named by what was embedded."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings


def embed_cached(embeddings: Embeddings, texts: Sequence[str], cache: Path | None) -> np.ndarray:
    """The texts' embeddings (float32 rows), read from `cache` when it holds as many rows, else computed and saved
    there. The cache name must change with the texts and the model; a read-only data dir only costs the cache."""
    if cache is not None and cache.is_file():
        try:
            matrix = np.load(cache)
            if matrix.shape[0] == len(texts):
                return matrix
        except (OSError, ValueError):
            pass
    matrix = np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache, matrix)
        except OSError:
            pass
    return matrix
