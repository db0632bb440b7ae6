"""Question embeddings through a TorchScript trace of the sentence-transformers model.

A traced module runs its whole forward pass in C++ without holding Python's GIL, so requests answered at the
same time embed their questions in parallel instead of taking turns (measured in process on 2 cores, 8 threads,
whole answers: 45 -> 62 per second), and one question embeds about 15 % faster. The trace is used only when it
gives the same vectors as sentence-transformers on probe texts; until then (the trace takes about a second, in
the background, so start-up does not wait for it), and if it differs or fails, questions go through the plain
model. Documents (batches, padded) always go through sentence-transformers.
"""

from __future__ import annotations

import atexit
import logging
import threading
import warnings

from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

# Probes cover a one-word text, a question, and a text long enough to be truncated to the model's limit.
PROBES = (
    "LinkedIn",
    "Hoe pas ik social media in mijn marketingstrategie?",
    " ".join(["Een ondernemer plaatst elke week berichten op Facebook, LinkedIn en Instagram."] * 40),
)
MIN_PROBE_COSINE = 0.99999
# torch.jit.trace keeps module-naming state in globals: two traces at once (two models in one process) corrupt
# each other and fail the tracer's sanity check. One at a time.
_TRACE_LOCK = threading.Lock()
# Traces still running. A process must not exit in the middle of one (the C++ runtime aborts): wait for them.
_RUNNING: set[threading.Thread] = set()


@atexit.register
def _finish_running_traces() -> None:
    for thread in list(_RUNNING):
        thread.join(timeout=30)


class TracedQueryEmbeddings(Embeddings):
    """LangChain embeddings: documents through `base` (HuggingFaceEmbeddings), questions through a trace of its
    transformer when that is exact, else through `base` as well."""

    def __init__(self, base):
        self._base = base
        self._model = base._client  # the SentenceTransformer that langchain_huggingface wraps
        self._traced = None
        self._started = False
        self._settled = threading.Event()

    def start_tracing(self, background: bool = True) -> None:
        """Trace the model for questions (once): in a background thread, or here. Long-running work (the
        server, batches, evals) asks for it; a one-shot question does not pay for it."""
        if self._started:
            return
        self._started = True
        if not background:
            self._settle()
            return
        thread = threading.Thread(target=self._settle, name="trace-query-encoder", daemon=True)
        _RUNNING.add(thread)
        thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the trace is in use or given up; whether questions now go through the trace."""
        if self._started:
            self._settled.wait(timeout)
        return self._traced is not None

    def _settle(self) -> None:
        try:
            with _TRACE_LOCK:
                self._traced = self._trace()
        except Exception as exc:  # an architecture the tracer cannot follow: the plain model still works
            log.warning("questions use the plain embedding model (trace failed: %s)", exc)
        finally:
            self._settled.set()
            _RUNNING.discard(threading.current_thread())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._base.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        traced = self._traced
        if traced is None:
            return self._base.embed_query(text)
        return self._encode(traced, text).tolist()

    # -- internals -------------------------------------------------------------------------------------------
    def _features(self, text: str) -> dict:
        import torch

        # The model's own preprocessing (tokenizer, truncation at max_seq_length), one text: no padding.
        return {k: v for k, v in self._model.preprocess([text]).items() if isinstance(v, torch.Tensor)}

    def _encode(self, module, text: str):
        import torch

        with torch.inference_mode():
            out = module(**self._features(text))
            hidden = out["last_hidden_state"] if isinstance(out, dict) else out[0]
            vector = hidden[0].mean(dim=0)  # one unpadded text: mean pooling is the plain mean
            return torch.nn.functional.normalize(vector, dim=0)

    def _trace(self):
        import torch

        names = [type(m).__name__ for m in self._model]
        pooling = getattr(self._model[1], "pooling_mode", None) if len(names) > 1 else None
        if names[:2] != ["Transformer", "Pooling"] or pooling != "mean" or names[2:] not in ([], ["Normalize"]):
            log.info("questions use the plain embedding model (modules %s, pooling %s)", names, pooling)
            return None
        transformer = self._model[0].auto_model  # questions may run on it meanwhile: measured safe (a copy: +130 MB)
        # The tracer notes the branches it fixes (no padding, one text): true and intended here. A plain filter,
        # since catch_warnings is not thread-safe and this runs in the background.
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing", category=FutureWarning)
        with torch.no_grad():
            traced = torch.jit.freeze(
                torch.jit.trace(transformer, example_kwarg_inputs=self._features(PROBES[1]), strict=False).eval()
            )
        for probe in PROBES:
            expected = torch.tensor(self._base.embed_query(probe))
            cosine = float(self._encode(traced, probe) @ expected)
            if cosine < MIN_PROBE_COSINE:
                log.warning("questions use the plain embedding model (trace differs: cosine %.6f)", cosine)
                return None
        return traced
