"""The one flow a text takes, owned here and nowhere else:

    text -> normalize (text + offset map) -> Context (lines, sentences, headline; declared lazy fields)
         -> every detector's candidates -> resolve (the one overlap policy, into the caller's offsets)
         -> featurize (one row) -> the calibrated model -> Report

A title is prepended here (it informs the score, never carries spans), and a text too long for one pass is
detected here in windows (never truncated). A ``Scorer`` is read-only after construction, so one instance can be
shared across threads; the default scorer is built lazily once, under a lock, on the first call that needs it.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import numpy as np

from slantcheck.detectors import Analysis, Detector, Detectors, default_detectors, merge_by_kind, resolve, scanner_of
from slantcheck.detectors.learned import UnitModels, UnitScores
from slantcheck.detectors.learned import shipped as shipped_units
from slantcheck.errors import check_text
from slantcheck.features.featurizer import featurize
from slantcheck.kinds import KINDS
from slantcheck.modelfile import ModelParams, models_root
from slantcheck.modelfile import load as load_params
from slantcheck.report import LABELS, ErrorRecord, Report, SignalScore, Span
from slantcheck.text.context import Context
from slantcheck.text.normalize import Normalized, normalize

if TYPE_CHECKING:
    from slantcheck.detectors.rulepack import RulesArg

DEFAULT_MODEL = "default"
#: The longest text (in characters) detected in one pass. A longer text is detected in windows of at
#: most this many normalised characters, split at line breaks (else sentence ends, else spaces); spans
#: are mapped back into the whole text and features are computed over the whole document, so nothing
#: is truncated. ``Report.windows`` says how many windows were used.
MAX_WINDOW_CHARS = 100_000
#: A window also sees the line before it and the line after it (up to this length) as context, so that
#: its first line is not taken for a headline and a sentence backed on the next line stays backed.
_LEAD_MAX = 1_000
#: Between a title and the text it heads.
_TITLE_SEP = "\n\n"
_SENT_END = re.compile(r"[.!?][\"')\]]*\s")


def default_model_dir() -> Path:
    """Where the shipped model lives: installed package data, or ``models/`` in a source checkout."""
    return models_root() / DEFAULT_MODEL


# --- normalize -> context -> detectors -> resolve (windowed for long texts) ---------------------------------------
def analyze(text: str, detectors: Sequence[Detector], *, units: UnitModels | None = None,
            max_window: int | None = None) -> Analysis:
    """Normalize, run every detector, score every sentence with the unit models (when given), resolve overlaps;
    texts over ``max_window`` (default ``MAX_WINDOW_CHARS``) go in windows."""
    norm = normalize(check_text(text))
    ctx = Context(norm.text, scanner_of(detectors))
    limit = MAX_WINDOW_CHARS if max_window is None else int(max_window)
    if len(norm.text) <= limit:
        spans, scores = _detect(norm, ctx, detectors, units)
        return Analysis(norm, ctx, spans, 1, scores)
    bounds = window_bounds(norm.text, limit)
    found: list[Span] = []
    parts: list[UnitScores] = []
    t = norm.text
    for a, b in bounds:
        la = _lead_start(t, a)
        lb = _lead_end(t, b)
        sub = Normalized(norm.original, t[la:lb], norm.ostart[la:lb], norm.oend[la:lb])
        # "repeated in the document" means the whole document
        wctx = Context(sub.text, scanner_of(detectors), document_line_counts=ctx.line_counts)
        lo = int(norm.ostart[a])
        hi = int(norm.ostart[b]) if b < len(t) else len(norm.original)
        spans, scores = _detect(sub, wctx, detectors, units)
        found.extend(sp for sp in spans if lo <= sp.start < hi)
        if scores is not None:  # a sentence of the lead-in or lead-out belongs to the neighbouring window
            parts.append(scores.within(a - la, b - la))
    merged = UnitScores.concat(parts) if units is not None else None
    return Analysis(norm, ctx, merge_by_kind(found, norm.original), len(bounds), merged)


def _detect(norm: Normalized, ctx: Context, detectors: Sequence[Detector],
            units: UnitModels | None) -> tuple[tuple[Span, ...], UnitScores | None]:
    """The detectors' candidates and the unit models' spans (which see the rules' hits as evidence), resolved."""
    if ctx.scanner is None:
        ctx.scanner = scanner_of(detectors)
    found = [det.find(norm.text, ctx) for det in detectors]
    if units is None:
        return resolve(norm, found), None
    scores = units.score(ctx, [(s.start, s.end, s.kind) for spans in found for s in spans])
    # a rule pack's allow-list ("our own newsletter line") holds for learned spans of its kind too
    found.append([s for s in units.spans(ctx, scores)
                  if not any(d.kind == s.kind and d.allowed(ctx.text[s.start : s.end]) for d in detectors)])
    return resolve(norm, found), scores


def rule_candidates(ctx: Context, detectors: Sequence[Detector]) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` in ``ctx.text`` of every detector's spans: the rule evidence unit models see."""
    if ctx.scanner is None:
        ctx.scanner = scanner_of(detectors)
    return [(s.start, s.end, s.kind) for det in detectors for s in det.find(ctx.text, ctx)]


def window_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """Split ``text`` into consecutive ``[a, b)`` windows of at most ``limit`` characters covering all of it,
    cutting after the last line break in the second half of a window, else after the last sentence end,
    else after the last space, else (one huge token) at the limit."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    out = []
    a = 0
    n = len(text)
    while n - a > limit:
        lo, hi = a + limit // 2, a + limit
        cut = text.rfind("\n", lo, hi) + 1
        if not cut:
            ends = [m.end() for m in _SENT_END.finditer(text, max(lo, hi - 5_000), hi)]
            cut = ends[-1] if ends else text.rfind(" ", lo, hi) + 1
        if not cut:
            cut = hi
        out.append((a, cut))
        a = cut
    out.append((a, n))
    return out


def _lead_start(text: str, a: int) -> int:
    """Start of the line before position ``a`` (the window's lead-in), if it is short enough."""
    if a == 0:
        return 0
    s = text.rfind("\n", max(0, a - 1 - _LEAD_MAX), a - 1) + 1
    return s if s and a - s <= _LEAD_MAX else (0 if a <= _LEAD_MAX else a)


def _lead_end(text: str, b: int) -> int:
    """End of the line after position ``b`` (the window's lead-out), if it is short enough."""
    if b >= len(text):
        return len(text)
    e = text.find("\n", b, b + _LEAD_MAX)
    return e if e >= 0 else (len(text) if len(text) - b <= _LEAD_MAX else b)


# --- the scorer ---------------------------------------------------------------------------------------------------
class Scorer:
    """Scores texts with one model and one set of detectors."""

    #: The model directory this scorer was loaded from with the default detectors (set by ``load``).
    source: Path | None = None

    def __init__(self, params: ModelParams, detectors: Sequence[Detector] | None = None, *,
                 units: UnitModels | None = None) -> None:
        self.params = params
        self.detectors: Detectors = Detectors(detectors) if detectors is not None else default_detectors()
        #: The learned unit models (``detectors.learned``); None scores with the rule detectors alone.
        self.units = units
        self._names = list(params.feature_names)
        self._col = {t: i for i, t in enumerate(params.targets)}

    @property
    def model_version(self) -> str:
        return self.params.model_version

    def score(self, text: str, *, title: str | None = None) -> Report:
        """Score one text. ``title`` is metadata: it informs the score but never carries spans."""
        check_text(text)
        if title is not None:
            check_text(title, "title")
        if not text.strip():
            return self._report(np.zeros(len(self.params.targets)), (), len(text))
        offset = 0
        full = text
        if title and title.strip():
            full = title + _TITLE_SEP + text
            offset = len(title) + len(_TITLE_SEP)
        a = analyze(full, self.detectors, units=self.units)
        row = featurize(a, self._names)
        probs = self.params.predict_proba(row)[0]
        spans = tuple(_shift(s, offset) for s in a.spans if s.start >= offset) if offset else a.spans
        return self._report(probs, spans, len(text), a.windows, row)

    def score_many(self, texts: Iterable[str], *, titles: Iterable[str | None] | None = None, n_jobs: int = 1,
                   batch_size: int = 64, on_error: str = "raise") -> Iterator[Report | ErrorRecord]:
        """Score texts lazily, in input order, with bounded memory (chunks of ``batch_size``, at most
        ``2 * n_jobs`` chunks in flight). ``n_jobs > 1`` uses joblib worker processes that load the model once
        each; ``n_jobs=-1`` uses all cores. ``on_error="record"`` yields a ``slantcheck.ErrorRecord`` in
        place of a text that cannot be scored instead of raising."""
        return score_many(self, texts, titles=titles, n_jobs=n_jobs, batch_size=batch_size, on_error=on_error)

    def _report(self, probs: np.ndarray, spans: tuple[Span, ...], length: int, windows: int = 1,
                row: np.ndarray | None = None) -> Report:
        review, flag = self.params.thresholds
        p = float(probs[self._col["flag"]])
        label = LABELS[2] if p >= flag else LABELS[1] if p >= review else LABELS[0]
        reasons = self._reasons(row) if row is not None and label != LABELS[0] else ()
        signals = {k: SignalScore(k, float(probs[self._col[k]]), tuple(s for s in spans if s.kind == k)) for k in KINDS}
        return Report(
            score=p, label=label, advertorial_score=float(probs[self._col["advertorial"]]), signals=signals,
            spans=spans, model_version=self.params.model_version, thresholds=(review, flag), length=length,
            windows=windows, reasons=reasons,
        )

    def _reasons(self, row: np.ndarray, most: int = 3) -> tuple[str, ...]:
        """The features that raised the flag score most, in words (``feature_reason``), strongest first."""
        c = self.params.contributions(row, "flag")
        order = np.argsort(-c, kind="stable")
        return tuple(feature_reason(self._names[i], float(row[i])) for i in order[:most] if c[i] > 0)


_STAT_WORDS = {
    "log_count": "{kind} spans: {n}", "max_score": "strongest {kind} span: {v:.2f}",
    "sum_score": "{kind} span scores add up to {v:.2f}", "per_1k_words": "{v:.1f} {kind} spans per 1,000 words",
    "earliness": "a {kind} span early in the text", "char_frac": "{kind} spans cover {p:.0%} of the text",
    "unit_max": "most likely {kind} sentence: p={v:.2f}",
    "unit_top3": "three most likely {kind} sentences: mean p={v:.2f}",
}


def feature_reason(name: str, value: float) -> str:
    """A document feature and its value in a moderator's words ("most likely unsourced assertion sentence: p=0.81")."""
    head, _, stat = name.partition("__")
    if head == "rule":
        kind, _, rule = stat.partition("__")
        return f"{kind.replace('_', ' ')} rule {rule!r} fired"
    template = _STAT_WORDS.get(stat)
    if head not in KINDS or template is None:
        return f"{name} = {value:.3g}"
    return template.format(kind=head.replace("_", " "), v=value, n=int(round(np.expm1(value))), p=value)


def _shift(sp: Span, offset: int) -> Span:
    return Span(sp.start - offset, sp.end - offset, sp.kind, sp.text, sp.score, sp.detector, sp.rule, sp.reason)


def load(path: str | Path | None = None, *, detectors: Sequence[Detector] | None = None,
         rules: RulesArg | None = None) -> Scorer:
    """A ``Scorer`` for the model at ``path`` (a directory or its ``model.json``); default: shipped model.

    ``rules`` adds a publisher's rule pack (a TOML/JSON path, a ``RulePack``, or a list of them; see
    ``slantcheck.detectors.rulepack``) to the shipped detectors. Give ``rules`` or ``detectors``, not both.
    """
    if rules is not None:
        if detectors is not None:
            raise TypeError("load() takes either detectors= or rules=, not both")
        from slantcheck.detectors.rulepack import resolve

        detectors = resolve(rules)
    p = Path(path) if path is not None else default_model_dir()
    directory = p if p.is_dir() else p.parent
    scorer = Scorer(load_params(p), detectors, units=shipped_units(directory / "units"))
    if detectors is None:  # workers can rebuild this scorer from its path
        scorer.source = (p if p.is_dir() else p.parent).resolve()
    return scorer


_lock = threading.Lock()
_default: list[Scorer] = []


def default_scorer() -> Scorer:
    """The shipped model, loaded once per process on first use."""
    if not _default:
        with _lock:
            if not _default:
                _default.append(load())
    return _default[0]


# --- many texts: one model per worker process ---------------------------------------------------------------------
_WORKER_SCORERS: dict[str, Scorer] = {}
_WORKER_LOADS: dict[str, int] = {}
_WORKER_LOCK = threading.Lock()


def worker_scorer(model: str | os.PathLike[str] | None = None) -> Scorer:
    """The scorer for ``model`` (a path; ``None`` = the shipped model), loaded once per process."""
    key = str(Path(model if model is not None else default_model_dir()).resolve())
    sc = _WORKER_SCORERS.get(key)
    if sc is None:
        with _WORKER_LOCK:  # threaded workers (dask, Spark) share one load
            sc = _WORKER_SCORERS.get(key)
            if sc is None:
                sc = _WORKER_SCORERS[key] = load(key)
                _WORKER_LOADS[key] = _WORKER_LOADS.get(key, 0) + 1
    return sc


def worker_stats(*_ignored: Any) -> dict[str, Any]:
    """This process's id, how many model loads it made, and per model path how often (tests check: once
    per worker). Arguments are ignored, so it can be mapped over chunks or run by ``dask.distributed.Client.run``."""
    return {"pid": os.getpid(), "loads": sum(_WORKER_LOADS.values()), "models": dict(_WORKER_LOADS)}


def model_ref(scorer: Any) -> Any:
    """What a task carries to find its scorer: the model path when the scorer was loaded from one with the
    default detectors; otherwise (custom detectors or in-memory parameters) the scorer itself."""
    src = getattr(scorer, "source", None)
    return str(src) if src is not None else scorer


def resolve_ref(ref: Any) -> Any:
    """The scorer a task's ``model_ref`` stands for (loaded once per worker process)."""
    return worker_scorer(ref) if isinstance(ref, str) else ref


def _score_one(scorer: Any, text: Any, title: Any) -> Report | ErrorRecord:
    try:
        return scorer.score(text, title=title)  # type: ignore[no-any-return]
    except Exception as exc:  # per-record isolation: one bad text never sinks its chunk
        return ErrorRecord.from_exception(exc)


def _score_chunk(ref: Any, chunk: Sequence[tuple[int, Any, Any]]) -> list[Report | ErrorRecord]:
    scorer = resolve_ref(ref)
    out: list[Report | ErrorRecord] = []
    for i, text, title in chunk:
        r = _score_one(scorer, text, title)
        out.append(ErrorRecord(None, i, r.type, r.code, r.message) if isinstance(r, ErrorRecord) else r)
    return out


def score_many(scorer: Any, texts: Iterable[Any], *, titles: Iterable[Any] | None = None, n_jobs: int = 1,
               batch_size: int = 64, on_error: str = "raise") -> Iterator[Report | ErrorRecord]:
    """Score ``texts`` lazily in input order (see ``Scorer.score_many``)."""
    from slantcheck.parallel import chunked, effective_jobs, map_chunks

    if on_error not in ("raise", "record"):
        raise ValueError(f"on_error must be 'raise' or 'record', got {on_error!r}")
    items: Iterable[tuple[int, Any, Any]]
    if titles is None:
        items = ((i, t, None) for i, t in enumerate(texts))
    else:
        items = ((i, t, ti) for i, (t, ti) in enumerate(zip(texts, titles, strict=True)))
    ref = model_ref(scorer) if effective_jobs(n_jobs) > 1 else scorer
    for results in map_chunks(_score_chunk, chunked(items, batch_size), ref, n_jobs=n_jobs):
        for r in results:
            if isinstance(r, ErrorRecord) and on_error == "raise":
                raise r.to_exception()
            yield r
