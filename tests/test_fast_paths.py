"""Fast paths of ``units.sentences``/``lines``, ``featurize``'s text statistics and ``textclf.hashed`` give
exactly what the straightforward code gave, for every input.

The old formulations are copied here verbatim (``_OLD_*``), so a later edit of the module cannot move the
reference with it. Generated texts come from an alphabet rich in what the fast paths reason about: letters of
several scripts and cases, case-folding oddities (İ ı ſ K), digits that are and are not decimal, apostrophes,
hyphens, underscores, periods and abbreviations, every kind of whitespace, emoji and symbols, combining marks.
"""

from __future__ import annotations

import random
import re
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from slantcheck.detectors import textclf as T
from slantcheck.features import featurizer as F
from slantcheck.pipeline import analyze
from slantcheck.text import units as U
from slantcheck.text.units import Unit

# --- the old code ------------------------------------------------------------------------------------------
_OLD_BULLET = re.compile(r"(?:[-*•·▪►●◦‣–—]|\(?\d{1,3}[.)]|[a-z][.)])\s+")
_OLD_LINE = re.compile(r"[^\n]+")
_OLD_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+\S)|[.!?]+[\"')\]]*$")
_OLD_ABBREV_PATTERN = (
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|Gen|Gov|Sen|Rep|Col|Lt|Sgt|Capt|Inc|Ltd|Co|Corp|vs|etc|No|Nos|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|Ave|Blvd|Rd|Ft|Fig|al|e\.g|i\.e)\.|"
    r"\b(?:[A-Za-z]\.){1,3}[A-Za-z]?\.?|\b[A-Z]\.)$"
)
_OLD_ABBREV = re.compile(_OLD_ABBREV_PATTERN)


def _old_lines(text: str) -> list[Unit]:
    out = []
    for m in _OLD_LINE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Unit(s, e, len(out)))
    return out


def _old_trimmed(text: str, s: int, e: int, line: int) -> Unit:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Unit(s, e, line)


def _old_sentences(text: str, line_units: list[Unit] | None = None) -> list[Unit]:
    out: list[Unit] = []
    for ln in line_units if line_units is not None else _old_lines(text):
        m0 = _OLD_BULLET.match(text, ln.start, ln.end)
        s = m0.end() if m0 else ln.start
        pos = s
        for m in _OLD_END.finditer(text, s, ln.end):
            e = m.end()
            if (_OLD_ABBREV.search(text, max(s, m.start() - 12), m.start() + 1) and m.group().startswith(".")
                    and len(m.group()) == 1):
                nxt = text[e : e + 3].lstrip()
                if not nxt or not nxt[0].isupper() or _OLD_ABBREV.search(text, max(s, m.start() - 4), m.start() + 1):
                    continue
            if e > pos:
                out.append(_old_trimmed(text, pos, e, ln.line))
            pos = e
        if pos < ln.end:
            u = _old_trimmed(text, pos, ln.end, ln.line)
            if u.end > u.start:
                out.append(u)
    return [u for u in out if u.end > u.start]


_OLD_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B06\u2194-\u21FF]")
_OLD_WORD = re.compile(r"[^\W\d_][\w'-]*")
_OLD_FIRST = re.compile(r"\b(?:i|me|my|we|our|us)\b", re.IGNORECASE)
_OLD_SECOND = re.compile(r"\b(?:you|your|yours|you're)\b", re.IGNORECASE)


def _old_title_case(line: str) -> bool:
    ws = _OLD_WORD.findall(line)
    return 2 <= len(ws) <= 16 and sum(w[0].isupper() for w in ws) >= 0.7 * len(ws)


def _old_text_counts(text: str, lines: list[Unit]) -> tuple[int, ...]:
    """The expressions featurize used (its counts: each feature is one of these over a denominator)."""
    line_texts = [text[u.start : u.end] for u in lines]
    letters = "".join(filter(str.isalpha, text))
    return (len(_OLD_WORD.findall(text)), len(letters), sum(map(str.isupper, letters)), len(_OLD_EMOJI.findall(text)),
            len(_OLD_FIRST.findall(text)), len(_OLD_SECOND.findall(text)), sum(_old_title_case(t) for t in line_texts),
            sum(len(t.split()) <= 8 for t in line_texts))


