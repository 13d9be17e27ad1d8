"""Training the learned unit models and the evidence-driven document model on real labelled pages.

Data: ``slantcheck-train`` (real pages labelled to signals.md), grouped by publisher (the corpus ``url``), so a
fold never shares a publisher with the folds it was trained on. Steps (``build``):

1. every sentence of every page becomes a row (``detectors.unitfeatures``), labelled per kind by the gold spans
   it overlaps (at least half of the sentence, or most of the span);
2. per kind, a logistic regression on the hashed row features; out-of-fold scores from publisher-grouped
   folds give its Platt calibration and its span threshold (best F1 on the pooled out-of-fold units);
3. the document model (flag, advertorial, one target per kind) is fitted on rows featurized with the
   out-of-fold unit models, so it learns how much to trust unit scores on pages they were not trained on;
   its features are evidence only (spans and unit probabilities), each weight non-negative, so padding a
   text or repeating evidence cannot talk a score down;
4. the review and flag thresholds come from out-of-fold document scores.

``cross_validate`` runs steps 1-4 inside each outer fold and scores the held-out fold with the full pipeline:
the figures in docs/evaluation.md (``python benchmarks/bench_quality.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import urlparse

import numpy as np

from slantcheck.detectors import Detectors, default_detectors
from slantcheck.detectors.learned import UnitModels, version_of
from slantcheck.detectors.textclf import HashSpec, TextClassifier, hashed_matrix
from slantcheck.detectors.unitfeatures import unit_rows
from slantcheck.features.featurizer import feature_names, featurize, is_evidence
from slantcheck.kinds import KINDS
from slantcheck.modelfile import ModelParams
from slantcheck.pipeline import analyze, rule_candidates
from slantcheck.text.context import Context
from slantcheck.text.normalize import normalize

Log = Callable[[str], None]
SPEC = HashSpec(buckets_log2=18, word_ngrams=(1, 2), char_ngrams=(3, 5))
#: Regularisation per kind (inverse strength), chosen by publisher-grouped CV on slantcheck-train.
C_BY_KIND = {"ad_injection": 16.0, "call_to_share": 16.0, "unsourced_assertion": 4.0, "clickbait": 4.0}
FOLDS = 5
DILUTED = ("__earliness", "__char_frac", "__per_1k_words")
#: A learned span must be right at least this often on held-out pages (out-of-fold units); a kind that cannot
#: reach it gives the document model its probabilities but (almost) no spans. At the best-F1 cut (no floor) the
#: unsourced model marks 8 sentences of a wire story with one gold span and dev clickbait F1 falls to 0.61; with
#: the floor, held-out unsourced F1 is 0.04 instead of 0.27 (docs/evaluation.md has both).
MIN_PRECISION = 0.35
TARGETS = ("flag", "advertorial") + KINDS
#: The review band catches this share of the flagged pages (out of fold); the flag cut has the best F1.
REVIEW_RECALL = 0.9
#: Regularisation of the document model (publisher-grouped CV: 0.1 and 1.0 within 0.01 AUC; 0.1 the better).
DOC_C = 0.1


# --- data ---------------------------------------------------------------------------------------------------------
def publisher(url: str) -> str:
    """The registered domain of a page's URL ("insider.foxnews.com" -> "foxnews.com"; "x.co.uk" kept)."""
    host = urlparse(url).netloc.lower().split(":")[0]
    parts = [p for p in host.split(".") if p]
    if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "gov", "ac") and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) or url


def train_records(data_dir: Path) -> list[dict[str, Any]]:
    """slantcheck-train's records, each with ``group`` (its publisher, from the hyperpartisan corpus url)."""
    from slantcheck.dataset import read_records

    path = data_dir / "slantcheck-train" / "train.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: slantcheck-train is needed to train the unit models")
    urls: dict[str, str] = {}
    corpus = data_dir / "semeval2019_hyperpartisan" / "byarticle.jsonl"
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                urls[r["id"]] = r.get("url") or ""
    recs = list(read_records(path))
    for r in recs:
        r["group"] = publisher(urls[r["id"]]) if urls.get(r["id"]) else r["id"]
    return recs


