"""``unsourced_assertion``: contestable claims told as fact with no identifiable source."""

from __future__ import annotations

import re

from ..report import Span
from .base import Context, Detector, Rule, _compile
from ..units import Unit


class UnsourcedAssertion(Detector):
    name = "unsourced_assertion"
    kind = "unsourced_assertion"
    rule_file = "unsourced_assertion.json"

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        veto = self.settings.get("veto", [])
        self.veto = _compile(self.rule_file, f"{self.rule_file}: settings.veto", veto, 0) if veto else None

    def vetoed(self, ctx: Context, sent: Unit) -> bool:
        """Attributed, opinion-framed, hedged-with-source, quoted or rhetorical sentences are not spans."""
        s = ctx.text[sent.start : sent.end]
        if ctx.attributed(sent) or ctx.reported(sent):
            return True
        if self.settings.get("skip_questions", True) and s.rstrip("\"') ").endswith("?"):
            return True
        return self.veto is not None and self.veto.search(s) is not None

    def backed_next(self, ctx: Context, index: int) -> bool:
        """A vague plural immediately backed by a named source in the next sentence (signals.md 3.3)."""
        if index + 1 >= len(ctx.sentences):
            return False
        nxt = ctx.sentences[index + 1]
        return ctx.attributed(nxt) or ctx.reported(nxt)

    def unit_span(self, ctx: Context, rule: Rule, m: re.Match[str]) -> Span | None:
        i = ctx.sentence_index(m.start())
        if i < 0 or self.vetoed(ctx, ctx.sentences[i]):
            return None
        if rule.group == "weasel" and self.backed_next(ctx, i):
            return None
        return super().unit_span(ctx, rule, m)