# --- generated text ------------------------------------------------------------------------------------------
_PIECES = (
    list("aAbBeEiImMoOrRsSuUwWyYzZkKtTxXgGlLpPcC")
    + ["İ", "ı", "ſ", "K", "é", "É", "ß", "ǅ", "ǆ", "µ", "Σ", "σ", "ς", "Ж", "ж", "ﬁ", "Ⅷ", "ⓐ", "Ⓐ", "的", "ᄏ"]
    + list("0123456789") + ["٣", "０", "²", "½", "㉑", "\U0001F100", "\u2776"]
    + ["'", "'", "’", "-", "-", "‐", "–", "—", "_", ".", ".", ".", ",", ";", ":", "!", "?", "~", "#", "\"", "“", "”",
       "(", ")", "[", "]", "*", "•", "·", "/", "&", "%", "$"]
    + [" "] * 10 + ["\n"] * 4 + ["\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\x00"]
    + ["😀", "🙂", "⭐", "☀", "↔", "⬆", "❤", "\u0301", "\u0308", "\u200b", "\ud800"]
    + ["U.S.", "U.S.A.", "Dr.", "Mr.", "Mrs.", "e.g.", "i.e.", "approx.", "Sept.", "etc.", "No.", "a.b.c.d.", "3.14",
       " I ", " i ", " me ", " MY ", " we ", " Our ", " us ", " uſ ", " İ ", " ı ", " you ", " YOU'RE ", " your ",
       " yours ", " Yours ", " you’re ", "-me-", "_us_", "I'm", "we'd", "\n- ", "\n* ", "\n• ", "\n1. ", "\n(2) ",
       "\na) ", "\n12) ", ". ", "! ", "? ", ".\" ", "?) ", "...", "!!", " The ", " Big ", " News ", " Today "]
)
_texts = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)
_any_texts = st.one_of(_texts, st.text(max_size=80), st.text(st.characters(codec="utf-8"), max_size=60))


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.randrange(0, 200)
        out.append("".join(rng.choice(_PIECES) for _ in range(k)))
    return out


def _random_units(text: str, rng: random.Random, k: int = 4) -> list[Unit]:
    n = len(text)
    out = []
    for _ in range(k):
        a = rng.randrange(n + 1)
        out.append(Unit(a, rng.randrange(a, n + 1), rng.randrange(5)))
    return out


_FIXED = [
    "",
    "Hello.",
    "Dr. Smith met Mr. Jones in the U.S. on Jan. 5. They talked.",
    "e.g. this. i.e. that. approx. 3.5 km. No. 7 won! Why? Because.\n- a bullet line\n1. numbered. Next one",
    "WE ARE HERE! YOU'RE THERE? I AM.\nMe, my, mine, our, us.\nİ ı uſ yourſ you’re",
    "Title Case Line Here\nanother line without end\n  spaced   line  \n\n\n",
    "a.. b. C. d.\"  E.) f!? G... h",
    "Sen. Gov. Rep. St. Mt. Ft. Rd. Blvd. Ave. Fig. al. vs. etc. Inc. Ltd. Co. Corp.",
    "He said.\x1cNext\x85one\u2028and\u3000more. Ok",
    "😀 emoji ⭐ here ☀. And ↔ arrows ⬆ up. \U0001F100 \u2776 ² ½ Ⅷ",
    "I.\nme.\n(1) we.\n• our.\nus!",
    "a b c d e f g h i\nA B C D E F G H\nab b c d e f g h\na b c d e f g h i j\n",
    "x.\n y!)\n\nz?\"\n",
]


# --- units ---------------------------------------------------------------------------------------------------
def test_patterns_unchanged() -> None:
    assert U._ABBREV.pattern == _OLD_ABBREV_PATTERN
    assert U._END.pattern == _OLD_END.pattern and U.BULLET.pattern == _OLD_BULLET.pattern
    assert F._WORD.pattern == _OLD_WORD.pattern and F._EMOJI.pattern == _OLD_EMOJI.pattern
    assert (F._FIRST.pattern, F._FIRST.flags) == (_OLD_FIRST.pattern, _OLD_FIRST.flags)
    assert (F._SECOND.pattern, F._SECOND.flags) == (_OLD_SECOND.pattern, _OLD_SECOND.flags)


def test_fast_unit_is_a_unit() -> None:
    assert not hasattr(Unit, "__post_init__") and "__slots__" not in Unit.__dict__
    assert [f.name for f in fields(Unit)] == ["start", "end", "line"]
    for args in ((0, 0, 0), (3, 17, 2), (10**12, -1, 7)):
        u, v = U._unit(*args), Unit(*args)
        assert type(u) is Unit and u == v and hash(u) == hash(v) and repr(u) == repr(v)
        assert u.__dict__ == v.__dict__ and list(u.__dict__) == list(v.__dict__)
        with pytest.raises(AttributeError):
            u.start = 1  # type: ignore[misc]


