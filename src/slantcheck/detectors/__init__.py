"""The detector registry and ``detect()``: run every detector once, map spans to the original text."""

from __future__ import annotations

from typing import Sequence

from ..normalize import Normalized
from ..report import Span
from .ads import AdInjection
from .base import Context, Detector, merge_overlaps
from .clickbait import Clickbait
from .share import CallToShare
from .unsourced import UnsourcedAssertion

#: The registered detector classes, in report order. Adding a detector = one file + one entry here.
REGISTRY: tuple[type[Detector], ...] = (AdInjection, CallToShare, UnsourcedAssertion, Clickbait)


def default_detectors() -> tuple[Detector, ...]:
    return tuple(cls() for cls in REGISTRY)


def detect(norm: Normalized, detectors: Sequence[Detector], ctx: Context | None = None) -> tuple[Span, ...]:
    """All spans, in the caller's original text, sorted; same-kind overlaps merged."""
    ctx = ctx if ctx is not None else Context(norm.text)
    found: list[Span] = []
    for det in detectors:
        for sp in det.find(norm.text, ctx):
            s, e = norm.to_original(sp.start, sp.end)
            if e > s:
                found.append(Span(s, e, sp.kind, "", sp.score, sp.detector, sp.rule, sp.reason))
    by_kind: list[Span] = []
    for kind in sorted({s.kind for s in found}):
        by_kind.extend(merge_overlaps([s for s in found if s.kind == kind], norm.original))
    return tuple(sorted((_with_text(s, norm.original) for s in by_kind), key=lambda s: (s.start, s.end, s.kind)))


def _with_text(sp: Span, original: str) -> Span:
    return Span(sp.start, sp.end, sp.kind, original[sp.start : sp.end], sp.score, sp.detector, sp.rule, sp.reason)


__all__ = ["REGISTRY", "Context", "Detector", "default_detectors", "detect", "AdInjection", "CallToShare",
           "UnsourcedAssertion", "Clickbait"]
