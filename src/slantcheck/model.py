"""``Scorer``: normalize -> detect -> featurize -> calibrated probabilities -> ``Report``.

A Scorer is read-only after construction, so one instance can be shared across threads.
The default scorer is built lazily once, under a lock, on the first call that needs it.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from .detectors import Detector, default_detectors
from .errors import check_text
from .features import analyze, featurize
from .modelfile import ModelParams, load as load_params
from .report import KINDS, LABELS, Report, SignalScore, Span

DEFAULT_MODEL = "default"


def default_model_dir() -> Path:
    """Where the shipped model lives: installed package data, or ``models/`` in a source checkout."""
    try:
        p = Path(str(resources.files("slantcheck.models").joinpath(DEFAULT_MODEL)))
        if (p / "model.json").is_file():
            return p
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "models" / DEFAULT_MODEL


class Scorer:
    """Scores texts with one model and one set of detectors."""

    def __init__(self, params: ModelParams, detectors: Sequence[Detector] | None = None) -> None:
        self.params = params
        self.detectors: tuple[Detector, ...] = tuple(detectors) if detectors is not None else default_detectors()
        self._names = list(params.feature_names)
        self._col = {t: i for i, t in enumerate(params.targets)}

    @property
    def model_version(self) -> str:
        return self.params.model_version

    def score(self, text: str, *, title: str | None = None) -> Report:
        """Score one text. ``title`` is metadata: it informs the score but never carries spans."""
        check_text(text)
        if title is not None:
            check_text(title, "title")
        if not text.strip():
            return self._report(np.zeros(len(self.params.targets)), (), len(text))
        offset = 0
        full = text
        if title and title.strip():
            full = title + "\n\n" + text
            offset = len(title) + 2
        a = analyze(full, self.detectors)
        probs = self.params.predict_proba(featurize(a, self._names))[0]
        spans = tuple(_shift(s, offset) for s in a.spans if s.start >= offset) if offset else a.spans
        return self._report(probs, spans, len(text))

    def score_many(self, texts: Iterable[str], *, titles: Iterable[str | None] | None = None) -> Iterator[Report]:
        """Score texts lazily, in input order (see ``slantcheck.batch`` for parallel scoring)."""
        if titles is None:
            for t in texts:
                yield self.score(t)
        else:
            for t, ti in zip(texts, titles, strict=True):
                yield self.score(t, title=ti)

    def _report(self, probs: np.ndarray, spans: tuple[Span, ...], length: int) -> Report:
        review, flag = self.params.thresholds
        p = float(probs[self._col["flag"]])
        label = LABELS[2] if p >= flag else LABELS[1] if p >= review else LABELS[0]
        signals = {k: SignalScore(k, float(probs[self._col[k]]), tuple(s for s in spans if s.kind == k)) for k in KINDS}
        return Report(
            score=p, label=label, advertorial_score=float(probs[self._col["advertorial"]]), signals=signals,
            spans=spans, model_version=self.params.model_version, thresholds=(review, flag), length=length,
        )


def _shift(sp: Span, offset: int) -> Span:
    return Span(sp.start - offset, sp.end - offset, sp.kind, sp.text, sp.score, sp.detector, sp.rule, sp.reason)


def load(path: str | Path | None = None, *, detectors: Sequence[Detector] | None = None) -> Scorer:
    """A ``Scorer`` for the model at ``path`` (a directory or its ``model.json``); default: shipped model."""
    return Scorer(load_params(path if path is not None else default_model_dir()), detectors)


_lock = threading.Lock()
_default: list[Scorer] = []


def default_scorer() -> Scorer:
    """The shipped model, loaded once per process on first use."""
    if not _default:
        with _lock:
            if not _default:
                _default.append(load())
    return _default[0]