def group_folds(groups: Sequence[str], k: int = FOLDS) -> list[np.ndarray]:
    """Document indices of ``k`` folds with no group in two folds (GroupKFold: balanced sizes, deterministic)."""
    from sklearn.model_selection import GroupKFold

    idx = np.arange(len(groups))
    return [te for _, te in GroupKFold(n_splits=k).split(idx, groups=np.asarray(groups))]


@dataclass
class UnitTable:
    """Every candidate sentence of a set of documents: hashed features, gold labels, where it is."""

    X: Any  # scipy CSR (rows, buckets)
    doc: np.ndarray  # document index of each row
    y: dict[str, np.ndarray]  # kind -> 0/1 per row
    rule: dict[str, np.ndarray]  # kind -> whether a rule detector's span of that kind overlaps the row


def unit_table(records: Sequence[Mapping[str, Any]], detectors: Detectors) -> UnitTable:
    texts, cues, docs = [], [], []
    ys: dict[str, list[int]] = {k: [] for k in KINDS}
    rule: dict[str, list[bool]] = {k: [] for k in KINDS}
    for di, rec in enumerate(records):
        norm = normalize(rec["text"])
        ctx = Context(norm.text, detectors.scanner)
        for row in unit_rows(ctx, rule_candidates(ctx, detectors)):
            a, b = norm.to_original(row.unit.start, row.unit.end)
            texts.append(row.text)
            cues.append(row.cues)
            docs.append(di)
            for k in KINDS:
                ys[k].append(int(_covered(rec["spans"], k, a, b)))
                rule[k].append("rule_" + k in row.cues)
    return UnitTable(hashed_matrix(texts, SPEC, cues).tocsr(), np.asarray(docs, dtype=np.int64),
                     {k: np.asarray(v, dtype=np.int64) for k, v in ys.items()},
                     {k: np.asarray(v, dtype=bool) for k, v in rule.items()})


def _covered(spans: Sequence[Mapping[str, Any]], kind: str, a: int, b: int) -> bool:
    """A unit is positive for ``kind`` when a gold span of that kind covers half of it or most of the span lies
    in it (a short clickbait phrase does not make its whole sentence clickbait)."""
    for s in spans:
        if s["kind"] != kind:
            continue
        ov = min(b, s["end"]) - max(a, s["start"])
        if ov > 0 and (ov >= 0.5 * (b - a) or (kind != "clickbait" and ov >= 0.8 * (s["end"] - s["start"]))):
            return True
    return False


# --- unit models --------------------------------------------------------------------------------------------------
def _fit_lr(X: Any, y: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray, float]:
    """(buckets, weights, bias) of a logistic regression fitted on the buckets that occur."""
    from sklearn.linear_model import LogisticRegression

    used = np.unique(X.indices).astype(np.int64)
    lr = LogisticRegression(C=C, solver="liblinear", max_iter=3000).fit(X[:, used], y)
    w = lr.coef_[0].astype(np.float32).astype(np.float64)  # stored as float32: score what is stored
    keep = np.flatnonzero(w)
    return used[keep], w[keep], float(lr.intercept_[0])


