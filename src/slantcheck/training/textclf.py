"""Fitting the hashed text classifiers (``slantcheck.detectors.textclf.TextClassifier``) with scikit-learn."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from slantcheck.detectors.textclf import HashSpec, TextClassifier, hashed_matrix, replace


def fit(texts: Sequence[str], y: ArrayLike, spec: HashSpec, *, name: str, C: float = 4.0,
        dense: Sequence[Mapping[str, float]] | None = None, class_weight: str | None = None,
        calib: tuple[Sequence[str], Sequence[int], Sequence[Mapping[str, float]] | None] | None = None,
        meta: Mapping[str, Any] | None = None) -> TextClassifier:
    """Logistic regression on the hashed features; optional Platt calibration on a held-out split."""
    from sklearn.linear_model import LogisticRegression

    X = hashed_matrix(texts, spec, dense)
    y = np.asarray(y, dtype=np.int64)
    if y.min() == y.max():
        raise ValueError(f"{name}: training labels have a single class")
    used = np.unique(X.indices).astype(np.int64)  # fit on the buckets that occur (liblinear is slow on empty columns)
    lr = LogisticRegression(C=C, max_iter=3000, solver="liblinear", class_weight=class_weight).fit(X[:, used], y)
    w = lr.coef_[0].astype(np.float32).astype(np.float64)  # stored as float32: score what is stored
    keep = np.flatnonzero(w)
    idx = used[keep]
    clf = TextClassifier(name=name, model_version="unset", spec=spec, index=idx, weight=w[keep],
                         bias=float(lr.intercept_[0]), meta=dict(meta or {}))
    if calib is not None:
        ctexts, cy, cdense = calib
        f = np.array([clf.decision(t, cdense[i] if cdense is not None else None) for i, t in enumerate(ctexts)])
        cal = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(f.reshape(-1, 1), np.asarray(cy))
        clf = replace(clf, cal_a=float(cal.coef_[0, 0]), cal_b=float(cal.intercept_[0]))
    return clf
