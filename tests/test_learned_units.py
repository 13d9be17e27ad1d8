"""The learned unit models (detectors/learned.py) and the evidence-driven document score.

Texts here are written for these tests. The metamorphic invariants also run over the shared seeds, the dev set
and a sample of slantcheck-train when ../shared is beside the checkout.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from slantcheck.detectors import learned
from slantcheck.detectors.unitfeatures import unit_rows
from slantcheck.errors import ModelError
from slantcheck.pipeline import analyze, feature_reason
from slantcheck.text.context import Context
from slantcheck.text.normalize import normalize

ARTICLE = (
    "Council approves new bus lanes on Harbour Road\n"
    "The city council voted 7-2 on Tuesday to add bus lanes on Harbour Road, the transport office said.\n"
    "Everyone knows the mayor only backed the plan to please his donors.\n"
    "Insiders say the project will be cancelled within a year.\n"
    "Works begin in March, according to a council statement.\n"
    "Share this before they bury it!\n"
)
NEUTRAL = "The ministry said the figures would be published on Monday."


@pytest.fixture(scope="module")
def units(scorer):
    if scorer.units is None:
        pytest.skip("no unit models are shipped")
    return scorer.units


def test_every_sentence_with_a_letter_is_a_candidate(units):
    ctx = Context(normalize(ARTICLE + "...\n!!!\n").text)
    scores = units.score(ctx)
    lettered = [s for s in ctx.sentences if any(ch.isalpha() for ch in ctx.text[s.start : s.end])]
    assert [r.unit for r in scores.rows] == lettered
    assert scores.probs.shape == (len(lettered), len(units.kinds))
    assert ((scores.probs > 0) & (scores.probs < 1)).all()


def test_learned_spans_name_model_version_and_cues(scorer, units):
    rep = scorer.score(ARTICLE)
    mine = [s for s in rep.spans if s.detector == "learned"]
    assert mine, rep.spans
    for s in mine:
        assert s.rule == f"units@{units.version}"
        assert s.reason.startswith("learned ") and "p=" in s.reason
        assert ARTICLE[s.start : s.end] == s.text
    share = [s for s in rep.spans if s.kind == "call_to_share"]
    assert any("Share this" in s.text for s in share)


def test_unsourced_reason_says_no_attribution(units):
    ctx = Context(normalize(ARTICLE).text)
    scores = units.score(ctx)
    row = next(r for r in scores.rows if r.text.startswith("Everyone knows"))
    assert units.reason("unsourced_assertion", row, 0.9).startswith(
        "learned unsourced assertion model, p=0.90: no attribution")
    attributed = next(r for r in scores.rows if "according to" in r.text)
    assert "no attribution" not in units.reason("unsourced_assertion", attributed, 0.9)


def test_rule_hits_become_cues():
    ctx = Context(normalize("Alpha beta gamma. Delta epsilon.").text)
    rows = unit_rows(ctx, [(0, 5, "clickbait")])
    assert rows[0].cues.get("rule_clickbait") == 1.0 and "rule_clickbait" not in rows[1].cues


def test_save_load_round_trip_and_tamper(tmp_path, units):
    path = learned.save(units, tmp_path / "u")
    back = learned.load(path)
    assert back.version == units.version and back.thresholds == units.thresholds
    ctx = Context(normalize(ARTICLE).text)
    assert np.allclose(back.score(ctx).probs, units.score(ctx).probs)
    doc = json.loads(path.read_text())
    doc["kinds"]["clickbait"]["threshold"] = 0.0
    path.write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="checksum"):
        learned.load(path)


def test_no_units_dir_means_rules_only(tmp_path):
    assert learned.shipped(tmp_path) is None


def test_long_text_windows_keep_unit_scores(units):
    from slantcheck.detectors import default_detectors

    det = default_detectors()
    text = (ARTICLE + "\n") * 40
    whole = analyze(text, det, units=units)
    windowed = analyze(text, det, units=units, max_window=2_000)
    assert windowed.windows > 1
    # every sentence is scored once; windows see their own neighbours and document cues, so values move a little
    assert len(windowed.units.rows) == len(whole.units.rows)
    assert windowed.units.probs.shape == whole.units.probs.shape


def test_feature_reason_words():
    assert feature_reason("unsourced_assertion__unit_top3", 0.41) == \
        "three most likely unsourced assertion sentences: mean p=0.41"
    assert feature_reason("call_to_share__log_count", float(np.log1p(2))) == "call to share spans: 2"
    assert feature_reason("rule__ad_injection__promo_line", 0.7) == "ad injection rule 'promo_line' fired"


# --- metamorphic invariants of the document score ---------------------------------------------------------------
def _texts(shared):
    out = [ARTICLE]
    if shared is None:
        return out
    out += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    for name, step in (("slantcheck-dev/dev.jsonl", 5), ("slantcheck-train/train.jsonl", 27)):
        path = shared / "data" / name
        if path.is_file():
            recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            out += [r["text"] for r in recs[::step]]
    return out


@pytest.fixture(scope="module")
def texts():
    from tests.conftest import shared_dir

    return _texts(shared_dir())


@pytest.mark.parametrize("pad", ["\n" * 60, "\n.\n" * 60, "\n- - -\n" * 30])
def test_blank_or_punctuation_padding_changes_nothing(scorer, texts, pad):
    for t in texts:
        a, b = scorer.score(t), scorer.score(t + pad)
        assert abs(a.score - b.score) < 1e-9 and a.label == b.label, t[:80]
        assert abs(a.advertorial_score - b.advertorial_score) < 1e-9


def test_neutral_attributed_padding_never_cleans_a_flag(scorer, texts):
    pad = "\n" + "\n".join([NEUTRAL] * 10)
    for t in texts:
        a, b = scorer.score(t), scorer.score(t + pad)
        if a.label == "flag":
            assert b.label != "clean", t[:80]


def test_repeating_an_evidence_line_never_lowers_the_score(scorer, texts):
    for t in texts:
        a = scorer.score(t)
        if not a.spans:
            continue
        top = max(a.spans, key=lambda s: s.score)
        line_start = t.rfind("\n", 0, top.start) + 1
        line_end = t.find("\n", top.end)
        line = t[line_start : line_end if line_end >= 0 else len(t)]
        b = scorer.score(t + "\n" + line)
        assert b.score >= a.score - 1e-9, (t[:80], line)


def test_review_or_flag_comes_with_its_evidence(scorer, texts):
    for t in texts:
        r = scorer.score(t)
        if r.label != "clean":
            assert r.spans or r.reasons, t[:80]
            assert r.reasons, t[:80]
