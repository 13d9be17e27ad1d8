"""Detector base: rules are data (JSON), compiled once in the constructor; ``find`` returns spans.

A rule file looks like::

    {"detector": "call_to_share", "kind": "call_to_share", "version": 1,
     "settings": {...detector-specific numbers...},
     "allow": ["regex of text that is never a span", ...],
     "rules": [{"id": "share_urgent", "unit": "sentence", "weight": 0.9,
                "reason": "Asks readers to share, with urgency or suppression framing.",
                "patterns": ["regex", ...], "phrases": ["plain phrase", ...],
                "unless": ["regex that vetoes the unit", ...], "in_quotes": false,
                "case_sensitive": false}]}

``unit`` says what a match marks: the whole ``sentence`` or ``line`` it is in, or just the
``match``. Bad files fail loudly with the file, entry and field (``RuleError``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from slantcheck.detectors._matching.literals import Matcher, backtracking_risks, is_shipped
from slantcheck.errors import RuleError
from slantcheck.kinds import KINDS
from slantcheck.report import Span
from slantcheck.text.attribution import ATTRIBUTION, VAGUE_SOURCE
from slantcheck.text.context import Context
from slantcheck.text.units import strip_bullet

UNITS = ("sentence", "line", "match")
_RULE_FIELDS = {"id", "unit", "weight", "reason", "patterns", "phrases", "unless", "in_quotes", "case_sensitive",
                "group"}


@dataclass(frozen=True)
class Rule:
    id: str
    unit: str
    weight: float
    reason: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    in_quotes: bool = False
    group: str = ""
    sources: tuple[str, ...] = ()  # the alternatives of ``pattern``, in order (for ``literals.Matcher``)


def phrase_regex(phrase: str) -> str:
    """A plain phrase as a whole-word regex with flexible inner whitespace."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    left = r"\b" if phrase[:1].isalnum() else ""
    right = r"\b" if phrase[-1:].isalnum() else ""
    return left + body + right


