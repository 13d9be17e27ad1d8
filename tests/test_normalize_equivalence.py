"""normalize() skips passes that provably change nothing; it must equal running every pass.

``_normalize_exhaustive`` is the straightforward pipeline (every pass, unconditionally). The fast
``normalize`` must give the same text and the same offset arrays (values and dtype) for every input.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slantcheck.text import normalize as N


def _assert_same(text: str) -> None:
    got = N.normalize(text)
    want = N._normalize_exhaustive(text)
    assert got.original == text
    assert got.text == want.text
    assert got.ostart.dtype == want.ostart.dtype == np.int64
    assert got.oend.dtype == want.oend.dtype == np.int64
    assert got.ostart.shape == want.ostart.shape and got.oend.shape == want.oend.shape
    assert np.array_equal(got.ostart, want.ostart)
    assert np.array_equal(got.oend, want.oend)


# Characters the passes care about: letters (incl. ones that spell words with double letters), digits,
# leet symbols, separators, every kind of whitespace and line end, emoji, invisibles, look-alikes,
# curly quotes, fullwidth forms, ligatures, combining marks, case oddities, a lone surrogate.
_ALPHABET = (
    list("aAbBeEfFiIlLoOrRsStTxXyYzZkKhHmMpPwWcCdDgGnNuUvV")
    + list("0123456789$!|")
    + [" "] * 6 + ["  ", "\n", "\n", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\x00", "\x7f"]
    + list(".-*~+/·•_,;:?'’\"#&%@()") + ["–", "—", "…"]
    + ["🔥", "👉", "✅", "❤", "⭐", "➡", "🇺", "🇸", "\u2600", "\u2b50"]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u034f"]
    + list("аеорсхуАЕОРСХВНКМТαοερΑΟΕΡΒ")
    + list("‘’‚“”„«»′″`")
    + list("ＳｈａｒｅＡ１！")
    + ["ﬁ", "ﬂ", "ǅ", "½", "ℌ", "𝐒", "Ⓢ"]
    + ["\u0301", "\u0308", "\u0345", "\u037a"]
    + ["İ", "\u212a", "ß", "ẞ", "ſ", "ı", "é", "É", "ñ", "Σ", "ς"]
    + ["\u00a0", "\u1680", "\u2009", "\u202f", "\u3000", "\u2028", "\u2029"]
    + ["\ud800"]
)

_TOKENS = [
    "S H A R E", "L I K E   &   S H A R E", "O R D E R   N O W   -   3 0 %   O F F", "A B C", "1 2 3",
    "S.H.A.R.E", "S-H-A-R-E", "S*H*A*R*E", "S|H|A|R|E", "S•H•A•R•E", "S·H·A·R·E", "U.S.A.", "N.Y.P.D.",
    "sh4r3", "SH4R3", "ch3ck", "0ut", "fr33", "B3T", "r3l14bl3-m3d5.c0m", "l33t", "h4x0r", "$h4re", "sh4r3's",
    "a''3", "4'r3", "wh!ch", "m0n3y$", "p|ease", "3D", "5G", "1st", "10am", "COVID-19", "24/7", "4x4",
    "#ff00aa", "#c0ffee", "GARDEN15", "0xdeadbeef", "1990s", "HTML5", "it!", "E!",
    "shaaaare", "FREEEE", "sooooo", "AAA", "zzz", "www", "VIII", "XXX", "AAA123", "gooood", "Noooo",
    "coooooooooooooooooooooooooooooooooooooooool", "İİİ", "k\u212ak", "ßẞß",
    "S🔥H🔥A🔥R🔥E", "share🔥this🔥now", "Work,🔥Fair", "🔥🔥",
    "Sh\u200bаrе", "Ｓｈａｒｅ", "“Hi,”", "it’s", "‘quoted’",
]
_SEPARATORS = [" ", " ", " ", "  ", "   ", "\n", " \n ", "\n\n", "\t", "\r\n", "", ".", ", ", " - "]

_chars = st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join)
_anything = st.text(max_size=40)
_tokens = st.lists(st.one_of(st.sampled_from(_TOKENS), _chars, _anything), max_size=12)
_structured = st.builds(
    lambda parts, seps: "".join(p + seps[i % len(seps)] for i, p in enumerate(parts)),
    _tokens,
    st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=4),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_chars)
@example("")
@example("a\r\nb\rc\u2028d")
def test_same_as_every_pass_on_rich_characters(text: str) -> None:
    _assert_same(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_structured)
def test_same_as_every_pass_on_obfuscated_phrases(text: str) -> None:
    _assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_same_as_every_pass_on_any_text(text: str) -> None:
    _assert_same(text)


# Each of these makes a pass change something (or come close), on each of its fast-path branches.
FIXED = [
    # character pass: line ends, invisibles, controls, NFKC growing and shrinking, a lone surrogate
    "one\r\ntwo\rthree\u2028four\x85five", "a\r\r\nb\r\n\r\nc", "x\u200by\ufeffz\u00adw", "a\x00b\x01c\x7fd\x1fe",
    "wait\u2026 what", "\ufb01ne \ufb02ow ½", "a\ud800b", "Ｓｈａｒｅ ｎｏｗ", "ǅemal", "\u037a\u0345",
    "plain ascii text only", "“Hi,” she said — ‘ok’", "tab\tseparated\tvalues",
    # emoji
    "S🔥H🔥A🔥R🔥E now", "share🔥this🔥now", "Work,🔥Fair", "🔥 lit 🔥", "a➡b", "\u2600\u2600",
    # dotted
    "please S.H.A.R.E this", "S-H-A-R-E", "S*H*A*R*E", "S|H|A|R|E", "S•H•A•R•E", "S·H·A·R·E", "U.S.A. today",
    "the A.C.L.U. said", "e.g. this", "a.b-c.d", "•list item", "x•y•z",
    # letter spacing
    "L I K E & S H A R E if you agree", "L I K E   &   S H A R E", "O R D E R   N O W   -   3 0 %   O F F",
    "A B C", "1 2 3 4 5", "Plan B – a 5 – 3 win", "S\tH\tA\tR\tE", "S H A R E\nN O W", "I? a! b. c, d;",
    "S\u3000H\u3000A\u3000R\u3000E", "S\u1680H\u1680A\u1680R\u1680E",
    # leet
    "SH4R3 this", "ch3ck 0ut my page", "fr33 B3T now", "0ut", "r3l14bl3-m3d5.c0m", "sh4r3's", "a''3b",
    "h3ll0''w0rld", "wh!ch w!tch", "m0n3y$ m4k3r", "p|ease s|ow", "$h4re", "l33t\n0ut", "0ut" + " x" * 30 + " sh4r3",
    "#ff00aa and #c0ffee", "3D 5G 1st 10am COVID-19 24/7 4x4 GARDEN15 1990s HTML5", "it’s 4 r3al", "‘sh4r3’",
    # stretched
    "shaaaare this", "FREEEE", "sooooo good", "AAA zzz III www VIII XXX", "AAA123", "a_aaa", "aaa_",
    "coo" + "o" * 50 + "l", "İİİ istanbul", "k\u212ak", "\u212a\u212a\u212a", "ßẞß", "Noooo way", "gooood fooood",
    "ᄏᄏᄏᄏ", "bbb2", "x9aaa", "Hmmm... ummm",
    # whitespace
    "double  space", "tab\there", "a \t b", "nbsp\u00a0\u00a0here", "a\u2009\u2009b", "x\u1680y", "line \n next",
    "line\n next", " \n \n ", "a \r\n b", "\t\t", "   ", "a\x0bb\x0cc",
]


@pytest.mark.parametrize("text", FIXED)
def test_same_as_every_pass_fixed(text: str) -> None:
    _assert_same(text)


TRIGGERS = [
    ("please S.H.A.R.E this", "please SHARE this"), ("S•H•A•R•E", "SHARE"),
    ("L I K E   &   S H A R E", "LIKE & SHARE"), ("SH4R3 this", "SHARE this"), ("sh4r3's", "share's"),
    ("shaaaare this", "share this"), ("S🔥H🔥A🔥R🔥E now", "SHARE now"), ("double  space", "double space"),
    ("tab\there", "tab here"), ("line \nnext", "line\nnext"), ("a\r\nb", "a\nb"),
    ("3D 5G 1st 10am COVID-19 24/7", "3D 5G 1st 10am COVID-19 24/7"),
]


@pytest.mark.parametrize("text,folded", TRIGGERS)
def test_fixed_examples_exercise_the_passes(text: str, folded: str) -> None:
    """The fixed examples really trigger the passes (so the test above covers their fast paths)."""
    assert N.normalize(text).text == folded


# The fast path relies on these facts about Python's ``re`` and ``str``; check them for every character.
def test_regex_classes_match_str_predicates() -> None:
    space, word = re.compile(r"\s"), re.compile(r"\w")
    for c in map(chr, range(0x110000)):
        assert bool(space.match(c)) == c.isspace()
        assert bool(word.match(c)) == (c.isalnum() or c == "_")


def test_ignorecase_lower_case_is_str_lower() -> None:
    """re.IGNORECASE compares simple lower cases; the only non-ASCII characters with an ASCII one are
    the flagged ones ("İ", Kelvin sign), and ``str.lower()[0]`` finds exactly those."""
    sre = pytest.importorskip("_sre")
    if not hasattr(sre, "unicode_tolower"):
        pytest.skip("no _sre.unicode_tolower")
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        assert (sre.unicode_tolower(cp) < 0x80) == bool(N._char_flags(c) & N._F_ASCII_CASE)
    backref = re.compile(r"(.)\1", re.IGNORECASE)
    assert backref.fullmatch("i\u0130") and backref.fullmatch("k\u212a") and not backref.fullmatch("s\u017f")


def test_class_tables_one_byte_per_character() -> None:
    for text in ["", "abc", "é€😀\u0800\uffff", "a\ud800b", "\U0010ffff x"]:
        u8 = text.encode("utf-8", "surrogatepass")
        assert len(u8.translate(N._K_TAB, N._CONT)) == len(text)


# Inputs large enough for the fast path's bulk branches (many folds, spans, hits; past its index table).
BULK = [
    "wait\u2026 " * 100 + "x\r\n" * 80,
    "a\u200bb\u00adc " * 100,
    "x  y \t z " * 40 + "line \n next \n " * 40,
    "a1 sh4r3 0ut " * 120,
    "a.b-c.d-" * 40 + " S.H.A.R.E",
    "shaaaare www III " * 60,
    ("The quick brown fox said “hello” \u2026 and left.\r\n" * 1600)[:70000] + " S H A R E  now sh4r3",
]


@pytest.mark.parametrize("text", BULK)
def test_same_as_every_pass_bulk(text: str) -> None:
    _assert_same(text)


def test_char_pass_falls_back_when_folds_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    """If one character's fold produced another folded character, replacing one after the other would
    fold twice; the fast character pass must notice and use the per-character pass."""
    real = N._fold_char
    chain = {"\u2460": "\u2461x", "\u2461": "y"}
    monkeypatch.setattr(N, "_fold_char", lambda c: chain.get(c) or real(c))
    N._PLANS.clear()
    try:
        for text in ["a\u2460b\u2461c", "\u2460\u2460", "\u2461 \u2460 S H A R E"]:
            _assert_same(text)
        assert N.normalize("a\u2460b\u2461c").text == "a\u2461xbyc"  # folded once, not twice
    finally:
        N._PLANS.clear()