def _decision(X: Any, index: np.ndarray, weight: np.ndarray, bias: float) -> np.ndarray:
    w = np.zeros(X.shape[1])
    w[index] = weight
    return np.asarray(X @ w).ravel() + bias


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    cal = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def _best_threshold(p: np.ndarray, y: np.ndarray, ruled: np.ndarray, min_precision: float = 0.0) -> float:
    """The probability cut with the best unit F1 of what the pipeline reports: the units at or above the cut
    together with those the rules already mark (``ruled``). Midway to the next lower score, so it is not on a
    point; above every score when the rules alone do best."""
    free = ~ruled
    order = np.argsort(-p[free], kind="stable")
    ps, ys = p[free][order], y[free][order]
    base_tp, base_n, gold = int(y[ruled].sum()), int(ruled.sum()), max(int(y.sum()), 1)
    tp = np.concatenate([[base_tp], base_tp + np.cumsum(ys)])
    n_pred = base_n + np.arange(len(ys) + 1)
    f1 = 2 * tp / (n_pred + gold)
    f1[(tp < min_precision * n_pred) & (np.arange(len(ys) + 1) > 0)] = -1.0  # cuts below the precision floor
    i = int(np.argmax(f1))  # i units above the cut
    if i == 0:
        return round(float(min(1.0, (ps[0] if len(ps) else 0.0) + 1e-6)), 6) if len(ps) else 1.0
    nxt = ps[i] if i < len(ps) else 0.0
    return round(float((ps[i - 1] + nxt) / 2), 6)


def fit_units(table: UnitTable, docs: np.ndarray, groups: Sequence[str]) -> tuple[UnitModels, dict[int, UnitModels]]:
    """Unit models fitted on the rows of ``docs``, calibrated and thresholded on grouped out-of-fold scores;
    with the per-fold models (document index -> the model that did not see it) for stacking."""
    rows = np.flatnonzero(np.isin(table.doc, docs))
    folds = [docs[f] for f in group_folds([groups[d] for d in docs])]
    oof = {k: np.zeros(len(rows)) for k in KINDS}
    fold_fits: list[dict[str, tuple[np.ndarray, np.ndarray, float]]] = []
    for held in folds:
        te = np.isin(table.doc[rows], held)
        fits = {}
        for k in KINDS:
            fit = _fit_lr(table.X[rows[~te]], table.y[k][rows[~te]], C_BY_KIND[k])
            oof[k][te] = _decision(table.X[rows[te]], *fit)
            fits[k] = fit
        fold_fits.append(fits)
    final: dict[str, TextClassifier] = {}
    per_fold: list[dict[str, TextClassifier]] = [{} for _ in folds]
    for k in KINDS:
        y = table.y[k][rows]
        a, b = _platt(oof[k], y)
        thr = _best_threshold(1.0 / (1.0 + np.exp(-(a * oof[k] + b))), y, table.rule[k][rows], MIN_PRECISION)
        meta = {"C": C_BY_KIND[k], "rows": int(len(rows)), "positives": int(y.sum())}
        idx, w, bias = _fit_lr(table.X[rows], y, C_BY_KIND[k])
        final[k] = TextClassifier(f"units-{k}", "unset", SPEC, idx, w, bias, a, b, thr, meta=meta)
        for fi, fits in enumerate(fold_fits):
            per_fold[fi][k] = TextClassifier(f"units-{k}", "unset", SPEC, *fits[k], a, b, thr)
    models = UnitModels(SPEC, final, version_of(SPEC, final))
    by_doc = {}
    for fi, held in enumerate(folds):
        m = UnitModels(SPEC, per_fold[fi], f"{models.version}-fold{fi}")
        by_doc.update({int(d): m for d in held})
    return models, by_doc


# --- the document model -------------------------------------------------------------------------------------------
def doc_feature_names(detectors: Detectors) -> tuple[str, ...]:
    """The document model's columns: evidence only (spans, rules, unit probabilities), no text statistics, and
    none measured against the text's length (a share of its characters or words, how early a span comes), so
    padding a text cannot dilute its evidence."""
    return tuple(n for n in feature_names(detectors, units=True)
                 if is_evidence(n) and not n.endswith(DILUTED))


def doc_targets(rec: Mapping[str, Any]) -> dict[str, int]:
    kinds = {s["kind"] for s in rec["spans"]}
    return {"flag": int(bool(rec["flag"])), "advertorial": int(bool(rec["advertorial"])),
            **{k: int(k in kinds) for k in KINDS}}


