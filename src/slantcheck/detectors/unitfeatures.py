"""Named features of every sentence unit of a text, for the learned unit models (``detectors.learned``).

Each sentence becomes its text (hashed into word and character n-grams by the model) plus a small dict of
named cues: its shape (length, end punctuation, title case, web address, price), where it sits (first line,
lines from the end, alone on its line), who speaks (a named source with a reporting verb, "according to",
hearsay, quotes, the neighbouring sentences' attribution), how it speaks (hedges, sweeping or motive
wording, predictions, first and second person, an imperative) and which rule detectors fired on it. Cue
patterns are data (``data/unit_cues.json``). A unit with no letter in it is no candidate, and positions count
only lines with a letter, so padding a text with blank or punctuation-only lines changes no unit's features.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Sequence

from slantcheck.detectors.textclf import shipped
from slantcheck.text.context import Context
from slantcheck.text.units import Unit

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LETTER = re.compile(r"[^\W\d_]")
_ATTRIBUTION_CUES = ("named_says", "pron_says", "according", "url")


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    words: str  # how a span's reason names it
    count: int  # 0: presence (1.0); n: min(matches, n) / n


@lru_cache(maxsize=1)
def cues() -> tuple[tuple[Cue, ...], Cue]:
    """The cue patterns of ``data/unit_cues.json``: (the cues, the vague-source cue)."""
    doc = json.loads(resources.files("slantcheck.detectors").joinpath("data/unit_cues.json").read_text("utf-8"))
    rep = doc["reporting_verbs"]

    def make(name: str, d: Mapping[str, object]) -> Cue:
        flags = 0 if d.get("case") else re.IGNORECASE
        return Cue(name, re.compile(str(d["pattern"]).replace("{REPORTING}", rep), flags), str(d["words"]),
                   int(d.get("count", 0)))  # type: ignore[call-overload]

    return tuple(make(n, d) for n, d in doc["cues"].items()), make("vague", doc["vague_source"])


def cue_words() -> dict[str, str]:
    """Feature name -> the words a reason uses for it."""
    cs, vague = cues()
    out = {c.name: c.words for c in (*cs, vague)}
    out.update(attr="an attributed source", quoted="quoted material", next_attr="the next sentence names a source",
               prev_attr="the previous sentence names a source", first_line="the first line",
               whole_line="a line of its own", title_case="title case", all_caps="shouting capitals",
               repeated="a repeated line", end_q="a question", end_x="an exclamation", end_n="no end punctuation",
               headline_p="reads like a clickbait headline")
    return out


def _bucket(x: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if x <= e:
            return i
    return len(edges)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit  # a sentence of ``ctx.text``
    text: str
    cues: dict[str, float]


def unit_rows(ctx: Context, rule_hits: Iterable[tuple[int, int, str]] = ()) -> list[UnitRow]:
    """One row per sentence with a letter in it. ``rule_hits``: ``(start, end, kind)`` of the rule detectors'
    candidates in ``ctx.text``; a sentence they overlap gets the cue ``rule_<kind>``."""
    text = ctx.text
    cue_list, vague = cues()
    sents = [s for s in ctx.sentences if _LETTER.search(text, s.start, s.end)]
    if not sents:
        return []
    content = sorted({s.line for s in sents})
    rank = {li: i for i, li in enumerate(content)}
    n_content = len(content)
    line_text = {li: text[ctx.lines[li].start : ctx.lines[li].end] for li in content}
    line_words = {li: len(_WORD.findall(t)) for li, t in line_text.items()}
    counts = Counter(t.casefold() for t in line_text.values())
    per_line = Counter(s.line for s in sents)
    stext = [text[s.start : s.end] for s in sents]
    found = [{c.name: len(c.pattern.findall(t)) if c.count else bool(c.pattern.search(t)) for c in cue_list}
             for t in stext]
    attr = [any(f[c] for c in _ATTRIBUTION_CUES) for f in found]
    quoted = [t.count('"') >= 2 or t.startswith('"') for t in stext]
    hits = sorted(rule_hits)
    headline = shipped("clickbait-headlines")
    n = len(sents)
    doc_attr = sum(attr) / n
    doc_quoted = sum(quoted) / n
    doc_cues = {f"dattr{_bucket(doc_attr, (0.1, 0.25, 0.5))}": 1.0,
                f"dquote{_bucket(doc_quoted, (0.05, 0.15, 0.3))}": 1.0}
    rows = []
    for i, s in enumerate(sents):
        t, f, li = stext[i], found[i], s.line
        line = ctx.lines[li]
        words = _WORD.findall(t)
        nw = len(words)
        r = rank[li]
        d: dict[str, float] = {
            **doc_cues,
            f"w{_bucket(nw, (1, 3, 7, 15, 30))}": 1.0,
            f"lw{_bucket(line_words[li], (1, 3, 7, 15, 30, 60))}": 1.0,
            f"fe{_bucket(n_content - 1 - r, (0, 2, 5, 10))}": 1.0,
            "relpos": r / max(n_content - 1, 1),
        }
        if r == 0:
            d["first_line"] = 1.0
        if r <= 2:
            d["early_line"] = 1.0
        if s.start == line.start and s.end == line.end:
            d["whole_line"] = 1.0
            if headline is not None and 2 <= nw <= 24:
                d["headline_p"] = round(headline.proba(t), 6)
        if per_line[li] > 1:
            d["multi_sent_line"] = 1.0
        end = t.rstrip("\"')]")[-1:]
        d["end_" + {".": "p", "!": "x", "?": "q", ":": "c"}.get(end, "n")] = 1.0
        if nw >= 2:
            if sum(w[0].isupper() for w in words) / nw >= 0.7:
                d["title_case"] = 1.0
            if sum(w.isupper() and len(w) > 1 for w in words) / nw >= 0.6:
                d["all_caps"] = 1.0
        for c in cue_list:
            v = f[c.name]
            if v:
                d[c.name] = min(int(v), c.count) / c.count if c.count else 1.0
        if vague.pattern.search(t):
            d["vague"] = 1.0
        if '"' in t:
            d["quote"] = 1.0
        if quoted[i]:
            d["quoted"] = 1.0
        if counts[line_text[li].casefold()] > 1:
            d["repeated"] = 1.0
        if attr[i]:
            d["attr"] = 1.0
        if ctx.attributed(s):
            d["attr_rules"] = 1.0
        if i + 1 < len(sents):
            if attr[i + 1]:
                d["next_attr"] = 1.0
            if quoted[i + 1]:
                d["next_quoted"] = 1.0
            if found[i + 1]["url"] and stext[i + 1].lstrip().lower().startswith(("http", "www")):
                d["url_after"] = 1.0
        if i > 0:
            if attr[i - 1]:
                d["prev_attr"] = 1.0
            if quoted[i - 1]:
                d["prev_quoted"] = 1.0
        prev_li = content[r - 1] if r > 0 else None
        next_li = content[r + 1] if r + 1 < n_content else None
        if prev_li is not None and line_words[prev_li] <= 7:
            d["prev_short"] = 1.0
        if next_li is not None and line_words[next_li] <= 7:
            d["next_short"] = 1.0
        for a, b, kind in hits:
            if a >= s.end:
                break
            if b > s.start:
                d["rule_" + kind] = 1.0
        rows.append(UnitRow(s, t, d))
    return rows
