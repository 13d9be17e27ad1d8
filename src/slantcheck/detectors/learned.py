"""Learned unit models: every sentence of a text is scored for every kind; no phrase list gates it.

One hashed linear model per kind (``textclf.TextClassifier``: word 1-2-grams and character 3-5-grams of the
sentence plus the named cues of ``unitfeatures``), trained on real labelled pages (``training/units.py``) and
calibrated on publisher-held-out folds, so a unit's probability means what it says. The models of all kinds
share one hash space: a sentence is hashed once and scored by each model with a dot product. A sentence at or
above its kind's threshold becomes a span; for ads and share asks, neighbouring hits on one line are one span
(the line is the unit of those kinds). Every span's ``reason`` names the cues that drove it and ``rule``
names the model and its version. Files: ``models/units/`` (``model.json`` + ``weights.npz``, never pickled).
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from slantcheck.detectors.textclf import HashSpec, TextClassifier, hashed
from slantcheck.detectors.unitfeatures import UnitRow, cue_words, unit_rows
from slantcheck.errors import ModelError
from slantcheck.kinds import KINDS
from slantcheck.modelfile import models_root, read_dir, write_dir
from slantcheck.report import Span
from slantcheck.text.context import Context

FORMAT = "slantcheck-units"
FORMAT_VERSION = 1
NAME = "units"
#: Kinds whose unit is the line: several hit sentences on one line make one span.
LINE_KINDS = ("ad_injection", "call_to_share")
#: Cues named in a reason only when they are present; "no attribution" is said when no attribution cue is.
_ATTRIBUTION = ("attr", "attr_rules", "named_says", "pron_says", "according", "url")


@dataclass(frozen=True)
class UnitScores:
    """The probability of every kind for every candidate sentence of one text."""

    kinds: tuple[str, ...]
    rows: tuple[UnitRow, ...]
    probs: np.ndarray  # (rows, kinds)

    def within(self, start: int, end: int) -> UnitScores:
        """The sentences that start in ``[start, end)`` (one window's own part of a long text)."""
        keep = [i for i, r in enumerate(self.rows) if start <= r.unit.start < end]
        return UnitScores(self.kinds, tuple(self.rows[i] for i in keep), self.probs[keep])

    @staticmethod
    def concat(parts: Sequence[UnitScores]) -> UnitScores | None:
        """The windows' scores as one (their rows keep window offsets: only the probabilities are read)."""
        if not parts:
            return None
        return UnitScores(parts[0].kinds, tuple(r for p in parts for r in p.rows),
                          np.vstack([p.probs for p in parts]))

    def top(self, kind_index: int, k: int) -> float:
        """Mean of the ``k`` highest probabilities of one kind (0.0 with no candidate)."""
        if not len(self.rows):
            return 0.0
        col = np.sort(self.probs[:, kind_index])[::-1][:k]
        return float(col.mean())


class UnitModels:
    """The per-kind unit models of one model directory. Read-only; safe to share across threads."""

    detector = "learned"

    def __init__(self, spec: HashSpec, models: Mapping[str, TextClassifier], version: str) -> None:
        if any(m.spec != spec for m in models.values()):
            raise ModelError("unit models must share one hash spec")
        unknown = set(models) - set(KINDS)
        if unknown:
            raise ModelError(f"unknown kinds in unit models: {sorted(unknown)}")
        self.spec = spec
        self.kinds = tuple(k for k in KINDS if k in models)
        self.models = {k: models[k] for k in self.kinds}
        self.version = version
        self._W = np.stack([self.models[k].weights for k in self.kinds]) if self.kinds else np.zeros((0, spec.buckets))
        self._W.setflags(write=False)
        self._bias = np.array([self.models[k].bias for k in self.kinds])
        self._a = np.array([self.models[k].cal_a for k in self.kinds])
        self._b = np.array([self.models[k].cal_b for k in self.kinds])
        self.thresholds = {k: self.models[k].threshold for k in self.kinds}
        self._words = cue_words()

    def score(self, ctx: Context, rule_hits: Iterable[tuple[int, int, str]] = ()) -> UnitScores:
        """Every candidate sentence of ``ctx.text`` with its probability for each kind."""
        rows = tuple(unit_rows(ctx, rule_hits))
        probs = np.zeros((len(rows), len(self.kinds)))
        for i, r in enumerate(rows):
            idx, val = hashed(r.text, self.spec, r.cues)
            z = self._a * (self._W[:, idx] @ val + self._bias) + self._b
            probs[i] = 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))
        return UnitScores(self.kinds, rows, probs)

    def spans(self, ctx: Context, scores: UnitScores) -> list[Span]:
        """The sentences at or above their kind's threshold, as spans of ``ctx.text``."""
        out: list[Span] = []
        text = ctx.text
        for j, kind in enumerate(self.kinds):
            thr = self.thresholds[kind]
            hits = [(r, float(scores.probs[i, j])) for i, r in enumerate(scores.rows) if scores.probs[i, j] >= thr]
            groups: list[list[tuple[UnitRow, float]]] = []
            for r, p in hits:
                if kind in LINE_KINDS and groups and groups[-1][-1][0].unit.line == r.unit.line:
                    groups[-1].append((r, p))
                else:
                    groups.append([(r, p)])
            for g in groups:
                best = max(g, key=lambda x: x[1])
                s, e = g[0][0].unit.start, g[-1][0].unit.end
                out.append(Span(s, e, kind, text[s:e], best[1], self.detector, f"{NAME}@{self.version}",
                                self.reason(kind, best[0], best[1])))
        return out

    def reason(self, kind: str, row: UnitRow, p: float) -> str:
        """What drove a unit's probability, in a moderator's words: its strongest present cues for ``kind``."""
        m = self.models[kind]
        contrib = []
        for name, val in row.cues.items():
            if name.startswith("rule_"):
                label = "a rule for this kind fired" if name == "rule_" + kind else None
            else:
                label = self._words.get(name)
            if label is None:
                continue
            w = m.weight_of_feature(name) * val
            if w > 0.05:
                contrib.append((w, label))
        contrib.sort(reverse=True)
        said = [label for _, label in contrib[:3]]
        if kind == "unsourced_assertion" and not any(row.cues.get(c) for c in _ATTRIBUTION):
            said.insert(0, "no attribution")
        body = "; ".join(dict.fromkeys(said)) or "its wording"
        return f"learned {kind.replace('_', ' ')} model, p={p:.2f}: {body}"


