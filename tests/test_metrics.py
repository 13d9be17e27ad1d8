"""Evaluation metrics and the shared precision/recall/threshold helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from slantcheck.evaluation.metrics import SpanScores, brier, ece, match, roc_auc
from slantcheck.thresholds import best_f1_cut, binary_prf, prf, tune_thresholds


def test_prf_empty_cases_have_one_answer() -> None:
    assert prf(0, 0, 0) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert prf(0, 0, 3) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(2, 4, 2)["f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert binary_prf([1, 0, 1, 0], [1, 1, 0, 0]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_auc_and_brier() -> None:
    y = [0, 0, 1, 1]
    assert roc_auc(y, [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert roc_auc(y, [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.5)
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))
    assert brier(y, [0, 0, 1, 1]) == 0.0 and brier(y, [1, 1, 0, 0]) == 1.0
    assert math.isnan(brier([], []))
    assert ece(y, [0.0, 0.0, 1.0, 1.0]) == 0.0


def test_threshold_tuner() -> None:
    y = np.array([0, 0, 0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    review, flag = tune_thresholds(y, p)
    assert 0.3 < flag <= 0.7 and review <= flag
    assert best_f1_cut(y, p, [0.05, 0.5, 0.95]) == 0.5


def test_span_matching() -> None:
    assert match([(0, 10)], [(5, 12)]) and not match([(0, 10)], [(20, 30)])
    s = SpanScores()
    s.add([{"kind": "clickbait", "start": 0, "end": 10}], [{"kind": "clickbait", "start": 0, "end": 10}])
    assert s.result()["clickbait"]["strict"]["f1"] == 1.0
