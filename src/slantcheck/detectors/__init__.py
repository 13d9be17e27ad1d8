"""The detector registry and ``detect()``: run every detector once, map spans to the original text."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..normalize import Normalized
from ..report import Span
from .ads import AdInjection
from .base import Context, Detector, Scanner, merge_overlaps
from .clickbait import Clickbait
from .share import CallToShare
from .unsourced import UnsourcedAssertion

#: The registered detector classes, in report order. Adding a detector = one file + one entry here.
REGISTRY: tuple[type[Detector], ...] = (AdInjection, CallToShare, UnsourcedAssertion, Clickbait)


class Detectors(tuple):  # type: ignore[type-arg]
    """An immutable sequence of detectors that share one literal ``Scanner`` (built once, here), so each
    text gets one literal pass for all their rules. A plain sequence of detectors works everywhere too."""

    scanner: Scanner

    def __new__(cls, detectors: Iterable[Detector] = ()) -> "Detectors":
        self = super().__new__(cls, tuple(detectors))
        for d in self:
            if not isinstance(d, Detector):
                raise TypeError(f"expected Detector objects, got {type(d).__name__}")
        self.scanner = Scanner(self)
        return self

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Detectors, (tuple(self),))  # the scanner is rebuilt, not pickled


def default_detectors() -> Detectors:
    return Detectors(cls() for cls in REGISTRY)


def scanner_of(detectors: Sequence[Detector]) -> Scanner | None:
    return detectors.scanner if isinstance(detectors, Detectors) else None


def detect(norm: Normalized, detectors: Sequence[Detector], ctx: Context | None = None) -> tuple[Span, ...]:
    """All spans, in the caller's original text, sorted; same-kind overlaps merged."""
    ctx = ctx if ctx is not None else Context(norm.text)
    if ctx.scanner is None:
        ctx.scanner = scanner_of(detectors)
    return resolve(norm, [det.find(norm.text, ctx) for det in detectors])


def resolve(norm: Normalized, spans: Iterable[Iterable[Span]]) -> tuple[Span, ...]:
    """The detectors' spans (offsets into ``norm.text``, one list per detector) in the caller's original
    text, sorted, same-kind overlaps merged."""
    found: list[Span] = []
    for det_spans in spans:
        for sp in det_spans:
            s, e = norm.to_original(sp.start, sp.end)
            if e > s:
                found.append(Span(s, e, sp.kind, "", sp.score, sp.detector, sp.rule, sp.reason))
    by_kind: list[Span] = []
    for kind in sorted({s.kind for s in found}):
        by_kind.extend(merge_overlaps([s for s in found if s.kind == kind], norm.original))
    return tuple(sorted((_with_text(s, norm.original) for s in by_kind), key=lambda s: (s.start, s.end, s.kind)))


def _with_text(sp: Span, original: str) -> Span:
    return Span(sp.start, sp.end, sp.kind, original[sp.start : sp.end], sp.score, sp.detector, sp.rule, sp.reason)


__all__ = ["REGISTRY", "Context", "Detector", "Detectors", "default_detectors", "detect", "resolve", "AdInjection", "CallToShare",
           "UnsourcedAssertion", "Clickbait"]
