"""Data-only model files: ``model.json`` (description) + ``weights.npz`` (arrays). No pickle, ever.

Load order (after skops): read the JSON -> check format and version -> check the arrays'
SHA-256 -> read arrays with ``allow_pickle=False`` -> check shapes against the feature names
-> build ``ModelParams``. Any failure is a ``ModelError`` saying what and where.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from slantcheck.errors import ModelError

FORMAT = "slantcheck-model"
FORMAT_VERSION = 1
TARGETS = ("flag", "advertorial", "ad_injection", "call_to_share", "unsourced_assertion", "clickbait")
ARRAYS = ("mean", "scale", "coef", "intercept", "cal_a", "cal_b")
_PICKLE_MAGIC = (b"\x80", b"(", b"]", b"}")


@dataclass(frozen=True)
class ModelParams:
    """A standardiser, one linear model per target and a Platt calibrator per target."""

    model_version: str
    feature_names: tuple[str, ...]
    targets: tuple[str, ...]
    thresholds: tuple[float, float]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (targets, features)
    intercept: np.ndarray  # (targets,)
    cal_a: np.ndarray  # (targets,)
    cal_b: np.ndarray  # (targets,)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def contributions(self, x: np.ndarray, target: str) -> np.ndarray:
        """Each feature's share of one row's decision value for ``target`` (before calibration)."""
        t = self.targets.index(target)
        out: np.ndarray = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) * self.coef[t]
        return out

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape (rows, targets): sigmoid(-(a * f + b)), f the decision value."""
        Z = (np.atleast_2d(X) - self.mean) / self.scale
        f = Z @ self.coef.T + self.intercept
        p: np.ndarray = 1.0 / (1.0 + np.exp(np.clip(self.cal_a * f + self.cal_b, -500, 500)))
        return p


def _npz_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An .npz with fixed timestamps and order, so the same arrays give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(arrays):
            arr = io.BytesIO()
            np.lib.format.write_array(arr, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, arr.getvalue())
    return buf.getvalue()


def _canonical(doc: Mapping[str, Any]) -> bytes:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_dir(directory: str | Path, doc: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> Path:
    """Write ``weights.npz`` and ``model.json`` (with the arrays' and its own SHA-256) into ``directory``."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    blob = _npz_bytes(arrays)
    (d / "weights.npz").write_bytes(blob)
    full = dict(doc)
    full["arrays"] = {"file": "weights.npz", "sha256": hashlib.sha256(blob).hexdigest()}
    full["content_sha256"] = hashlib.sha256(_canonical(full)).hexdigest()
    path = d / "model.json"
    path.write_text(json.dumps(full, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_dir(path: str | Path, fmt: str, version: int, names: Sequence[str]) -> tuple[Path, dict[str, Any],
                                                                                     dict[str, np.ndarray]]:
    """Read a plain-data model: refuse pickles, check format, version and both checksums, load arrays.

    Returns the JSON path, the description (without its checksum) and the named arrays.
    """
    p = Path(path)
    jpath = p / "model.json" if p.is_dir() else p
    if not jpath.is_file():
        raise ModelError(f"{jpath}: no such model file")
    raw = jpath.read_bytes()
    if raw[:1] in _PICKLE_MAGIC or raw[:2] == b"PK":
        raise ModelError(f"{jpath}: not a slantcheck model description (looks like a pickle or archive); "
                         "slantcheck never unpickles model files")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{jpath}: not valid JSON ({exc}); the file may be truncated") from None
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise ModelError(f"{jpath}: field 'format' must be {fmt!r}")
    if doc.get("format_version") != version:
        raise ModelError(f"{jpath}: format_version {doc.get('format_version')!r} is not supported "
                         f"(this slantcheck reads version {version})")
    claimed = doc.pop("content_sha256", None)
    if claimed != hashlib.sha256(_canonical(doc)).hexdigest():
        raise ModelError(f"{jpath}: content checksum mismatch; the description was modified or damaged")
    arr_info = doc.get("arrays") or {}
    apath = jpath.parent / str(arr_info.get("file", ""))
    if not apath.is_file() or apath.parent != jpath.parent:
        raise ModelError(f"{jpath}: arrays file {apath.name!r} is missing")
    blob = apath.read_bytes()
    if hashlib.sha256(blob).hexdigest() != arr_info.get("sha256"):
        raise ModelError(f"{apath}: SHA-256 mismatch; the weights were modified, truncated or replaced")
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            arrays = {n: np.asarray(npz[n]) for n in names}
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"{apath}: unreadable arrays ({exc})") from None
    return jpath, doc, arrays


def save(params: ModelParams, directory: str | Path) -> Path:
    """Write ``model.json`` and ``weights.npz`` into ``directory``; returns the JSON path."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model_version": params.model_version,
        "feature_names": list(params.feature_names),
        "targets": list(params.targets),
        "thresholds": {"review": params.thresholds[0], "flag": params.thresholds[1]},
        "meta": dict(params.meta),
    }
    return write_dir(directory, doc, {n: getattr(params, n).astype(np.float64) for n in ARRAYS})


def load(path: str | Path) -> ModelParams:
    """Load a model directory or its ``model.json``; refuses anything but the plain-data format."""
    jpath, doc, raw_arrays = read_dir(path, FORMAT, FORMAT_VERSION, ARRAYS)
    apath = jpath.parent / doc["arrays"]["file"]
    arrays = {n: raw_arrays[n].astype(np.float64) for n in ARRAYS}
    names = tuple(doc.get("feature_names", ()))
    targets = tuple(doc.get("targets", ()))
    nf, nt = len(names), len(targets)
    expected = {"mean": (nf,), "scale": (nf,), "coef": (nt, nf), "intercept": (nt,), "cal_a": (nt,), "cal_b": (nt,)}
    for n, shape in expected.items():
        if arrays[n].shape != shape:
            raise ModelError(f"{apath}: array {n!r} has shape {arrays[n].shape}, expected {shape}")
    if set(targets) != set(TARGETS):
        raise ModelError(f"{jpath}: targets must be {list(TARGETS)}")
    th = doc.get("thresholds", {})
    try:
        thresholds = (float(th["review"]), float(th["flag"]))
    except (KeyError, TypeError, ValueError):
        raise ModelError(f"{jpath}: field 'thresholds' needs numeric 'review' and 'flag'") from None
    if not 0.0 <= thresholds[0] <= thresholds[1] <= 1.0:
        raise ModelError(f"{jpath}: thresholds must satisfy 0 <= review <= flag <= 1")
    return ModelParams(
        model_version=str(doc.get("model_version", "unknown")), feature_names=names, targets=targets,
        thresholds=thresholds, meta=doc.get("meta", {}), **arrays,
    )


def models_root() -> Path:
    """The folder holding the shipped models: installed package data, or ``models/`` in a source checkout."""
    from importlib import resources

    try:
        p = Path(str(resources.files("slantcheck.models")))
        if p.is_dir():
            return p
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "models"
