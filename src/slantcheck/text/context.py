"""``Context``: what every detector and the features need to know about one normalised text, computed once.

A declared object in the spirit of Presidio's ``NlpArtifacts``: every piece of per-text state is a named, typed
field, computed lazily on first use (``per_text``) or filled once by the step that owns it (the headline spans
and the sub-model probabilities). Nothing else is stored on it. It knows the detectors' shared literal scanner
only through the small ``LiteralScanner`` protocol below, so this layer imports nothing from the detectors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, Protocol, TypeVar, overload

from slantcheck.text.attribution import Attribution, is_attributed, is_reported_quote
from slantcheck.text.fold import fold
from slantcheck.text.units import Unit, lines, sentences

T = TypeVar("T")


class LiteralMatcher(Protocol):
    """The literal scan engine as the context uses it (``detectors._matching.literals.Matcher``)."""

    def scan(self, folded: str) -> Any: ...
    def may_match(self, index: int, scan: Any) -> bool: ...
    def finditer(self, index: int, text: str, scan: Any, start: int = 0, end: int | None = None, *,
                 limit: int | None = None) -> Iterator[re.Match[str]]: ...
    def starts(self, index: int, scan: Any) -> list[int] | None: ...
    def required_at(self, index: int, scan: Any) -> list[int] | None: ...


class LiteralScanner(Protocol):
    """The detectors' shared scanner (``detectors.base.Scanner``): one matcher over all their patterns."""

    @property
    def matcher(self) -> LiteralMatcher: ...
    @property
    def attribution_index(self) -> int: ...

    def base(self, det: Any) -> int | None: ...


