"""Numeric features from spans and text: ``featurize`` (one row) and ``SlantFeatures`` (scikit-learn).

Both go through ``analyze`` (normalize -> detect), so training and scoring can never compute
different features. Columns are named ``signal__statistic``; counts are log-scaled and sums
capped so that ten share buttons in a footer do not outweigh everything else.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple, Sequence

import numpy as np

from slantcheck.detectors import Analysis, Detector
from slantcheck.kinds import KINDS
from slantcheck.text.units import Unit

# Every span feature is 0 when the kind has no span and grows with the evidence, so the model can be
# constrained to non-negative weights on them (more evidence never lowers a score).
_PER_KIND = ("log_count", "max_score", "sum_score", "per_1k_words", "earliness", "char_frac")
# Text statistics. Web-address, money, digit and percent counts were dropped: in the synthetic training
# documents they marked injected spam the detectors missed, so the model scored "advertorial" on a
# press release's own prices and links with no ad span as evidence.
_TEXT = (
    "log_chars", "log_words", "log_lines", "short_line_frac", "repeated_lines", "caps_ratio", "exclaim_rate",
    "question_rate", "quote_frac", "attributed_frac", "log_emoji", "first_person_rate", "second_person_rate",
    "title_case_line_frac",
)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B06\u2194-\u21FF]")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_FIRST_WORDS = ("i", "me", "my", "we", "our", "us")
_SECOND_WORDS = ("you", "your", "yours", "you're")
_FIRST = re.compile(r"\b(?:" + "|".join(_FIRST_WORDS) + r")\b", re.IGNORECASE)
_SECOND = re.compile(r"\b(?:" + "|".join(_SECOND_WORDS) + r")\b", re.IGNORECASE)


def rule_ids(detectors: Sequence[Detector]) -> tuple[str, ...]:
    """Every rule id the detectors emit as features: their rule tables' and the ones they create in code
    (``Detector.code_rules``), in a stable order."""
    ids = {f"{d.kind}:{r.id}" for d in detectors for r in d.rules}
    ids |= {f"{d.kind}:{rid}" for d in detectors for rid in d.code_rules}
    return tuple(sorted(ids))


def is_evidence(name: str) -> bool:
    """A feature computed from spans (per-kind statistics and rule counts), as opposed to text statistics."""
    return name.startswith("rule__") or name.split("__", 1)[0] in KINDS


#: Per kind, from the learned unit models' probabilities of every candidate sentence (0.0 without them): the
#: highest, and the mean of the three highest. Both only grow when a text gains sentences or repeats one.
_PER_KIND_UNITS = ("unit_max", "unit_top3")


def feature_names(detectors: Sequence[Detector], *, units: bool = False) -> tuple[str, ...]:
    """Column names: per-kind span statistics (and unit-model statistics with ``units``), rule counts, text
    statistics."""
    names = [f"{k}__{s}" for k in KINDS for s in _PER_KIND]
    if units:
        names += [f"{k}__{s}" for k in KINDS for s in _PER_KIND_UNITS]
    names += [f"rule__{rid.replace(':', '__')}" for rid in rule_ids(detectors)]
    names += [f"text__{s}" for s in _TEXT]
    names += list(_SUBMODEL)
    return tuple(names)


#: Features from the shipped text sub-models (``textclf``); 0.0 when a sub-model is not installed.
#: Empty on purpose: ``clickbait__headline_model_p`` was tried and left out (docs/evaluation.md): the
#: synthetic training documents take their clickbait headlines from stop_clickbait's train split, which
#: the headline model was fitted on, so the document model learned to over-trust it (dev AUC 0.986 -> 0.979).
_SUBMODEL: tuple[str, ...] = ()


def _headline_model_p(a: "Analysis") -> float:
    """P(clickbait) of the first line from ``clickbait-headlines`` (cached by the clickbait detector)."""
    known = a.ctx.headline_probs
    if known is not None:
        return float(max(known.values(), default=0.0))
    from slantcheck.detectors.textclf import shipped

    clf = shipped("clickbait-headlines")
    if clf is None or not a.ctx.lines:
        return 0.0
    first = a.ctx.lines[0]
    line = a.norm.text[first.start : first.end]
    return clf.proba(line) if len(line.split()) <= 24 else 0.0


def featurize(a: Analysis, names: Sequence[str]) -> np.ndarray:
    """One row of features (float64) in the order of ``names``."""
    text = a.norm.text
    n = max(len(a.norm.original), 1)
    tc = _text_counts(text, a.ctx.lines)
    nw = max(tc.words, 1)
    vals: dict[str, float] = {}
    for k in KINDS:
        ks = [s for s in a.spans if s.kind == k]
        vals[f"{k}__log_count"] = math.log1p(len(ks))
        vals[f"{k}__max_score"] = max((s.score for s in ks), default=0.0)
        vals[f"{k}__sum_score"] = min(sum(s.score for s in ks), 3.0)
        vals[f"{k}__per_1k_words"] = min(1000.0 * len(ks) / nw, 50.0)
        vals[f"{k}__earliness"] = 1.0 - ks[0].start / n if ks else 0.0
        vals[f"{k}__char_frac"] = min(sum(s.end - s.start for s in ks) / n, 1.0)
    if a.units is not None:
        for j, k in enumerate(a.units.kinds):
            vals[f"{k}__unit_max"] = a.units.top(j, 1)
            vals[f"{k}__unit_top3"] = a.units.top(j, 3)
    for s in a.spans:
        if s.detector == "learned":  # counted by the per-kind and unit statistics; its rule id names a version
            continue
        key = f"rule__{s.kind}__{s.rule}"
        vals[key] = vals.get(key, 0.0) + 1.0
    for key in [k for k in vals if k.startswith("rule__")]:
        vals[key] = math.log1p(vals[key])
    lines = a.ctx.lines
    nl = max(len(lines), 1)
    sents = a.ctx.sentences
    ns = max(len(sents), 1)
    vals.update({
        "text__log_chars": math.log1p(len(a.norm.original)),
        "text__log_words": math.log1p(tc.words),
        "text__log_lines": math.log1p(len(lines)),
        "text__short_line_frac": tc.short_lines / nl,
        "text__repeated_lines": float(sum(c - 1 for c in a.ctx.line_counts.values() if c > 1 )),
        "text__caps_ratio": tc.upper / max(tc.letters, 1),
        "text__exclaim_rate": text.count("!") / ns,
        "text__question_rate": text.count("?") / ns,
        "text__quote_frac": a.ctx.attribution.quote_chars(0, len(text)) / max(len(text), 1),
        "text__attributed_frac": sum(a.ctx.attributed(u) for u in sents) / ns,
        "text__log_emoji": math.log1p(tc.emoji),
        "text__first_person_rate": tc.first / nw,
        "text__second_person_rate": tc.second / nw,
        "text__title_case_line_frac": tc.title_lines / nl,
    })
    if "clickbait__headline_model_p" in names:
        vals["clickbait__headline_model_p"] = _headline_model_p(a)
    return np.array([vals.get(name, 0.0) for name in names], dtype=np.float64)


def _title_case(line: str) -> bool:
    ws = _WORD.findall(line)
    return 2 <= len(ws) <= 16 and sum(w[0].isupper() for w in ws) >= 0.7 * len(ws)


class _TextCounts(NamedTuple):
    """The counts behind the text statistics of ``featurize`` (each feature is computed from them)."""

    words: int  # len(_WORD.findall(text))
    letters: int  # characters with str.isalpha
    upper: int  # ... of which str.isupper
    emoji: int  # len(_EMOJI.findall(text))
    first: int  # len(_FIRST.findall(text))
    second: int  # len(_SECOND.findall(text))
    title_lines: int  # lines with _title_case
    short_lines: int  # lines of at most 8 whitespace-separated tokens


def _text_counts_slow(text: str, lines: Sequence[Unit]) -> _TextCounts:
    """The straightforward formulation: the definition of the counts, and the path for texts with a character
    that has no ASCII stand-in."""
    line_texts = [text[u.start : u.end] for u in lines]
    letters = "".join(filter(str.isalpha, text))
    return _TextCounts(
        len(_WORD.findall(text)), len(letters), sum(map(str.isupper, letters)), len(_EMOJI.findall(text)),
        len(_FIRST.findall(text)), len(_SECOND.findall(text)), sum(_title_case(t) for t in line_texts),
        sum(len(t.split()) <= 8 for t in line_texts),
    )


# --- the fast path: every count on a one-byte-per-character ASCII stand-in of the text -------------------------
#
# All the counts except the short-line one depend on each character only through a few properties: whether it
# can start a ``_WORD`` (``[^\W\d_]``) or continue one (``[\w'-]``), whether it is ``\w`` (what ``\b`` tests),
# which letters of ``_FIRST``/``_SECOND``'s words it equals under IGNORECASE, ``str.isalpha``, ``str.isupper`` (of
# a letter; ``_title_case`` only asks it of a word's first character, which is a letter whenever a stand-in
# exists: the only ASCII characters that start a word are letters) and ``_EMOJI`` membership. A character and
# its stand-in agree on all of them (``_props``), so every regex matches at the same places in the stand-in as
# in the text, and the same characters are letters and capitals. ASCII characters stand for themselves; a
# non-ASCII character stands for an ASCII character with the same ``_props``, or, if it is in ``_EMOJI``, for
# "~" if it otherwise behaves like "~" (no ASCII character is in ``_EMOJI``; no other character stands for "~",
# so the emoji count is the number of "~" in the stand-in minus those in the text). A character with no stand-in
# (e.g. "²", which starts a word but is not a letter) sends the whole text to ``_text_counts_slow``.
_S_CHAR = re.compile(r"[^\W\d_]")  # the first character of a _WORD
_C_CHAR = re.compile(r"[\w'-]")  # the other characters of a _WORD
_W_CHAR = re.compile(r"\w")
_CI_CHARS = tuple(re.compile(re.escape(ch), re.IGNORECASE) for ch in sorted(set("".join(_FIRST_WORDS + _SECOND_WORDS))))
_EMOJI_STAND_IN = "~"


def _props(ch: str) -> tuple[bool, ...]:
    alpha = ch.isalpha()
    return (_S_CHAR.match(ch) is not None, _C_CHAR.match(ch) is not None, _W_CHAR.match(ch) is not None, alpha,
            alpha and ch.isupper(), *(p.match(ch) is not None for p in _CI_CHARS))


_BY_PROPS: dict[tuple[bool, ...], str] = {}
for _i in range(128):
    if chr(_i) != _EMOJI_STAND_IN:
        _BY_PROPS.setdefault(_props(chr(_i)), chr(_i))
_EMOJI_PROPS = _props(_EMOJI_STAND_IN)


def _stand_in(ch: str) -> str | None:
    """The ASCII character that ``ch`` (not ASCII) stands for in the fast path, or None."""
    p = _props(ch)
    if _EMOJI.match(ch):
        return _EMOJI_STAND_IN if p == _EMOJI_PROPS else None
    return _BY_PROPS.get(p)


class _NoStandIn(Exception):
    pass


_memo: bytearray | None = None  # code point -> 1 + its stand-in, 255: none, 0: not known yet (1.1 MB, on first use)
_ASCII_BYTES = bytes(range(0x80))


def _stand_in_run(run: str) -> bytes:
    global _memo
    memo = _memo
    if memo is None:
        memo = _memo = bytearray(0x110000)
    out = bytearray()
    for ch in run:
        v = memo[ord(ch)]
        if not v:
            r = _stand_in(ch)
            v = memo[ord(ch)] = 255 if r is None else ord(r) + 1
        if v == 255:
            return b""
        out.append(v - 1)
    return bytes(out)


def _stand_in_text(text: str) -> bytes:
    """The one-byte-per-character ASCII stand-in of ``text`` (``_NoStandIn`` when a character has none): ASCII
    characters stand for themselves, and each distinct other character is replaced by its stand-in."""
    if text.isascii():
        return text.encode("ascii")
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    out = text
    for ch in set(others):
        rep = _stand_in_run(ch)
        if not rep:
            raise _NoStandIn
        out = out.replace(ch, chr(rep[0]))
    return out.encode("ascii")


def _table(f: Any) -> bytes:
    """A ``bytes.translate`` table from ``f(ASCII character) -> byte``; bytes over 127 never occur (" ")."""
    return bytes(f(chr(i)) for i in range(128)) + b" " * 128


# Words (_WORD): within a run of characters of ``[\w'-]`` the first one of ``[^\W\d_]`` starts a match that takes
# the rest of the run, so the matches are the runs that contain such a character. Deleting the other run
# characters and turning every character outside the runs into a space leaves exactly one run of letters per
# match, starting with the match's first character: "A" or "a" by its case (``_TOK_CASED``) or always "a" (``_TOK``).
# In the stand-in the characters of ``[^\W\d_]`` are exactly the ASCII letters.
_TOK = _table(lambda ch: 97 if _S_CHAR.match(ch) else 32)
_TOK_CASED = _table(lambda ch: (65 if ch.isupper() else 97) if _S_CHAR.match(ch) else 32)
_TOK_DELETE = bytes(i for i in range(128) if _C_CHAR.match(chr(i)) and not _S_CHAR.match(chr(i)))
# _FIRST/_SECOND: ``\b`` + a word of word characters + ``\b`` matches exactly a maximal run of ``\w`` equal to the
# word (ASCII letters compare case-insensitively: IGNORECASE on ASCII is ``str.lower``). "you're" never matches
# as itself: "you" is tried first and "'" is not ``\w``, so "you" + ``\b`` matches there. So the matches are the
# runs of ``\w`` equal to a word. ``_CI`` lower-cases the runs and makes every other character a space; then
# ``_PERSON`` (a space, a word, a space ahead; it starts with a literal, which ``re`` scans for quickly) matches
# once per such run: the space it takes is before the run and the space after it is left for the next match.
_CI = _table(lambda ch: ord(ch.lower()) if _W_CHAR.match(ch) else 32)
_FIRST_KEYS = frozenset(f" {w}".encode() for w in _FIRST_WORDS if re.fullmatch(r"\w+", w))
_SECOND_KEYS = frozenset(f" {w}".encode() for w in _SECOND_WORDS if re.fullmatch(r"\w+", w))
# (so "you're" can go: its first word is an earlier entry)
assert all(re.match(r"\w+", w)[0] in ws[:i]  # type: ignore[index]
           for ws in (_FIRST_WORDS, _SECOND_WORDS) for i, w in enumerate(ws) if not re.fullmatch(r"\w+", w))
_PERSON = re.compile(b" (?:" + b"|".join(sorted(k[1:] for k in _FIRST_KEYS | _SECOND_KEYS)) + b")(?= )")
_NOT_ALPHA = bytes(i for i in range(256) if not (i < 128 and chr(i).isalpha()))
_NOT_UPPER = bytes(i for i in range(256) if not (i < 128 and chr(i).isalpha() and chr(i).isupper()))


def _text_counts(text: str, lines: Sequence[Unit]) -> _TextCounts:
    """``_text_counts_slow(text, lines)``, computed with bytes operations on the ASCII stand-in of ``text``."""
    try:
        b = _stand_in_text(text)
    except _NoStandIn:
        return _text_counts_slow(text, lines)
    first = second = 0
    for m in _PERSON.findall(b" " + b.translate(_CI) + b" "):
        if m in _FIRST_KEYS:
            first += 1
        else:
            second += 1
    title = short = 0
    for u in lines:
        s, e = u.start, u.end
        # _title_case: 2..16 words, at least 70% of them capitalised
        x = b" " + b[s:e].translate(_TOK, _TOK_DELETE)
        nw = x.count(b" a")
        if 2 <= nw <= 16 and (b" " + b[s:e].translate(_TOK_CASED, _TOK_DELETE)).count(b" A") >= 0.7 * nw:
            title += 1
        # ``t.split()`` has at most 8 items iff ``t.split(None, 8)`` does (beyond 8 it has 9: 8 + the rest), and
        # a string of at most 16 characters cannot hold 9 tokens and their 8 separators
        if e - s <= 16 or len(text[s:e].split(None, 8)) <= 8:
            short += 1
    return _TextCounts(
        (b" " + b.translate(_TOK, _TOK_DELETE)).count(b" a"),
        len(b.translate(None, _NOT_ALPHA)),
        len(b.translate(None, _NOT_UPPER)),
        b.count(b"~") - text.count(_EMOJI_STAND_IN),
        first,
        second,
        title,
        short,
    )
