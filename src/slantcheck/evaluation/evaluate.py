"""``evaluate``: score labelled records and report document and span metrics (signals.md section 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from slantcheck.evaluation.metrics import SpanScores, brier, ece, reliability, roc_auc
from slantcheck.pipeline import Scorer
from slantcheck.thresholds import binary_prf


def evaluate(scorer: Scorer, records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Document metrics (AUC, Brier, ECE, P/R/F1 at both thresholds) and per-kind span metrics."""
    return evaluate_full(scorer, records)[0]


def evaluate_full(scorer: Scorer, records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], list, list]:  # type: ignore[type-arg]
    """``evaluate`` plus the records and their reports (for plots and error analysis)."""
    recs = list(records)
    reports = [scorer.score(r["text"], title=r.get("title")) for r in recs]
    return _figures(scorer, recs, reports), recs, reports


def _figures(scorer: Scorer, recs: list, reports: list) -> dict[str, Any]:  # type: ignore[type-arg]
    y = np.array([bool(r["flag"]) for r in recs])
    p = np.array([rep.score for rep in reports])
    ya = np.array([bool(r["advertorial"]) for r in recs])
    pa = np.array([rep.advertorial_score for rep in reports])
    review, flag = scorer.params.thresholds
    spans = SpanScores()
    for r, rep in zip(recs, reports, strict=False):
        spans.add(r["spans"], [s.to_dict() for s in rep.spans])
    by_genre: dict[str, dict[str, Any]] = {}
    for g in sorted({r.get("genre", "?") for r in recs}):
        m = np.array([r.get("genre", "?") == g for r in recs])
        by_genre[g] = {"n": int(m.sum()), "flagged": int(y[m].sum()), "predicted": int((p[m] >= flag).sum()),
                       "accuracy": float(((p[m] >= flag) == y[m]).mean())}
    return {
        "n": len(recs),
        "model_version": scorer.model_version,
        "thresholds": {"review": review, "flag": flag},
        "flag": {
            "auc": roc_auc(y, p), "brier": brier(y, p), "ece": ece(y, p),
            "at_flag": binary_prf(y, p >= flag), "at_review": binary_prf(y, p >= review),
            "reliability": reliability(y, p),
        },
        "advertorial": {"auc": roc_auc(ya, pa), **binary_prf(ya, pa >= 0.5)},
        "spans": spans.result(),
        "by_genre": by_genre,
        "slices": slice_metrics(recs, reports, p, flag),
        "per_doc": [{"id": r.get("id"), "flag": bool(r["flag"]), "score": float(s), "label": rep.label}
                    for r, s, rep in zip(recs, p, reports, strict=False)],
    }


def format_summary(res: Mapping[str, Any]) -> str:
    """A plain-text table of the headline figures."""
    f = res["flag"]
    lines = [
        f"documents: {res['n']}   model: {res['model_version']}   thresholds: review {res['thresholds']['review']:.3f}"
        f"  flag {res['thresholds']['flag']:.3f}",
        f"flag:        AUC {f['auc']:.3f}   Brier {f['brier']:.3f}   ECE {f['ece']:.3f}",
        f"  at flag:   P {f['at_flag']['precision']:.3f}  R {f['at_flag']['recall']:.3f}  F1 {f['at_flag']['f1']:.3f}",
        f"  at review: P {f['at_review']['precision']:.3f}  R {f['at_review']['recall']:.3f}  F1 {f['at_review']['f1']:.3f}",
        f"advertorial: AUC {res['advertorial']['auc']:.3f}   P {res['advertorial']['precision']:.3f}"
        f"  R {res['advertorial']['recall']:.3f}  F1 {res['advertorial']['f1']:.3f}",
        "",
        f"{'spans':22s}{'gold':>6s}{'pred':>6s}  {'overlap P/R/F1':>20s}  {'strict F1':>9s}  {'partial F1':>10s}  {'char F1':>7s}",
    ]
    for k, m in res["spans"].items():
        o = m["overlap"]
        lines.append(f"{k:22s}{m['gold']:6d}{m['pred']:6d}  {o['precision']:6.3f}/{o['recall']:6.3f}/{o['f1']:6.3f}"
                     f"  {m['strict']['f1']:9.3f}  {m['partial']['f1']:10.3f}  {m['char']['f1']:7.3f}")
    return "\n".join(lines)


# --- slices ---------------------------------------------------------------------------------
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LOOKALIKE = re.compile("[\u0400-\u04ff\u0370-\u03ff]")
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){3,}[^\W\d_](?!\S)")
_LEET = re.compile(r"\b\w*[a-z][013457][a-z]\w*\b", re.IGNORECASE)  # a digit standing in for a letter: ch3ck, T0N1GHT
LENGTH_BUCKETS = ((0, 79, "<80 words"), (80, 199, "80-199 words"), (200, 399, "200-399 words"),
                  (400, 10**9, "400+ words"))


