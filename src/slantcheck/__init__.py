"""slantcheck: find ad injections, calls-to-share, unsourced assertions and clickbait, with evidence.

    >>> import slantcheck
    >>> report = slantcheck.score("Share this before they delete it!")
    >>> report.label, [s.kind for s in report.spans]

Importing this package loads no model and does not import scikit-learn.
"""

from __future__ import annotations

import logging
from typing import Iterable, Iterator

from slantcheck.errors import InputTypeError, InputValueError, ModelError, RuleError, SlantcheckError
from slantcheck.kinds import KINDS
from slantcheck.pipeline import Scorer, default_scorer, load
from slantcheck.report import ErrorRecord, Report, SignalScore, Span

__version__ = "0.1.0"
__all__ = [
    "score", "score_many", "load", "Scorer", "Report", "ErrorRecord", "Span", "SignalScore", "KINDS",
    "SlantcheckError", "InputTypeError", "InputValueError", "ModelError", "RuleError", "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def score(text: str, *, title: str | None = None) -> Report:
    """Score one text with the shipped model; see ``Report`` for what comes back."""
    return default_scorer().score(text, title=title)


def score_many(texts: Iterable[str], *, titles: Iterable[str | None] | None = None, n_jobs: int = 1,
               batch_size: int = 64, on_error: str = "raise") -> Iterator[Report | ErrorRecord]:
    """Score texts lazily with the shipped model, keeping input order and bounded memory.

    ``n_jobs > 1`` scores chunks of ``batch_size`` texts in joblib worker processes (each loads the model
    once); ``n_jobs=-1`` uses all cores. ``on_error="record"`` yields an ``ErrorRecord`` for a text that
    cannot be scored instead of raising.
    """
    return default_scorer().score_many(texts, titles=titles, n_jobs=n_jobs, batch_size=batch_size,
                                       on_error=on_error)
