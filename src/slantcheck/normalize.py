"""The one entry for text: fold obfuscation and keep an offset map back to the caller's string.

Detectors read ``Normalized.text``; every span they find is mapped back with
``Normalized.to_original`` so that ``original[start:end]`` is exactly the evidence.
"""

from __future__ import annotations

import bisect
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


# What a rewrite callback returns: a replacement string (every character maps to the whole match),
# indices into the match to keep, or ``(text, starts, ends)``: output character ``i`` maps to the
# match's characters ``starts[i]`` .. ``ends[i] - 1`` (relative, half-open; starts non-decreasing).
Keep = Union[str, Sequence[int], tuple[str, Sequence[int], Sequence[int]]]


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


def rewrite(norm: Normalized, pattern: re.Pattern[str], fn: Callable[[re.Match[str]], Keep], *,
            per_char: bool = False) -> Normalized:
    """Rewrite each match of ``pattern`` in ``norm.text``, composing the offset map.

    ``fn`` returns either a replacement string (every output character maps to the whole
    match) or a sequence of indices into the match to keep (each kept character keeps its
    own source); it may return the match text itself to leave it unchanged. With ``per_char``, a
    replacement string as long as the match maps character by character (a 1:1 substitution).
    """
    text = norm.text
    b = _Builder()
    pos = 0
    for m in pattern.finditer(text):
        a, z = m.span()
        b.verbatim(text[pos:a], norm.ostart[pos:a], norm.oend[pos:a])
        out = fn(m)
        if isinstance(out, tuple):
            rep, rs, re_ = out
            if rep == m.group() and list(rs) == list(range(z - a)) and list(re_) == list(range(1, z - a + 1)):
                b.verbatim(rep, norm.ostart[a:z], norm.oend[a:z])
            elif rep:
                b.verbatim(rep, norm.ostart[np.asarray(rs, dtype=np.int64) + a],
                           norm.oend[np.asarray(re_, dtype=np.int64) + a - 1])
        elif isinstance(out, str):
            if out == m.group() or (per_char and len(out) == z - a):
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


# --- obfuscation folding -----------------------------------------------------------------------
# Every pattern below is anchored at a word start (a look-behind) and has no nested quantifier
# over overlapping classes, so it runs in linear time; tests/test_adversarial.py checks this.

_EMOJI_CLASS = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u25A0-\u25FF\u2300-\u23FF"
_L = r"[^\W\d_]"  # a letter

# "S🔥H🔥A🔥R🔥E": single letters chained by emoji are one word; "share🔥this🔥now", "Work,🔥Fair": an
# emoji run glued between two visible characters is a word separator.
_EMOJI_LETTERS = re.compile(rf"(?<![\w{_EMOJI_CLASS}]){_L}(?:[{_EMOJI_CLASS}]+{_L}){{2,}}(?![\w{_EMOJI_CLASS}])")
_EMOJI_GLUE = re.compile(rf"(?<=[^\s{_EMOJI_CLASS}])[{_EMOJI_CLASS}]+(?=[^\s{_EMOJI_CLASS}])")


def _letters_only(m: re.Match[str]) -> Keep:
    return [i for i, c in enumerate(m.group()) if c.isalpha()]


# "S.H.A.R.E", "S-H-A-R-E", "S*H*A*R*E": four or more single letters joined by one repeated separator.
_DOTTED = re.compile(rf"(?<![\w.·•*~+|/-]){_L}([.·•*~+|/-]){_L}(?:\1{_L}){{2,}}(?![\w])")


def _undot(m: re.Match[str]) -> Keep:
    return range(0, len(m.group()), 2)


# Letter-spaced runs: single characters separated by one space ("S H A R E"), where 2+ spaces
# separate words ("L I K E   &   S H A R E", "O R D E R   N O W   -   3 0 %   O F F").
_SP_ELEM = r"(?:[^\W_][!?.,:;]{0,3}|[&%$+@#/|–—'!?.,:;-])(?!\S)"
_LETTER_SPACED = re.compile(rf"(?<!\S){_SP_ELEM}(?:[^\S\n]+{_SP_ELEM}){{2,}}")
_SP_KEEP_SPACE = set("&+@#/|–—-")  # symbols that stay separate words: "LIKE & SHARE"


