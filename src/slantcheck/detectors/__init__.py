"""The detector registry, ``detect()`` and ``resolve()``: every detector's candidates, then the one overlap policy.

Adding a detector is one file (a ``Detector`` subclass with its rule file in ``data/``) plus one line in
``REGISTRY``; see CONTRIBUTING.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from slantcheck.detectors.ads import AdInjection
from slantcheck.detectors.base import Detector, Scanner, merge_overlaps
from slantcheck.detectors.clickbait import Clickbait
from slantcheck.detectors.share import CallToShare
from slantcheck.detectors.unsourced import UnsourcedAssertion
from slantcheck.report import Span
from slantcheck.text.context import Context
from slantcheck.text.normalize import Normalized

if TYPE_CHECKING:
    from slantcheck.detectors.learned import UnitScores

#: The registered detector classes, in report order. Adding a detector = one file + one entry here.
REGISTRY: tuple[type[Detector], ...] = (AdInjection, CallToShare, UnsourcedAssertion, Clickbait)


class Detectors(tuple):  # type: ignore[type-arg]
    """An immutable sequence of detectors that share one literal ``Scanner`` (built once, here), so each
    text gets one literal pass for all their rules. A plain sequence of detectors works everywhere too."""

    scanner: Scanner

    def __new__(cls, detectors: Iterable[Detector] = ()) -> Detectors:
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


@dataclass(frozen=True)
class Analysis:
    """One text after normalize + detect + resolve: what features and reports are built from."""

    norm: Normalized
    ctx: Context
    spans: tuple[Span, ...]
    windows: int = 1
    #: Every candidate sentence's probability per kind from the learned unit models (None without them).
    units: UnitScores | None = None


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
    return tuple(_with_text(s, norm.original) for s in merge_by_kind(found, norm.original))


def merge_by_kind(spans: Iterable[Span], text: str) -> tuple[Span, ...]:
    """The overlap policy: spans of one kind never overlap (``merge_overlaps``: overlapping ones merge, keeping
    the strongest rule); spans of different kinds may. Sorted by ``(start, end, kind)``."""
    found = list(spans)
    merged: list[Span] = []
    for kind in sorted({s.kind for s in found}):
        merged.extend(merge_overlaps([s for s in found if s.kind == kind], text))
    return tuple(sorted(merged, key=lambda s: (s.start, s.end, s.kind)))


def _with_text(sp: Span, original: str) -> Span:
    return Span(sp.start, sp.end, sp.kind, original[sp.start : sp.end], sp.score, sp.detector, sp.rule, sp.reason)


__all__ = ["REGISTRY", "Analysis", "Context", "Detector", "Detectors", "default_detectors", "detect", "resolve",
           "merge_by_kind", "AdInjection", "CallToShare", "UnsourcedAssertion", "Clickbait"]