def fit_document(X: np.ndarray, ys: Mapping[str, np.ndarray], names: Sequence[str], *, C: float = DOC_C,
                 seed: int = 0) -> ModelParams:
    from slantcheck.training.docmodel import fit_matrix

    return fit_matrix(X, ys, names, C=C, seed=seed)


def _doc_rows(records: Sequence[Mapping[str, Any]], docs: np.ndarray, detectors: Detectors,
              units_of: Mapping[int, UnitModels], names: Sequence[str]) -> np.ndarray:
    return np.vstack([featurize(analyze(records[d]["text"], detectors, units=units_of[int(d)]), names) for d in docs])


def _doc_oof(X: np.ndarray, ys: Mapping[str, np.ndarray], names: Sequence[str], groups: Sequence[str]) -> np.ndarray:
    """Out-of-fold flag probabilities of the document model (publisher-grouped folds)."""
    out = np.zeros(len(X))
    flag = TARGETS.index("flag")
    for held in group_folds(groups):
        tr = np.setdiff1d(np.arange(len(X)), held)
        p = fit_document(X[tr], {t: v[tr] for t, v in ys.items()}, names)
        out[held] = p.predict_proba(X[held])[:, flag]
    return out


@dataclass
class Trained:
    params: ModelParams
    units: UnitModels
    oof_flag: np.ndarray  # out-of-fold flag probabilities of the training documents


def fit_all(records: Sequence[Mapping[str, Any]], docs: np.ndarray, table: UnitTable, detectors: Detectors,
            log: Log = print) -> Trained:
    """Unit models, document model and thresholds from the documents ``docs`` of ``records``."""
    from dataclasses import replace as with_params

    from slantcheck.thresholds import tune_thresholds

    groups = [r["group"] for r in records]
    units, by_doc = fit_units(table, docs, groups)
    log("unit models: " + ", ".join(f"{k} threshold {units.thresholds[k]:.3f}" for k in units.kinds))
    names = doc_feature_names(detectors)
    X = _doc_rows(records, docs, detectors, by_doc, names)
    ys = {t: np.array([doc_targets(records[d])[t] for d in docs]) for t in TARGETS}
    params = fit_document(X, ys, names)
    oof = _doc_oof(X, ys, names, [groups[d] for d in docs])
    thresholds = tune_thresholds(ys["flag"], oof, review_recall=REVIEW_RECALL)
    log(f"document model: {len(docs)} documents, thresholds review {thresholds[0]}, flag {thresholds[1]} "
        "(from out-of-fold scores)")
    return Trained(with_params(params, thresholds=thresholds), units, oof)


def build(out_dir: str | Path, data_dir: Path, log: Log = print) -> Path:
    """Train the shipped model on all of slantcheck-train and write it (document model + ``units/``)."""
    import hashlib
    from dataclasses import replace as with_params

    from slantcheck.detectors.learned import save as save_units
    from slantcheck.modelfile import save

    records = train_records(data_dir)
    detectors = default_detectors()
    table = unit_table(records, detectors)
    log(f"slantcheck-train: {len(records)} documents, {table.X.shape[0]} candidate sentences, "
        f"{len({r['group'] for r in records})} publishers")
    t = fit_all(records, np.arange(len(records)), table, detectors, log)
    out = Path(out_dir)
    save_units(t.units, out / "units")
    meta = {"recipe": "real", "command": "slantcheck train --recipe real", "units": t.units.version,
            "train_documents": len(records),
            "sources": [{"name": "slantcheck-train", "documents": len(records), "licence": "CC BY 4.0 (the "
                         "semeval2019_hyperpartisan train split; labels by the slantcheck steering team)"}],
            "thresholds_tuned_on": "slantcheck-train, publisher-grouped out-of-fold document scores"}
    params = with_params(t.params, meta=meta)
    digest = hashlib.sha256(b"".join(np.ascontiguousarray(getattr(params, a)).tobytes()
                                     for a in ("mean", "scale", "coef", "intercept", "cal_a", "cal_b")))
    params = with_params(params, model_version=f"real-{digest.hexdigest()[:10]}")
    path = save(params, out)
    (out / "MODEL_CARD.md").write_text(model_card(params, t.units), encoding="utf-8")
    log(f"wrote {path} ({params.model_version}) and {out / 'units'} ({t.units.version})")
    return path