def _join_spaced(m: re.Match[str]) -> Keep:
    s = m.group()
    groups: list[list[tuple[int, int]]] = [[]]  # elements (start, end) per word group
    i = 0
    n = len(s)
    while i < n:
        if s[i].isspace():
            j = i
            while j < n and s[j].isspace():
                j += 1
            if j - i >= 2:
                groups.append([])
            i = j
            continue
        j = i
        while j < n and not s[j].isspace():
            j += 1
        groups[-1].append((i, j))
        i = j
    letters = [sum(s[a].isalpha() for a, _ in g) for g in groups]
    if not (max(letters) >= 4 or sum(c >= 3 for c in letters) >= 2):
        return s  # "A B C", "1 2 3": ordinary text
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def put(ch: str, a: int, b: int) -> None:
        text.append(ch); starts.append(a); ends.append(b)

    for gi, g in enumerate(groups):
        if gi:
            a = groups[gi - 1][-1][1]
            put(" ", a, g[0][0])  # the wide gap becomes one space
        for ei, (a, b) in enumerate(g):
            if ei and (s[a] in _SP_KEEP_SPACE or s[g[ei - 1][0]] in _SP_KEEP_SPACE):
                put(" ", g[ei - 1][1], a)
            for k in range(a, b):
                put(s[k], k, k + 1)
    return ("".join(text), starts, ends)


# Leetspeak: "SH4R3", "ch3ck 0ut", "r3l14bl3-m3d5.c0m". Only tokens that mix letters with leet digits
# the way leet does; plain numbers, prices, dates, times, units ("3D", "5G", "1st", "10am"),
# "COVID-19", "24/7", hex strings and dimensions ("4x4") are never touched.
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "$": "s", "!": "i", "|": "l"}
# 3D, 5G, 5X, 1st, 10am, 24h, 100mg: a number with a unit or ordinal suffix
_DIGIT_UNIT = re.compile(r"[1-9][0-9]*(?:[A-Za-z]|st|nd|rd|th|am|pm|km|mm|cm|kg|mg|ml|gb|mb|tb|hz|px|ft|lb|lbs|oz|hr|hrs|"
                         r"mph|kph|fps|mp|bn|yo|min|sec|kw|kwh|mw|gw|in|th)", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-fA-F]{3,8}")
_CODE = re.compile(r"[A-Z]{4,}[0-9]+|[A-Z][a-z]{3,}[0-9]+")  # promo codes and product names: GARDEN15, WINTER2024
_LEGIT = re.compile(r"0[xX][0-9a-fA-F]+|[0-9a-fA-F]{10,}|[0-9]+[xX×][0-9]+|[0-9]+(?:'s|’s|s)")


def _leet_class(tok: str) -> str:
    """'legit' (leave alone), 'clear' (fold on its own) or 'ambiguous' (fold only next to leet)."""
    core = tok.replace("'", "").replace("’", "")
    if not any(c.isalpha() for c in core) or not any(c in LEET for c in core):
        return "legit"
    if any(c.isdigit() and c not in LEET for c in core) or _DIGIT_UNIT.fullmatch(core) or _LEGIT.fullmatch(core):
        return "legit"
    if core[:1] in "$!|" or core[-1:] in "$!|" or _CODE.fullmatch(core):
        return "legit"
    classes = ["a" if c.isalpha() else "d" for c in core]
    changes = sum(classes[i] != classes[i - 1] for i in range(1, len(classes)))
    longest_letters = max(len(r) for r in re.findall(r"[A-Za-z]+", core))
    if changes >= 2 and (any(c.islower() for c in core) or longest_letters >= 2):
        return "clear"
    return "ambiguous"


def _leet_fold(tok: str) -> str:
    upper = not any(c.islower() for c in tok)
    return "".join((LEET[c].upper() if upper else LEET[c]) if c in LEET else c for c in tok)


