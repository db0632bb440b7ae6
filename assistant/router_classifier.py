"""The trained router: a calibrated logistic regression over the multilingual embeddings of the labelled
examples in prompts/routing.yaml (answer, out of scope, or a referral reason). `assistant router check` reports
its cross-validated accuracy; assistant.routing decides with its probabilities."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.embedcache import embed_cached
from assistant.types import REFERRAL_REASONS

log = logging.getLogger(__name__)

ANSWER, OUT_OF_SCOPE = "answer", "out_of_scope"


class RouterExamplesError(ValueError):
    """prompts/routing.yaml is missing or malformed; the message says what to fix."""


@dataclass(frozen=True)
class RouterExamples:
    texts: list[str]
    labels: list[str]
    digest: str

    @classmethod
    def load(cls, path: Path) -> RouterExamples:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            labels = list(raw["labels"])
            texts, ys = [], []
            for lang, by_label in raw["examples"].items():
                for label, examples in by_label.items():
                    if label not in labels:
                        raise RouterExamplesError(f"{path}: examples.{lang}.{label} is not one of labels {labels}")
                    for text in examples:
                        texts.append(str(text))
                        ys.append(label)
        except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
            raise RouterExamplesError(f"{path}: cannot read the router examples ({exc})") from exc
        unknown = set(labels) - {ANSWER, OUT_OF_SCOPE, *REFERRAL_REASONS}
        if unknown:
            raise RouterExamplesError(f"{path}: unknown labels {sorted(unknown)}")
        return cls(texts, ys, hashlib.sha256(path.read_bytes()).hexdigest()[:16])


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


class RouteClassifier:
    """Calibrated logistic regression over router embeddings of the labelled examples; fitted at warm-up."""

    def __init__(self, examples: RouterExamples, embeddings: Embeddings, cache_dir: Path | None, model_name: str):
        self.examples = examples
        self._embeddings = embeddings
        stem = f"router-{examples.digest}-{hashlib.sha1(model_name.encode()).hexdigest()[:8]}"
        self._cache = cache_dir / f"{stem}.npy" if cache_dir else None
        # The fitted model (8 s of a 2-core machine at every start), for these examples, this encoder and this
        # scikit-learn: a model pickled by another release may not load, or load wrong. Only the assistant's own
        # data dir holds it (a pickle runs code when loaded: never read one from elsewhere).
        # Keyed by the estimator's settings too: a changed C or calibration must never load the old fit.
        settings = hashlib.sha1(repr(sorted(self._estimator().get_params().items())).encode()).hexdigest()[:8]
        self._fitted = (cache_dir / f"{stem}-fit-{settings}-sklearn{_sklearn_version()}.joblib" if cache_dir
                        else None)
        self._model = None

    def _matrix(self) -> np.ndarray:
        return embed_cached(self._embeddings, self.examples.texts, self._cache)

    @staticmethod
    def _estimator():
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression

        base = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        # ensemble=False: one model fitted on all examples, calibrated on cross-validated predictions; one
        # predict per question (the 5-model ensemble cost 10 ms a question).
        return CalibratedClassifierCV(base, method="sigmoid", cv=5, ensemble=False)

    @staticmethod
    def _normalise(x: np.ndarray) -> np.ndarray:
        return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)

    def warm_up(self) -> None:
        if self._model is None:
            self._model = self._load_fitted() or self._fit()

    def _fit(self):
        import joblib

        model = self._estimator()
        model.fit(self._normalise(self._matrix()), np.asarray(self.examples.labels))
        if self._fitted is not None:
            partial = self._fitted.with_name(f"{self._fitted.name}.{os.getpid()}.tmp")
            try:  # whole or not at all; a read-only data dir only costs the next start the fit
                self._fitted.parent.mkdir(parents=True, exist_ok=True)
                joblib.dump(model, partial)
                partial.replace(self._fitted)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                log.info("router model not kept in %s: %s", self._fitted, exc)
        return model

    def _load_fitted(self):
        """The model fitted at an earlier start, if kept and whole; else None (it is fitted again)."""
        if self._fitted is None or not self._fitted.is_file():
            return None
        import joblib

        try:
            model = joblib.load(self._fitted)
        except Exception as exc:  # noqa: BLE001 - truncated or foreign file: fit again, and overwrite it
            log.warning("router model in %s not used (%s); fitting it again", self._fitted, exc)
            return None
        return model if sorted(map(str, model.classes_)) == sorted(set(self.examples.labels)) else None

    def probabilities(self, vector: Sequence[float]) -> dict[str, float]:
        self.warm_up()
        x = self._normalise(np.asarray(vector, dtype=np.float32)[None, :])
        probs = self._model.predict_proba(x)[0]
        return {str(label): round(float(p), 4) for label, p in zip(self._model.classes_, probs, strict=True)}

    def cross_validate(self, folds: int = 5) -> dict:
        """Cross-validated accuracy and per-label recall on the examples (`assistant router check`)."""
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        x, y = self._normalise(self._matrix()), np.asarray(self.examples.labels)
        predicted = cross_val_predict(self._estimator(), x, y, cv=StratifiedKFold(folds, shuffle=True, random_state=0))
        per_label = {label: round(float(np.mean(predicted[y == label] == label)), 3) for label in sorted(set(y))}
        return {"examples": len(y), "folds": folds, "accuracy": round(float(np.mean(predicted == y)), 3),
                "recall": per_label}
