"""``Scorer``: normalize -> detect -> featurize -> calibrated probabilities -> ``Report``.

A Scorer is read-only after construction, so one instance can be shared across threads.
The default scorer is built lazily once, under a lock, on the first call that needs it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import numpy as np

from .detectors import Detector, Detectors, default_detectors
from .errors import check_text
from .features import analyze, featurize
from .modelfile import ModelParams, load as load_params, models_root
from .report import KINDS, LABELS, Report, SignalScore, Span

if TYPE_CHECKING:
    from .rulepack import RulesArg

DEFAULT_MODEL = "default"


def default_model_dir() -> Path:
    """Where the shipped model lives: installed package data, or ``models/`` in a source checkout."""
    return models_root() / DEFAULT_MODEL


class Scorer:
    """Scores texts with one model and one set of detectors."""

    #: The model directory this scorer was loaded from with the default detectors (set by ``load``).
    source: Path | None = None

    def __init__(self, params: ModelParams, detectors: Sequence[Detector] | None = None) -> None:
        self.params = params
        self.detectors: Detectors = Detectors(detectors) if detectors is not None else default_detectors()
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
        a = analyze(full, self.detectors)  # windowed past MAX_WINDOW_CHARS; never truncated
        probs = self.params.predict_proba(featurize(a, self._names))[0]
        spans = tuple(_shift(s, offset) for s in a.spans if s.start >= offset) if offset else a.spans
        return self._report(probs, spans, len(text), a.windows)

    def score_many(self, texts: Iterable[str], *, titles: Iterable[str | None] | None = None, n_jobs: int = 1,
                   batch_size: int = 64, on_error: str = "raise") -> Iterator[Report]:
        """Score texts lazily, in input order, with bounded memory (chunks of ``batch_size``, at most
        ``2 * n_jobs`` chunks in flight). ``n_jobs > 1`` uses joblib worker processes that load the model once
        each; ``n_jobs=-1`` uses all cores. ``on_error="record"`` yields a ``slantcheck.batch.ErrorRecord`` in
        place of a text that cannot be scored instead of raising. See ``slantcheck.batch``."""
        from .batch import score_many

        return score_many(self, texts, titles=titles, n_jobs=n_jobs, batch_size=batch_size, on_error=on_error)

    def _report(self, probs: np.ndarray, spans: tuple[Span, ...], length: int, windows: int = 1) -> Report:
        review, flag = self.params.thresholds
        p = float(probs[self._col["flag"]])
        label = LABELS[2] if p >= flag else LABELS[1] if p >= review else LABELS[0]
        signals = {k: SignalScore(k, float(probs[self._col[k]]), tuple(s for s in spans if s.kind == k)) for k in KINDS}
        return Report(
            score=p, label=label, advertorial_score=float(probs[self._col["advertorial"]]), signals=signals,
            spans=spans, model_version=self.params.model_version, thresholds=(review, flag), length=length,
            windows=windows,
        )


def _shift(sp: Span, offset: int) -> Span:
    return Span(sp.start - offset, sp.end - offset, sp.kind, sp.text, sp.score, sp.detector, sp.rule, sp.reason)


def load(path: str | Path | None = None, *, detectors: Sequence[Detector] | None = None,
         rules: "RulesArg | None" = None) -> Scorer:
    """A ``Scorer`` for the model at ``path`` (a directory or its ``model.json``); default: shipped model.

    ``rules`` adds a publisher's rule pack (a TOML/JSON path, a ``RulePack``, or a list of them; see
    ``slantcheck.rulepack``) to the shipped detectors. Give ``rules`` or ``detectors``, not both.
    """
    if rules is not None:
        if detectors is not None:
            raise TypeError("load() takes either detectors= or rules=, not both")
        from .rulepack import resolve

        detectors = resolve(rules)
    p = Path(path) if path is not None else default_model_dir()
    scorer = Scorer(load_params(p), detectors)
    if detectors is None:  # workers can rebuild this scorer from its path (slantcheck.batch)
        scorer.source = (p if p.is_dir() else p.parent).resolve()
    return scorer


_lock = threading.Lock()
_default: list[Scorer] = []


def default_scorer() -> Scorer:
    """The shipped model, loaded once per process on first use."""
    if not _default:
        with _lock:
            if not _default:
                _default.append(load())
    return _default[0]
