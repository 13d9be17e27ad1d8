"""``slantcheck.features``: names, columns and bounds of the feature row."""

from __future__ import annotations

import numpy as np

from slantcheck.detectors import default_detectors
from slantcheck.features import feature_names, featurize, is_evidence, rule_ids
from slantcheck.kinds import KINDS
from slantcheck.pipeline import analyze, default_scorer

from ._texts import CREDIBLE, SHAREBAIT

DETS = default_detectors()


def test_feature_names_are_the_shipped_models_columns() -> None:
    from slantcheck.training.units import doc_feature_names

    names = default_scorer().params.feature_names
    assert tuple(names) == doc_feature_names(DETS)
    assert set(names) <= set(feature_names(DETS, units=True))


def test_rule_ids_include_rules_made_in_code() -> None:
    ids = rule_ids(DETS)
    assert {"ad_injection:promo_line", "ad_injection:disclosure_block", "clickbait:shouting_headline"} <= set(ids)
    assert list(ids) == sorted(ids)
    assert all(d.kind in KINDS for d in DETS)


def test_row_has_one_value_per_name_and_evidence_is_non_negative() -> None:
    names = feature_names(DETS)
    for text in (CREDIBLE, SHAREBAIT, ""):
        row = featurize(analyze(text, DETS), names)
        assert row.shape == (len(names),) and row.dtype == np.float64 and np.isfinite(row).all()
        assert all(v >= 0 for n, v in zip(names, row, strict=True) if is_evidence(n))


def test_repetition_is_capped() -> None:
    names = list(feature_names(DETS))
    one = featurize(analyze("Share this before they delete it!", DETS), names)
    many = featurize(analyze("\n".join(["Share this before they delete it!"] * 50), DETS), names)
    i = names.index("call_to_share__sum_score")
    assert many[i] <= 3.0 and many[i] >= one[i]


def test_spans_drive_the_per_kind_columns() -> None:
    names = list(feature_names(DETS))
    row = featurize(analyze(SHAREBAIT, DETS), names)
    assert row[names.index("call_to_share__log_count")] > 0
    assert featurize(analyze(CREDIBLE, DETS), names)[names.index("call_to_share__log_count")] == 0
