"""slantcheck: find ad injections, calls-to-share, unsourced assertions and clickbait, with evidence.

    >>> import slantcheck
    >>> report = slantcheck.score("Share this before they delete it!")
    >>> report.label, [s.kind for s in report.spans]

Importing this package loads no model and does not import scikit-learn.
"""

from __future__ import annotations

import logging
from typing import Iterable, Iterator

from .errors import InputTypeError, InputValueError, ModelError, RuleError, SlantcheckError
from .model import Scorer, default_scorer, load
from .report import KINDS, Report, SignalScore, Span

__version__ = "0.1.0"
__all__ = [
    "score", "score_many", "load", "Scorer", "Report", "Span", "SignalScore", "KINDS",
    "SlantcheckError", "InputTypeError", "InputValueError", "ModelError", "RuleError", "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def score(text: str, *, title: str | None = None) -> Report:
    """Score one text with the shipped model; see ``Report`` for what comes back."""
    return default_scorer().score(text, title=title)


def score_many(texts: Iterable[str]) -> Iterator[Report]:
    """Score texts lazily with the shipped model, keeping input order."""
    return default_scorer().score_many(texts)
