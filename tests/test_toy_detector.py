"""A new detector is one small class plus one registry line (CONTRIBUTING.md shows the same example)."""

from __future__ import annotations

import pytest

import slantcheck
from slantcheck import detectors
from slantcheck.detectors import Detector


class ToyCoupon(Detector):
    """Flags a "mention the word ... at the counter" line as an ad injection, from a rule table given as data."""

    name = "toy_coupon"
    kind = "ad_injection"
    rule_file = ""  # rules come in as a config mapping below; a shipped detector names its data/*.json file

    def __init__(self) -> None:
        super().__init__({
            "detector": "toy_coupon", "kind": "ad_injection", "version": 1,
            "rules": [{"id": "counter_word", "unit": "line", "weight": 0.8,
                       "reason": "Offers a deal for a word said at the counter.",
                       "patterns": [r"\bmention the word \w+ at the counter\b"]}],
        })


@pytest.fixture
def with_toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detectors, "REGISTRY", detectors.REGISTRY + (ToyCoupon,))  # the one registry line


TEXT = ("The ferry will run on its winter schedule from Monday, the county said.\n"
        "Mention the word HARBOR at the counter.\n")


def test_toy_detector_scores_through_the_pipeline(with_toy: None) -> None:
    dets = detectors.default_detectors()
    assert [type(d).__name__ for d in dets][-1] == "ToyCoupon"
    report = slantcheck.load(detectors=dets).score(TEXT)
    toy = [s for s in report.spans if s.detector == "toy_coupon"]
    assert [(s.rule, s.text) for s in toy] == [("counter_word", "Mention the word HARBOR at the counter.")]
    assert TEXT[toy[0].start : toy[0].end] == toy[0].text
    assert toy[0] in report.signals["ad_injection"].spans


def test_toy_detector_hard_negative(with_toy: None) -> None:
    report = slantcheck.load(detectors=detectors.default_detectors()).score(
        "Ortiz did not mention the word ferry at the meeting, the minutes show.")
    assert not [s for s in report.spans if s.detector == "toy_coupon"]


def test_without_the_registry_line_the_toy_is_not_run() -> None:
    assert ToyCoupon not in detectors.REGISTRY
    assert not [s for s in slantcheck.score(TEXT).spans if s.detector == "toy_coupon"]
