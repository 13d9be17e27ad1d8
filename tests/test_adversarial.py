"""Hostile input: pathological sizes and shapes finish (linear-time patterns), long texts are scored in
windows and never truncated, bad types are refused, and odd characters keep offsets exact.

Sizes here are modest so each test runs in a few seconds; the full-size timings (1 MB, 10 MB) are in
``python benchmarks/bench_robustness.py --timing`` and docs/robustness.md. No test asserts a time.
"""

from __future__ import annotations

import json

import pytest

from slantcheck.detectors import REGISTRY, default_detectors
from slantcheck.detectors._matching.literals import backtracking_risks
from slantcheck.detectors.base import load_rule_file
from slantcheck.detectors.share import CallToShare
from slantcheck.errors import InputTypeError, RuleError
from slantcheck.pipeline import MAX_WINDOW_CHARS, analyze, window_bounds
from slantcheck.text.normalize import normalize

from ._obfuscate import AD, CLICKBAIT, SHARE, UNSOURCED
from ._texts import CREDIBLE

DETS = default_detectors()


def _valid(rep, text):  # type: ignore[no-untyped-def]
    assert rep.length == len(text)
    last: dict[str, int] = {}
    for s in rep.spans:
        assert 0 <= s.start < s.end <= len(text) and text[s.start : s.end] == s.text
        assert s.start >= last.get(s.kind, 0)
        last[s.kind] = s.end
    assert list(rep.spans) == sorted(rep.spans, key=lambda s: (s.start, s.end, s.kind))


# --- pathological shapes finish ----------------------------------------------------------------
_SHAPES = [
    ("one character", "a" * 200_000),
    ("one capital", "A" * 150_000),
    ("stretched run", "aaab" * 30_000),
    ("nested quotes", "".join(f'"level {i} ' for i in range(10_000)) + '" ' * 10_000),
    ("curly nested quotes", "\u201c" * 10_000 + "share this now" + "\u201d" * 10_000),
    ("spaces", " " * 200_000),
    ("tabs and spaces", " \t" * 100_000 + "share this before they delete it"),
    ("punctuation", "!?.,;:-" * 30_000),
    ("short lines", "ok\n" * 100_000),
    ("letter-spaced run", "S H A R E   " * 15_000),
    ("leet-like run", "a1" * 100_000),
    ("emoji glue", "a\U0001F525" * 50_000),
    ("one huge sentence", "everyone knows that " * 10_000),
    ("many matches in quotes", '"share this now" ' * 10_000),
    ("combining marks", "a" + "\u0301" * 100_000),
]


@pytest.mark.parametrize("name,text", [pytest.param(n, t, id=n) for n, t in _SHAPES])
def test_pathological_input_finishes_with_valid_report(scorer, name, text):
    rep = scorer.score(text)
    _valid(rep, text)
    assert rep.windows >= 1


def test_many_short_lines_with_ads_are_all_found(scorer):
    text = "\n".join((AD[2] if i % 1000 == 0 else "ok") for i in range(100_000))
    rep = scorer.score(text)
    _valid(rep, text)
    assert sum(s.text == AD[2] for s in rep.signals["ad_injection"].spans) == 100


# --- windows: never truncated --------------------------------------------------------------------
def _article(n_paragraphs: int) -> str:
    parts = [CLICKBAIT[0]]
    for i in range(n_paragraphs):
        parts.append(CREDIBLE)
        parts.append((AD + SHARE + UNSOURCED)[i % 30])
    return "\n".join(parts)


def test_long_text_is_scored_in_windows_and_never_truncated(scorer):
    text = _article(900)
    assert len(text) > 2 * MAX_WINDOW_CHARS
    rep = scorer.score(text + "\n" + AD[0])
    _valid(rep, text + "\n" + AD[0])
    assert rep.windows >= 3 and rep.to_dict()["windows"] == rep.windows
    last = rep.signals["ad_injection"].spans[-1]
    assert last.text == AD[0] and last.end == len(text) + 1 + len(AD[0])  # the very end is scored
    assert scorer.score(CREDIBLE).windows == 1


def test_windowed_detection_equals_single_pass():
    text = _article(80)
    whole = analyze(text, DETS)
    assert whole.windows == 1
    key = [(s.start, s.end, s.kind) for s in whole.spans]  # the rule kept on a merge may differ by score
    assert any(s.kind == "clickbait" for s in whole.spans)
    for limit in (300, 700, 2_000, 9_000):
        win = analyze(text, DETS, max_window=limit)
        assert win.windows > 1
        assert [(s.start, s.end, s.kind) for s in win.spans] == key, limit


