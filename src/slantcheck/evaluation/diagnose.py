"""Detectors as labelling functions: coverage, overlap, conflict and accuracy per rule (after Snorkel's LFAnalysis).

Every rule of every detector is one labelling function (LF) that votes "this unit carries
my kind" or abstains. A *unit* is a document (signals.md JSONL) or a corpus record (a
headline, a sentence, a line). Per LF:

- ``coverage``: share of units where it fires;
- ``overlap``: share of units where it fires together with at least one other LF;
- ``conflict``: share of units where it fires on characters that an LF of a *different kind*
  also claims (two readings of the same text; kinds may legitimately overlap, so read it as
  "worth a look", not as an error);
- with span labels (JSONL): ``spans`` fired, ``precision`` (share overlapping a gold span of
  its kind), ``gold_hit`` (gold spans it finds) and ``unique`` (gold spans only it finds);
- with unit labels (corpora): ``precision`` = share of its firings on positive units for its
  kind, ``pos_coverage`` = share of positive units it fires on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from slantcheck.dataset import data_root, read_jsonl, read_records
from slantcheck.detectors import Context, Detector, Detectors, default_detectors, scanner_of
from slantcheck.text.normalize import normalize

#: Corpora that ``diagnose`` understands by name: (folder, file, kind the label speaks to, positive label).
CORPORA: dict[str, tuple[str, str, str, str]] = {
    "stop_clickbait": ("stop_clickbait", "headlines.jsonl", "clickbait", "clickbait"),
    "wiki_weasel": ("wiki_weasel", "sentences.jsonl.gz", "unsourced_assertion", "uncertain"),
    "claimbuster": ("claimbuster", "sentences.jsonl", "unsourced_assertion", "check_worthy"),
    "sms_spam": ("sms_spam", "sms.jsonl", "ad_injection", "spam"),
    "youtube_spam": ("youtube_spam", "comments.jsonl", "ad_injection", "spam"),
    "aeb_lines": ("aeb_lines", "lines.jsonl.gz", "ad_injection", "boilerplate"),
    "trafilatura_eval": ("trafilatura_eval", "lines.jsonl", "ad_injection", "boilerplate"),
}


@dataclass
class _LF:
    name: str
    kind: str
    fired: int = 0
    overlap: int = 0
    conflict: int = 0
    spans: int = 0
    correct: int = 0
    gold_hit: int = 0
    unique: int = 0
    pos_fired: int = 0


def _lf_spans(text: str, detectors: Sequence[Detector]) -> list[tuple[str, str, int, int]]:
    """(lf name, kind, start, end) in original offsets, one entry per rule firing (before merging)."""
    norm = normalize(text)
    ctx = Context(norm.text, scanner_of(detectors))
    out = []
    for det in detectors:
        for sp in det.candidates(ctx):
            if det.allowed(ctx.text[sp.start : sp.end]):
                continue
            s, e = norm.to_original(sp.start, sp.end)
            if e > s:
                out.append((f"{sp.kind}:{sp.rule}", sp.kind, s, e))
    return out


def analyse(units: Iterable[Mapping[str, Any]], detectors: Sequence[Detector] | None = None, *,
            unit_kind: str | None = None, positive: str | None = None) -> dict[str, Any]:
    """LF statistics over units. A unit has ``text`` and either ``spans`` (gold) or ``label``."""
    dets = Detectors(detectors) if detectors is not None else default_detectors()
    lfs: dict[str, _LF] = {}
    n = npos = 0
    for u in units:
        n += 1
        fired = _lf_spans(u["text"], dets)
        names = {f[0] for f in fired}
        for f in fired:
            lfs.setdefault(f[0], _LF(f[0], f[1]))
        is_pos = positive is not None and u.get("label") == positive
        npos += int(is_pos)
        gold = [g for g in u.get("spans", []) if g.get("kind")]
        hits_by_gold: dict[int, set[str]] = {}
        for name in names:
            lf = lfs[name]
            mine = [f for f in fired if f[0] == name]
            lf.fired += 1
            if len(names) > 1:
                lf.overlap += 1
            if any(o[1] != lf.kind and o[2] < m[3] and m[2] < o[3] for m in mine for o in fired):
                lf.conflict += 1
            if is_pos and lf.kind == unit_kind:
                lf.pos_fired += 1
            lf.spans += len(mine)
            for m in mine:
                ok = False
                for gi, g in enumerate(gold):
                    if g["kind"] == lf.kind and g["start"] < m[3] and m[2] < g["end"]:
                        ok = True
                        hits_by_gold.setdefault(gi, set()).add(name)
                lf.correct += int(ok)
        for who in hits_by_gold.values():
            for name in who:
                lfs[name].gold_hit += 1
            if len(who) == 1:
                lfs[next(iter(who))].unique += 1
    labelled = "spans" if unit_kind is None else "labels"
    rows = []
    for lf in sorted(lfs.values(), key=lambda x: (x.kind, x.name)):
        row: dict[str, Any] = {"lf": lf.name, "kind": lf.kind, "fired": lf.fired, "coverage": lf.fired / max(n, 1),
                               "overlap": lf.overlap / max(n, 1), "conflict": lf.conflict / max(n, 1)}
        if labelled == "spans":
            row.update({"spans": lf.spans, "precision": lf.correct / lf.spans if lf.spans else None,
                        "gold_hit": lf.gold_hit, "unique": lf.unique})
        elif lf.kind == unit_kind:
            row.update({"precision": lf.pos_fired / lf.fired if lf.fired else None,
                        "pos_coverage": lf.pos_fired / npos if npos else None})
        rows.append(row)
    return {"units": n, "positives": npos if unit_kind else None, "labelled": labelled, "unit_kind": unit_kind, "lfs": rows}


def load_units(data: str, *, split: str = "dev", limit: int | None = None, data_dir: Any = None
               ) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """Units from a signals.md JSONL file or a corpus name (``CORPORA``); returns (units, kind, positive)."""
    if data in CORPORA:
        folder, file, kind, pos = CORPORA[data]
        units = []
        for r in read_jsonl(data_root(data_dir) / folder / file):
            if r.get("split") == split and isinstance(r.get("text"), str):
                units.append({"text": r["text"], "label": r.get("label")})
                if limit and len(units) >= limit:
                    break
        return units, kind, pos
    units = list(read_records(data))
    return (units[:limit] if limit else units), None, None


def format_table(res: Mapping[str, Any]) -> str:
    head = f"units: {res['units']}" + (f"   positives ({res['unit_kind']}): {res['positives']}" if res["unit_kind"] else "")
    if res["labelled"] == "spans":
        cols = f"{'labelling function':44s}{'fired':>6s}{'cover':>7s}{'overlap':>8s}{'conflict':>9s}{'spans':>6s}{'prec':>6s}{'gold':>5s}{'uniq':>5s}"
    else:
        cols = f"{'labelling function':44s}{'fired':>6s}{'cover':>7s}{'overlap':>8s}{'conflict':>9s}{'prec':>6s}{'poscov':>7s}"
    lines = [head, "", cols]

    def f(x: Any, w: int) -> str:
        return f"{'-':>{w}s}" if x is None else f"{x:{w}.3f}"

    for r in res["lfs"]:
        base = f"{r['lf'][:43]:44s}{r['fired']:6d}{f(r['coverage'], 7)}{f(r['overlap'], 8)}{f(r['conflict'], 9)}"
        if res["labelled"] == "spans":
            lines.append(base + f"{r['spans']:6d}{f(r['precision'], 6)}{r['gold_hit']:5d}{r['unique']:5d}")
        else:
            lines.append(base + f"{f(r.get('precision'), 6)}{f(r.get('pos_coverage'), 7)}")
    if not res["lfs"]:
        lines.append("(no labelling function fired)")
    return "\n".join(lines)
