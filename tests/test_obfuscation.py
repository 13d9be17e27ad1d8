"""Obfuscated variants of our own example lines are still found, and spans cover the obfuscated characters.

Recall per detector on each obfuscation kind must stay within 5 points of the plain lines
(issue 6); credible texts with obfuscation-looking but legitimate content gain no spans.
The full table is printed by ``python benchmarks/bench_robustness.py``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slantcheck.detectors import default_detectors, detect
from slantcheck.text.normalize import normalize

from ._obfuscate import CREDIBLE_TRICKY, KINDS, LINES, recall

DETS = default_detectors()


def _detect(text: str):  # type: ignore[no-untyped-def]
    return detect(normalize(text), DETS)


def _canon(s: str) -> str:
    """Normalised, spaces collapsed, case-folded; double letters as single (stretch folding cannot know
    whether "weeeekend" had one e or two)."""
    return re.sub(r"(\w)\1", r"\1", re.sub(r"\s+", " ", normalize(s).text).strip().casefold())


@pytest.mark.parametrize("kind", sorted(LINES))
def test_plain_lines_are_found(kind):
    assert recall(_detect, kind, LINES[kind]) >= 0.9


@pytest.mark.parametrize("obf", sorted(KINDS))
@pytest.mark.parametrize("kind", sorted(LINES))
def test_recall_on_obfuscated_variants_within_5_points(kind, obf):
    plain = recall(_detect, kind, LINES[kind])
    varied = recall(_detect, kind, LINES[kind], KINDS[obf])
    assert varied >= plain - 0.05, f"{kind} on {obf}: {varied:.2f} vs plain {plain:.2f}"


@pytest.mark.parametrize("obf", sorted(KINDS))
def test_variant_spans_cover_the_obfuscated_text(obf):
    """The span on a variant is exactly the obfuscated form of the span on the plain line."""
    for kind, lines in LINES.items():
        for line in lines:
            variant = KINDS[obf](line)
            plain = [s for s in _detect(line) if s.kind == kind]
            got = [s for s in _detect(variant) if s.kind == kind]
            for s in got:
                assert variant[s.start : s.end] == s.text
                assert not s.text[0].isspace() and not s.text[-1].isspace()
                assert s.text[0] != "\u200b" and s.text[-1] != "\u200b"
            if plain and got:
                assert [_canon(s.text) for s in got] == [_canon(s.text) for s in plain], (obf, line)


def test_obfuscation_kinds_really_change_the_text():
    for obf, fn in KINDS.items():
        for line in LINES["call_to_share"]:
            assert fn(line) != line, obf


@pytest.mark.parametrize("obf", sorted(KINDS))
def test_normalize_folds_each_kind_back(obf):
    line = "Please share this story with your neighbors today"
    assert _canon(KINDS[obf](line)) == _canon(line)


def test_credible_tricky_text_gains_no_spans():
    assert _detect(CREDIBLE_TRICKY) == ()


@pytest.mark.parametrize("token", [
    "$49.99", "20%", "24/7", "COVID-19", "3D", "5G", "MP3", "1st", "10:30am", "2024-06-30", "4x4", "H1N1",
    "1990s", "B2B", "X200", "221B", "1,204", "A B C", "Zzz", "Москва", "12",
])
def test_legitimate_tokens_are_not_folded(token):
    text = f"The report listed {token} in the table, officials said."
    n = normalize(text)
    if token in ("Москва",):
        # Cyrillic look-alikes are folded letter by letter, but the word must not gain spans
        assert _detect(text) == ()
    else:
        assert token in n.text
        assert _detect(text) == ()


@pytest.mark.parametrize("text,needle,expected", [
    ("Please SH4R3 this now", "SHARE", "SH4R3"),
    ("ch3ck 0ut our store", "check out", "ch3ck 0ut"),
    ("Visit r3l14bl3-m3d5.c0m today", "reliable-meds.com", "r3l14bl3-m3d5.c0m"),
    ("B3T 0N T0N1GHT'5 D3RBY now", "BET ON TONIGHT'S DERBY", "B3T 0N T0N1GHT'5 D3RBY"),
    ("L I K E   &   S H A R E if you agree", "LIKE & SHARE", "L I K E   &   S H A R E"),
    ("please shaaaare this", "share", "shaaaare"),
    ("get it FREEEE now", "FREE", "FREEEE"),
    ("share\U0001F525this\U0001F525now", "share this now", "share\U0001F525this\U0001F525now"),
    ("go S.H.A.R.E it", "SHARE", "S.H.A.R.E"),
    ("x S\U0001F525H\U0001F525A\U0001F525R\U0001F525E y", "SHARE", "S\U0001F525H\U0001F525A\U0001F525R\U0001F525E"),
])
def test_folded_word_maps_to_exact_original(text, needle, expected):
    n = normalize(text)
    i = n.text.index(needle)
    s, e = n.to_original(i, i + len(needle))
    assert text[s:e] == expected


def test_leet_needs_leet_company_for_ambiguous_tokens():
    # "0ut" and "fr33" alone could be codes; next to clear leet they fold, on their own they stay
    assert "fr33" in normalize("Model fr33 was listed").text
    assert "free spins" in normalize("g3t fr33 sp1ns").text
    assert "MP3" in normalize("an MP3 player").text


# --- the offset map stays exact through every folding step ------------------------------------------

_obf_piece = st.one_of(
    st.sampled_from(["S H A R E", "L I K E   &   S H A R E", "3 0 %   O F F", "S.H.A.R.E", "sh4r3", "ch3ck 0ut",
                     "B3T 0N T0N1GHT'5", "shaaaare", "FREEEE", "www", "\U0001F525", "a\U0001F525b", "x\u200by",
                     "Ｓｈａｒｅ", "Ѕhаrе", "A B C", "$49.99", "24/7", "COVID-19", "'", " ", "   ", "\n", "\r\n", "1",
                     "0x1F", "#c0ffee", "H1N1", "I ' m", "e.g.", "U.S.A."]),
    st.text(alphabet="aAeEoOsS0134578 .-'\U0001F525\u200b", max_size=12),
)


@given(st.lists(_obf_piece, max_size=10).map("".join))
def test_offset_map_exact_through_folding(text):
    n = normalize(text)
    assert len(n.ostart) == len(n.oend) == len(n.text)
    if n.text:
        assert (n.ostart[1:] >= n.ostart[:-1]).all() and (n.oend[1:] >= n.oend[:-1]).all()
        assert (n.ostart >= 0).all() and (n.oend <= len(text)).all() and (n.oend > n.ostart).all()
    for m in re.finditer(r"\S+", n.text):
        s, e = n.to_original(*m.span())
        assert 0 <= s <= e <= len(text)
        if e > s:
            assert not text[s].isspace() and not text[e - 1].isspace()
