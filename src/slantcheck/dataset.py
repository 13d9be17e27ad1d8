"""Labelled data in the signals.md section-6 JSONL schema: read and validate."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, Iterator

from .report import KINDS

GENRES = frozenset({
    "wire_news", "local_news", "op_ed", "blog", "press_release", "product_review", "health_blog",
    "finance_newsletter", "forum_post", "social_post", "science_news", "sports", "recipe", "other",
})
REQUIRED = {"id": str, "text": str, "genre": str, "flag": bool, "advertorial": bool, "spans": list}
INVISIBLE_EDGE = set(" \t\n\r\u200b\u200c\u200d\u2060\ufeff\u00ad")


def problems(rec: Any) -> list[str]:
    """Every way ``rec`` breaks the section-6 validity rules (empty list when valid)."""
    if not isinstance(rec, dict):
        return ["record is not an object"]
    out = [f"field {k!r} missing or not {t.__name__}" for k, t in REQUIRED.items() if not isinstance(rec.get(k), t)]
    if out:
        return out
    if rec["genre"] not in GENRES:
        out.append(f"genre {rec['genre']!r} is not allowed")
    text = rec["text"]
    last: dict[str, int] = {}
    prev = (-1, -1)
    for i, s in enumerate(rec["spans"]):
        if not isinstance(s, dict) or not all(isinstance(s.get(k), int) for k in ("start", "end")):
            out.append(f"span {i}: needs integer start and end")
            continue
        if s.get("kind") not in KINDS:
            out.append(f"span {i}: kind {s.get('kind')!r} is not allowed")
            continue
        a, b = s["start"], s["end"]
        if not 0 <= a < b <= len(text):
            out.append(f"span {i}: offsets {a}..{b} outside the text")
            continue
        if text[a] in INVISIBLE_EDGE or text[b - 1] in INVISIBLE_EDGE:
            out.append(f"span {i}: starts or ends with whitespace or an invisible character")
        if (a, b) < prev:
            out.append(f"span {i}: spans are not sorted")
        prev = (a, b)
        if a < last.get(s["kind"], -1):
            out.append(f"span {i}: overlaps another {s['kind']} span")
        last[s["kind"]] = max(last.get(s["kind"], -1), b)
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
