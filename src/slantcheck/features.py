"""Numeric features from spans and text: ``featurize`` (one row) and ``SlantFeatures`` (scikit-learn).

Both go through ``analyze`` (normalize -> detect), so training and scoring can never compute
different features. Columns are named ``signal__statistic``; counts are log-scaled and sums
capped so that ten share buttons in a footer do not outweigh everything else.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from .detectors import Context, Detector, default_detectors, detect
from .errors import check_text
from .normalize import Normalized, normalize
from .report import KINDS, Span

_PER_KIND = ("log_count", "max_score", "sum_score", "per_1k_words", "first_pos", "char_frac")
_TEXT = (
    "log_chars", "log_words", "log_lines", "short_line_frac", "repeated_lines", "caps_ratio", "exclaim_rate",
    "question_rate", "quote_frac", "attributed_frac", "log_urls", "log_emoji", "digit_frac", "first_person_rate",
    "second_person_rate", "log_money", "log_percent", "title_case_line_frac",
)
_URL = re.compile(r"https?://|www\.|\b[a-z0-9-]{2,}\.(?:com|net|org|io|co|shop)\b", re.IGNORECASE)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B06\u2194-\u21FF]")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_FIRST = re.compile(r"\b(?:i|me|my|we|our|us)\b", re.IGNORECASE)
_SECOND = re.compile(r"\b(?:you|your|yours|you're)\b", re.IGNORECASE)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d+(?:\.\d+)? ?(?:dollars|euros|usd)\b", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s?%")


def rule_ids(detectors: Sequence[Detector]) -> tuple[str, ...]:
    """Every rule id the detectors can emit, including built-in line rules, in a stable order."""
    ids = {f"{d.kind}:{r.id}" for d in detectors for r in d.rules}
    ids |= {"ad_injection:promo_line", "ad_injection:disclosure_block", "clickbait:shouting_headline"}
    return tuple(sorted(ids))


def feature_names(detectors: Sequence[Detector]) -> tuple[str, ...]:
    names = [f"{k}__{s}" for k in KINDS for s in _PER_KIND]
    names += [f"rule__{rid.replace(':', '__')}" for rid in rule_ids(detectors)]
    names += [f"text__{s}" for s in _TEXT]
    return tuple(names)


@dataclass(frozen=True)
class Analysis:
    """One text after normalize + detect: what features and reports are built from."""

    norm: Normalized
    ctx: Context
    spans: tuple[Span, ...]


def analyze(text: str, detectors: Sequence[Detector]) -> Analysis:
    norm = normalize(check_text(text))
    ctx = Context(norm.text)
    return Analysis(norm, ctx, detect(norm, detectors, ctx))


def featurize(a: Analysis, names: Sequence[str]) -> np.ndarray:
    """One row of features (float64) in the order of ``names``."""
    text = a.norm.text
    n = max(len(a.norm.original), 1)
    words = _WORD.findall(text)
    nw = max(len(words), 1)
    vals: dict[str, float] = {}
    for k in KINDS:
        ks = [s for s in a.spans if s.kind == k]
        vals[f"{k}__log_count"] = math.log1p(len(ks))
        vals[f"{k}__max_score"] = max((s.score for s in ks), default=0.0)
        vals[f"{k}__sum_score"] = min(sum(s.score for s in ks), 3.0)
        vals[f"{k}__per_1k_words"] = min(1000.0 * len(ks) / nw, 50.0)
        vals[f"{k}__first_pos"] = ks[0].start / n if ks else 1.0
        vals[f"{k}__char_frac"] = min(sum(s.end - s.start for s in ks) / n, 1.0)
    for s in a.spans:
        key = f"rule__{s.kind}__{s.rule}"
        vals[key] = vals.get(key, 0.0) + 1.0
    for key in [k for k in vals if k.startswith("rule__")]:
        vals[key] = math.log1p(vals[key])
    lines = a.ctx.lines
    nl = max(len(lines), 1)
    line_texts = [text[u.start : u.end] for u in lines]
    sents = a.ctx.sentences
    ns = max(len(sents), 1)
    letters = [c for c in text if c.isalpha()]
    vals.update({
        "text__log_chars": math.log1p(len(a.norm.original)),
        "text__log_words": math.log1p(len(words)),
        "text__log_lines": math.log1p(len(lines)),
        "text__short_line_frac": sum(len(t.split()) <= 8 for t in line_texts) / nl,
        "text__repeated_lines": float(sum(c - 1 for c in a.ctx.line_counts.values() if c > 1 )),
        "text__caps_ratio": sum(c.isupper() for c in letters) / max(len(letters), 1),
        "text__exclaim_rate": text.count("!") / ns,
        "text__question_rate": text.count("?") / ns,
        "text__quote_frac": a.ctx.attribution.quote_chars(0, len(text)) / max(len(text), 1),
        "text__attributed_frac": sum(a.ctx.attributed(u) for u in sents) / ns,
        "text__log_urls": math.log1p(len(_URL.findall(text))),
        "text__log_emoji": math.log1p(len(_EMOJI.findall(text))),
        "text__digit_frac": sum(c.isdigit() for c in text) / max(len(text), 1),
        "text__first_person_rate": len(_FIRST.findall(text)) / nw,
        "text__second_person_rate": len(_SECOND.findall(text)) / nw,
        "text__log_money": math.log1p(len(_MONEY.findall(text))),
        "text__log_percent": math.log1p(len(_PERCENT.findall(text))),
        "text__title_case_line_frac": sum(_title_case(t) for t in line_texts) / nl,
    })
    return np.array([vals.get(name, 0.0) for name in names], dtype=np.float64)


def _title_case(line: str) -> bool:
    ws = _WORD.findall(line)
    return 2 <= len(ws) <= 16 and sum(w[0].isupper() for w in ws) >= 0.7 * len(ws)


def __getattr__(name: str) -> Any:
    # SlantFeatures needs scikit-learn; importing it lazily keeps ``import slantcheck`` light.
    if name == "SlantFeatures":
        from .transformer import SlantFeatures

        return SlantFeatures
    raise AttributeError(name)