class per_text(Generic[T]):
    """A lazily computed field of ``Context``: ``functools.cached_property`` without its lock (Python 3.11 takes
    an RLock on every first access, a cost per text; a ``Context`` belongs to one text and one thread). The value
    is kept under the field's own name, so later reads are plain attribute reads."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, cls: Any = None) -> per_text[T]: ...
    @overload
    def __get__(self, obj: object, cls: Any = None) -> T: ...
    def __get__(self, obj: Any, cls: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Context:
    """What every detector and the features need to know about one normalised text, computed once."""

    text: str
    #: The detectors' shared literal scanner (``Detectors.scanner``); without it each detector scans alone.
    scanner: LiteralScanner | None = None
    #: Line counts of the whole document when this text is one window of it ("repeated in the document").
    document_line_counts: dict[str, int] | None = None
    #: The headline lines ``(start, end)`` (without scaffolding such as "Subject:"), set by the clickbait detector.
    headlines: list[tuple[int, int]] | None = field(default=None, repr=False)
    #: P(clickbait) per headline line from the headline sub-model, set by the clickbait detector.
    headline_probs: dict[tuple[int, int], float] | None = field(default=None, repr=False)
    #: P(boilerplate-like) per line start from the ad-lines sub-model, set by the ad-injection detector.
    ad_line_probs: dict[int, float] | None = field(default=None, repr=False)
    _scans: dict[int, Any] = field(default_factory=dict, repr=False)
    _line_sentences: dict[int, list[Unit]] = field(default_factory=dict, repr=False)

    @per_text
    def folded(self) -> str:
        """The text case-folded character for character (``literals.fold``), for literal scans."""
        return fold(self.text)

    def _scan(self, det: Any) -> tuple[LiteralMatcher, int, Any]:
        base = self.scanner.base(det) if self.scanner is not None else None
        if base is None:
            return det.matcher, 0, self.scan_with(det.matcher)
        assert self.scanner is not None
        return self.scanner.matcher, base, self.scan_with(self.scanner.matcher)

    def scan_with(self, matcher: LiteralMatcher) -> Any:
        """The literal scan of this text by ``matcher`` (once per matcher)."""
        scans = self._scans
        scan = scans.get(id(matcher))
        if scan is None:
            scan = scans[id(matcher)] = matcher.scan(self.folded)
        return scan

    def rule_matches(self, det: Any, index: int, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """The matches of pattern ``index`` of ``det`` (``det.patterns()``), exactly what its
        ``finditer(text)`` gives, found from one literal scan of the text shared by all detectors.
        With ``start``/``end``: its matches in the string ``text[start:end]`` on its own."""
        matcher, base, scan = self._scan(det)
        return matcher.finditer(base + index, self.text, scan, start, end)

    def pattern_starts(self, det: Any, index: int) -> list[int] | None:
        """Sorted positions where pattern ``index`` of ``det`` can start a match (a superset), or None."""
        matcher, base, scan = self._scan(det)
        return matcher.starts(base + index, scan)

    @per_text
    def lines(self) -> list[Unit]:
        return lines(self.text)

    @per_text
    def sentences(self) -> list[Unit]:
        return sentences(self.text, self.lines)

    @per_text
    def _sentence_starts(self) -> list[int]:
        return [u.start for u in self.sentences]

    @per_text
    def _line_starts(self) -> list[int]:
        return [u.start for u in self.lines]

    @per_text
    def attribution(self) -> Attribution:
        return Attribution.of(self.text)

    @per_text
    def headline(self) -> Unit | None:
        """The first line: where a headline stands when the text has one (detectors decide whether it is one)."""
        return self.lines[0] if self.lines else None

    @per_text
    def line_counts(self) -> dict[str, int]:
        """How often each line occurs (case-folded), in the whole document when this text is a window of it."""
        if self.document_line_counts is not None:
            return self.document_line_counts
        counts: dict[str, int] = {}
        for u in self.lines:
            key = self.text[u.start : u.end].casefold()
            counts[key] = counts.get(key, 0) + 1
        return counts

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing ``pos``, or -1."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return i if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end else -1

    def sentence_at(self, pos: int) -> Unit | None:
        """The sentence containing ``pos``, or None. Only the line of ``pos`` is split into sentences (each
        line is split on its own, so this is the same unit as in ``sentences``)."""
        li = self.line_index(pos)
        if li < 0:
            return None
        for u in self.line_sentences(li):
            if u.start <= pos < u.end:
                return u
        return None

    def line_sentences(self, li: int) -> list[Unit]:
        """The sentences of line ``li`` (memoised; taken from ``sentences`` when that is already known)."""
        memo = self._line_sentences
        got = memo.get(li)
        if got is None:
            if "sentences" in self.__dict__:
                got = [u for u in self.sentences if u.line == li]
            else:
                got = sentences(self.text, [self.lines[li]])
            memo[li] = got
        return got

    def next_sentence(self, unit: Unit) -> Unit | None:
        """The sentence after ``unit`` (on its line or a later one), or None."""
        li = unit.line
        for u in self.line_sentences(li):
            if u.start >= unit.end:
                return u
        for lj in range(li + 1, len(self.lines)):
            got = self.line_sentences(lj)
            if got:
                return got[0]
        return None

    def line_index(self, pos: int) -> int:
        """Index of the line containing ``pos``, or -1."""
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return i if i >= 0 and self.lines[i].start <= pos < self.lines[i].end else -1

    def line_at(self, pos: int) -> Unit | None:
        i = self.line_index(pos)
        return self.lines[i] if i >= 0 else None

    @per_text
    def _reported(self) -> dict[tuple[int, int], bool]:
        return {}

    @per_text
    def _attributed(self) -> dict[tuple[int, int], bool]:
        return {}

    def reported(self, unit: Unit) -> bool:
        """The sentence is reported speech: a quote with its speaker, or mostly quoted (memoised per unit)."""
        key = (unit.start, unit.end)
        hit = self._reported.get(key)
        if hit is None:
            hit = is_reported_quote(self.text[unit.start : unit.end]) or (
                self.attribution.quote_chars(unit.start, unit.end) > 0.6 * (unit.end - unit.start))
            self._reported[key] = hit
        return hit

    def attributed(self, unit: Unit) -> bool:
        """The sentence names its source (memoised: detectors and features ask about the same sentences)."""
        key = (unit.start, unit.end)
        hit = self._attributed.get(key)
        if hit is None:
            reporting, vague = self._attribution_cues(unit)
            # Without a reporting word or a vague source, the rewrite changes nothing and ATTRIBUTION cannot
            # match: False, exactly, without running either regex. Without a vague source, no rewrite.
            hit = self._attributed[key] = (reporting or vague) and is_attributed(
                self.text[unit.start : unit.end], vague=vague)
        return hit

    @per_text
    def _attribution_marks(self) -> tuple[list[int], list[int]] | None:
        """Where the required strings of ``ATTRIBUTION`` (reporting words, links...) and of ``VAGUE_SOURCE``
        occur, from the shared literal scan; None without a scanner."""
        sc = self.scanner
        if sc is None:
            return None
        scan = self.scan_with(sc.matcher)
        rep = sc.matcher.required_at(sc.attribution_index, scan)
        vague = sc.matcher.required_at(sc.attribution_index + 1, scan)
        return None if rep is None or vague is None else (rep, vague)

    def _attribution_cues(self, unit: Unit) -> tuple[bool, bool]:
        marks = self._attribution_marks
        if marks is None:
            return True, True

        def within(ps: list[int]) -> bool:
            i = bisect.bisect_left(ps, unit.start)
            return i < len(ps) and ps[i] < unit.end

        return within(marks[0]), within(marks[1])
