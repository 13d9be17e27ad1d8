"""Precision, recall and F1, and the threshold tuner: the one copy training and evaluation both use."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1 from counts. Nothing to find and nothing found is perfect (1.0); finding nothing
    when there was something to find has precision 0.0."""
    prec = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    rec = tp / n_gold if n_gold else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1}


def binary_prf(y: ArrayLike, yhat: ArrayLike) -> dict[str, float]:
    """``prf`` of 0/1 predictions against 0/1 labels."""
    y = np.asarray(y, bool)
    yhat = np.asarray(yhat, bool)
    return prf(float((y & yhat).sum()), float(yhat.sum()), float(y.sum()))


def best_f1_cut(y: ArrayLike, p: ArrayLike, cuts: ArrayLike) -> float:
    """The cut among ``cuts`` (tried in order; the first of equal ones wins) whose ``p >= cut`` has the best F1."""
    y = np.asarray(y, bool)
    p = np.asarray(p, float)
    best = (-1.0, 0.5)
    for t in np.asarray(cuts, float):
        pred = p >= t
        tp = float((pred & y).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best[0] + 1e-12:
            best = (float(f1), float(t))
    return best[1]


def tune_thresholds(y: ArrayLike, p: ArrayLike, *, review_recall: float = 1.0) -> tuple[float, float]:
    """``flag``: the cut with the best F1; ``review``: the highest cut at or below it with the wanted recall."""
    y = np.asarray(y, bool)
    p = np.asarray(p, float)
    cuts = np.unique(np.round(p, 6))
    mids = np.concatenate([[0.0], (cuts[:-1] + cuts[1:]) / 2, [1.0]]) if len(cuts) > 1 else np.array([0.5])
    flag = round(best_f1_cut(y, p, mids), 4)
    review = flag
    for t in sorted(mids[mids <= flag], reverse=True):
        rec = float(((p >= t) & y).sum() / max(y.sum(), 1))
        review = round(float(t), 4)
        if rec >= review_recall:
            break
    return (min(review, flag), flag)