def test_only_the_first_window_has_a_headline():
    body = "\n".join([CREDIBLE] * 40)
    text = CLICKBAIT[0] + "\n" + body + "\n" + CLICKBAIT[1] + "\n" + body
    win = analyze(text, DETS, max_window=len(body) + 2)
    assert win.windows >= 2
    heads = [s for s in win.spans if s.kind == "clickbait" and s.rule == "hype_headline"]
    assert all(s.start == 0 for s in heads)


@pytest.mark.parametrize("text,limit", [
    pytest.param("line one\nline two\n" * 50, 37, id="lines"),
    pytest.param("One sentence here. Another one there! " * 40, 50, id="sentences"),
    pytest.param("word " * 300, 23, id="words"),
    pytest.param("x" * 1000, 64, id="one-token"),
    pytest.param("", 10, id="empty"),
])
def test_window_bounds_cover_text_in_order(text, limit):
    b = window_bounds(text, limit)
    assert b[0][0] == 0 and b[-1][1] == len(text)
    assert all(e - s <= limit for s, e in b)
    assert all(b[i][1] == b[i + 1][0] for i in range(len(b) - 1))
    if "\n" in text:
        assert all(text[e - 1] == "\n" for _, e in b[:-1])


# --- regexes are linear: checked at rule-load time -------------------------------------------------
@pytest.mark.parametrize("det", REGISTRY, ids=lambda d: d.kind)
def test_shipped_rule_patterns_have_no_backtracking_risk(det):
    cfg = load_rule_file(det.rule_file)
    pats = [p for r in cfg["rules"] for p in r.get("patterns", []) + r.get("unless", [])] + cfg.get("allow", [])
    assert pats
    for p in pats:
        assert backtracking_risks(p) == [], p


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(?:\w+\s?)*$", r"(?:x*y?){1,1000}", r"(?:(?:ab)+c?)+"])
def test_dangerous_pattern_shapes_are_refused_at_load(pattern):
    cfg = {"kind": "call_to_share", "rules": [{"id": "evil", "reason": "r", "patterns": [pattern]}]}
    with pytest.raises(RuleError, match=r"my-rules\.json: rule #0 \(evil\): field 'patterns'.*backtracking"):
        CallToShare(cfg, source="my-rules.json")


@pytest.mark.parametrize("pattern", [r"\bshare\b[^.!?\n]{0,80}\bnow\b", r"(?:\w+ ){0,3}deal", r"[a-z]+ing\b"])
def test_bounded_patterns_are_accepted(pattern):
    assert backtracking_risks(pattern) == []


# --- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [None, b"share this", bytearray(b"x"), 3, 4.5, True, ["x"], {"t": "x"}, object()])
def test_non_str_refused_with_type_named(scorer, bad):
    with pytest.raises(TypeError, match=type(bad).__name__) as exc:
        scorer.score(bad)
    assert isinstance(exc.value, InputTypeError) and exc.value.code == "E001"
    if bad is not None:  # title=None means "no title"
        with pytest.raises(TypeError, match=f"title must be str, got {type(bad).__name__}"):
            scorer.score("fine", title=bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        analyze(bad, DETS)


def test_bytes_error_says_how_to_fix(scorer):
    with pytest.raises(TypeError, match="decode"):
        scorer.score(b"x")


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\r\n\r\n", "\n\r", "\x0b", "\x0c"])
def test_line_endings_keep_offsets_exact(scorer, sep):
    text = sep.join([CREDIBLE.replace("\n", sep), AD[0], "Residents may attend, the clerk said.", SHARE[0]])
    rep = scorer.score(text)
    _valid(rep, text)
    assert AD[0] in [s.text for s in rep.signals["ad_injection"].spans]
    assert SHARE[0] in [s.text for s in rep.signals["call_to_share"].spans]


def test_mixed_line_endings_nul_and_lone_surrogates(scorer):
    text = ("Harbor news\r\nA quiet week\rfor the ferry.\u2028" + AD[0] + "\r\n\x00\ud800\n"
            + "Share this\ud83d with everyone you know before they take it down!\r")
    rep = scorer.score(text)
    _valid(rep, text)
    assert AD[0] in [s.text for s in rep.spans]
    share = rep.signals["call_to_share"].spans
    assert [s.text for s in share] == ["Share this\ud83d with everyone you know before they take it down!"]
    json.loads(json.dumps(rep.to_dict(), ensure_ascii=True))  # reports with surrogates still serialise


def test_nul_and_controls_inside_words_are_folded():
    n = normalize("Sh\x00are th\x07is")
    assert n.text == "Share this"
    i = n.text.index("Share")
    s, e = n.to_original(i, i + 5)
    assert (s, e) == (0, 6)
