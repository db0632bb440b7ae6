"""Question embeddings through ONNX Runtime: the sentence-transformers model exported once, run without torch.

One short question through the exported model takes about 10 ms on one core of the 2-core machine, against 16 ms
through a TorchScript trace and 26 ms through sentence-transformers (measured 2026-12-01 over the golden
questions), and ONNX Runtime runs the whole forward pass without holding Python's GIL, so requests answered at the
same time embed their questions in parallel. The exported model is used only when it gives the same vectors as
sentence-transformers on probe texts; until then (the export takes about 3 s, in the background, once per model:
it is kept in the data dir's cache), and if it differs or fails, questions go through the plain model. Documents
(batches, padded) always go through sentence-transformers.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import warnings
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

# Probes cover a one-word text, a question, and a text long enough to be truncated to the model's limit.
PROBES = (
    "LinkedIn",
    "Hoe pas ik social media in mijn marketingstrategie?",
    " ".join(["Een ondernemer plaatst elke week berichten op Facebook, LinkedIn en Instagram."] * 40),
)
MIN_PROBE_COSINE = 0.99999
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# The exporter traces the model and keeps module-naming state in globals: two exports at once (two models in one
# process) corrupt each other. One at a time.
_EXPORT_LOCK = threading.Lock()
# Exports still running. A process must not exit in the middle of one (the C++ runtime aborts): wait for them.
_RUNNING: set[threading.Thread] = set()


@atexit.register
def _finish_running_exports() -> None:
    for thread in list(_RUNNING):
        thread.join(timeout=30)


class FastQueryEmbeddings(Embeddings):
    """LangChain embeddings: documents through `base` (HuggingFaceEmbeddings), questions through an ONNX Runtime
    session of its transformer when that is exact, else through `base` as well."""

    def __init__(self, base, cache_dir: Path | None = None):
        self._base = base
        self._model = base._client  # the SentenceTransformer that langchain_huggingface wraps
        self._cache_dir = cache_dir
        self._session = None
        self._started = False
        self._settled = threading.Event()

    def start(self, background: bool = True) -> None:
        """Export the model for questions (once): in a background thread, or here. Long-running work (the
        server, batches, evals) asks for it; a one-shot question does not pay for it."""
        if self._started:
            return
        self._started = True
        if not background:
            self._settle()
            return
        thread = threading.Thread(target=self._settle, name="export-query-encoder", daemon=True)
        _RUNNING.add(thread)
        thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the exported model is in use or given up; whether questions now go through it."""
        if self._started:
            self._settled.wait(timeout)
        return self._session is not None

    def _settle(self) -> None:
        try:
            self._session = self._load()
        except Exception as exc:  # an architecture the exporter cannot follow: the plain model still works
            log.warning("questions use the plain embedding model (export failed: %s)", exc)
        finally:
            self._settled.set()
            _RUNNING.discard(threading.current_thread())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._base.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        session = self._session
        if session is None:
            return self._base.embed_query(text)
        return self._encode(session, text).tolist()

    # -- internals -------------------------------------------------------------------------------------------
    def _features(self, text: str) -> dict[str, np.ndarray]:
        # The model's own preprocessing (tokenizer, truncation at max_seq_length), one text: no padding.
        features = self._model.preprocess([text])
        return {k: features[k].numpy() for k in INPUTS if k in features}

    def _encode(self, session, text: str) -> np.ndarray:
        features = self._features(text)
        names = {i.name for i in session.get_inputs()}
        hidden = session.run(None, {k: v for k, v in features.items() if k in names})[0]
        vector = hidden[0].mean(axis=0)  # one unpadded text: mean pooling is the plain mean
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def _exportable(self) -> bool:
        names = [type(m).__name__ for m in self._model]
        pooling = getattr(self._model[1], "pooling_mode", None) if len(names) > 1 else None
        if names[:2] != ["Transformer", "Pooling"] or pooling != "mean" or names[2:] not in ([], ["Normalize"]):
            log.info("questions use the plain embedding model (modules %s, pooling %s)", names, pooling)
            return False
        return True

    def _load(self):
        if not self._exportable():
            return None
        path = self._cached_path()
        session = None
        if path is not None and path.is_file():
            try:
                session = _session(path.read_bytes())
            except Exception as exc:  # a half-written or foreign file: export again
                log.info("the kept query encoder cannot be loaded (%s); exporting again", exc)
                path.unlink(missing_ok=True)
        if session is None:
            with _EXPORT_LOCK:
                data = self._export()
            if path is not None:
                _write_atomically(path, data)
            session = _session(data)
        for probe in PROBES:
            expected = np.asarray(self._base.embed_query(probe), dtype=np.float32)
            cosine = float(self._encode(session, probe) @ expected)
            if cosine < MIN_PROBE_COSINE:
                log.warning("questions use the plain embedding model (export differs: cosine %.6f)", cosine)
                if path is not None:
                    path.unlink(missing_ok=True)  # made by another version of a library: export again next time
                return None
        return session

    def _cached_path(self) -> Path | None:
        """Where the exported model is kept: named after the model's files, so another model or version of it
        gets its own."""
        if self._cache_dir is None:
            return None
        folder = Path(self._model[0].auto_model.name_or_path)
        digest = hashlib.sha256()
        for file in sorted(folder.glob("*")) if folder.is_dir() else []:
            if file.is_file():
                digest.update(f"{file.name}:{file.stat().st_size}".encode())
        digest.update(str(folder).encode())
        return self._cache_dir / f"query-encoder-{digest.hexdigest()[:16]}.onnx"

    def _export(self) -> bytes:
        import io

        import torch

        transformer = self._model[0].auto_model  # questions may run on it meanwhile: export only reads it

        class Forward(torch.nn.Module):  # positional inputs, the hidden states out
            def __init__(self, model):
                super().__init__()
                self.model = model

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.model(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids)[0]

        example = {k: torch.from_numpy(v) for k, v in self._features(PROBES[1]).items()}
        if set(example) != set(INPUTS):
            raise ValueError(f"the model takes {sorted(example)}, not {list(INPUTS)}")
        buffer = io.BytesIO()
        # The exporter notes the branches it fixes for one unpadded text: true and intended here. A plain
        # filter, since catch_warnings is not thread-safe and this runs in the background.
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", module=r"torch\.onnx.*")
        with torch.no_grad():
            torch.onnx.export(
                Forward(transformer).eval(), tuple(example[k] for k in INPUTS), buffer, input_names=list(INPUTS),
                output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")},
            )
        return buffer.getvalue()


def _session(model: bytes):
    import onnxruntime as ort

    options = ort.SessionOptions()
    # One thread per question, and no spinning while idle: several requests at once share the two cores, and
    # spinning threads would take a core from the rest of the answer (retrieval, the other encoder).
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only data dir: export again next start
        log.info("the exported query encoder is not kept (%s)", exc)