def test_strip_is_isspace() -> None:
    # lines() strips with str.strip(); the old code stepped over characters with str.isspace()
    for c in map(chr, range(0x110000)):
        assert (c + "x").lstrip() == ("x" if c.isspace() else c + "x")
        assert ("x" + c).rstrip() == ("x" if c.isspace() else "x" + c)


def _check_units(text: str, rng: random.Random | None = None) -> None:
    assert U.lines(text) == _old_lines(text)
    assert U.sentences(text) == _old_sentences(text)
    lu = U.lines(text)
    assert U.sentences(text, lu) == _old_sentences(text, lu)
    if rng is not None:  # any list of units, not only lines()
        units = _random_units(text, rng)
        assert U.sentences(text, units) == _old_sentences(text, units)


@given(_any_texts, st.randoms(use_true_random=False))
@example("Dr. Who. Mr. X said so. U.S. News.", random.Random(0))
def test_sentences_and_lines_equal_old(text: str, rng: random.Random) -> None:
    _check_units(text, rng)


def test_sentences_and_lines_equal_old_fixed_and_bulk() -> None:
    rng = random.Random(1)
    for text in _FIXED + _random_texts(1500, 2):
        _check_units(text, rng)
        _check_units(text.upper())
        _check_units(text.replace(" ", "\n"))


@given(_any_texts, st.integers(0, 300), st.integers(0, 300))
@example("a.\n", 0, 3)
@example("a!)\n", 0, 4)
def test_end_patterns_equal_old(text: str, a: int, b: int) -> None:
    a, b = min(a, len(text)), min(max(a, b), len(text))
    old = [m.span() for m in _OLD_END.finditer(text, a, b)]
    assert [m.span() for m in U._END_ONE.finditer(text, a, b)] == old
    assert [m.group() for m in U._END_ONE.finditer(text, a, b)] == [m.group() for m in _OLD_END.finditer(text, a, b)]
    if "!" not in text[a:b] and "?" not in text[a:b]:
        assert [m.span() for m in U._END_DOT.finditer(text, a, b)] == old


def test_end_patterns_equal_old_every_window() -> None:
    for text in _FIXED + _random_texts(150, 9):
        text = text[:60]
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1):
                old = [m.span() for m in _OLD_END.finditer(text, a, b)]
                assert [m.span() for m in U._END_ONE.finditer(text, a, b)] == old
                if "!" not in text[a:b] and "?" not in text[a:b]:
                    assert [m.span() for m in U._END_DOT.finditer(text, a, b)] == old


@given(_any_texts)
@example("x.U.S. e.g. Mr. Sept. approx. mr. Mrs.. a..")
def test_maybe_abbrev_is_necessary(text: str) -> None:
    # wherever _maybe_abbrev says no, _ABBREV finds nothing ending just after that period, from any start
    for p, c in enumerate(text):
        if c == "." and not U._maybe_abbrev(text, p):
            assert all(_OLD_ABBREV.search(text, lo, p + 1) is None for lo in range(0, p + 1))


# --- featurize's text statistics ----------------------------------------------------------------------------
def _check_counts(text: str, units: list[Unit]) -> None:
    want = _old_text_counts(text, units)
    assert tuple(F._text_counts(text, units)) == want
    assert tuple(F._text_counts_slow(text, units)) == want


@given(_any_texts, st.randoms(use_true_random=False))
@example("I me MY we Our uS uſ İ ı you YOU'RE your yours Yours you’re -me- _us_ 2me me2", random.Random(0))
@example("² starts a word but is no letter", random.Random(0))
def test_text_counts_equal_old(text: str, rng: random.Random) -> None:
    _check_counts(text, U.lines(text))
    _check_counts(text, _random_units(text, rng))


def test_text_counts_equal_old_fixed_and_bulk() -> None:
    rng = random.Random(3)
    for text in _FIXED + _random_texts(1500, 4):
        for t in (text, text.upper(), text.lower(), text.swapcase()):
            _check_counts(t, U.lines(t))
        _check_counts(text, _random_units(text, rng))