# --- files -------------------------------------------------------------------------------------------------------
def save(models: UnitModels, directory: str | Path) -> Path:
    doc: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": NAME, "model_version": models.version,
        "hash": models.spec.to_dict(),
        "order": list(models.models),  # the arrays' order (JSON objects are written with sorted keys)
        "kinds": {k: {"bias": m.bias, "calibration": {"a": m.cal_a, "b": m.cal_b}, "threshold": m.threshold,
                      "meta": dict(m.meta)} for k, m in models.models.items()},
    }
    ms = list(models.models.values())
    bounds = np.cumsum([0] + [len(m.index) for m in ms]).astype(np.int64)
    arrays: dict[str, np.ndarray] = {"index": np.concatenate([m.index for m in ms]).astype(np.int32),
              "weight": np.concatenate([m.weight for m in ms]).astype(np.float32), "bounds": bounds}
    return write_dir(directory, doc, arrays)


def version_of(spec: HashSpec, models: Mapping[str, TextClassifier]) -> str:
    h = hashlib.sha256(repr(spec.to_dict()).encode())
    for k in sorted(models):
        m = models[k]
        h.update(k.encode() + m.index.tobytes() + m.weight.astype(np.float32).tobytes()
                 + np.array([m.bias, m.cal_a, m.cal_b, m.threshold], dtype=np.float64).tobytes())
    return f"{NAME}-{h.hexdigest()[:10]}"


def load(path: str | Path) -> UnitModels:
    """Load a unit-models directory (or its ``model.json``); never unpickles anything."""
    jpath, doc, arrays = read_dir(path, FORMAT, FORMAT_VERSION, ("index", "weight", "bounds"))
    try:
        spec = HashSpec.from_dict(doc["hash"])
        kinds = {str(k): doc["kinds"][k] for k in doc["order"]}
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelError(f"{jpath}: unreadable unit models ({exc})") from None
    bounds = arrays["bounds"].astype(np.int64)
    if (bounds.shape != (len(kinds) + 1,) or bounds[0] != 0 or bounds[-1] != len(arrays["index"])
            or (np.diff(bounds) < 0).any()):
        raise ModelError(f"{jpath}: the arrays do not match the kinds it names")
    models = {}
    for i, (k, d) in enumerate(kinds.items()):
        index = arrays["index"][bounds[i] : bounds[i + 1]].astype(np.int64)
        weight = arrays["weight"][bounds[i] : bounds[i + 1]].astype(np.float64)
        if index.shape != weight.shape or index.ndim != 1 or (
                len(index) and (index.min() < 0 or index.max() >= spec.buckets)):
            raise ModelError(f"{jpath}: {k} arrays do not fit {spec.buckets} buckets")
        vals = [float(d["bias"]), float(d["calibration"]["a"]), float(d["calibration"]["b"]), float(d["threshold"])]
        if not all(math.isfinite(v) for v in vals) or not np.isfinite(weight).all():
            raise ModelError(f"{jpath}: {k} has a non-finite weight, calibration or threshold")
        models[k] = TextClassifier(name=f"{NAME}-{k}", model_version=str(doc["model_version"]), spec=spec, index=index,
                                   weight=weight, bias=vals[0], cal_a=vals[1], cal_b=vals[2], threshold=vals[3],
                                   meta=d.get("meta", {}))
    return UnitModels(spec, models, str(doc["model_version"]))


_lock = threading.Lock()
_cache: dict[Path, UnitModels] = {}


def shipped(path: Path | None = None) -> UnitModels | None:
    """The unit models at ``path`` (default: the shipped ``models/units``), loaded once per process; None when
    the directory does not exist."""
    p = (path if path is not None else models_root() / NAME).resolve()
    if not (p / "model.json").is_file():
        return None
    if p not in _cache:
        with _lock:
            if p not in _cache:
                _cache[p] = load(p)
    return _cache[p]
