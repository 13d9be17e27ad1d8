"""Frozen result types. ``to_dict()`` always returns fresh plain data in a versioned schema."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from slantcheck.errors import InternalError, SlantcheckError, error_class
from slantcheck.kinds import KINDS

SCHEMA_VERSION = 2  # 2: Report.reasons
LABELS: tuple[str, ...] = ("clean", "review", "flag")


def _r(x: float) -> float:
    """Round scores so JSON output is byte-stable across platforms."""
    return round(float(x), 6)


@dataclass(frozen=True, order=True)
class Span:
    """A piece of evidence: ``text == original[start:end]`` (half-open, code points)."""

    start: int
    end: int
    kind: str
    text: str = field(compare=False)
    score: float = field(compare=False)
    detector: str = field(compare=False)
    rule: str = field(compare=False)
    reason: str = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            "score": _r(self.score),
            "detector": self.detector,
            "rule": self.rule,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SignalScore:
    """Calibrated probability that the document carries one signal, with that signal's spans."""

    kind: str
    score: float
    spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": _r(self.score), "count": len(self.spans)}


@dataclass(frozen=True)
class Report:
    """The result of scoring one text.

    ``score`` is the calibrated probability that a careful moderator flags the text;
    ``label`` is its band (``clean`` / ``review`` / ``flag``) by the model's thresholds.
    """

    score: float
    label: str
    advertorial_score: float
    signals: Mapping[str, SignalScore]
    spans: tuple[Span, ...]
    model_version: str
    thresholds: tuple[float, float]
    length: int = 0
    windows: int = 1
    #: What drove the document score, strongest first (given for a ``review`` or ``flag`` label).
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "signals", MappingProxyType(dict(self.signals)))

    @property
    def flagged(self) -> bool:
        return self.label == "flag"

    @property
    def advertorial(self) -> bool:
        return self.advertorial_score >= 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "model_version": self.model_version,
            "score": _r(self.score),
            "label": self.label,
            "flagged": self.flagged,
            "advertorial": self.advertorial,
            "advertorial_score": _r(self.advertorial_score),
            "thresholds": {"review": self.thresholds[0], "flag": self.thresholds[1]},
            "signals": {k: self.signals[k].to_dict() for k in KINDS if k in self.signals},
            "spans": [s.to_dict() for s in self.spans],
            "length": self.length,
            "windows": self.windows,
            "reasons": list(self.reasons),
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        kwargs.setdefault("sort_keys", False)
        return json.dumps(self.to_dict(), **kwargs)


@dataclass(frozen=True)
class ErrorRecord:
    """A record that could not be scored: where it was, and why (a stable ``code`` from ``errors.py``)."""

    id: Any
    line: int | None
    type: str
    code: str
    message: str

    @classmethod
    def from_exception(cls, exc: BaseException, *, id: Any = None, line: int | None = None) -> "ErrorRecord":
        code = getattr(exc, "code", None) or InternalError.code
        return cls(id=id, line=line, type=type(exc).__name__, code=str(code), message=str(exc))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "line": self.line,
                "error": {"type": self.type, "code": self.code, "message": self.message}}

    def to_exception(self) -> SlantcheckError:
        """An exception of the class named by ``code`` (for ``on_error='raise'``)."""
        return error_class(self.code)(self.message)
