"""Detection quality on pages the models never saw: publisher-grouped cross-validation on slantcheck-train.

Prints, in one run: for each outer fold, every learned part (unit models, document model, thresholds) is trained
on the other folds only and the held-out pages are scored by the full pipeline; the previously shipped model
(trained on synthetic documents, read from git at ``--baseline-rev``) scores the same pages as the baseline.
Then slantcheck-dev and the shared seeds as sanity checks of the shipped model. ``--curve`` adds a learning
curve (50% of each training fold beside 100%; at 25% a target has too few positives to calibrate). Needs ../shared (skips with a message when it is absent).

    python benchmarks/bench_quality.py [--curve] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from slantcheck.evaluation.metrics import SpanScores, ece, roc_auc  # noqa: E402
from slantcheck.training.corpora import shared_data_dir  # noqa: E402
from slantcheck.training.units import cross_validate, train_records  # noqa: E402

KINDS = ("ad_injection", "call_to_share", "unsourced_assertion", "clickbait")
BASELINE_REV = "0774858"  # the last commit whose shipped model was trained on synthetic documents only


def summarize(records, preds) -> dict:
    sc = SpanScores()
    y, p, ya, pa, lab = [], [], [], [], []
    for r, o in zip(records, preds):
        sc.add(r["spans"], o["spans"])
        y.append(int(r["flag"]))
        p.append(o["score"])
        ya.append(int(r["advertorial"]))
        pa.append(o["advertorial"])
        lab.append(o["label"] == "flag")
    spans = sc.result()
    tp = sum(a and b for a, b in zip(lab, y))
    f1 = 2 * tp / (sum(lab) + sum(y)) if sum(lab) + sum(y) else 0.0
    return {"flag_auc": roc_auc(y, p), "flag_ece": ece(y, p), "flag_f1": f1, "advertorial_auc": roc_auc(ya, pa),
            "spans": {k: spans[k]["overlap"] for k in KINDS}}


def baseline(records, rev: str, model_dir: str | None) -> list[dict]:
    """The earlier shipped model's outputs: from ``model_dir``, else ``models/default`` at git ``rev``."""
    from slantcheck.pipeline import load

    with tempfile.TemporaryDirectory() as tmp:
        if model_dir is None:
            for name in ("model.json", "weights.npz"):
                blob = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:models/default/{name}"],
                                      capture_output=True, check=True).stdout
                (Path(tmp) / name).write_bytes(blob)
        scorer = load(model_dir or tmp)
        out = []
        for r in records:
            rep = scorer.score(r["text"])
            out.append({"score": rep.score, "label": rep.label, "advertorial": rep.advertorial_score,
                        "spans": [s.to_dict() for s in rep.spans]})
    return out


def row(name: str, s: dict) -> str:
    sp = s["spans"]
    return (f"| {name} | {s['flag_auc']:.3f} | {s['flag_ece']:.3f} | {s['flag_f1']:.3f} | {s['advertorial_auc']:.3f} | "
            + " | ".join(f"{sp[k]['precision']:.2f}/{sp[k]['recall']:.2f}/**{sp[k]['f1']:.3f}**" for k in KINDS) + " |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--curve", action="store_true", help="also train on 50%% of each training fold (at 25%% a target has too few positives to calibrate)")
    ap.add_argument("--baseline-rev", default=BASELINE_REV, help="git revision of the baseline model")
    ap.add_argument("--baseline-model", help="or: the baseline model's directory")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args(argv)
    data = shared_data_dir()
    if data is None or not (data / "slantcheck-train" / "train.jsonl").is_file():
        print("skipped: ../shared/data/slantcheck-train is not beside the checkout")
        return 0
    records = train_records(data)
    t0 = time.time()
    results = {}
    print(f"slantcheck-train: {len(records)} pages, {len({r['group'] for r in records})} publishers, 5 grouped folds")
    fracs = (1.0, 0.5) if a.curve else (1.0,)
    print("| model (grouped CV, held-out folds) | flag AUC | flag ECE | flag F1 | advertorial AUC | "
          + " | ".join(f"{k} P/R/F1" for k in KINDS) + " |")
    print("|---" * (5 + len(KINDS)) + "|")
    runs = [("baseline: rules + synthetic-trained model", lambda: baseline(records, a.baseline_rev, a.baseline_model))]
    runs += [(f"learned, {f:.0%} of each training fold", lambda f=f: cross_validate(records, fraction=f, log=lambda m: None))
             for f in fracs]
    for name, run in runs:
        results[name] = summarize(records, run())
        print(row(name, results[name]), flush=True)
    print(f"({time.time() - t0:.0f} s)")
    from slantcheck.pipeline import default_scorer

    scorer = default_scorer()
    dev_path = data / "slantcheck-dev" / "dev.jsonl"
    if dev_path.is_file():
        dev = [json.loads(x) for x in dev_path.read_text(encoding="utf-8").splitlines() if x.strip()]
        preds = []
        for r in dev:
            rep = scorer.score(r["text"], title=r.get("title"))
            preds.append({"score": rep.score, "label": rep.label, "advertorial": rep.advertorial_score,
                          "spans": [s.to_dict() for s in rep.spans]})
        results["dev (shipped model, sanity)"] = summarize(dev, preds)
        print(row("dev (shipped model, sanity)", results["dev (shipped model, sanity)"]))
    seeds = sorted((data.parent / "seeds").glob("*.txt"))
    if seeds:
        print("\nshared seeds (shipped model): " + ", ".join(
            f"{p.name[:3]} {scorer.score(p.read_text(encoding='utf-8')).label}" for p in seeds))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