_LEET_REACH = 40  # characters between an ambiguous token and clear leet
# A word-like token holding a digit or a leet symbol (the look-behind pins it to a token start and the
# look-ahead stays inside the token, so the scan is linear).
_LEET_TOKEN = re.compile(r"(?<![A-Za-z0-9'’$!|])(?=[A-Za-z0-9'’$!|]*[0-9$!|])[A-Za-z0-9](?:[A-Za-z0-9'’$!|]*[A-Za-z0-9])?")
_LEET_CHARS = re.compile(r"[0-9$!|]")


def _fold_leet(norm: Normalized) -> Normalized:
    text = norm.text
    toks = list(_LEET_TOKEN.finditer(text)) if _LEET_CHARS.search(text) else []
    if not toks:
        return norm
    kinds = ["legit" if m.start() and text[m.start() - 1] == "#" and _HEX.fullmatch(m.group()) else _leet_class(m.group())
             for m in toks]  # "#ff00aa" is a colour
    # An ambiguous token ("0ut", "fr33", "B3T") folds only with clear leet on the same line nearby.
    clear = [m.start() for m, k in zip(toks, kinds) if k == "clear"]
    fold = []
    for m, k in zip(toks, kinds):
        ok = k == "clear"
        if k == "ambiguous" and clear:
            j = bisect.bisect_left(clear, m.start())
            for c in clear[max(j - 1, 0) : j + 1]:
                a, b = sorted((c, m.start()))
                ok = ok or (b - a <= _LEET_REACH and "\n" not in text[a:b])
        fold.append(ok)
    starts = {m.start(): f for m, f in zip(toks, fold)}
    return rewrite(norm, _LEET_TOKEN, lambda m: _leet_fold(m.group()) if starts.get(m.start()) else m.group(),
                   per_char=True) if any(fold) else norm


# Stretched letters: "shaaaare" -> "share", "FREEEE" -> "FREE". A run of 3+ identical letters becomes
# two letters when that spells a common word with a double letter, else one. Runs that are the whole
# word ("AAA", "zzz", "III", "www") or touch a digit ("AAA123") are left alone.
_STRETCHED = re.compile(rf"(?<![\w]){_L}*?({_L})\1\1{_L}*", re.IGNORECASE)
_STRETCH_MAX_WORD = 40
_RUN3 = re.compile(rf"({_L})\1{{2,}}", re.IGNORECASE)
DOUBLE_WORDS = frozenset("""
free freedom see seed seeds seen need needed feel feed fee keep deep sleep sweet week weekly street meet green agree
three tree teeth been cheese coffee employee guarantee guaranteed committee good food mood look looking book
booked cool pool school soon moon too zoo boost boom door floor poor room root tool took foot wood blood flood
all call called really totally finally actually literally follow followers following tell sell selling well
will still till kill bill fill full pull skill small ball wall fall hello yellow dollar dollars million billion
off offer offers offered office official effect effective stuff staff coffee difference different sniff
add added address odd odds egg eggs apply supply supplies support happy happen happened shopping shipping
stopping topping dropping hopping clipping wrapping pass passed class glass grass mass miss missed kiss boss
loss less lesson bless dress press stress success access business unless message possible essential
passion mission comment comments commission summer hammer common recommend immediately community
dinner winner winning beginning running funny sunny manner banner annual announce connect channel tunnel
better letter matter butter bitter twitter attention attack committed submitted battery pretty little
button bottom cotton written kitten mitten settle battle bottle attempt setting getting cutting putting
sorry worry hurry carry marry terrible horrible error mirror arrive arrested current correct
buzz jazz pizza fizz dizzy puzzle accept according account accurate occur succeed success soccer
bigger trigger biggest suggest suggested aggressive jogging blogger logged
accept accepted accountant across additional affiliate affirmed affordable allow allowed announced announce
app apps appear appears approved asset assets attached attributed attribution banned betting belly bombshell
buddy bullet bulletin cannot chilling choose collapse colleague commentator commercial commonly countless
disappear disappears discreet discussion dropped engineered exaggerate facebook boots shoot shoots hood
generally guess hidden immediate inflammation intentionally issue issued kills letters millions narrative
newsletter newsletters newsroom officials overlooks pattern personally pills planned platter possibly
pressure rally rebuttal recalled reeling retweet rigged scrubbed seems sheet slammed speech speechless
staggering stripped stunned stunning suggests summit supplement supplements supporter suppress suppressed
suppression sweeping telling terrified terrifying trimmed understood underwritten unnamed unsupported
usually utterly vaccine vaccines weakness worried worthless tweet tweets followed steel wheel cheer queen
weekend weekends screen speed spoon shoot mood loot noon goose loose choose proof roof hook cookie balloon cartoon kangaroo
""".split())
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "y")


