"""Data files: the one JSONL reader, where the shared data folder is, and labelled records in the signals.md
section-6 schema (read and validated). Used by training and evaluation alike."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any, Iterator

from slantcheck.kinds import KINDS

ENV_VAR = "SLANTCHECK_DATA"

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


def shared_data_dir(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared data folder, or None when it is not there.

    Order: ``path`` when given (only that one is considered), else ``$SLANTCHECK_DATA`` when set
    (only that), else ``../shared/data`` relative to the current directory and to every parent
    of this file (so a checkout beside ``shared/`` finds it from anywhere).
    """
    if path is not None:
        p = Path(path).expanduser()
        return p if p.is_dir() else None
    env = os.environ.get(ENV_VAR)
    if env:
        p = Path(env).expanduser()
        return p if p.is_dir() else None
    cands = [Path.cwd() / ".." / "shared" / "data"]
    cands += [parent / ".." / "shared" / "data" for parent in Path(__file__).resolve().parents]
    for c in cands:
        if c.is_dir():
            return c.resolve()
    return None


def data_root(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``shared_data_dir(data_dir)``, or ``FileNotFoundError`` when it is not there."""
    p = shared_data_dir(data_dir)
    if p is None:
        raise FileNotFoundError("shared data folder not found; pass --data-dir or set SLANTCHECK_DATA")
    return p


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Yield one dict per non-blank line; ``.gz`` files are decompressed (by extension)."""
    for _, rec in _numbered(path):
        yield rec


def _numbered(path: str | os.PathLike[str]) -> Iterator[tuple[str, Any]]:
    p = Path(path)
    opener = gzip.open if p.name.endswith(".gz") else open
    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield f"{p}:{n}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p}:{n}: invalid JSON ({exc.msg})") from None


def read_records(path: str | Path, *, validate: bool = True) -> Iterator[dict[str, Any]]:
    """Yield records from a JSONL file (``.gz`` by extension); a bad line raises with its number."""
    for where, rec in _numbered(path):
        if validate:
            errs = problems(rec)
            if errs:
                raise ValueError(f"{where}: " + "; ".join(errs))
        yield rec
