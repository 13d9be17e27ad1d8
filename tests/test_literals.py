"""The literal scan (detectors/literals.py) must find exactly what each rule's own ``finditer`` finds.

It is an optimisation: a rule is tried only where one of its literal prefixes occurs. These tests check
the guarantee it rests on, from three sides: case folding agrees with ``re.IGNORECASE`` for every Unicode
character; random patterns from a small grammar and the shipped rules give the same matches through the
scan as through ``re`` on generated texts (with the Aho-Corasick automaton and with the regex fallback, on
whole texts and on substrings); and, when ../shared is beside the checkout, on real news articles.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slantcheck.detectors import Context, Detectors, default_detectors
from slantcheck.detectors._matching.literals import LINE, Matcher, analyse, prefixes, required
from slantcheck.text.fold import OTHER_SPACE, fold
from slantcheck.text.normalize import normalize

ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


# --- folding ----------------------------------------------------------------------------------------
def test_fold_keeps_length_and_agrees_with_ignorecase_for_every_character() -> None:
    folded = fold(ALL_CHARS)
    assert len(folded) == len(ALL_CHARS)
    # Whatever re.IGNORECASE takes for an ASCII letter folds to that letter's fold.
    for x in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for pat in (re.escape(x), f"[{x}]", f"[{x}-{x}]"):
            for m in re.finditer(pat, ALL_CHARS, re.IGNORECASE):
                assert folded[m.start()] == fold(x), (x, hex(ord(m.group())))


def test_fold_follows_re_case_classes() -> None:
    import _sre
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

    # Characters with the same lower-case mapping in re fold alike; so do re's extra equivalences.
    lowered = "".join(chr(_sre.unicode_tolower(ord(c))) for c in ALL_CHARS)
    assert fold(lowered) == fold(ALL_CHARS)
    for k, vs in _EXTRA_CASES.items():
        for v in vs:
            assert fold(chr(k)) == fold(chr(v))


def test_whitespace_folds_to_space_or_line_break_and_nothing_else_does() -> None:
    spaces = {c for c in ALL_CHARS if re.match(r"\s", c)}
    assert spaces == set(OTHER_SPACE) | {" ", "\n"}
    folded = fold(ALL_CHARS)
    for c, f in zip(ALL_CHARS, folded, strict=False):
        if c in spaces:
            assert f == ("\n" if c == "\n" else " ")
        else:
            assert f not in " \n", hex(ord(c))


def test_fold_fast_paths_equal_str_lower_for_every_character() -> None:
    from slantcheck.text.fold import _fold_exhaustive

    # Each character beside ASCII letters, whitespace, a final-sigma context and itself again.
    for c in ALL_CHARS:
        text = "Ab\t" + c + " Z" + c + "ẞ"
        assert fold(text) == _fold_exhaustive(text), hex(ord(c))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAzZ \n\t\r\x0b\x1cİıΣσςſKkµμÅåßẞǅǄǆΩωϑϴ—–’é\ud800😀ﬃ\u0345ΐ"), max_size=12)
       | st.text(max_size=12))
def test_fold_equals_its_definition(text: str) -> None:
    from slantcheck.text.fold import _fold_exhaustive

    assert fold(text) == _fold_exhaustive(text)


# --- analysis ---------------------------------------------------------------------------------------
def test_prefixes_and_required_strings_of_simple_patterns() -> None:
    assert prefixes(r"\bshare (?:this|it)\b", re.I, k=5) == {("share", 0)}
    assert prefixes(r"\bshare (?:this|it)\b", re.I, k=8) == {("share th", 0), ("share it", 0)}
    assert prefixes(r"^(?:sponsored|ad)\b", re.M, k=5) == {(LINE + "spons", 1), (LINE + "ad", 1)}
    assert prefixes(r"\w+ing") is None  # could start anywhere
    assert prefixes(r"(?:abc)?") is None  # can match empty
    assert prefixes(r"the \w+ knew", re.I, k=5) == {("the ", 0)}  # long enough to stop at \w
    assert required(r"\b\d{1,2}% off\b") == {"% off"}
    assert required(r"\b\d{2,4}% (?:gains?|returns?)\b") == {"% gain", "% return"}
    assert required(r"(?:x)?") is None
    assert analyse(r"a(?=b)") == (frozenset({("a", 0)}), frozenset({"a"}))


# --- equivalence on generated patterns and texts ---------------------------------------------------
_ATOMS = ["ab", "a", "b", "ba", "the ", "sh", "share", "x", "İ", "ſ", "K", " ", "\n", "!", "%", "-"]
_atom = st.sampled_from(_ATOMS).map(re.escape)
_cls = st.sampled_from([r"[ab]", r"[a-c]", r"\s", r"\w", r"\d", r"[^a]", r".", r"[A-Z]", r"[!?.]"])
_zero = st.sampled_from([r"\b", r"\B", "^", "$", r"(?<=a)", r"(?<![ab])", r"(?=b)", r"(?!a)", r"\A"])


def _patterns() -> st.SearchStrategy[str]:
    leaf = st.one_of(_atom, _cls, _zero)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,3}", "{2}", "??", "+?"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"),
        )

    return st.recursive(leaf, extend, max_leaves=8)


_texts = st.lists(st.sampled_from(_ATOMS + ["A", "B", "SHARE", "The ", "1", "\t", "\u00a0", "ı", "s", "k", "é"]),
                  max_size=40).map("".join)


def _same(matcher: Matcher, pattern: re.Pattern[str], text: str, start: int, end: int) -> None:
    scan = matcher.scan(fold(text))
    want = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in matcher.finditer(0, text, scan)] == want
    # With a limit: the same matches, up to the first one that starts at or after it.
    assert [m.span() for m in matcher.finditer(0, text, scan, limit=end)] == [w for w in want if w[0] < end]
    sub = text[start:end]
    assert [m.span() for m in matcher.finditer(0, text, scan, start, end)] == [m.span() for m in pattern.finditer(sub)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_patterns(), st.sampled_from([0, re.I, re.M, re.I | re.M]), _texts, st.data())
def test_scan_finds_exactly_what_finditer_finds(src: str, flags: int, text: str, data: st.DataObject) -> None:
    try:
        pattern = re.compile(src, flags)
    except re.error:
        return
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for use_automaton in (True, False):
        _same(Matcher([(pattern, [src])], use_automaton=use_automaton), pattern, text, start, end)


def test_a_substring_starts_a_line_of_its_own() -> None:
    # "^" matches where the substring begins although the whole text has no line break there.
    pattern = re.compile(r"^(?:ab|x)", re.M)
    text = "zz ab\nab x"
    scan = Matcher([(pattern, [r"^(?:ab|x)"])]).scan(fold(text))
    m = Matcher([(pattern, [r"^(?:ab|x)"])])
    got = [x.span() for x in m.finditer(0, text, scan, 3, 8)]
    assert got == [x.span() for x in pattern.finditer(text[3:8])] == [(0, 2), (3, 5)]


@settings(max_examples=200, deadline=None)
@given(st.lists(_patterns(), min_size=2, max_size=3), _texts)
def test_alternation_of_patterns_keeps_first_alternative_semantics(srcs: list[str], text: str) -> None:
    try:
        pattern = re.compile("|".join(f"(?:{s})" for s in srcs), re.I | re.M)
    except re.error:
        return
    _same(Matcher([(pattern, srcs)]), pattern, text, 0, len(text))


# --- the shipped rules ------------------------------------------------------------------------------
DETECTORS = default_detectors()


def _rule_fragments() -> list[str]:
    out = ["the ", "people ", "experts say ", "share this ", "Sponsored", "\n", ". ", "! ", "?", "\"", "% off ",
           "SHOCKING ", "!!", "10 ", "ways ", "disclosure:", "they know it ", "İ", "ſ", "\u00a0", "\t"]
    m = DETECTORS.scanner.matcher
    out += sorted(lit.replace(LINE, "\n") for lit in m.table)[::7]
    return out


_FRAGMENTS = _rule_fragments()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from(_FRAGMENTS).map(str.upper),
                          st.text(max_size=4)), max_size=30).map("".join), st.data())
def test_shipped_rules_through_the_scan_equal_their_own_finditer(text: str, data: st.DataObject) -> None:
    ctx = Context(text, DETECTORS.scanner)
    for det in DETECTORS:
        for i, (pattern, _) in enumerate(det.patterns()):
            assert [m.span() for m in ctx.rule_matches(det, i)] == [m.span() for m in pattern.finditer(text)]
            alone = Context(text)  # the detector's own matcher, without the shared scanner
            assert [m.span() for m in alone.rule_matches(det, i)] == [m.span() for m in pattern.finditer(text)]
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    ads = DETECTORS[0]
    lex = len(ads.rules)
    assert sum(1 for _ in ctx.rule_matches(ads, lex, a, b)) == len(ads.lexicon.findall(text[a:b]))


def test_detectors_pickle_without_their_automaton() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(DETECTORS))
    assert isinstance(again, Detectors) and len(again) == len(DETECTORS)
    text = "Share this before they delete it! Experts agree the truth is out there."
    assert [m.span() for m in Context(text, again.scanner).rule_matches(again[1], 0)] == \
        [m.span() for m in again[1].rules[0].pattern.finditer(text)]


def _shared_articles(limit: int) -> list[str]:
    root = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    out: list[str] = []
    for rel in ("semeval2019_hyperpartisan/byarticle.jsonl", "fakenewsnet_v1/articles.jsonl",
                "slantcheck-dev/dev.jsonl"):
        p = root / rel
        if p.is_file():
            with open(p, encoding="utf-8") as f:
                out += [json.loads(line)["text"] for _, line in zip(range(limit), f, strict=False)]
    return out


def test_shipped_rules_on_real_articles_equal_their_own_finditer() -> None:
    texts = _shared_articles(150)
    if not texts:
        pytest.skip("../shared/data is not beside the checkout")
    for raw in texts:
        text = normalize(raw).text
        ctx = Context(text, DETECTORS.scanner)
        for det in DETECTORS:
            for i, (pattern, _) in enumerate(det.patterns()):
                assert [m.span() for m in ctx.rule_matches(det, i)] == [m.span() for m in pattern.finditer(text)]


def test_a_matcher_pickles_and_finds_the_same() -> None:
    import pickle

    det = DETECTORS[2]
    text = "Experts agree that the truth is out there, and critics say so too."
    again = pickle.loads(pickle.dumps(det))
    for d in (det, again):
        want = [m.span() for m in det.rules[0].pattern.finditer(text)]
        assert [m.span() for m in Context(text).rule_matches(d, 0)] == want
    m = pickle.loads(pickle.dumps(det.matcher))
    want = [x.span() for x in det.rules[0].pattern.finditer(text)]
    assert [x.span() for x in m.finditer(0, text, m.scan(fold(text)))] == want


def test_shipped_analyses_are_current() -> None:
    # data/literals.json must equal a fresh analysis of every shipped pattern; after editing a rule file,
    # run `python -m slantcheck.detectors` (an edited pattern is analysed at load until then: slower, not wrong).
    from slantcheck.detectors.__main__ import shipped_patterns as _shipped_patterns
    from slantcheck.detectors._matching.literals import analyse, shipped_analyses

    cached = shipped_analyses()
    wanted = _shipped_patterns()
    assert cached, "data/literals.json is missing or was written with other analysis parameters"
    missing = [src for src, flags in wanted if (src, flags) not in cached]
    assert not missing, f"{len(missing)} shipped patterns are not in data/literals.json: {missing[:3]}"
    from slantcheck.detectors._matching.literals import backtracking_risks

    for (src, flags), got in cached.items():
        assert got == analyse(src, flags), src
        # Loading skips the backtracking check for the patterns in this file: they must pass it.
        assert backtracking_risks(src) == [], src
