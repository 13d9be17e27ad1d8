"""Line features for the ``ad-lines`` model: is a standalone line page residue / promo, or a real sentence?

The same ``line_features`` feed training (``slantcheck train --recipe ad-lines``) and scoring
(the ad detector's ``line_model`` cue), so both compute identical features. A high probability
means "boilerplate-like"; by signals.md 4.5 that alone is never a span — the ad detector only
uses it as one more cue on lines that already carry a commercial cue.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from slantcheck.detectors.textclf import HashSpec

NAME = "ad-lines"
SPEC = HashSpec(buckets_log2=18, word_ngrams=(1, 2), char_ngrams=(3, 4), casefold=True, digits=False)

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must|do|does|did|"
    r"said|says|say|told|made|makes|took|takes|gave|gives|went|goes|came|comes|got|gets|found|know|knows|knew|"
    r"think|thinks|thought|want|wants|need|needs|ist|sind|war|hat|haben|wird|wurde|es|est|sont|son)\b"
    r"|\b[a-z]{3,}(?:ed|es)\b", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.|\b[a-z0-9-]{2,}\.(?:com|net|org|io|co|de|uk|shop)\b|@\w", re.IGNORECASE)
_PHONE_MAIL = re.compile(r"\b\d{3}[-. ]\d{3,4}(?:[-. ]\d{4})?\b|\S+@\S+\.\w+")
_SEP = re.compile(r"[|·»›•]|\s[-–—]\s")
_BULLET = re.compile(r"^\s*(?:[-*•·▪►●◦‣]|\d{1,3}[.)])\s+")
_COMMERCIAL = re.compile(
    r"\b(?:shop|store|buy|order|deal|deals|discount|sale|save|coupon|promo|offer|free|shipping|price|prices|"
    r"subscribe|sign up|newsletter|sponsored|advertisement|ad|ads|partner|affiliate|commission|click|download|"
    r"app|trial|premium|members?|membership|% off|code|bonus|casino|betting|loans?|insurance|cbd|supplements?|"
    r"pills?|trick|cure|secret|follow|share|like|comment|comments|register|login|log in|account|cookie|cookies|"
    r"privacy|terms|copyright|rights reserved|©|anzeige|werbung|abonnieren|newsletter)\b", re.IGNORECASE)


def _bucket(x: float, edges: Sequence[float]) -> int:
    for i, e in enumerate(edges):
        if x <= e:
            return i
    return len(edges)


def line_features(lines: Sequence[str], only: Sequence[int] | None = None) -> dict[int, dict[str, float]]:
    """Named numeric features for lines of one document (all lines, or the indices in ``only``)."""
    n = len(lines)
    counts: dict[str, int] = {}
    for ln in lines:
        k = ln.strip().casefold()
        counts[k] = counts.get(k, 0) + 1
    # The document's topic: content words of its long lines (over 15 words).
    vocab: dict[str, int] = {}
    long_words: list[set[str]] = []
    for ln in lines:
        ws = ln.split()
        s = {w.casefold() for w in _CONTENT_WORD.findall(ln)} if len(ws) > 15 else set()
        long_words.append(s)
        for w in s:
            vocab[w] = vocab.get(w, 0) + 1
    out: dict[int, dict[str, float]] = {}
    for i in (range(n) if only is None else only):
        ln = lines[i].strip()
        ws = ln.split()
        nw = len(ws)
        words = _WORD.findall(ln)
        f: dict[str, float] = {}
        f[f"len:{_bucket(nw, (1, 3, 6, 10, 18, 30))}"] = 1.0
        f[f"pos:{_bucket(i / max(n - 1, 1), (0.0, 0.1, 0.3, 0.7, 0.9, 0.999))}"] = 1.0
        if i == 0:
            f["first"] = 1.0
        if i == n - 1:
            f["last"] = 1.0
        if counts.get(ln.casefold(), 0) > 1:
            f["repeated"] = 1.0
        if words:
            caps = sum(w[0].isupper() for w in words) / len(words)
            f[f"caps:{_bucket(caps, (0.2, 0.5, 0.8))}"] = 1.0
            letters = [c for c in ln if c.isalpha()]
            if len(letters) >= 6 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
                f["all_caps"] = 1.0
        if not _FINITE.search(ln):
            f["no_finite_verb"] = 1.0
        end = ln[-1:] if ln else ""
        f["end:" + (end if end in ".!?:;,)\"'" else ("digit" if end.isdigit() else "other"))] = 1.0
        if _URL.search(ln):
            f["url"] = 1.0
        if _PHONE_MAIL.search(ln):
            f["phone_or_mail"] = 1.0
        if _SEP.search(ln):
            f["separator"] = 1.0
        if _BULLET.match(ln):
            f["bullet"] = 1.0
        hits = len(_COMMERCIAL.findall(ln))
        if hits:
            f["commercial"] = min(hits, 3) / 3.0
        digits = sum(c.isdigit() for c in ln)
        if digits:
            f[f"digits:{_bucket(digits / max(len(ln), 1), (0.05, 0.2, 0.5))}"] = 1.0
        own = {w.casefold() for w in _CONTENT_WORD.findall(ln)}
        if own and vocab:
            shared = sum(1 for w in own if vocab.get(w, 0) - (w in long_words[i]) > 0) / len(own)
            f[f"topic:{_bucket(shared, (0.0, 0.25, 0.5, 0.75))}"] = 1.0
        elif not vocab:
            f["topic:none"] = 1.0
        for j, tag in ((i - 1, "prev"), (i + 1, "next")):
            if 0 <= j < n:
                f[f"{tag}_len:{_bucket(len(lines[j].split()), (3, 10, 25))}"] = 1.0
            else:
                f[f"{tag}_len:none"] = 1.0
        out[i] = f
    return out


def line_probs(lines: Sequence[str], only: Sequence[int] | None = None, model=None) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """P(boilerplate-like) for lines of one document with the shipped ``ad-lines`` model ({} without it)."""
    from slantcheck.detectors.textclf import shipped

    clf = model if model is not None else shipped(NAME)
    if clf is None:
        return {}
    feats = line_features(lines, only)
    return {i: clf.proba(lines[i], f) for i, f in feats.items()}


def dense_names(rows: Sequence[Mapping[str, float]]) -> tuple[str, ...]:
    return tuple(sorted({k for r in rows for k in r}))