def _known(word: str) -> bool:
    w = word.lower()
    return w in DOUBLE_WORDS or any(w.endswith(x) and w[: -len(x)] in DOUBLE_WORDS for x in _SUFFIXES)




def _stretch(m: re.Match[str]) -> Keep:
    word = m.group()
    end = m.end()
    text = m.string
    if end < len(text) and (text[end].isdigit() or text[end] == "_"):
        return word
    runs = list(_RUN3.finditer(word))
    if not runs or (len(runs) == 1 and runs[0].span() == (0, len(word))) or word.lower() == "www":
        return word
    if all(c.upper() in "IVXLCDM" for c in word) and word.isupper():
        return word  # Roman numerals: "VIII", "XXX"
    if len(word) > _STRETCH_MAX_WORD:  # not a word: fold every run to one letter, in linear time
        keep = [i for i in range(len(word)) if i == 0 or word[i].lower() != word[i - 1].lower()]
        runs_end = keep[1:] + [len(word)]
        return ("".join(word[i] for i in keep), keep, runs_end)

    def spell(twos: set[int]) -> tuple[str, list[int], list[int]]:
        out, starts, ends = [], [], []
        pos = 0
        for k, r in enumerate(runs):
            a, b = r.span()
            for i in range(pos, a):
                out.append(word[i]); starts.append(i); ends.append(i + 1)
            if k in twos:
                out.extend(word[a : a + 2]); starts.extend([a, a + 1]); ends.extend([a + 1, b])
            else:
                out.append(word[a]); starts.append(a); ends.append(b)
            pos = b
        for i in range(pos, len(word)):
            out.append(word[i]); starts.append(i); ends.append(i + 1)
        return "".join(out), starts, ends

    twos = {k for k in range(len(runs)) if _known(spell({k})[0])}
    if len(twos) > 1 and not _known(spell(twos)[0]):
        twos = {min(twos)}
    return spell(twos)


_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_SPACE_AROUND_NL = re.compile(r" \n|\n ")


def normalize(text: str) -> Normalized:
    """Return the normalised text and its offset map.

    Steps: line endings unified to ``\\n``; invisible and control characters dropped; NFKC
    (fullwidth, mathematical and circled letters, ligatures); Cyrillic/Greek look-alikes and
    curly quotes folded; emoji used as word glue split ("share🔥this"); dotted and letter-spaced
    words joined ("S.H.A.R.E", "L I K E   &   S H A R E"); leetspeak folded ("SH4R3"); stretched
    letters shortened ("shaaaare"); runs of horizontal whitespace collapsed. Every step keeps the
    offset map exact, so a span on the normalised text maps to the obfuscated original characters.
    """
    norm = _char_pass(text)
    norm = rewrite(norm, _EMOJI_LETTERS, _letters_only)
    norm = rewrite(norm, _EMOJI_GLUE, lambda m: " ")
    norm = rewrite(norm, _DOTTED, _undot)
    norm = rewrite(norm, _LETTER_SPACED, _join_spaced)
    norm = _fold_leet(norm)
    norm = rewrite(norm, _STRETCHED, _stretch)
    norm = rewrite(norm, _HSPACE, lambda m: " ")
    norm = rewrite(norm, _SPACE_AROUND_NL, lambda m: "\n")
    return norm
