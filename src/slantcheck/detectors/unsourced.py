"""``unsourced_assertion``: contestable claims told as fact with no identifiable source."""

from __future__ import annotations

import re

from slantcheck.detectors.base import Detector, Rule, _compile
from slantcheck.report import Span
from slantcheck.text.context import Context
from slantcheck.text.units import Unit

# First-person experience is anecdote, not an unsourced claim (signals.md 3.3); the opt-in sentence model,
# trained on Wikipedia, has never seen it, so it is vetoed before the model is asked.
_ANECDOTE = re.compile(r"^(?:I|I'm|I've|I'd|I'll|My|Me|We|We've|We're|Our)\b"
                       r"|\b(?:I|we) (?:was|were|had|got|tried|found|started|noticed|felt|used|bought|went|made|saw|"
                       r"think|believe|suspect|guess)\b")


class UnsourcedAssertion(Detector):
    name = "unsourced_assertion"
    kind = "unsourced_assertion"
    rule_file = "unsourced_assertion.json"

    def __init__(self, *args, sentence_model=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        """``sentence_model``: an opt-in sentence classifier (a ``TextClassifier`` or the path of one, e.g.
        trained with ``slantcheck train --recipe weasel``); its sentences pass the same vetoes as rule hits."""
        super().__init__(*args, **kwargs)
        if sentence_model is not None and not hasattr(sentence_model, "proba"):
            from slantcheck.detectors.textclf import load

            sentence_model = load(sentence_model)
        self.sentence_model = sentence_model
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

    def backed_next(self, ctx: Context, sent: Unit) -> bool:
        """A vague plural immediately backed by a named source in the next sentence (signals.md 3.3)."""
        nxt = ctx.next_sentence(sent)
        if nxt is None:
            return False
        return ctx.attributed(nxt) or ctx.reported(nxt)

    def unit_span(self, ctx: Context, rule: Rule, m: re.Match[str]) -> Span | None:
        sent = ctx.sentence_at(m.start())
        if sent is None or self.vetoed(ctx, sent):
            return None
        if rule.group == "weasel" and self.backed_next(ctx, sent):
            return None
        return super().unit_span(ctx, rule, m)

    def candidates(self, ctx: Context) -> list[Span]:
        out = super().candidates(ctx)
        clf = self.sentence_model
        if clf is None:
            return out
        cut = float(self.settings.get("sentence_model_threshold", clf.threshold))
        min_words = int(self.settings.get("sentence_model_min_words", 6))
        for sent in ctx.sentences:
            s = ctx.text[sent.start : sent.end]
            if (len(s.split()) < min_words or _ANECDOTE.search(s) or self.vetoed(ctx, sent)
                    or self.backed_next(ctx, sent)):
                continue
            from slantcheck.detectors.textclf import dense_for

            p = clf.proba(s, dense_for(clf, s))
            if p >= cut:
                sp = self.span(ctx.text, sent.start, sent.end, "sentence_model", min(0.95, p),
                               f"Sentence model ({clf.model_version}): P(weasel/unsupported) = {p:.2f}.")
                if sp is not None:
                    out.append(sp)
        return out
