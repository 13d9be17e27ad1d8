"""Fuzzing and metamorphic tests (Hypothesis): random Unicode never breaks scoring, and the score moves
the right way when promotional lines are inserted or detected spans removed.

The texts are our own (tests/_obfuscate.py, tests/_texts.py). The checks compare behaviours, not exact
scores; they run against the shipped model, so a retrained model must keep them too.
"""

from __future__ import annotations

from hypothesis import assume, example, given
from hypothesis import strategies as st

import slantcheck
from slantcheck.detectors import default_detectors, detect
from slantcheck.features.featurizer import featurize, is_evidence
from slantcheck.pipeline import analyze
from slantcheck.text.normalize import normalize

from ._obfuscate import AD, CLICKBAIT, KINDS, SHARE, UNSOURCED

CREDIBLE_LINES = (
    "The Harbor County board voted 5-2 on Tuesday to repave Mill Road, the county clerk said.",
    "Work is expected to start in April and cost about $1.2 million, according to the budget office.",
    "\"We heard from a lot of drivers about the potholes,\" board chair Lena Ortiz said.",
    "The library will close for two weeks in June while its roof is replaced, officials said.",
    "A public hearing on the new bus routes is scheduled for May 12 at the town hall.",
    "Rainfall this spring was 14% below the 30-year average, the state climate office reported.",
    "The school district said it hired 23 new teachers for the fall term.",
    "Police said the bridge on Route 9 reopened Thursday after inspections found no damage.",
    "The museum's new exhibit on river trade opens Saturday, its director told reporters.",
    "Residents can register for the recycling pickup on the city website, the sanitation department said.",
)

SCORER = None


def scorer():  # type: ignore[no-untyped-def]
    global SCORER
    if SCORER is None:
        SCORER = slantcheck.pipeline.default_scorer()
    return SCORER


def check_report(text: str):  # type: ignore[no-untyped-def]
    rep = scorer().score(text)
    assert 0.0 <= rep.score <= 1.0
    last: dict[str, int] = {}
    for s in rep.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.start >= last.get(s.kind, 0)
        last[s.kind] = s.end
    assert list(rep.spans) == sorted(rep.spans, key=lambda s: (s.start, s.end, s.kind))
    again = scorer().score(text)
    assert again.to_json() == rep.to_json()
    return rep


# --- random Unicode -------------------------------------------------------------------------------
_astral = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF)
_combining = st.characters(whitelist_categories=("Mn", "Me"))
_rtl = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)
_bidi = st.sampled_from(["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                         "\u2068", "\u2069", "\u061c"])
_confusable = st.sampled_from(list("аеорсхуАВЕНКМОРСТХΑΒΕΗΙΚΜΝΟΡΤΧΥΖοι") + ["\u200b", "\ufeff", "\u00ad", "\ufe0f"])
_odd = st.sampled_from(["\r\n", "\r", "\n", "\u2028", "\u2029", "\x00", "\ud800", "\udfff", "\t", "  ", "\x85",
                        "\U0001F525", "\u2764\ufe0f", "\U0001F468\u200d\U0001F469", "\U0001F1FA\U0001F1F8"])
_piece = st.one_of(st.text(max_size=30), st.text(_astral, max_size=5), st.text(_combining, max_size=5),
                   st.text(_rtl, max_size=12), _bidi, _confusable, _odd,
                   st.sampled_from(AD + SHARE + CLICKBAIT + UNSOURCED + CREDIBLE_LINES))


@given(st.lists(_piece, max_size=12).map("".join))
@example("\u202eShare this before they delete it!\u202c")
@example("a" + "\u0301" * 50 + " " + AD[0])
def test_random_unicode_never_breaks(text):
    check_report(text)


@given(st.sampled_from(AD + SHARE + CLICKBAIT + UNSOURCED), st.sampled_from(sorted(KINDS)),
       st.text(st.one_of(_combining, _rtl, _bidi), max_size=4))
def test_obfuscated_lines_with_noise_never_break(line, obf, noise):
    check_report(noise + KINDS[obf](line) + noise)


# --- mixtures ---------------------------------------------------------------------------------------
_credible = st.lists(st.sampled_from(CREDIBLE_LINES), min_size=2, max_size=8)


def _lines_found(rep, kind: str, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    return any(s.kind == kind and s.start < end and s.end > start for s in rep.spans)


@given(_credible, st.sampled_from(AD), st.integers(0, 100))
def test_inserting_an_ad_line_never_lowers_ad_score_and_is_found(lines, ad, where):
    base = "\n".join(lines)
    i = 1 + where % len(lines)  # after the first line: an inserted line is not the headline
    mixed_lines = lines[:i] + [ad] + lines[i:]
    mixed = "\n".join(mixed_lines)
    start = len("\n".join(lines[:i])) + 1
    before = check_report(base)
    after = check_report(mixed)
    assert _lines_found(after, "ad_injection", start, start + len(ad)), ad
    assert after.signals["ad_injection"].score >= before.signals["ad_injection"].score - 1e-9


@given(_credible, st.lists(st.sampled_from(AD + SHARE + CLICKBAIT), min_size=1, max_size=4), st.randoms())
def test_removing_detected_spans_never_raises_score(lines, inserts, rnd):
    mixed = list(lines)
    for line in inserts:
        mixed.insert(rnd.randint(0, len(mixed)), line)
    text = "\n".join(mixed)
    rep = check_report(text)
    assume(rep.spans)
    # Remove spans until none is left: taking a line out can promote the next one to headline
    # position, which is new evidence in a new text, not the old evidence surviving.
    cleaned, current = text, rep
    for _ in range(10):
        if not current.spans:
            break
        keep, pos = [], 0
        for s in sorted(current.spans, key=lambda s: s.start):
            if s.start > pos:
                keep.append(cleaned[pos : s.start])
            pos = max(pos, s.end)
        keep.append(cleaned[pos:])
        cleaned = "".join(keep)
        current = check_report(cleaned)
    # Exactly: with the text statistics held fixed, taking the evidence away never raises the score (the
    # model's weights on evidence features are non-negative).
    sc = scorer()
    before = featurize(analyze(text, sc.detectors), sc._names)
    after = featurize(analyze(cleaned, sc.detectors), sc._names)
    evidence = [i for i, name in enumerate(sc._names) if is_evidence(name)]
    held = before.copy()
    held[evidence] = after[evidence]
    flag = list(sc.params.targets).index("flag")
    assert sc.params.predict_proba(held)[0][flag] <= sc.params.predict_proba(before)[0][flag] + 1e-12
    # The shorter text's own statistics (length, line mix, which line is first) may move it a little
    # either way; hypothesis found a rise of 0.0009 when a share line in first position was removed.
    assert check_report(cleaned).score <= rep.score + 0.02


@given(_credible, st.sampled_from(SHARE), st.integers(0, 100))
def test_inserted_share_line_is_found(lines, share, where):
    i = where % (len(lines) + 1)
    text = "\n".join(lines[:i] + [share] + lines[i:])
    start = len("\n".join(lines[:i])) + (1 if i else 0)
    rep = check_report(text)
    assert _lines_found(rep, "call_to_share", start, start + len(share))


def test_detectors_alone_are_deterministic_on_mixtures():
    dets = default_detectors()
    text = "\n".join(CREDIBLE_LINES[:3] + (AD[0], SHARE[0]) + CREDIBLE_LINES[3:])
    assert detect(normalize(text), dets) == detect(normalize(text), default_detectors())
