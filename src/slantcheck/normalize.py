"""The one entry for text: fold obfuscation and keep an offset map back to the caller's string.

Detectors read ``Normalized.text``; every span they find is mapped back with
``Normalized.to_original`` so that ``original[start:end]`` is exactly the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence, Union

import numpy as np

# Characters that carry no visible content and are used to split words invisibly.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
INVISIBLE += "".join(chr(c) for c in range(0xFE00, 0xFE10))  # variation selectors
_EDGE_TRIM = set(" \t\n\r\x0b\x0c\x85\u00a0\u1680\u2028\u2029\u202f\u205f\u3000") | set(INVISIBLE)
_EDGE_TRIM |= {chr(c) for c in range(0x2000, 0x200B)}

# Look-alike letters folded to Latin (Cyrillic and Greek capitals and small letters).
CONFUSABLES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ɡ": "g", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Һ": "H", "Ԁ": "D", "Ԛ": "Q",
    "Ԝ": "W",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
}
_NEWLINES = {"\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}

# Runs the character pass must look at; everything else is copied verbatim (fast path).
_SPECIAL = re.compile(r"\r\n|[^\x20-\x7e\n]|`")


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, per normalised character, the original ``[start, end)`` it came from."""

    original: str
    text: str
    ostart: np.ndarray
    oend: np.ndarray

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` to the original text, trimming edge whitespace/invisibles."""
        if end <= start:
            return (0, 0)
        s = int(self.ostart[start])
        e = int(self.oend[end - 1])
        orig = self.original
        while s < e and orig[s] in _EDGE_TRIM:
            s += 1
        while e > s and orig[e - 1] in _EDGE_TRIM:
            e -= 1
        return (s, e)


Keep = Union[str, Sequence[int]]


class _Builder:
    """Accumulates output pieces and their source ranges, then builds the offset arrays once."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[np.ndarray] = []
        self.ends: list[np.ndarray] = []

    def verbatim(self, text: str, ostart: np.ndarray, oend: np.ndarray) -> None:
        if text:
            self.parts.append(text)
            self.starts.append(ostart)
            self.ends.append(oend)

    def replace(self, text: str, a: int, b: int) -> None:
        if text:
            self.parts.append(text)
            self.starts.append(np.full(len(text), a, dtype=np.int64))
            self.ends.append(np.full(len(text), b, dtype=np.int64))

    def build(self, original: str) -> Normalized:
        if not self.parts:
            empty = np.zeros(0, dtype=np.int64)
            return Normalized(original, "", empty, empty)
        return Normalized(original, "".join(self.parts), np.concatenate(self.starts), np.concatenate(self.ends))


def _fold_char(ch: str) -> str:
    if ch in _NEWLINES:
        return "\n"
    if ch in INVISIBLE:
        return ""
    cat = unicodedata.category(ch)
    if cat == "Cs":
        return "\ufffd"  # lone surrogate: keep a placeholder so offsets stay exact
    if cat == "Cc" and ch not in "\n\t":
        return ""
    out = unicodedata.normalize("NFKC", ch)
    return "".join(CONFUSABLES.get(c, c) for c in out)


def _char_pass(text: str) -> Normalized:
    idx = np.arange(len(text) + 1, dtype=np.int64)
    b = _Builder()
    pos = 0
    for m in _SPECIAL.finditer(text):
        a, z = m.span()
        b.verbatim(text[pos:a], idx[pos:a], idx[pos + 1 : a + 1])
        b.replace("\n" if z - a == 2 else _fold_char(m.group()), a, z)
        pos = z
    b.verbatim(text[pos:], idx[pos:-1], idx[pos + 1 :])
    return b.build(text)


def rewrite(norm: Normalized, pattern: re.Pattern[str], fn: Callable[[re.Match[str]], Keep]) -> Normalized:
    """Rewrite each match of ``pattern`` in ``norm.text``, composing the offset map.

    ``fn`` returns either a replacement string (every output character maps to the whole
    match) or a sequence of indices into the match to keep (each kept character keeps its
    own source); it may return the match text itself to leave it unchanged.
    """
    text = norm.text
    b = _Builder()
    pos = 0
    for m in pattern.finditer(text):
        a, z = m.span()
        b.verbatim(text[pos:a], norm.ostart[pos:a], norm.oend[pos:a])
        out = fn(m)
        if isinstance(out, str):
            if out == m.group():
                b.verbatim(out, norm.ostart[a:z], norm.oend[a:z])
            elif out:
                b.replace(out, int(norm.ostart[a]), int(norm.oend[z - 1]))
        else:
            keep = np.asarray(out, dtype=np.int64) + a
            b.verbatim("".join(text[i] for i in keep), norm.ostart[keep], norm.oend[keep])
        pos = z
    if pos == 0:
        return norm
    b.verbatim(text[pos:], norm.ostart[pos:], norm.oend[pos:])
    return b.build(norm.original)


# "S h a r e", "L I K E  &  S H A R E": four or more single letters separated by one space.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){3,}[^\W\d_](?!\S)")
_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_SPACE_AROUND_NL = re.compile(r" \n|\n ")


def _join_letters(m: re.Match[str]) -> Sequence[int]:
    return range(0, len(m.group()), 2)


def normalize(text: str) -> Normalized:
    """Return the normalised text and its offset map.

    Steps: line endings unified to ``\\n``; invisible and control characters dropped; NFKC
    (fullwidth, mathematical and circled letters, ligatures); Cyrillic/Greek look-alikes and
    curly quotes folded; letter-spaced words joined; runs of horizontal whitespace collapsed.
    """
    norm = _char_pass(text)
    norm = rewrite(norm, _LETTER_SPACED, _join_letters)
    norm = rewrite(norm, _HSPACE, lambda m: " ")
    norm = rewrite(norm, _SPACE_AROUND_NL, lambda m: "\n")
    return norm
