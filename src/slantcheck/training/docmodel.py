"""The document model's fitting: one calibrated logistic regression per target on feature rows, evidence weights
kept non-negative. Shared by the synthetic recipe (``train``) and the real-pages recipe (``units``)."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from slantcheck.features.featurizer import is_evidence
from slantcheck.modelfile import TARGETS, ModelParams

DEFAULT_THRESHOLDS = (0.3, 0.5)  # review, flag: placeholders until a recipe tunes them


def fit_matrix(X: np.ndarray, ys: Mapping[str, np.ndarray], names: Sequence[str], *, C: float = 1.0,
               seed: int = 0) -> ModelParams:
    """Fit one calibrated logistic regression per target on standardised feature rows ``X`` (columns ``names``);
    weights on evidence features are kept non-negative (more evidence never lowers a probability)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    names = list(names)
    evidence = np.array([is_evidence(n) for n in names])
    coef, intercept, cal_a, cal_b = [], [], [], []
    for t in TARGETS:
        y = np.asarray(ys[t])
        if y.min() == y.max():
            raise ValueError(f"target {t!r} has a single class in the training data")
        # Evidence features may only raise a probability: refit without any that came out negative.
        keep = np.ones(len(names), dtype=bool)
        while True:
            cc = CalibratedClassifierCV(
                LogisticRegression(C=C, max_iter=2000), method="sigmoid",
                cv=StratifiedKFold(5, shuffle=True, random_state=seed), ensemble=False,
            ).fit(Z[:, keep], y)
            inner = cc.calibrated_classifiers_[0]
            w = np.zeros(len(names))
            w[keep] = inner.estimator.coef_[0]
            negative = evidence & keep & (w < 0)
            if not negative.any():
                break
            keep &= ~negative
        coef.append(w)
        intercept.append(inner.estimator.intercept_[0])
        cal_a.append(inner.calibrators[0].a_)
        cal_b.append(inner.calibrators[0].b_)
    return ModelParams(
        model_version="unset", feature_names=tuple(names), targets=TARGETS,
        thresholds=DEFAULT_THRESHOLDS, mean=scaler.mean_.astype(np.float64), scale=scaler.scale_.astype(np.float64),
        coef=np.array(coef, dtype=np.float64), intercept=np.array(intercept, dtype=np.float64),
        cal_a=np.array(cal_a, dtype=np.float64), cal_b=np.array(cal_b, dtype=np.float64),
    )
