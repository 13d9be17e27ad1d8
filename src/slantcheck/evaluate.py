"""``evaluate``: score labelled records and report document and span metrics (signals.md section 7)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from .metrics import SpanScores, binary_prf, brier, ece, reliability, roc_auc
from .model import Scorer


def evaluate(scorer: Scorer, records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Document metrics (AUC, Brier, ECE, P/R/F1 at both thresholds) and per-kind span metrics."""
    recs = list(records)
    reports = [scorer.score(r["text"], title=r.get("title")) for r in recs]
    y = np.array([bool(r["flag"]) for r in recs])
    p = np.array([rep.score for rep in reports])
    ya = np.array([bool(r["advertorial"]) for r in recs])
    pa = np.array([rep.advertorial_score for rep in reports])
    review, flag = scorer.params.thresholds
    spans = SpanScores()
    for r, rep in zip(recs, reports):
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
        "per_doc": [{"id": r.get("id"), "flag": bool(r["flag"]), "score": float(s), "label": rep.label}
                    for r, s, rep in zip(recs, p, reports)],
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
