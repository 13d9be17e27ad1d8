"""A numpy-only hashed linear text classifier, stored as plain data (JSON + .npz).

Text -> tokens -> word n-grams (and optionally character n-grams) -> a stable hash
(``zlib.crc32``, never Python's salted ``hash``) into ``2**18`` buckets -> L2-normalised
counts, plus optional named numeric features hashed by name -> sparse dot product ->
Platt-calibrated sigmoid. Scoring needs numpy only; training (``fit``) uses scikit-learn's
``LogisticRegression`` on exactly the same hashed features, so the two can never differ.

Files (``model.json`` + ``weights.npz``) follow ``modelfile``'s rules: a deterministic .npz
writer, SHA-256 of the arrays and of the description, ``allow_pickle=False``. Shipped
sub-models live in ``models/<name>/`` and are loaded lazily, once, read-only (``shipped``).
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import math
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from slantcheck.errors import ModelError
from slantcheck.modelfile import models_root, read_dir, write_dir

log = logging.getLogger(__name__)

FORMAT = "slantcheck-textclf"
FORMAT_VERSION = 1
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[!?$%€£#@:]|\d+")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class HashSpec:
    """How a text becomes hashed features. Stored in the model file; scoring uses it verbatim."""

    buckets_log2: int = 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (0, 0)  # (0, 0) = off; e.g. (3, 5) = within-word 3..5-grams
    casefold: bool = True
    digits: bool = False  # False: every digit becomes "0" so numbers generalise

    def to_dict(self) -> dict[str, Any]:
        return {"buckets_log2": self.buckets_log2, "word_ngrams": list(self.word_ngrams),
                "char_ngrams": list(self.char_ngrams), "casefold": self.casefold, "digits": self.digits}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "HashSpec":
        return cls(int(d["buckets_log2"]), tuple(int(x) for x in d["word_ngrams"]),  # type: ignore[arg-type]
                   tuple(int(x) for x in d["char_ngrams"]), bool(d["casefold"]), bool(d["digits"]))  # type: ignore[arg-type]

    @property
    def buckets(self) -> int:
        return 1 << self.buckets_log2


def tokens(text: str, spec: HashSpec) -> list[str]:
    t = text.casefold() if spec.casefold else text
    if not spec.digits:
        t = _DIGITS.sub("0", t)
    return _TOKEN.findall(t)


def _bucket(key: str, mask: int) -> int:
    return zlib.crc32(key.encode("utf-8")) & mask


# Memo of the char n-gram buckets of a token: (token, n-gram range, mask) -> its ``_bucket``s in order (a pure
# function of the key). Bounded: emptied when full, which only costs time.
_MEMO_MAX = 50_000
_char_buckets: dict[tuple[str, int, int, int], tuple[int, ...]] = {}


def _char_gram_buckets(tok: str, clo: int, chi: int, mask: int) -> tuple[int, ...]:
    key = (tok, clo, chi, mask)
    out = _char_buckets.get(key)
    if out is None:
        w = f"<{tok}>"
        out = tuple(_bucket("c:" + w[i : i + n], mask) for n in range(clo, chi + 1) for i in range(len(w) - n + 1))
        if len(_char_buckets) >= _MEMO_MAX:
            _char_buckets.clear()
        _char_buckets[key] = out
    return out


def hashed(text: str, spec: HashSpec, dense: Mapping[str, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sparse features of one text: (bucket indices, values), indices sorted and unique."""
    # The same arrays as ``_hashed_slow`` (the straightforward code), faster. There every n-gram adds 1.0 to its
    # bucket, so a bucket's value is its count, a whole number, and so is the sum of the squares: below 2**53 both
    # are exact in float64 whatever the order of the additions (up to 2**26 n-grams the sum of squares stays below
    # 2**52). So counting the buckets with ints (np.unique), summing the squares as ints and dividing gives the
    # very same floats. The dense features are then added in their order onto the same values.
    mask = spec.buckets - 1
    toks = tokens(text, spec)
    buckets: list[int] = []
    crc32 = zlib.crc32
    lo, hi = spec.word_ngrams
    for n in range(max(lo, 1), hi + 1):
        head = "w%d:" % n  # "w%d:%s" % (n, s) == head + s
        if n == 1:
            buckets.extend([crc32((head + t).encode("utf-8")) & mask for t in toks])
        else:
            buckets.extend([crc32((head + " ".join(toks[i : i + n])).encode("utf-8")) & mask
                            for i in range(len(toks) - n + 1)])
    clo, chi = spec.char_ngrams
    if chi > 0:
        memo = _char_buckets
        for tok in toks:
            cached = memo.get((tok, clo, chi, mask))
            buckets.extend(cached if cached is not None else _char_gram_buckets(tok, clo, chi, mask))
    if len(buckets) > 1 << 26:
        return _hashed_slow(text, spec, dense)
    if len(buckets) > 64:
        keys, cs = np.unique(np.fromiter(buckets, dtype=np.int64, count=len(buckets)), return_counts=True)
    else:  # (np.unique's overhead dominates on a short text)
        cnt = Counter(buckets)
        ks = sorted(cnt)
        keys = np.array(ks, dtype=np.int64)
        cs = np.array([cnt[k] for k in ks], dtype=np.int64)
    norm = math.sqrt(float(int(cs @ cs))) or 1.0
    vals = cs / norm
    if dense:
        extra: dict[int, float] = {}
        klist: list[int] | None = None
        for name, val in dense.items():
            if val:
                k = _bucket("f:" + name, mask)
                if k in extra:
                    extra[k] = extra[k] + float(val)
                else:
                    if klist is None:
                        klist = keys.tolist()
                    i = bisect.bisect_left(klist, k)
                    extra[k] = (float(vals[i]) if i < len(klist) and klist[i] == k else 0.0) + float(val)
        if extra:
            assert klist is not None
            new_k, new_v = [], []
            for k, v in extra.items():
                i = bisect.bisect_left(klist, k)
                if i < len(klist) and klist[i] == k:
                    vals[i] = v
                else:
                    new_k.append(k)
                    new_v.append(v)
            if new_k:
                keys = np.concatenate([keys, np.array(new_k, dtype=np.int64)])
                vals = np.concatenate([vals, np.array(new_v, dtype=np.float64)])
                order = np.argsort(keys, kind="stable")
                keys, vals = keys[order], vals[order]
    return keys.astype(np.int64, copy=False), vals.astype(np.float64, copy=False)


