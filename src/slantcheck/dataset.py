"""Labelled data in the signals.md section-6 JSONL schema: read and validate."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Iterator

from slantcheck.report import KINDS

GENRES = frozenset({
    "wire_news", "local_news", "op_ed", "blog", "press_release", "product_review", "health_blog",
    "finance_newsletter", "forum_post", "social_post", "science_news", "sports", "recipe", "other",
})
REQUIRED: dict[str, type] = {"id": str, "text": str, "genre": str, "flag": bool, "advertorial": bool, "spans": list}
#: Allowed besides the required fields: ``title`` (metadata) and ``seed_file`` (seed records only).
OPTIONAL: dict[str, type] = {"title": str, "seed_file": str}
#: Characters a span may not start or end with besides whitespace (signals.md section 1.2).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def bad_edge(ch: str) -> bool:
    """A character a span may not start or end with."""
    return ch.isspace() or ch in INVISIBLE


def problems(rec: Any) -> list[str]:
    """Every way ``rec`` breaks the section-6 validity rules (empty list when valid)."""
    if not isinstance(rec, dict):
        return ["record is not an object"]
    out: list[str] = []
    for k, t in {**REQUIRED, **OPTIONAL}.items():
        if k not in rec:
            if k in REQUIRED:
                out.append(f"missing field {k!r}")
        elif not isinstance(rec[k], t) or (t is not bool and isinstance(rec[k], bool)):
            out.append(f"field {k!r} is not {t.__name__}")
    out += [f"unexpected field {k!r}" for k in sorted(set(rec) - set(REQUIRED) - set(OPTIONAL))]
    if out:
        return out
    if rec["genre"] not in GENRES:
        out.append(f"genre {rec['genre']!r} is not allowed")
    text = rec["text"]
    last: dict[str, int] = {}
    prev = (-1, -1)
    for i, s in enumerate(rec["spans"]):
        if not isinstance(s, dict) or set(s) != {"start", "end", "kind"}:
            out.append(f"span {i}: must be an object with exactly start, end, kind")
            continue
        a, b, kind = s["start"], s["end"], s["kind"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (a, b)):
            out.append(f"span {i}: start and end must be integers")
            continue
        if kind not in KINDS:
            out.append(f"span {i}: kind {kind!r} is not allowed")
            continue
        if not 0 <= a < b <= len(text):
            out.append(f"span {i}: offsets {a}..{b} outside the text (length {len(text)})")
            continue
        if bad_edge(text[a]) or bad_edge(text[b - 1]):
            out.append(f"span {i} ({kind}): starts or ends with whitespace or an invisible character")
        if (a, b) < prev:
            out.append(f"span {i}: spans are not sorted")
        prev = (a, b)
        if a < last.get(kind, -1):
            out.append(f"span {i}: overlaps another {kind} span")
        last[kind] = max(last.get(kind, -1), b)
    if rec["advertorial"] != any(s.get("kind") == "ad_injection" for s in rec["spans"] if isinstance(s, dict)):
        out.append("advertorial must be true exactly when an ad_injection span exists")
    return out


def read_records(path: str | Path, *, validate: bool = True) -> Iterator[dict[str, Any]]:
    """Yield records from a JSONL file (``.gz`` by extension); a bad line raises with its number."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p}:{n}: invalid JSON ({exc.msg})") from None
            if validate:
                errs = problems(rec)
                if errs:
                    raise ValueError(f"{p}:{n}: " + "; ".join(errs))
            yield rec
