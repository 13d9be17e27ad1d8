"""Evaluation metrics as signals.md section 7 describes: document scores and span matching per kind."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from slantcheck.kinds import KINDS
from slantcheck.thresholds import prf

Pair = tuple[int, int]


def roc_auc(y: ArrayLike, p: ArrayLike) -> float:
    """Area under the ROC curve (``sklearn.metrics.roc_auc_score``). NaN when one class is missing."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        return float("nan")
    return float(roc_auc_score(y, np.asarray(p, dtype=np.float64)))


def brier(y: ArrayLike, p: ArrayLike) -> float:
    """Brier score (``sklearn.metrics.brier_score_loss``); NaN for no documents."""
    from sklearn.metrics import brier_score_loss

    y = np.asarray(y, dtype=np.float64)
    return float(brier_score_loss(y, np.asarray(p, dtype=np.float64))) if len(y) else float("nan")


def ece(y: ArrayLike, p: ArrayLike, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins."""
    y = np.asarray(y, float)
    p = np.asarray(p, float)
    if not len(y):
        return float("nan")
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(y) * abs(p[m].mean() - y[m].mean())
    return float(total)


def reliability(y: ArrayLike, p: ArrayLike, bins: int = 10) -> list[dict[str, float]]:
    """Per-bin mean prediction, observed rate and count (for a reliability diagram)."""
    y = np.asarray(y, float)
    p = np.asarray(p, float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return [{"bin": b / bins, "mean_p": float(p[idx == b].mean()), "rate": float(y[idx == b].mean()),
             "n": int((idx == b).sum())} for b in range(bins) if (idx == b).any()]


def _overlap(a: Pair, b: Pair) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Pair], pred: Sequence[Pair], min_iou: float = 0.0) -> list[tuple[int, int, int]]:
    """Greedy one-to-one matching by largest overlap: (gold index, pred index, overlap chars)."""
    cands = []
    for i, g in enumerate(gold):
        for j, q in enumerate(pred):
            ov = _overlap(g, q)
            if ov <= 0:
                continue
            union = max(g[1], q[1]) - min(g[0], q[0])
            if ov / union >= min_iou if min_iou else True:
                cands.append((ov, -i, -j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ov, ni, nj in sorted(cands, reverse=True):
        i, j = -ni, -nj
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j, ov))
    return out


class SpanScores:
    """Accumulates per-kind span counts over documents, then reports the section-7 metrics."""

    def __init__(self) -> None:
        self.c: dict[str, dict[str, float]] = {k: dict.fromkeys(
            ("gold", "pred", "tp_overlap", "tp_strict", "char_tp", "char_gold", "char_pred", "partial_p", "partial_r"),
            0.0) for k in KINDS}

    def add(self, gold: Iterable[Mapping[str, Any]], pred: Iterable[Mapping[str, Any]]) -> None:
        gold, pred = list(gold), list(pred)
        for k in KINDS:
            g = [(s["start"], s["end"]) for s in gold if s["kind"] == k]
            p = [(s["start"], s["end"]) for s in pred if s["kind"] == k]
            c = self.c[k]
            c["gold"] += len(g)
            c["pred"] += len(p)
            m = match(g, p)
            c["tp_overlap"] += len(m)
            c["tp_strict"] += len(match(g, p, min_iou=0.5))
            for i, j, ov in m:
                c["partial_p"] += ov / (p[j][1] - p[j][0])
                c["partial_r"] += ov / (g[i][1] - g[i][0])
            gc = {x for a, b in g for x in range(a, b)}
            pc = {x for a, b in p for x in range(a, b)}
            c["char_tp"] += len(gc & pc)
            c["char_gold"] += len(gc)
            c["char_pred"] += len(pc)

    def result(self) -> dict[str, dict[str, Any]]:
        out = {}
        for k, c in self.c.items():
            partial_p = c["partial_p"] / c["pred"] if c["pred"] else (1.0 if not c["gold"] else 0.0)
            partial_r = c["partial_r"] / c["gold"] if c["gold"] else 1.0
            out[k] = {
                "gold": int(c["gold"]), "pred": int(c["pred"]),
                "overlap": prf(c["tp_overlap"], c["pred"], c["gold"]),
                "strict": prf(c["tp_strict"], c["pred"], c["gold"]),
                "char": prf(c["char_tp"], c["char_pred"], c["char_gold"]),
                "partial": {"precision": partial_p, "recall": partial_r,
                            "f1": 2 * partial_p * partial_r / (partial_p + partial_r) if partial_p + partial_r else 0.0},
            }
        return out
