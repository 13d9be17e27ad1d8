"""Lines and sentences of a normalised text, as ``(start, end)`` ranges without edge whitespace."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bullet or list number in front of a line; it is never part of a span.
BULLET = re.compile(r"(?:[-*•·▪►●◦‣–—]|\(?\d{1,3}[.)]|[a-z][.)])\s+")
# Sentence end: terminal punctuation run, optional closing quotes/brackets/emoji, then space.
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+\S)|[.!?]+[\"')\]]*$")
#: Abbreviations that do not end a sentence before a capital (case-sensitive; ``_ABBREV`` is built from them).
_ABBREV_WORDS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Gen", "Gov", "Sen", "Rep", "Col", "Lt", "Sgt", "Capt",
    "Inc", "Ltd", "Co", "Corp", "vs", "etc", "No", "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "approx", "est", "Ave", "Blvd", "Rd", "Ft", "Fig", "al",
)
_ABBREV = re.compile(
    r"(?:\b(?:" + "|".join(_ABBREV_WORDS) + r"|e\.g|i\.e)\.|"
    r"\b(?:[A-Za-z]\.){1,3}[A-Za-z]?\.?|\b[A-Z]\.)$"
)

# --- fast paths of ``sentences`` (each one exact; tests/test_fast_paths.py checks them against reference code) ---
#
# 1. ``_END_ONE`` finds exactly the matches of ``_END``. In ``_END`` every backtracked state of the
#    ``[.!?]+[\"')\]]*`` prefix is followed by one of ``.!?"')]`` (not a space, not a newline), so neither
#    ``(?=\s+\S)`` nor ``$`` can hold there: both branches match only at the greedy end ``q`` of that
#    prefix, branch 1 when ``(?=\s+\S)`` holds at ``q`` and branch 2 when ``$`` does. ``(?:(?=\s+\S)|$)`` after
#    one copy of the prefix accepts exactly the same ``q``. Writing ``[.!?]+`` as ``[.!?][.!?]*`` (the same
#    language, the same greedy match) makes the pattern start with a character set, which ``re`` scans for
#    in C instead of trying a match at every position.
# 2. ``_END_DOT`` is ``_END_ONE`` with ``[.!?]`` written ``\.`` and is only used on a line containing no ``!``
#    and no ``?``; ``_END`` only reads characters inside the line (no look-behind, no ``\b``), where the two
#    sets are the same, so the matches are the same. It starts with a literal, which ``re`` finds faster still.
_END_ONE = re.compile(r"[.!?][.!?]*[\"')\]]*(?:(?=\s+\S)|$)")
_END_DOT = re.compile(r"\.\.*[\"')\]]*(?:(?=\s+\S)|$)")
# 3. ``_ABBREV`` is only searched when a cheap necessary condition holds (the answer is the same); see
#    ``_maybe_abbrev``.
_ABBREV_SET = frozenset(_ABBREV_WORDS)
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Two ASCII letters that no listed word ends with: before a period they rule ``_ABBREV`` out (``_maybe_abbrev``).
_NO_ABBREV_PAIRS = frozenset(a + b for a in _ASCII_LETTERS for b in _ASCII_LETTERS) - {w[-2:] for w in _ABBREV_WORDS}


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    line: int  # index of the line the unit is on


_new = object.__new__


def _unit(start: int, end: int, line: int) -> Unit:
    """``Unit(start, end, line)`` without the frozen dataclass's three ``object.__setattr__`` calls: the same
    instance dict in the same order (``Unit`` has no ``__post_init__`` or ``__slots__``; a test checks)."""
    u = _new(Unit)
    d = u.__dict__
    d["start"] = start
    d["end"] = end
    d["line"] = line
    return u


def lines(text: str) -> list[Unit]:
    """Non-empty lines, stripped, bullets kept (see ``strip_bullet``)."""
    # The definition: each match of ``[^\n]+``, trimmed of ``str.isspace`` characters. Those matches are exactly
    # the non-empty pieces of ``text.split("\n")``, in order, and ``str.strip``/``lstrip`` remove exactly the
    # characters for which ``str.isspace`` is true (tests/test_fast_paths.py checks every code point).
    out: list[Unit] = []
    pos = 0
    for piece in text.split("\n"):
        n = len(piece)
        if n:
            body = piece.strip()
            if body:
                s = pos + n - len(piece.lstrip())
                out.append(_unit(s, s + len(body), len(out)))
        pos += n + 1
    return out


def strip_bullet(text: str, start: int, end: int) -> int:
    """Start of a line's content after a list bullet or number."""
    m = BULLET.match(text, start, end)
    return m.end() if m else start


def _maybe_abbrev(text: str, p: int) -> bool:
    """False only if no match of ``_ABBREV`` can end just after the period at ``text[p]``.

    Every match is at least two characters. If it ends in ``..``, ``text[p - 1]`` is ``.``. Otherwise it
    ends in an ASCII letter and the period, and either that letter is preceded in the match by ``.``
    (``U.S.``, ``e.g.``) or it starts the match, where ``\\b`` puts a non-word character (or the text's start)
    before it: either way the run of ASCII letters before ``p`` has length 1. Or the match is a listed
    word (letters only, at most 6) and a period: the word starts after ``\\b``, so not after a letter, so the
    word is the whole run of ASCII letters before ``p``. So when the two characters before ``p`` are ASCII
    letters (the run is longer than 1, no ``.``) that no listed word ends with, nothing can match. (``re``
    evaluates ``\b`` against the whole string even when the search starts later, which is what this assumes.)
    """
    if p >= 2 and text[p - 2 : p] in _NO_ABBREV_PAIRS:
        return False
    w = text[max(p - 7, 0) : p]
    k = len(w) - len(w.rstrip(_ASCII_LETTERS))
    return k == 1 or w[len(w) - k :] in _ABBREV_SET or w[-1:] == "."


def sentences(text: str, line_units: list[Unit] | None = None) -> list[Unit]:
    """Sentences inside each line; a line without final punctuation is one sentence."""
    # Only non-empty units are appended, in order (the reference appends every trimmed unit and drops the empty
    # ones at the end: the same list).
    out: list[Unit] = []
    append = out.append
    bang = "!" in text or "?" in text
    find = text.find
    bullet = BULLET.match
    for ln in line_units if line_units is not None else lines(text):
        le = ln.end
        line = ln.line
        m = bullet(text, ln.start, le)  # strip_bullet
        s = m.end() if m else ln.start
        pat = _END_ONE if bang and (find("!", s, le) >= 0 or find("?", s, le) >= 0) else _END_DOT
        pos = s
        for m in pat.finditer(text, s, le):
            p, e = m.span()
            # (the cheap tests first: ``_ABBREV.search`` has no side effect, so it can go last)
            if (e - p == 1 and text[p] == "." and (p < 2 or text[p - 2 : p] not in _NO_ABBREV_PAIRS)
                    and _maybe_abbrev(text, p) and _ABBREV.search(text, max(s, p - 12), e)):
                nxt = text[e : e + 3].lstrip()
                if not nxt or not nxt[0].isupper() or _ABBREV.search(text, max(s, p - 4), e):
                    continue
            if e > pos:
                # _trimmed(text, pos, e): text[e - 1] is punctuation, so the unit is not empty and only its start
                # can need trimming
                a = pos
                while text[a].isspace():
                    a += 1
                u = _new(Unit)  # _unit(a, e, line)
                d = u.__dict__
                d["start"] = a
                d["end"] = e
                d["line"] = line
                append(u)
            pos = e
        if pos < le:
            a, b = pos, le
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                append(_unit(a, b, line))
    return out
