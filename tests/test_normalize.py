"""normalize(): folding obfuscation while every normalised character maps back to the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from slantcheck.text.normalize import normalize


def _find_original(text: str, needle: str) -> str:
    n = normalize(text)
    i = n.text.index(needle)
    s, e = n.to_original(i, i + len(needle))
    return text[s:e]


def test_zero_width_and_cyrillic_fold_and_map_back():
    text = "Please Sh\u200bаrе this now"  # Cyrillic а and е, zero-width space
    assert "Share" in normalize(text).text
    assert _find_original(text, "Share") == "Sh\u200bаrе"


def test_fullwidth_and_letter_spacing():
    assert _find_original("x Ｓｈａｒｅ y", "Share") == "Ｓｈａｒｅ"
    assert _find_original("L I K E & S H A R E if you agree", "SHARE") == "S H A R E"


def test_line_endings_unified_offsets_exact():
    text = "one\r\ntwo\rthree\u2028four"
    n = normalize(text)
    assert n.text == "one\ntwo\nthree\nfour"
    i = n.text.index("four")
    s, e = n.to_original(i, i + 4)
    assert text[s:e] == "four"


def test_curly_quotes_and_whitespace_runs():
    n = normalize("“Hi,”   she\t\tsaid")
    assert n.text == '"Hi," she said'


def test_lone_surrogate_and_nul_do_not_break_offsets():
    text = "a\ud800b\x00c Share"
    n = normalize(text)
    i = n.text.index("Share")
    s, e = n.to_original(i, i + 5)
    assert text[s:e] == "Share"


@given(st.text())
def test_offset_map_is_monotone_and_in_bounds(text):
    n = normalize(text)
    assert len(n.ostart) == len(n.oend) == len(n.text)
    if len(n.text):
        assert (n.ostart[1:] >= n.ostart[:-1]).all()
        assert (n.ostart >= 0).all() and (n.oend <= len(text)).all() and (n.oend > n.ostart).all()


@given(st.text(), st.integers(0, 50), st.integers(0, 50))
def test_to_original_gives_trimmed_substring(text, a, b):
    n = normalize(text)
    if not n.text:
        return
    a, b = sorted((a % len(n.text), b % len(n.text)))
    s, e = n.to_original(a, b + 1)
    assert 0 <= s <= e <= len(text)
    if e > s:
        assert not text[s].isspace() and not text[e - 1].isspace()
