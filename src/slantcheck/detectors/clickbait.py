"""``clickbait``: urgency markers, loaded framing, curiosity gaps and shouting headlines."""

from __future__ import annotations

import re

from ..report import Span
from .base import Context, Detector, Rule

_SCAFFOLD = re.compile(r"(?:Subject|Thread|Re|Fwd|Fw|Title|Headline)\s*:\s*", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY|From|Posted by|Written by)\s+\S|(?:Updated|Published|Posted)\b", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")


class Clickbait(Detector):
    name = "clickbait"
    kind = "clickbait"
    rule_file = "clickbait.json"

    def headline_lines(self, ctx: Context) -> list[tuple[int, int]]:
        """The first line when it is short enough to be a headline, minus scaffolding ("Subject:")."""
        limit = int(self.settings.get("headline_max_words", 24))
        out = []
        for i, ln in enumerate(ctx.lines[:1]):
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

    def unit_span(self, ctx: Context, rule: Rule, m: re.Match[str]) -> Span | None:
        if rule.group != "headline":
            return super().unit_span(ctx, rule, m)
        for s, e in self.headlines(ctx):
            if s <= m.start() < e:
                return self.span(ctx.text, s, e, rule.id, rule.weight, rule.reason)
        return None

    def headlines(self, ctx: Context) -> list[tuple[int, int]]:
        cache = ctx.__dict__.setdefault("_clickbait_headlines", None)
        if cache is None:
            cache = ctx.__dict__["_clickbait_headlines"] = self.headline_lines(ctx)
        return cache

    def candidates(self, ctx: Context) -> list[Span]:
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