class LazyPattern:
    """A compiled regex that is compiled on first use. The alternation of a shipped rule is needed only
    when the literal scan cannot place its matches (and without a shared scanner), while compiling the
    big ones is most of the time it takes to load the detectors; its parts were checked when the shipped
    analyses were written. Behaves as the ``re.Pattern`` it stands for (compiling twice from two
    threads at once gives the same pattern)."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags | re.UNICODE  # what re.compile reports for a str pattern
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        got = self._compiled
        if got is None:
            got = self._compiled = re.compile(self.pattern, self.flags)
        return got

    def __getattr__(self, name: str) -> Any:  # search, finditer, groups...: those of the compiled pattern
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyPattern, re.Pattern)):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:60]!r}..., flags={self.flags})"


def _compile(source: str, where: str, patterns: Sequence[str], flags: int) -> re.Pattern[str]:
    if patterns and all(is_shipped(p) for p in patterns):
        return LazyPattern("|".join(f"(?:{p})" for p in patterns), flags)  # type: ignore[return-value]
    for p in patterns:
        if is_shipped(p):
            continue  # checked when the shipped analyses were written (literals.write_analyses)
        try:
            risks = backtracking_risks(p)
        except re.error:
            risks = []  # re.compile below reports the syntax error with its position
        if risks:
            raise RuleError(f"{where}: pattern {p!r} has a {risks[0]} (catastrophic backtracking risk); "
                            "bound the inner repeat, e.g. {0,80}")
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error as exc:
        raise RuleError(f"{where}: invalid regex: {exc}") from None


def compile_rule(entry: Mapping[str, Any], source: str, index: int) -> Rule:
    """Validate one rule entry; errors name the file, the entry and the field."""
    where = f"{source}: rule #{index}"
    if isinstance(entry, Mapping):
        where += f" ({entry.get('id', '?')!s})"
    if not isinstance(entry, Mapping):
        raise RuleError(f"{where}: must be an object, got {type(entry).__name__}")
    unknown = set(entry) - _RULE_FIELDS
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {sorted(unknown)}")
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid:
        raise RuleError(f"{where}: field 'id' must be a non-empty string")
    unit = entry.get("unit", "sentence")
    if unit not in UNITS:
        raise RuleError(f"{where}: field 'unit' must be one of {UNITS}, got {unit!r}")
    weight = entry.get("weight", 0.5)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0.0 < float(weight) <= 1.0:
        raise RuleError(f"{where}: field 'weight' must be a number in (0, 1], got {weight!r}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason:
        raise RuleError(f"{where}: field 'reason' must be a non-empty string")
    pats: list[str] = []
    for fld, conv in (("patterns", str), ("phrases", phrase_regex)):
        vals = entry.get(fld, [])
        if not isinstance(vals, list) or not all(isinstance(v, str) and v.strip() for v in vals):
            raise RuleError(f"{where}: field '{fld}' must be a list of non-empty strings")
        pats.extend(conv(v) for v in vals)
    if not pats:
        raise RuleError(f"{where}: needs at least one entry in 'patterns' or 'phrases'")
    flags = re.MULTILINE | (0 if entry.get("case_sensitive", False) else re.IGNORECASE)
    unless = entry.get("unless", [])
    if not isinstance(unless, list) or not all(isinstance(v, str) for v in unless):
        raise RuleError(f"{where}: field 'unless' must be a list of strings")
    return Rule(
        id=rid,
        unit=unit,
        weight=float(weight),
        reason=reason,
        pattern=_compile(source, f"{where}: field 'patterns'", pats, flags),
        unless=_compile(source, f"{where}: field 'unless'", unless, re.IGNORECASE) if unless else None,
        in_quotes=bool(entry.get("in_quotes", False)),
        group=str(entry.get("group", "")),
        sources=tuple(pats),
    )


def load_rule_file(name: str) -> dict[str, Any]:
    """Read a packaged rule file from ``slantcheck/detectors/data``."""
    path = resources.files("slantcheck.detectors").joinpath("data", name)
    try:
        config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return config
    except json.JSONDecodeError as exc:
        raise RuleError(f"{name}: not valid JSON: {exc}") from None


class Detector:
    """A named set of rules for one signal kind. Subclasses set ``name`` and ``rule_file``."""

    name: str = ""
    kind: str = ""
    rule_file: str = ""
    #: Ids of the rules this detector creates in code rather than in its rule file; each one is a feature
    #: column (``rule__<kind>__<id>``). Opt-in model spans that the shipped model never sees are not listed.
    code_rules: tuple[str, ...] = ()

    def __init__(self, config: Mapping[str, Any] | None = None, *, extra_rules: Iterable[Mapping[str, Any]] = (),
                 allow: Iterable[str] = (), source: str | None = None, extra_source: str = "user rules") -> None:
        config = config if config is not None else load_rule_file(self.rule_file)
        src = source or self.rule_file
        if config.get("kind", self.kind) != self.kind or self.kind not in KINDS:
            raise RuleError(f"{src}: field 'kind' must be {self.kind!r}")
        raw_rules = config.get("rules", [])
        if not isinstance(raw_rules, list):
            raise RuleError(f"{src}: field 'rules' must be a list")
        self.settings: dict[str, Any] = dict(config.get("settings", {}))
        self.rules: tuple[Rule, ...] = tuple(compile_rule(r, src, i) for i, r in enumerate(raw_rules)) + tuple(
            compile_rule(r, extra_source, i) for i, r in enumerate(extra_rules)
        )
        n_own = len(raw_rules)
        seen = {r.id for r in self.rules[:n_own]}
        for i, r in enumerate(self.rules[n_own:]):
            if r.id in seen:
                raise RuleError(f"{extra_source}: rule #{i} ({r.id}): field 'id' {r.id!r} is already used by the "
                                f"{self.kind} detector; pick another id")
            seen.add(r.id)
        own = list(config.get("allow", []))
        extra = list(allow)
        if own:
            _compile(src, f"{src}: field 'allow'", own, re.IGNORECASE | re.MULTILINE)
        if extra:
            _compile(extra_source, f"{extra_source}: field 'allow'", extra, re.IGNORECASE | re.MULTILINE)
        allow_list = own + extra
        self.allow = (_compile(src, f"{src}: field 'allow'", allow_list, re.IGNORECASE | re.MULTILINE)
                      if allow_list else None)

    @cached_property
    def matcher(self) -> Matcher:
        """This detector's rules alone, for texts scanned without a shared ``Scanner``."""
        return Matcher(self.patterns())

    def patterns(self) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
        """What the literal scanner indexes: each rule's pattern, then ``extra_patterns`` (in that order)."""
        return [(r.pattern, r.sources) for r in self.rules] + list(self.extra_patterns())

    def extra_patterns(self) -> Sequence[tuple[re.Pattern[str], tuple[str, ...]]]:
        """Patterns besides the rules that a subclass wants located by the shared scan (e.g. a lexicon)."""
        return ()

    # -- matching -------------------------------------------------------------------------
    def find(self, text: str, ctx: Context | None = None) -> list[Span]:
        """Spans of this detector's kind in ``text`` (offsets into ``text``)."""
        ctx = ctx if ctx is not None and ctx.text == text else Context(text)
        spans = [s for s in self.candidates(ctx) if not self.allowed(ctx.text[s.start : s.end])]
        if self.settings.get("join_adjacent", False):
            spans = join_adjacent(spans, text)
        return merge_overlaps(spans, text)

    def candidates(self, ctx: Context) -> list[Span]:
        """Spans from the rule table; subclasses add their own and call this."""
        out = []
        matcher, base, scan = ctx._scan(self)
        for i, rule in enumerate(self.rules):
            if not matcher.may_match(base + i, scan):
                continue
            limit = self.match_limit(ctx, rule)
            if limit == 0:
                continue
            # A sentence or line rule gives the same answer for every match in the same unit with the same
            # quote status, so each unit is judged once per rule: linear time even for one huge sentence.
            judged: set[tuple[int, bool]] = set()
            # Matches come in order; none from ``limit`` on can give a span.
            for m in matcher.finditer(base + i, ctx.text, scan, limit=limit):
                if rule.unit != "match" and m.end() > m.start():
                    if rule.unit == "sentence":
                        sent = ctx.sentence_at(m.start())
                        unit = sent.start if sent is not None else -1
                    else:
                        unit = ctx.line_index(m.start())
                    key = (unit, ctx.attribution.in_quote(m.start(), m.end()))
                    if key in judged:
                        continue
                    judged.add(key)
                span = self.unit_span(ctx, rule, m)
                if span is not None:
                    out.append(span)
        return out

    def match_limit(self, ctx: Context, rule: Rule) -> int | None:
        """A position from which ``rule``'s matches can give no span (None: anywhere). Subclasses whose
        ``unit_span`` only accepts matches in a known region (e.g. the headline) say so here."""
        return None

    def unit_span(self, ctx: Context, rule: Rule, m: re.Match[str]) -> Span | None:
        text = ctx.text
        if m.end() <= m.start():
            return None
        sent = ctx.sentence_at(m.start())
        if not rule.in_quotes and (ctx.attribution.in_quote(m.start(), m.end())
                                   or (rule.unit != "match" and sent is not None and ctx.reported(sent))):
            return None
        if rule.unit == "match":
            s, e = m.span()
        elif rule.unit == "line":
            ln = ctx.line_at(m.start())
            if ln is None:
                return None
            s, e = strip_bullet(text, ln.start, ln.end), ln.end
        else:
            if sent is None:
                return None
            s, e = sent.start, sent.end
        if rule.unless is not None and rule.unless.search(text, s, e):
            return None
        return self.span(text, s, e, rule.id, rule.weight, rule.reason)

    def allowed(self, snippet: str) -> bool:
        return self.allow is not None and self.allow.search(snippet) is not None

    def span(self, text: str, s: int, e: int, rule: str, score: float, reason: str) -> Span | None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            return None
        return Span(s, e, self.kind, text[s:e], float(score), self.name, rule, reason)


