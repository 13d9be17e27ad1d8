"""``ad_injection``: pasted promo lines, sponsor markers, disclosures and spliced offers.

Standalone lines are judged by conjunctive cues (brand-and-slogan shape, commercial lexicon,
repetition in the document, no reporting verb); their weights are data in ad_injection.json.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Mapping, Sequence

from slantcheck.detectors.base import Detector, _compile, phrase_regex
from slantcheck.report import Span
from slantcheck.text.context import Context

_HEADING = re.compile(r"(?:affiliate|advertising|sponsor(?:ship)?|paid[- ]promotion|ad|ftc)\s+disclosure\s*:?$"
                      r"|disclosure\s*:$", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[a-z0-9-]{3,}\.(?:com|net|shop|store|io|co)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our)\b")


class AdInjection(Detector):
    name = "ad_injection"
    kind = "ad_injection"
    rule_file = "ad_injection.json"
    code_rules = ("promo_line", "disclosure_block")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        st = self.settings
        src = self.rule_file
        self.cues: Mapping[str, float] = dict(st.get("cues", {}))
        self.brand_dash = _compile(src, f"{src}: settings.brand_dash_pattern",
                                   [st.get("brand_dash_pattern", "(?!x)x")], 0)
        self._lexicon_sources = tuple(phrase_regex(p) for p in st.get("commercial_lexicon", [])) or ("(?!x)x",)
        self.lexicon = _compile(src, f"{src}: settings.commercial_lexicon", self._lexicon_sources, re.IGNORECASE)
        self.reporting = _compile(src, f"{src}: settings.reporting_verbs", [st.get("reporting_verbs", "(?!x)x")],
                                  re.IGNORECASE)

    def extra_patterns(self) -> Sequence[tuple[re.Pattern[str], tuple[str, ...]]]:
        return [(self.lexicon, self._lexicon_sources)]

    def commercial_lines(self, ctx: Context) -> list[int] | None:
        """Indices of the lines where the commercial lexicon can match (from the shared literal scan), or
        None when that is not known. Other lines have no commercial cue, so they are never ad lines."""
        starts = ctx.pattern_starts(self, len(self.rules))
        if starts is None:
            return None
        out: list[int] = []
        line_starts, units = ctx._line_starts, ctx.lines
        for p in starts:  # sorted, so the line indices come sorted
            i = bisect_right(line_starts, p) - 1
            if i >= 0 and p < units[i].end and (not out or out[-1] != i):
                out.append(i)
        return out

    def line_score(self, ctx: Context, start: int, end: int, *,
                   stop_below: float | None = None) -> tuple[float, list[str]]:
        """Sum of the cue weights a standalone line shows, and which cues fired. With ``stop_below``, the line
        model (which can only lower the score) is not consulted when the score is already below it; the
        score returned then is the score without the model's term (still below ``stop_below``)."""
        line = ctx.text[start:end]
        c = self.cues
        fired: list[str] = []
        score = 0.0
        hits = sum(1 for _ in ctx.rule_matches(self, len(self.rules), start, end))  # = len(lexicon.findall(line))
        if hits == 0:
            return 0.0, fired  # conjunctive: no commercial cue, never an ad line
        score += c.get("commercial", 0.0) * min(hits, int(c.get("commercial_cap", 3)))
        fired.append(f"commercial x{hits}")
        if self.brand_dash.search(line):
            score += c.get("brand_dash", 0.0)
            fired.append("brand-and-slogan shape")
        if ctx.line_counts.get(line.casefold(), 0) > 1:
            score += c.get("repeated", 0.0)
            fired.append("repeated in the document")
        words = _WORD.findall(line)
        if words and sum(w[0].isupper() for w in words) >= 0.6 * len(words):
            score += c.get("title_case", 0.0)
            fired.append("Title Case")
        if _URL.search(line):
            score += c.get("url", 0.0)
            fired.append("web address")
        if self.reporting.search(line) or ctx.attribution.quote_chars(start, end) > 0:
            score += c.get("reporting_verb", 0.0)
        else:
            score += c.get("no_reporting_verb", 0.0)
        if ctx.lines and start == ctx.lines[0].start:
            score += c.get("headline_position", 0.0)
        narrative = c.get("first_person_narrative", 0.0) if len(_FIRST_PERSON.findall(line)) >= 2 else None
        bound = score + narrative if narrative is not None else score
        if stop_below is not None and c.get("line_model", 0.0) > 0 and bound < stop_below:
            return bound, fired  # the model's term is <= 0 and float addition is monotonic: still below
        p = self.line_model_probs(ctx).get(start)
        if p is not None and c.get("line_model", 0.0):
            # A brake, never a trigger: a line that reads like article content (P < 0.5) loses up to w;
            # boilerplate-likeness adds nothing, since page residue is not an ad (signals.md 4.5).
            score += c["line_model"] * min(0.0, 2.0 * p - 1.0)
        if narrative is not None:
            score += narrative
        return score, fired

    def line_model_probs(self, ctx: Context) -> dict[int, float]:
        """P(boilerplate-like) from the shipped ``ad-lines`` model for short lines with a commercial cue."""
        cache = ctx.ad_line_probs
        if cache is None:
            cache = {}
            name = self.settings.get("line_model", "ad-lines")
            if name and self.cues.get("line_model", 0.0):
                from slantcheck.detectors.adlines import line_probs
                from slantcheck.detectors.textclf import shipped

                clf = shipped(str(name))
                max_words = int(self.settings.get("line_max_words", 30))
                texts = [ctx.text[u.start : u.end] for u in ctx.lines]
                maybe = self.commercial_lines(ctx)
                only = [i for i in (range(len(texts)) if maybe is None else maybe)
                        if len(texts[i].split()) <= max_words
                        and next(ctx.rule_matches(self, len(self.rules), ctx.lines[i].start, ctx.lines[i].end), None)]
                # A line needs a document around it: the model learned lines in pages, not lone snippets.
                if clf is not None and only and len(texts) >= int(self.settings.get("line_model_min_lines", 3)):
                    cache = {ctx.lines[i].start: p for i, p in line_probs(texts, only, clf).items()}
            ctx.ad_line_probs = cache
        return cache

    def candidates(self, ctx: Context) -> list[Span]:
        out = super().candidates(ctx)
        text = ctx.text
        max_words = int(self.settings.get("line_max_words", 30))
        threshold = float(self.settings.get("line_threshold", 1.0))
        weight = float(self.settings.get("line_weight", 0.85))
        # Only lines with a commercial cue can score above 0 (and a disclosure heading needs "disclosure").
        heading = "disclosure" in ctx.folded  # _HEADING cannot match without it
        maybe = self.commercial_lines(ctx) if threshold > 0 and not heading else None
        for i in range(len(ctx.lines)) if maybe is None else maybe:
            ln = ctx.lines[i]
            line = text[ln.start : ln.end]
            if heading and _HEADING.search(line) and i + 1 < len(ctx.lines):
                nxt = ctx.lines[i + 1]
                sp = self.span(text, ln.start, nxt.end, "disclosure_block", 0.75,
                               "Disclosure heading with the disclosure it introduces.")
                if sp is not None:
                    out.append(sp)
                continue
            if len(line.split(None, max_words)) > max_words:  # (stops splitting once it knows)
                continue
            score, fired = self.line_score(ctx, ln.start, ln.end, stop_below=threshold)
            if score >= threshold:
                conf = min(0.99, weight * score / (threshold + 0.5))
                sp = self.span(text, ln.start, ln.end, "promo_line", conf,
                               "Standalone promotional line: " + ", ".join(fired) + ".")
                if sp is not None:
                    out.append(sp)
        return out