def is_obfuscated(text: str) -> bool:
    """Zero-width characters, Cyrillic/Greek look-alikes, letter spacing or leetspeak (signals.md 1.6)."""
    if _ZERO_WIDTH.search(text) or _SPACED.search(text):
        return True
    if _LOOKALIKE.search(text) and re.search(r"[A-Za-z]", text):
        return True
    return _LEET.search(text) is not None


def length_bucket(text: str) -> str:
    n = len(text.split())
    return next(name for lo, hi, name in LENGTH_BUCKETS if lo <= n <= hi)


def slice_metrics(recs: Sequence[Mapping[str, Any]], reports: Sequence[Any], p: np.ndarray, flag: float
                  ) -> dict[str, dict[str, Any]]:
    """Document and span metrics per slice: genre, length bucket, obfuscated or not."""
    keys: dict[str, list[int]] = {}
    for i, r in enumerate(recs):
        for key in (f"genre={r.get('genre', '?')}", f"length={length_bucket(r['text'])}",
                    f"obfuscated={'yes' if is_obfuscated(r['text']) else 'no'}"):
            keys.setdefault(key, []).append(i)
    out = {}
    for key in sorted(keys):
        idx = keys[key]
        y = np.array([bool(recs[i]["flag"]) for i in idx])
        ps = p[idx]
        sp = SpanScores()
        for i in idx:
            sp.add(recs[i]["spans"], [s.to_dict() for s in reports[i].spans])
        spans = sp.result()
        out[key] = {"n": len(idx), "flagged": int(y.sum()), "auc": roc_auc(y, ps),
                    "accuracy": float(((ps >= flag) == y).mean()), **{f"f1_{k}": binary_prf(y, ps >= flag)["f1"]
                                                                       for k in ("flag",)},
                    "span_overlap_f1": {k: v["overlap"]["f1"] for k, v in spans.items() if v["gold"] or v["pred"]}}
    return out


def format_slices(res: Mapping[str, Any]) -> str:
    lines = [f"{'slice':28s}{'n':>4s}{'flag':>5s}{'AUC':>7s}{'acc':>7s}  span overlap F1 (kinds present)"]
    for key, m in res["slices"].items():
        auc = "    -" if m["auc"] != m["auc"] else f"{m['auc']:.3f}"
        spans = " ".join(f"{k[:6]}={v:.2f}" for k, v in m["span_overlap_f1"].items())
        lines.append(f"{key[:27]:28s}{m['n']:4d}{m['flagged']:5d}{auc:>7s}{m['accuracy']:7.3f}  {spans}")
    return "\n".join(lines)


# --- error analysis -------------------------------------------------------------------------
def worst_errors(recs: Sequence[Mapping[str, Any]], reports: Sequence[Any], k: int = 10) -> list[dict[str, Any]]:
    """The k most confident false positives and false negatives (by the flag score), with their spans."""
    rows = []
    for r, rep in zip(recs, reports, strict=False):
        rows.append((bool(r["flag"]), rep.score, r, rep))
    fps = sorted((x for x in rows if not x[0]), key=lambda x: -x[1])[:k]
    fns = sorted((x for x in rows if x[0]), key=lambda x: x[1])[:k]
    out = []
    for kind, group in (("false_positive", fps), ("false_negative", fns)):
        for y, score, r, rep in group:
            if (score >= rep.thresholds[1]) == y:
                continue  # not an error at the flag threshold
            gold = [{**s, "text": r["text"][s["start"] : s["end"]]} for s in r["spans"]]
            pred = [{"start": s.start, "end": s.end, "kind": s.kind, "text": s.text, "rule": s.rule,
                     "score": round(s.score, 4)} for s in rep.spans]

            def hit(s: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> bool:
                return any(o["kind"] == s["kind"] and o["start"] < s["end"] and s["start"] < o["end"] for o in others)

            out.append({"error": kind, "id": r.get("id"), "genre": r.get("genre"), "flag": y,
                        "advertorial": r.get("advertorial"), "score": round(float(score), 4),
                        "advertorial_score": round(rep.advertorial_score, 4), "label": rep.label,
                        "missed_spans": [g for g in gold if not hit(g, pred)],
                        "extra_spans": [q for q in pred if not hit(q, gold)],
                        "gold_spans": gold, "predicted_spans": pred})
    return out


def write_errors(path: str | Path, rows: Sequence[Mapping[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