def _hashed_slow(text: str, spec: HashSpec, dense: Mapping[str, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``hashed`` without the memos: the definition tests/test_fast_paths.py holds ``hashed`` to, and the path
    for a text with more n-grams than the fast path's exactness bound."""
    mask = spec.buckets - 1
    counts: dict[int, float] = {}
    toks = tokens(text, spec)
    lo, hi = spec.word_ngrams
    for n in range(max(lo, 1), hi + 1):
        for i in range(len(toks) - n + 1):
            k = _bucket("w%d:%s" % (n, " ".join(toks[i : i + n])), mask)
            counts[k] = counts.get(k, 0.0) + 1.0
    clo, chi = spec.char_ngrams
    if chi > 0:
        for tok in toks:
            w = f"<{tok}>"
            for n in range(clo, chi + 1):
                for i in range(len(w) - n + 1):
                    k = _bucket("c:" + w[i : i + n], mask)
                    counts[k] = counts.get(k, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    for k in counts:
        counts[k] /= norm
    for name, val in (dense or {}).items():
        if val:
            k = _bucket("f:" + name, mask)
            counts[k] = counts.get(k, 0.0) + float(val)
    idx = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    return idx, np.array([counts[int(i)] for i in idx], dtype=np.float64)


def hashed_matrix(texts: Sequence[str], spec: HashSpec, dense: Sequence[Mapping[str, float]] | None = None):  # type: ignore[no-untyped-def]
    """A scipy CSR matrix of ``hashed`` rows (training only; scipy comes with scikit-learn)."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    ind: list[np.ndarray] = []
    val: list[np.ndarray] = []
    for i, t in enumerate(texts):
        a, b = hashed(t, spec, dense[i] if dense is not None else None)
        ind.append(a)
        val.append(b)
        indptr.append(indptr[-1] + len(a))
    data = np.concatenate(val) if val else np.zeros(0)
    indices = np.concatenate(ind) if ind else np.zeros(0, np.int64)
    return csr_matrix((data, indices, np.array(indptr, dtype=np.int64)), shape=(len(texts), spec.buckets))


@dataclass(frozen=True)
class TextClassifier:
    """A fitted hashed linear model: ``p = sigmoid(cal_a * (w . x + bias) + cal_b)``."""

    name: str
    model_version: str
    spec: HashSpec
    index: np.ndarray  # sorted buckets with a non-zero weight
    weight: np.ndarray
    bias: float
    cal_a: float = 1.0
    cal_b: float = 0.0
    threshold: float = 0.5
    dense_names: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        w = np.zeros(self.spec.buckets, dtype=np.float64)
        w[self.index] = self.weight
        w.setflags(write=False)
        object.__setattr__(self, "_w", w)

    @property
    def weights(self) -> np.ndarray:
        """The weight of every bucket (read-only)."""
        return self._w  # type: ignore[attr-defined, no-any-return]

    def weight_of_feature(self, name: str) -> float:
        """The weight of a named numeric feature (its bucket's weight)."""
        return float(self.weights[_bucket("f:" + name, self.spec.buckets - 1)])

    def decision(self, text: str, dense: Mapping[str, float] | None = None) -> float:
        idx, val = hashed(text, self.spec, dense)
        return float(self._w[idx] @ val) + self.bias  # type: ignore[attr-defined]

    def proba(self, text: str, dense: Mapping[str, float] | None = None) -> float:
        """Calibrated probability of the positive class for one text."""
        z = self.cal_a * self.decision(text, dense) + self.cal_b
        return 1.0 / (1.0 + math.exp(-max(-500.0, min(500.0, z))))

    def proba_many(self, texts: Iterable[str], dense: Iterable[Mapping[str, float] | None] | None = None) -> np.ndarray:
        texts = list(texts)
        ds = list(dense) if dense is not None else [None] * len(texts)
        return np.array([self.proba(t, d) for t, d in zip(texts, ds, strict=False)], dtype=np.float64)


def replace(clf: TextClassifier, **changes: Any) -> TextClassifier:
    d = {f: getattr(clf, f) for f in clf.__dataclass_fields__}
    d.update(changes)
    return TextClassifier(**d)


def with_version(clf: TextClassifier) -> TextClassifier:
    """Name the model after a digest of its arrays (same weights -> same version)."""
    h = hashlib.sha256(clf.index.tobytes() + clf.weight.tobytes()
                       + np.array([clf.bias, clf.cal_a, clf.cal_b], dtype=np.float64).tobytes())
    return replace(clf, model_version=f"{clf.name}-{h.hexdigest()[:10]}")


# --- named numeric features a model can ask for (stored by name in its file) ----------------------
_HEDGE = re.compile(r"\b(?:may|might|could|possibly|probably|perhaps|likely|unlikely|apparently|reportedly|allegedly|"
                    r"seems?|seemed|appears?|appeared|suggests?|believed?|thought|considered|regarded|said to|claimed|"
                    r"widely|often|usually|generally|some|many|most|several|various|numerous|arguably)\b",
                    re.IGNORECASE)
_PEACOCK = re.compile(r"\b(?:best|greatest|famous|renowned|legendary|acclaimed|leading|notable|important|influential|"
                      r"prominent|significant|major|great|finest|world-class|iconic|one of the)\b", re.IGNORECASE)
_CITE = re.compile(r"\[\d+\]|\(\s*\d{4}\s*\)")


def sentence_cues(sentence: str) -> dict[str, float]:
    """Weasel / hedge / peacock / attribution cues of one sentence (features of the ``weasel`` model)."""
    from slantcheck.text.attribution import VAGUE_SOURCE, is_attributed

    d: dict[str, float] = {}
    if VAGUE_SOURCE.search(sentence):
        d["vague_source"] = 1.0
    if is_attributed(sentence):
        d["attributed"] = 1.0
    h = len(_HEDGE.findall(sentence))
    if h:
        d["hedge"] = min(h, 3) / 3
    k = len(_PEACOCK.findall(sentence))
    if k:
        d["peacock"] = min(k, 3) / 3
    if _CITE.search(sentence):
        d["citation"] = 1.0
    return d


#: Feature functions by the name a model file stores in ``meta["dense"]`` (one text -> named values).
DENSE = {"sentence-cues": sentence_cues}


def dense_for(clf: "TextClassifier", text: str) -> dict[str, float] | None:
    fn = DENSE.get(str(clf.meta.get("dense", "")))
    return fn(text) if fn is not None else None


# --- files ----------------------------------------------------------------------------------
def save(clf: TextClassifier, directory: str | Path) -> Path:
    doc: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": clf.name, "model_version": clf.model_version,
        "hash": clf.spec.to_dict(), "bias": clf.bias, "calibration": {"a": clf.cal_a, "b": clf.cal_b},
        "threshold": clf.threshold, "dense_features": list(clf.dense_names), "meta": dict(clf.meta),
    }
    return write_dir(directory, doc, {"index": clf.index.astype(np.int32), "weight": clf.weight.astype(np.float32)})


def load(path: str | Path) -> TextClassifier:
    """Load a text-classifier directory (or its ``model.json``); never unpickles anything."""
    jpath, doc, arrays = read_dir(path, FORMAT, FORMAT_VERSION, ("index", "weight"))
    apath = jpath.parent / doc["arrays"]["file"]
    index = arrays["index"].astype(np.int64)
    weight = arrays["weight"].astype(np.float64)
    try:
        spec = HashSpec.from_dict(doc["hash"])
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelError(f"{jpath}: unreadable model ({exc})") from None
    out_of_range = len(index) and (index.min() < 0 or index.max() >= spec.buckets)
    if index.shape != weight.shape or index.ndim != 1 or out_of_range:
        raise ModelError(f"{apath}: index/weight arrays do not fit {spec.buckets} buckets")
    cal = doc.get("calibration", {})
    return TextClassifier(name=str(doc.get("name")), model_version=str(doc.get("model_version")), spec=spec,
                          index=index, weight=weight, bias=float(doc["bias"]), cal_a=float(cal.get("a", 1.0)),
                          cal_b=float(cal.get("b", 0.0)), threshold=float(doc.get("threshold", 0.5)),
                          dense_names=tuple(doc.get("dense_features", ())), meta=doc.get("meta", {}))


_lock = threading.Lock()
_cache: dict[str, TextClassifier | None] = {}


def shipped(name: str) -> TextClassifier | None:
    """A shipped sub-model (``models/<name>/``), loaded once per process; None when not installed."""
    if name not in _cache:
        with _lock:
            if name not in _cache:
                path = models_root() / name / "model.json"
                if path.is_file():
                    _cache[name] = load(path)
                else:
                    log.warning("sub-model %r not found at %s; its detector falls back to rules only", name, path)
                    _cache[name] = None
    return _cache[name]