def test_stand_ins_keep_every_property() -> None:
    # every non-ASCII character that gets a stand-in agrees with it on each per-character test the counts use
    tests = [lambda c, p=p: p.match(c) is not None for p in (_OLD_WORD, re.compile(r"[^\W\d_]"), re.compile(r"[\w'-]"),
                                                                  re.compile(r"\w"), _OLD_EMOJI)]
    tests += [lambda c, L=L: re.fullmatch(re.escape(L), c, re.IGNORECASE) is not None for L in "imewyours'"]
    tests += [str.isalpha, lambda c: c.isalpha() and c.isupper()]
    rng = random.Random(5)
    sample = [chr(i) for i in range(128, 0x3000)] + [chr(rng.randrange(0x3000, 0x110000)) for _ in range(20000)]
    n = 0
    for c in sample:
        s = F._stand_in(c)
        if s is None:
            continue
        n += 1
        assert s.isascii() and len(s) == 1
        for t in tests[:4] + tests[5:]:
            assert t(c) == t(s), (hex(ord(c)), s)
        assert _OLD_EMOJI.match(c) is not None or s != F._EMOJI_STAND_IN
    assert n > 10000
    assert F._stand_in("²") is None and F._stand_in("İ") == "I" and F._stand_in("ı") == "i"
    assert F._stand_in("ſ") == "s" and F._stand_in("😀") == F._EMOJI_STAND_IN and F._stand_in("—") is not None


def test_ascii_case_insensitivity_is_lower() -> None:
    # the _CI table lower-cases ASCII: IGNORECASE on an ASCII character matches exactly its lower-case letter
    for c in map(chr, range(128)):
        for L in "imewyours":
            assert (re.fullmatch(L, c, re.IGNORECASE) is not None) == (c.lower() == L)


@given(st.lists(st.sampled_from([" ", "a", "bc", "\t", "\x1c", "\xa0", "\n", "\u2028", "\x85"]),
                max_size=40).map("".join))
def test_short_line_split_bound(t: str) -> None:
    assert (len(t.split(None, 8)) <= 8) == (len(t.split()) <= 8)
    if len(t) <= 16:
        assert len(t.split()) <= 8


def test_featurize_rows_equal_with_slow_counts(scorer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = _FIXED[1:] + [t for t in _random_texts(60, 6) if t.strip()]
    fast = [F.featurize(analyze(t, scorer.detectors), scorer._names) for t in texts]
    monkeypatch.setattr(F, "_text_counts", lambda text, lines: F._TextCounts(*_old_text_counts(text, lines)))
    slow = [F.featurize(analyze(t, scorer.detectors), scorer._names) for t in texts]
    for a, b in zip(fast, slow, strict=False):
        assert a.dtype == b.dtype == np.float64 and a.tobytes() == b.tobytes()


# --- textclf.hashed ------------------------------------------------------------------------------------------
_specs = st.builds(T.HashSpec, st.sampled_from([1, 2, 3, 5, 18]),
                   st.sampled_from([(1, 1), (1, 2), (2, 3), (0, 0), (0, 1), (1, 3)]),
                   st.sampled_from([(0, 0), (3, 4), (1, 2), (2, 5)]), st.booleans(), st.booleans())
_dense = st.none() | st.dictionaries(st.sampled_from([f"k{i}" for i in range(12)] + ["len:3", "caps:1"]),
                                     st.sampled_from([0.0, -0.0, 1.0, 0.5, -2.25, 1e-300, 3, True, 1e300]), max_size=10)


def _same_arrays(a, b) -> bool:  # type: ignore[no-untyped-def]
    return all(x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
               for x, y in zip(a, b, strict=False))


@given(_any_texts, _specs, _dense)
def test_hashed_equals_old(text: str, spec: T.HashSpec, dense) -> None:  # type: ignore[no-untyped-def]
    assert _same_arrays(T.hashed(text, spec, dense), T._hashed_slow(text, spec, dense))


def test_hashed_equals_old_bulk() -> None:
    rng = random.Random(7)
    specs = [T.HashSpec(), T.HashSpec(18, (1, 2), (3, 4)), T.HashSpec(2, (1, 3), (2, 5), False, True),
             T.HashSpec(1, (1, 2), (0, 0))]
    for text in _FIXED + _random_texts(400, 8) + [" ".join(["word"] * 300), "a b " * 100]:
        spec = rng.choice(specs)
        dense = {f"k{rng.randrange(9)}": rng.choice([0.0, 1.0, 0.25, -3.5]) for _ in range(rng.randrange(6))}
        assert _same_arrays(T.hashed(text, spec, dense), T._hashed_slow(text, spec, dense))
        assert _same_arrays(T.hashed(text, spec), T._hashed_slow(text, spec))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_stand_in_text_is_the_per_character_stand_in(text: str) -> None:
    # the stand-in of a text is each character's own (ASCII: itself), or _NoStandIn when one has none
    singles = [c if c.isascii() else F._stand_in(c) for c in text]
    if any(s is None for s in singles):
        with pytest.raises(F._NoStandIn):
            F._stand_in_text(text)
    else:
        assert F._stand_in_text(text) == "".join(singles).encode("ascii")  # type: ignore[arg-type]

