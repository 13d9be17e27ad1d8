"""The public API: types, errors, JSON schema and the invariants every Report keeps."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slantcheck
from slantcheck import KINDS, InputTypeError, Report
from slantcheck.text.normalize import INVISIBLE

from ._texts import AD_LINE, CREDIBLE, CTA_LINE, SHAREBAIT


@pytest.mark.parametrize("bad", [None, b"bytes", 3, 4.5, ["list"], {"a": 1}])
def test_non_str_raises_type_error_naming_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        slantcheck.score(bad)
    with pytest.raises(InputTypeError):
        slantcheck.score(bad)


def test_title_must_be_str():
    with pytest.raises(TypeError, match="title"):
        slantcheck.score("text", title=5)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b\u200b"])
def test_empty_text_is_clean(text):
    rep = slantcheck.score(text)
    assert rep.label == "clean" and rep.spans == () and not rep.flagged


def test_report_shape_and_json_schema():
    rep = slantcheck.score(SHAREBAIT)
    assert isinstance(rep, Report)
    d = json.loads(rep.to_json())
    assert d["schema_version"] == 2 and isinstance(d["reasons"], list)
    assert set(d) == {"schema_version", "model_version", "score", "label", "flagged", "advertorial",
                      "advertorial_score", "thresholds", "signals", "spans", "length", "windows", "reasons"}
    assert list(d["signals"]) == list(KINDS)
    assert d["label"] in ("clean", "review", "flag")
    for s in d["spans"]:
        assert set(s) == {"start", "end", "kind", "text", "score", "detector", "rule", "reason"}
        assert SHAREBAIT[s["start"] : s["end"]] == s["text"]
    assert rep.to_dict() is not rep.to_dict()  # fresh data every call


def test_report_is_frozen():
    rep = slantcheck.score(CREDIBLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rep.score = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        rep.signals["clickbait"] = None  # type: ignore[index]


def test_credible_vs_sharebait_order():
    assert slantcheck.score(SHAREBAIT).score > slantcheck.score(CREDIBLE).score
    assert slantcheck.score(CREDIBLE).spans == ()


def test_ad_line_found_and_advertorial():
    rep = slantcheck.score(CREDIBLE + "\n" + AD_LINE + "\n" + CREDIBLE)
    ads = rep.signals["ad_injection"].spans
    assert [s.text for s in ads] == [AD_LINE]
    assert rep.advertorial_score > slantcheck.score(CREDIBLE).advertorial_score


def test_title_informs_but_never_carries_spans():
    rep = slantcheck.score(CREDIBLE, title="You Won't Believe What Happened At The Ferry Vote")
    assert all(0 <= s.start < s.end <= len(CREDIBLE) for s in rep.spans)
    assert all(s.kind != "clickbait" for s in rep.spans)


def test_score_many_keeps_order():
    texts = [CREDIBLE, SHAREBAIT, CTA_LINE, "", CREDIBLE]
    got = [r.to_dict() for r in slantcheck.score_many(iter(texts))]
    assert got == [slantcheck.score(t).to_dict() for t in texts]


def test_import_does_not_load_sklearn_or_model():
    code = "import sys, slantcheck; print('sklearn' in sys.modules, bool(slantcheck.pipeline._default))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_scoring_does_not_need_sklearn():
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "import slantcheck; r = slantcheck.score('Share this before they delete it!'); print(r.label)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in ("clean", "review", "flag")


def test_same_output_across_processes():
    code = f"import slantcheck; print(slantcheck.score({SHAREBAIT!r}).to_json())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert runs.pop().strip() == slantcheck.score(SHAREBAIT).to_json()


_pieces = st.sampled_from([CREDIBLE, SHAREBAIT, AD_LINE, CTA_LINE, "\n", "\r\n", " ", "“quoted,” she said. ",
                           "S h a r e  t h i s", "\u200b", "Ѕhаrе this now!", "🚨🚨", "\ud800"])


@given(st.one_of(st.text(), st.lists(st.one_of(_pieces, st.text(max_size=20)), max_size=8).map("".join)))
def test_invariants_on_arbitrary_text(text):
    rep = slantcheck.score(text)
    assert 0.0 <= rep.score <= 1.0 and 0.0 <= rep.advertorial_score <= 1.0
    assert all(0.0 <= v.score <= 1.0 for v in rep.signals.values())
    last_end: dict[str, int] = {}
    for s in rep.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.text[0] not in INVISIBLE and s.text[-1] not in INVISIBLE
        assert s.start >= last_end.get(s.kind, 0), "same-kind spans overlap"
        last_end[s.kind] = s.end
        assert 0.0 <= s.score <= 1.0 and s.reason and s.rule and s.detector
    assert list(rep.spans) == sorted(rep.spans, key=lambda s: (s.start, s.end, s.kind))
    assert rep.to_dict() == slantcheck.score(text).to_dict()
