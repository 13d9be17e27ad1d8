"""SlantFeatures honours the scikit-learn transformer contract (check_estimator skips text transformers)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from slantcheck.detectors import default_detectors
from slantcheck.features.transformer import SlantFeatures

from ._texts import TRAIN_DOCS

X = [t for t, _, _ in TRAIN_DOCS] * 2
y = np.array([f for _, f, _ in TRAIN_DOCS] * 2)


def test_names_match_columns():
    f = SlantFeatures().fit(X)
    out = f.transform(X)
    assert out.shape == (len(X), len(f.get_feature_names_out()))
    assert len(set(f.get_feature_names_out())) == out.shape[1]
    assert all("__" in n for n in f.get_feature_names_out())


def test_clone_and_params_round_trip():
    dets = default_detectors()
    f = SlantFeatures(detectors=dets)
    assert f.get_params() == {"detectors": dets}
    g = clone(f)
    assert [type(d) for d in g.get_params()["detectors"]] == [type(d) for d in dets]
    assert not hasattr(g, "feature_names_out_")
    assert f.set_params(detectors=None) is f and f.detectors is None


def test_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        SlantFeatures().transform(X)


def test_bare_string_refused():
    with pytest.raises(ValueError, match="single string"):
        SlantFeatures().fit("just one text")


def test_non_str_document_refused():
    with pytest.raises(TypeError, match="int"):
        SlantFeatures().fit_transform(["ok", 3])


def test_pipeline_and_grid_search():
    pipe = Pipeline([("feats", SlantFeatures()), ("scale", StandardScaler()), ("lr", LogisticRegression())])
    pipe.fit(X, y)
    assert pipe.predict_proba(X).shape == (len(X), 2)
    assert (pipe.predict(X) == y).mean() >= 0.75
    gs = GridSearchCV(pipe, {"lr__C": [0.1, 1.0]}, cv=2).fit(X, y)
    assert gs.best_params_["lr__C"] in (0.1, 1.0)


def test_pickle_round_trip_gives_same_features():
    f = SlantFeatures().fit(X)
    g = pickle.loads(pickle.dumps(f))
    np.testing.assert_array_equal(f.transform(X), g.transform(X))


def test_features_are_deterministic():
    f = SlantFeatures().fit(X)
    np.testing.assert_array_equal(f.transform(X), SlantFeatures().fit(X).transform(X))
