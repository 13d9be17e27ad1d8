"""Model files are plain data: byte-stable, checksummed, and never unpickled."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

import slantcheck
from slantcheck.errors import ModelError
from slantcheck.modelfile import TARGETS, load, save
from slantcheck.training.train import fit

from ._texts import TRAIN_DOCS


@pytest.fixture(scope="module")
def params():
    texts = [t for t, _, _ in TRAIN_DOCS] * 3
    flag = np.array([f for _, f, _ in TRAIN_DOCS] * 3)
    adv = np.array([a for _, _, a in TRAIN_DOCS] * 3)
    ys = {t: (adv if t in ("advertorial", "ad_injection") else flag) for t in TARGETS}
    return fit(texts, ys)[1]


def test_round_trip_scores_identically(params, tmp_path):
    save(params, tmp_path)
    loaded = load(tmp_path)
    X = np.random.default_rng(0).normal(size=(5, len(params.feature_names)))
    np.testing.assert_allclose(params.predict_proba(X), loaded.predict_proba(X))
    assert loaded.feature_names == params.feature_names


def test_save_is_byte_identical(params, tmp_path):
    save(params, tmp_path / "a")
    save(params, tmp_path / "b")
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_scorer_from_custom_model(params, tmp_path):
    save(params, tmp_path)
    rep = slantcheck.load(tmp_path).score("Share this before they delete it!")
    assert 0.0 <= rep.score <= 1.0
    assert any(s.kind == "call_to_share" for s in rep.spans)


def test_tampered_weights_refused(params, tmp_path):
    save(params, tmp_path)
    blob = bytearray((tmp_path / "weights.npz").read_bytes())
    blob[-40] ^= 0xFF
    (tmp_path / "weights.npz").write_bytes(bytes(blob))
    with pytest.raises(ModelError, match="SHA-256"):
        load(tmp_path)


def test_edited_description_refused(params, tmp_path):
    save(params, tmp_path)
    doc = json.loads((tmp_path / "model.json").read_text())
    doc["thresholds"]["flag"] = 0.99
    (tmp_path / "model.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="checksum"):
        load(tmp_path)


def test_truncated_description_refused(params, tmp_path):
    save(params, tmp_path)
    raw = (tmp_path / "model.json").read_bytes()
    (tmp_path / "model.json").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ModelError, match="truncated"):
        load(tmp_path)


def test_wrong_version_refused(params, tmp_path):
    save(params, tmp_path)
    doc = json.loads((tmp_path / "model.json").read_text())
    doc["format_version"] = 99
    (tmp_path / "model.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="format_version"):
        load(tmp_path)


class _Boom:
    def __reduce__(self):
        return (Path.write_text, (Path(_Boom.marker), "pwned"))


def test_malicious_pickle_refused_without_running(tmp_path):
    _Boom.marker = str(tmp_path / "executed")
    evil = tmp_path / "model.json"
    evil.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(ModelError, match="pickle"):
        load(evil)
    with pytest.raises(ModelError):
        slantcheck.load(evil)
    assert not (tmp_path / "executed").exists()


def test_pickle_disguised_as_weights_refused(params, tmp_path):
    save(params, tmp_path)
    _Boom.marker = str(tmp_path / "executed")
    (tmp_path / "weights.npz").write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(ModelError):
        load(tmp_path)
    assert not (tmp_path / "executed").exists()


def test_missing_model_is_clear(tmp_path):
    with pytest.raises(ModelError, match="no such model"):
        load(tmp_path / "nope")


# --- issue 6: hostile model files ------------------------------------------------------------------
def _resign(directory: Path, new_arrays: dict | bytes | None = None, **changes) -> None:
    """Rewrite a saved model with new arrays/fields and *valid* checksums (a careful forger)."""
    import hashlib

    from slantcheck.modelfile import _canonical, _npz_bytes

    doc = json.loads((directory / "model.json").read_text())
    doc.pop("content_sha256")
    if new_arrays is not None:
        blob = new_arrays if isinstance(new_arrays, bytes) else _npz_bytes(new_arrays)
        (directory / "weights.npz").write_bytes(blob)
        doc["arrays"]["sha256"] = hashlib.sha256(blob).hexdigest()
    doc.update(changes)
    doc["content_sha256"] = hashlib.sha256(_canonical(doc)).hexdigest()
    (directory / "model.json").write_text(json.dumps(doc))


def _arrays(params) -> dict:
    from slantcheck.modelfile import ARRAYS

    return {n: getattr(params, n) for n in ARRAYS}


def test_truncated_weights_file_refused(params, tmp_path):
    save(params, tmp_path)
    blob = (tmp_path / "weights.npz").read_bytes()
    (tmp_path / "weights.npz").write_bytes(blob[: len(blob) // 3])
    with pytest.raises(ModelError, match="SHA-256"):
        load(tmp_path)


def test_truncated_array_with_valid_checksums_refused(params, tmp_path):
    save(params, tmp_path)
    arrays = _arrays(params)
    arrays["coef"] = arrays["coef"][:, :-3]  # a column short
    _resign(tmp_path, arrays)
    with pytest.raises(ModelError, match=r"array 'coef' has shape"):
        load(tmp_path)


def test_missing_array_with_valid_checksums_refused(params, tmp_path):
    save(params, tmp_path)
    arrays = _arrays(params)
    del arrays["cal_b"]
    _resign(tmp_path, arrays)
    with pytest.raises(ModelError, match="unreadable arrays"):
        load(tmp_path)


def test_truncated_npz_with_valid_checksums_refused(params, tmp_path):
    save(params, tmp_path)
    blob = (tmp_path / "weights.npz").read_bytes()
    _resign(tmp_path, blob[: len(blob) - 200])
    with pytest.raises(ModelError, match="unreadable arrays"):
        load(tmp_path)


def test_object_array_pickle_inside_npz_refused_without_running(params, tmp_path):
    import io
    import zipfile

    save(params, tmp_path)
    _Boom.marker = str(tmp_path / "executed")
    arrays = _arrays(params)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in arrays.items():
            one = io.BytesIO()
            if name == "coef":
                np.save(one, np.array([_Boom()], dtype=object), allow_pickle=True)
            else:
                np.save(one, arr)
            zf.writestr(f"{name}.npy", one.getvalue())
    _resign(tmp_path, buf.getvalue())
    with pytest.raises(ModelError, match="unreadable arrays"):
        load(tmp_path)
    assert not (tmp_path / "executed").exists()


@pytest.mark.parametrize("version", [0, 2, "1", None, 1.5])
def test_other_format_versions_refused_even_with_valid_checksum(params, tmp_path, version):
    save(params, tmp_path)
    _resign(tmp_path, format_version=version)
    with pytest.raises(ModelError, match="format_version"):
        load(tmp_path)


def test_wrong_format_and_arrays_path_escape_refused(params, tmp_path):
    save(params, tmp_path / "m")
    _resign(tmp_path / "m", format="sklearn-joblib")
    with pytest.raises(ModelError, match="field 'format'"):
        load(tmp_path / "m")
    save(params, tmp_path / "n")
    (tmp_path / "weights.npz").write_bytes((tmp_path / "n" / "weights.npz").read_bytes())
    digest = json.loads((tmp_path / "n" / "model.json").read_text())["arrays"]["sha256"]
    _resign(tmp_path / "n", arrays={"file": "../weights.npz", "sha256": digest})
    with pytest.raises(ModelError, match="missing"):
        load(tmp_path / "n")


def test_joblib_and_zip_files_refused(params, tmp_path):
    import joblib

    _Boom.marker = str(tmp_path / "executed")
    joblib.dump({"model": _Boom()}, tmp_path / "model.joblib")
    with pytest.raises(ModelError):
        load(tmp_path / "model.joblib")
    save(params, tmp_path / "z")
    (tmp_path / "zip.json").write_bytes((tmp_path / "z" / "weights.npz").read_bytes())
    with pytest.raises(ModelError, match="pickle or archive"):
        load(tmp_path / "zip.json")
    assert not (tmp_path / "executed").exists()
