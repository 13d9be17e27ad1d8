"""``clickbait``: urgency markers, loaded framing, curiosity gaps and shouting headlines."""

from __future__ import annotations

import re

from slantcheck.detectors.base import Detector, Rule
from slantcheck.report import Span
from slantcheck.text.context import Context

_SCAFFOLD = re.compile(r"(?:Subject|Thread|Re|Fwd|Fw|Title|Headline)\s*:\s*", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY|From|Posted by|Written by)\s+\S|(?:Updated|Published|Posted)\b", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")


class Clickbait(Detector):
    name = "clickbait"
    kind = "clickbait"
    rule_file = "clickbait.json"
    code_rules = ("shouting_headline",)

    def headline_lines(self, ctx: Context) -> list[tuple[int, int]]:
        """The first line when it is short enough to be a headline, minus scaffolding ("Subject:")."""
        limit = int(self.settings.get("headline_max_words", 24))
        out = []
        for i, ln in enumerate(ctx.lines[: int(self.settings.get("headline_lines", 1))]):
            body = ctx.text[ln.start : ln.end]
            if len(body.split()) > limit:
                continue
            if _BYLINE.match(body):
                continue
            if i > 0 and (body.endswith((".", ":", ",", ";")) or not self._title_like(body)):
                continue
            m = _SCAFFOLD.match(ctx.text, ln.start, ln.end)
            out.append((m.end() if m else ln.start, ln.end))
        return out

    @staticmethod
    def _title_like(line: str) -> bool:
        words = [w for w in line.split() if w[:1].isalpha()]
        return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)

    def match_limit(self, ctx: Context, rule: Rule) -> int | None:
        """Headline rules give spans only for matches that start in a headline line."""
        if rule.group != "headline":
            return None
        return max((e for _, e in self.headlines(ctx)), default=0)

    def unit_span(self, ctx: Context, rule: Rule, m: re.Match[str]) -> Span | None:
        if rule.group != "headline":
            return super().unit_span(ctx, rule, m)
        for s, e in self.headlines(ctx):
            if s <= m.start() < e:
                return self.span(ctx.text, s, e, rule.id, rule.weight, rule.reason)
        return None

    def headlines(self, ctx: Context) -> list[tuple[int, int]]:
        cache = ctx.headlines
        if cache is None:
            cache = ctx.headlines = self.headline_lines(ctx)
        return cache

    def headline_probabilities(self, ctx: Context) -> dict[tuple[int, int], float]:
        """P(clickbait) per headline line from the shipped ``clickbait-headlines`` model ({} without one)."""
        cache = ctx.headline_probs
        if cache is None:
            from slantcheck.detectors.textclf import shipped

            name = self.settings.get("headline_model", "clickbait-headlines")
            clf = shipped(str(name)) if name else None
            cache = {} if clf is None else {(s, e): clf.proba(ctx.text[s:e]) for s, e in self.headlines(ctx)}
            ctx.headline_probs = cache
        return cache

    def candidates(self, ctx: Context) -> list[Span]:
        out = self._rule_candidates(ctx)
        cut = self.settings.get("headline_model_span_threshold")
        heads = set(self.headlines(ctx))
        if cut is None and not any((sp.start, sp.end) in heads for sp in out):
            return out  # the model would only re-score headline spans, and there are none: skip it
        ps = self.headline_probabilities(ctx)
        if not ps:
            return out
        # Headline spans carry the model's opinion in their score; rules alone decide that a span exists,
        # unless settings.headline_model_span_threshold is set (off by default: see docs/evaluation.md).
        blend = float(self.settings.get("headline_model_blend", 0.5))
        out = [Span(sp.start, sp.end, sp.kind, sp.text, (1 - blend) * sp.score + blend * ps[(sp.start, sp.end)],
                    sp.detector, sp.rule, sp.reason + f" Headline model: P(clickbait) = {ps[(sp.start, sp.end)]:.2f}.")
               if (sp.start, sp.end) in ps else sp for sp in out]
        if cut is not None:
            taken = {(sp.start, sp.end) for sp in out}
            for (s, e), p in sorted(ps.items()):
                if p >= float(cut) and (s, e) not in taken:
                    sp = self.span(ctx.text, s, e, "headline_model", p, f"Headline model: P(clickbait) = {p:.2f}.")
                    if sp is not None:
                        out.append(sp)
        return out

    def _rule_candidates(self, ctx: Context) -> list[Span]:
        out = super().candidates(ctx)
        min_letters = int(self.settings.get("caps_min_letters", 12))
        ratio = float(self.settings.get("caps_ratio", 0.85))
        for s, e in self.headlines(ctx):
            letters = _LETTER.findall(ctx.text, s, e)
            if len(letters) >= min_letters and sum(c.isupper() for c in letters) >= ratio * len(letters):
                sp = self.span(ctx.text, s, e, "shouting_headline", float(self.settings.get("caps_weight", 0.75)),
                               "Headline shouted in capitals.")
                if sp is not None:
                    out.append(sp)
        return out
