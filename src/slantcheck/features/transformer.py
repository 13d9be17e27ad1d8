"""``SlantFeatures``: slantcheck's features as a scikit-learn transformer (texts in, named columns out)."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from slantcheck.detectors import Detector, Detectors, default_detectors
from slantcheck.errors import check_text
from slantcheck.features.featurizer import feature_names, featurize
from slantcheck.pipeline import analyze


class SlantFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types
    """Turn an iterable of texts into slantcheck's numeric features.

    Parameters
    ----------
    detectors : sequence of Detector or None
        The detectors to run; ``None`` means the registered defaults.

    Works in ``Pipeline``, ``clone`` and ``GridSearchCV``; a bare string is refused
    (as ``CountVectorizer`` does) because it is almost always a mistake.
    """

    def __init__(self, detectors: Sequence[Detector] | None = None) -> None:
        self.detectors = detectors

    def fit(self, X: Iterable[str], y: Any = None) -> "SlantFeatures":
        _check_docs(X)
        self.detectors_ = Detectors(self.detectors) if self.detectors is not None else default_detectors()
        self.feature_names_out_ = np.array(feature_names(self.detectors_), dtype=object)
        self.n_features_out_ = len(self.feature_names_out_)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        docs = _check_docs(X)
        names = list(self.feature_names_out_)
        if not docs:
            return np.zeros((0, len(names)))
        return np.vstack([featurize(analyze(d, self.detectors_), names) for d in docs])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):  # type: ignore[no-untyped-def]
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags


def _check_docs(X: Iterable[str]) -> list[str]:
    if isinstance(X, (str, bytes)):
        raise ValueError("SlantFeatures expects an iterable of texts, got a single string; wrap it in a list.")
    docs = list(X)
    for i, d in enumerate(docs):
        check_text(d, f"document {i}")
    return docs
