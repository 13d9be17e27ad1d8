"""Case tables, one file per detector kind (tests/data/cases/<kind>.jsonl): positives and the spec's hard
negatives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slantcheck.detectors import REGISTRY, default_detectors, detect
from slantcheck.detectors.share import CallToShare
from slantcheck.errors import RuleError
from slantcheck.text.normalize import normalize

CASE_DIR = Path(__file__).parent / "data" / "cases"
TABLES = {p.stem: [json.loads(x) for x in p.read_text("utf-8").splitlines() if x]
          for p in sorted(CASE_DIR.glob("*.jsonl"))}
CASES = [c for table in TABLES.values() for c in table]
DETECTORS = default_detectors()

# Cases the detectors do not get yet, with the reason; each must be taken out once it passes (strict xfail).
KNOWN_GAPS = {
    "Kestrel Home Solar": "brand-and-slogan line with no commercial word: needs the learned line model",
    "g3t y0ur fr33": "folded to plain text now, but a one-line text is read as a headline and no offer rule covers it",
}


def _gap(case):
    for key, why in KNOWN_GAPS.items():
        if key in case["text"]:
            return pytest.mark.xfail(reason=why, strict=True)
    return ()


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{kind}-{i}-{'pos' if c['expect'] else 'neg'}", marks=_gap(c))
             for kind, table in TABLES.items() for i, c in enumerate(table)])
def test_case_table(case):
    spans = [s for s in detect(normalize(case["text"]), DETECTORS) if s.kind == case["kind"]]
    if case["expect"]:
        i = case["text"].index(case["span"])
        j = i + len(case["span"])
        assert any(s.start < j and s.end > i for s in spans), f"{case['kind']} not found: {case['note']}"
    else:
        assert spans == [], f"unexpected {case['kind']}: {[s.text for s in spans]} ({case['note']})"


def test_every_kind_has_positives_and_negatives():
    assert set(TABLES) == {d.kind for d in DETECTORS}
    assert all(c["kind"] == kind for kind, table in TABLES.items() for c in table)
    for det in REGISTRY:
        kinds = [c["expect"] for c in CASES if c["kind"] == det.kind]
        assert kinds.count(True) >= 10 and kinds.count(False) >= 10, det.kind


def test_repeated_ad_line_gives_one_span_per_occurrence():
    line = "Copperleaf Roasters – Small-Batch Coffee, Shipped Free Nationwide"
    text = f"The market reopened on Monday, officials said.\n{line}\nTraders were cautious.\n{line}\n"
    ads = [s for s in detect(normalize(text), DETECTORS) if s.kind == "ad_injection"]
    assert [s.text for s in ads] == [line, line]
    assert ads[0].start != ads[1].start


def test_disclosure_heading_and_body_are_one_span():
    text = "Great trail.\nAffiliate Disclosure:\nSome links here may earn me a small commission at no cost to you."
    ads = [s for s in detect(normalize(text), DETECTORS) if s.kind == "ad_injection"]
    assert len(ads) == 1 and ads[0].text.startswith("Affiliate Disclosure:") and ads[0].text.endswith("you.")


def test_spans_carry_rule_reason_and_score():
    spans = detect(normalize("Share this before they delete it!"), DETECTORS)
    assert spans and all(s.rule and s.reason.endswith(".") and 0 < s.score <= 1 for s in spans)


def test_shipped_rule_patterns_compile_on_first_use_and_behave_as_compiled():
    import pickle
    import re

    from slantcheck.detectors.base import LazyPattern

    rule = next(r for d in DETECTORS for r in d.rules if isinstance(r.pattern, LazyPattern))
    lazy = rule.pattern
    eager = re.compile(lazy.pattern, lazy.flags)
    assert lazy == eager and lazy.flags == eager.flags and hash(lazy) == hash(pickle.loads(pickle.dumps(lazy)))
    text = "Share this now. Experts agree it is true, officials said. Sponsored: use code SAVE20!\nTag a friend"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    first = lazy.search(text)
    assert (first.span() if first else None) == (eager.search(text).span() if eager.search(text) else None)
    # A pattern that is not a shipped one is still compiled (and checked) when the rule is loaded.
    mixed = {"kind": "call_to_share", "rules": [{"id": "x", "unit": "sentence", "weight": 0.5, "reason": "r",
                                                 "patterns": [rule.sources[0], "(unclosed"]}]}
    with pytest.raises(RuleError, match="invalid regex"):
        CallToShare(mixed, source="rules.json")


def test_bad_rule_file_names_file_entry_and_field():
    bad = {"kind": "call_to_share", "rules": [{"id": "x", "unit": "sentence", "weight": 2, "reason": "r",
                                               "phrases": ["share"]}]}
    with pytest.raises(RuleError, match=r"rules.json: rule #0 \(x\): field 'weight'"):
        CallToShare(bad, source="rules.json")
    bad["rules"][0].update(weight=0.5, patterns=["(unclosed"])
    with pytest.raises(RuleError, match="field 'patterns': invalid regex"):
        CallToShare(bad, source="rules.json")
