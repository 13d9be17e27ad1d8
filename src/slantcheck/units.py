"""Lines and sentences of a normalised text, as ``(start, end)`` ranges without edge whitespace."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bullet or list number in front of a line; it is never part of a span.
BULLET = re.compile(r"(?:[-*•·▪►●◦‣–—]|\(?\d{1,3}[.)]|[a-z][.)])\s+")
_LINE = re.compile(r"[^\n]+")
# Sentence end: terminal punctuation run, optional closing quotes/brackets/emoji, then space.
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+\S)|[.!?]+[\"')\]]*$")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|Gen|Gov|Sen|Rep|Col|Lt|Sgt|Capt|Inc|Ltd|Co|Corp|vs|etc|No|Nos|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|Ave|Blvd|Rd|Ft|Fig|al|e\.g|i\.e)\.|"
    r"\b(?:[A-Za-z]\.){1,3}[A-Za-z]?\.?|\b[A-Z]\.)$"
)


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    line: int  # index of the line the unit is on


def lines(text: str) -> list[Unit]:
    """Non-empty lines, stripped, bullets kept (see ``strip_bullet``)."""
    out = []
    for i, m in enumerate(_LINE.finditer(text)):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Unit(s, e, len(out)))
    return out


def strip_bullet(text: str, start: int, end: int) -> int:
    """Start of a line's content after a list bullet or number."""
    m = BULLET.match(text, start, end)
    return m.end() if m else start


def sentences(text: str, line_units: list[Unit] | None = None) -> list[Unit]:
    """Sentences inside each line; a line without final punctuation is one sentence."""
    out: list[Unit] = []
    for ln in line_units if line_units is not None else lines(text):
        s = strip_bullet(text, ln.start, ln.end)
        pos = s
        for m in _END.finditer(text, s, ln.end):
            e = m.end()
            if _ABBREV.search(text, max(s, m.start() - 12), m.start() + 1) and m.group().startswith(".") and len(m.group()) == 1:
                nxt = text[e : e + 3].lstrip()
                if not nxt or not nxt[0].isupper() or _ABBREV.search(text, max(s, m.start() - 4), m.start() + 1):
                    continue
            if e > pos:
                out.append(_trimmed(text, pos, e, ln.line))
            pos = e
        if pos < ln.end:
            u = _trimmed(text, pos, ln.end, ln.line)
            if u.end > u.start:
                out.append(u)
    return [u for u in out if u.end > u.start]


def _trimmed(text: str, s: int, e: int, line: int) -> Unit:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Unit(s, e, line)
