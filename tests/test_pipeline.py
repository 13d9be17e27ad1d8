"""``slantcheck.pipeline``: the one flow (title, windows, empty texts) and what it hands to the report."""

from __future__ import annotations

import pytest

from slantcheck.detectors import default_detectors, detect
from slantcheck.errors import InputTypeError
from slantcheck.pipeline import MAX_WINDOW_CHARS, analyze, default_scorer, load, window_bounds
from slantcheck.text.normalize import normalize

from ._texts import CREDIBLE, SHAREBAIT

DETS = default_detectors()


def test_analyze_is_normalize_then_detect_for_a_short_text() -> None:
    a = analyze(SHAREBAIT, DETS)
    assert a.windows == 1
    assert a.spans == detect(normalize(SHAREBAIT), DETS)
    assert a.ctx.text == a.norm.text == normalize(SHAREBAIT).text


def test_score_spans_are_the_analysis_spans() -> None:
    rep = default_scorer().score(SHAREBAIT)
    assert rep.spans == analyze(SHAREBAIT, DETS).spans
    assert all(SHAREBAIT[s.start : s.end] == s.text for s in rep.spans)


def test_title_informs_the_score_but_carries_no_span() -> None:
    sc = default_scorer()
    title = "Share this before they delete it!"
    with_title = sc.score(CREDIBLE, title=title)
    assert with_title.length == len(CREDIBLE)
    assert all(CREDIBLE[s.start : s.end] == s.text for s in with_title.spans)
    assert with_title.score != sc.score(CREDIBLE).score
    assert sc.score(CREDIBLE, title="   ").to_dict() == sc.score(CREDIBLE).to_dict()


def test_empty_text_is_clean_without_running_detectors() -> None:
    rep = default_scorer().score("  \n ")
    assert rep.spans == () and rep.length == 4 and rep.windows == 1


def test_long_text_goes_in_windows_and_keeps_every_span() -> None:
    text = "\n".join([CREDIBLE, SHAREBAIT] * 10)
    whole = analyze(text, DETS)
    windowed = analyze(text, DETS, max_window=len(text) // 3)
    assert windowed.windows >= 3 and whole.windows == 1
    assert [(s.start, s.end, s.kind) for s in windowed.spans] == [(s.start, s.end, s.kind) for s in whole.spans]
    assert MAX_WINDOW_CHARS >= 100_000


def test_window_bounds_cut_at_line_breaks() -> None:
    text = "aaaa\nbbbb\ncccc\n"
    assert window_bounds(text, 10) == [(0, 10), (10, 15)]


def test_scorer_refuses_non_text() -> None:
    with pytest.raises(InputTypeError):
        default_scorer().score(b"bytes")  # type: ignore[arg-type]


def test_load_takes_detectors_or_rules_not_both() -> None:
    with pytest.raises(TypeError):
        load(detectors=DETS, rules=[])
