"""The hashed text classifier: stable hashing, numpy-only scoring, safe and byte-identical files."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib

import numpy as np
import pytest

from slantcheck.detectors import textclf
from slantcheck.detectors.textclf import HashSpec
from slantcheck.errors import ModelError
from slantcheck.training.textclf import fit as fit_textclf

BAIT = [
    "You won't believe what this dog did next",
    "17 things only cat owners will understand",
    "This one weird trick will change your mornings forever",
    "We tried every pizza in town and number 9 shocked us",
    "Which sitcom character are you? Take the quiz",
    "The reason your phone dies so fast will surprise you",
    "These 12 photos prove summer is the best season",
    "What happened at this wedding will make you cry",
    "Here's why everyone is talking about this sandwich",
    "23 secrets flight attendants won't tell you",
]
NEWS = [
    "Council approves budget for road repairs",
    "Storm closes schools across three counties",
    "Central bank holds interest rates steady",
    "Court rejects appeal in land dispute case",
    "Rail operator adds evening trains on northern line",
    "Hospital opens new maternity ward",
    "Farmers report lower wheat harvest after drought",
    "Minister resigns over procurement inquiry",
    "Port strike enters its second week",
    "University receives grant for coral research",
]


def _toy(spec: HashSpec = HashSpec(word_ngrams=(1, 2), char_ngrams=(2, 4))) -> textclf.TextClassifier:
    texts = BAIT + NEWS
    y = [1] * len(BAIT) + [0] * len(NEWS)
    clf = fit_textclf(texts, y, spec, name="toy", C=10.0, calib=(texts, y, None), meta={"C": 10.0})
    return textclf.with_version(clf)


def test_hashing_is_crc32_and_stable():
    spec = HashSpec(word_ngrams=(1, 1), digits=True)
    idx, val = textclf.hashed("Ferry", spec)
    assert list(idx) == [zlib.crc32(b"w1:ferry") & (spec.buckets - 1)]
    assert val.tolist() == [1.0]
    a = textclf.hashed("The ferry, the FERRY!", HashSpec())
    b = textclf.hashed("the ferry the ferry !", HashSpec())
    assert np.array_equal(a[0], b[0]) and np.allclose(a[1], b[1])  # case-folded; punctuation tokens kept
    assert np.all(np.diff(a[0]) > 0)


def test_hashing_does_not_depend_on_python_hash_seed():
    code = ("from slantcheck.detectors.textclf import hashed, HashSpec; "
            "print(hashed('Share before they delete it 2024', HashSpec(char_ngrams=(3, 5)))[0].tolist())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def test_dense_features_are_hashed_by_name():
    spec = HashSpec(word_ngrams=(1, 1))
    plain = textclf.hashed("sale today", spec)
    extra = textclf.hashed("sale today", spec, {"repeated": 1.0, "zero": 0.0})
    assert len(extra[0]) == len(plain[0]) + 1
    assert zlib.crc32(b"f:repeated") & (spec.buckets - 1) in extra[0].tolist()


def test_fit_separates_toy_classes_and_calibrates():
    clf = _toy()
    assert clf.proba("You won't believe these 9 photos") > 0.5
    assert clf.proba("Council approves road budget") < 0.5
    p = clf.proba_many(BAIT + NEWS)
    assert np.all((p >= 0) & (p <= 1))


def test_save_load_roundtrip_and_byte_identical(tmp_path):
    clf = _toy()
    textclf.save(clf, tmp_path / "a")
    textclf.save(_toy(), tmp_path / "b")
    for f in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    back = textclf.load(tmp_path / "a")
    for t in BAIT[:3] + NEWS[:3]:
        assert back.proba(t) == pytest.approx(clf.proba(t), abs=1e-12)
    assert back.model_version == clf.model_version and back.spec == clf.spec


def test_tampered_files_are_refused(tmp_path):
    textclf.save(_toy(), tmp_path)
    w = tmp_path / "weights.npz"
    blob = bytearray(w.read_bytes())
    blob[-40] ^= 0xFF
    w.write_bytes(bytes(blob))
    with pytest.raises(ModelError, match="SHA-256"):
        textclf.load(tmp_path)
    textclf.save(_toy(), tmp_path)
    doc = json.loads((tmp_path / "model.json").read_text())
    doc["bias"] = 5.0
    (tmp_path / "model.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="checksum"):
        textclf.load(tmp_path)
    (tmp_path / "model.json").write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(ModelError):
        textclf.load(tmp_path)


def test_model_arrays_are_read_only():
    clf = _toy()
    with pytest.raises(ValueError):
        clf._w[0] = 1.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["clickbait-headlines", "ad-lines"])
def test_shipped_submodels_score_without_scikit_learn(name):
    path = textclf.models_root() / name / "model.json"
    if not path.is_file():
        pytest.skip(f"{name} is not trained in this checkout")
    code = ("import sys; sys.modules['sklearn'] = None; sys.modules['scipy'] = None\n"
            "from slantcheck.detectors.textclf import shipped\n"
            f"clf = shipped({name!r}); p = clf.proba('Subscribe to our newsletter'); print(0.0 <= p <= 1.0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_shipped_loads_once():
    a = textclf.shipped("clickbait-headlines")
    if a is None:
        pytest.skip("clickbait-headlines is not trained in this checkout")
    assert textclf.shipped("clickbait-headlines") is a