def model_card(params: ModelParams, units: UnitModels) -> str:
    """MODEL_CARD.md of the shipped model: data, method, thresholds; the held-out figures live in
    docs/evaluation.md with the command that measures them."""
    meta = params.meta
    lines = [
        f"# default: slantcheck model `{params.model_version}` with unit models `{units.version}`", "",
        f"- rebuilt by `{meta['command']}` (about a minute on 2 cores; the same data give the same files)",
        f"- data: {meta['train_documents']} real pages of slantcheck-train ({meta['sources'][0]['licence']}), "
        "grouped by publisher for every fold",
        "- unit models: per kind, a logistic regression on hashed word 1-2-grams and character 3-5-grams of every "
        "sentence plus named cues (detectors/data/unit_cues.json), Platt-calibrated on publisher-grouped "
        "out-of-fold scores; a sentence at or above its kind's threshold is a span, besides the rules' spans:",
    ]
    for k in units.kinds:
        m = units.models[k]
        lines.append(f"  - {k}: C {m.meta.get('C')}, {m.meta.get('positives')} positive of {m.meta.get('rows')} "
                     f"sentences, threshold {m.threshold:.3f}")
    lines += [
        f"- document model: {len(params.feature_names)} evidence features (span statistics, rule counts, the unit "
        "models' top-1 and top-3 probabilities per kind), weights >= 0, one calibrated logistic regression per "
        "target, fitted on rows made by unit models that did not see the page",
        f"- thresholds: review {params.thresholds[0]}, flag {params.thresholds[1]} ({meta['thresholds_tuned_on']})",
        "", "## Held-out figures", "",
        "Publisher-grouped 5-fold cross-validation on slantcheck-train, every learned part retrained inside each "
        "fold: see docs/evaluation.md, measured by `python benchmarks/bench_quality.py`.", "",
        "## Limits", "",
        "- 543 pages from one corpus (2016-2018 US political news and blogs); other genres are barely represented.",
        "- Unsourced-assertion and clickbait spans are found with low precision: treat them as pointers for a "
        "moderator, not verdicts.", "",
    ]
    return "\n".join(lines)


def cross_validate(records: Sequence[Mapping[str, Any]], *, fraction: float = 1.0, seed: int = 0,
                   log: Log = print) -> list[dict[str, Any]]:
    """For each publisher-grouped outer fold: train everything on the other folds (or a random ``fraction`` of
    their documents, for a learning curve), score the held-out pages with the full pipeline. Returns, per
    document, its spans and scores."""
    from slantcheck.pipeline import Scorer

    detectors = default_detectors()
    table = unit_table(records, detectors)
    groups = [r["group"] for r in records]
    out: list[dict[str, Any]] = []
    for fi, held in enumerate(group_folds(groups)):
        train = np.setdiff1d(np.arange(len(records)), held)
        if fraction < 1.0:
            rng = np.random.default_rng(seed + fi)
            train = np.sort(rng.choice(train, size=max(int(round(fraction * len(train))), 20), replace=False))
        t = fit_all(records, train, table, detectors, log=lambda m: None)
        scorer = Scorer(t.params, detectors, units=t.units)
        for d in held:
            rep = scorer.score(records[int(d)]["text"])
            out.append({"doc": int(d), "fold": fi, "score": rep.score, "label": rep.label,
                        "advertorial": rep.advertorial_score, "spans": [s.to_dict() for s in rep.spans],
                        "thresholds": rep.thresholds})
        log(f"fold {fi}: trained on {len(train)} documents, scored {len(held)} held-out documents")
    return sorted(out, key=lambda r: r["doc"])