class Scanner:
    """One ``literals.Matcher`` over the rules of several detectors (one literal pass per text for all),
    plus the attribution patterns, so that sentences with no reporting word are not parsed for one."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors = tuple(detectors)
        self._base: dict[int, int] = {}
        flat: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        for d in self.detectors:
            self._base[id(d)] = len(flat)
            flat.extend(d.patterns())
        self.attribution_index = len(flat)
        flat += [(ATTRIBUTION, (ATTRIBUTION.pattern,)), (VAGUE_SOURCE, (VAGUE_SOURCE.pattern,))]
        self.matcher = Matcher(flat)

    def base(self, det: Detector) -> int | None:
        """Index of ``det``'s first rule in the shared matcher, or None if ``det`` is not one of these."""
        return self._base.get(id(det))


def merge_overlaps(spans: Iterable[Span], text: str) -> list[Span]:
    """Same-kind spans never overlap: overlapping ones merge, keeping the strongest rule."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and sp.start < out[-1].end and sp.kind == out[-1].kind:
            prev = out[-1]
            best = prev if prev.score >= sp.score else sp
            end = max(prev.end, sp.end)
            out[-1] = Span(prev.start, end, prev.kind, text[prev.start : end], best.score, best.detector, best.rule,
                           best.reason)
        else:
            out.append(sp)
    return out


def join_adjacent(spans: Iterable[Span], text: str, keep_apart: tuple[str, ...] = ("promo_line",)) -> list[Span]:
    """Contiguous sentences in one paragraph that push the same thing are one span (signals.md 2)."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and out[-1].rule not in keep_apart and sp.rule not in keep_apart:
            prev = out[-1]
            gap = text[prev.end : sp.start]
            if len(gap) <= 2 and not gap.strip() and "\n" not in gap:
                best = prev if prev.score >= sp.score else sp
                out[-1] = Span(prev.start, sp.end, prev.kind, text[prev.start : sp.end], best.score, best.detector,
                               best.rule, best.reason)
                continue
        out.append(sp)
    return out
