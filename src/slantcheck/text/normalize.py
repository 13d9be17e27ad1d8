"""The one entry for text: fold obfuscation and keep an offset map back to the caller's string.

Detectors read ``Normalized.text``; every span they find is mapped back with
``Normalized.to_original`` so that ``original[start:end]`` is exactly the evidence.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence, Union

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
    return _rewrite_matches(norm, pattern.finditer(norm.text), fn, per_char)


def _rewrite_matches(norm: Normalized, matches: Iterable[re.Match[str]], fn: Callable[[re.Match[str]], Keep],
                     per_char: bool = False) -> Normalized:
    """``rewrite`` over the given matches of a pattern in ``norm.text`` (ascending, non-overlapping)."""
    text = norm.text
    b = _Builder()
    pos = 0
    for m in matches:
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
        text.append(ch)
        starts.append(a)
        ends.append(b)

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
    clear = [m.start() for m, k in zip(toks, kinds, strict=False) if k == "clear"]
    fold = []
    for m, k in zip(toks, kinds, strict=False):
        ok = k == "clear"
        if k == "ambiguous" and clear:
            j = bisect.bisect_left(clear, m.start())
            for c in clear[max(j - 1, 0) : j + 1]:
                a, b = sorted((c, m.start()))
                ok = ok or (b - a <= _LEET_REACH and "\n" not in text[a:b])
        fold.append(ok)
    starts = {m.start(): f for m, f in zip(toks, fold, strict=False)}
    return rewrite(norm, _LEET_TOKEN, lambda m: _leet_fold(m.group()) if starts.get(m.start()) else m.group(),
                   per_char=True) if any(fold) else norm


# Stretched letters: "shaaaare" -> "share", "FREEEE" -> "FREE". A run of 3+ identical letters becomes
# two letters when that spells a common word with a double letter, else one. Runs that are the whole
# word ("AAA", "zzz", "III", "www") or touch a digit ("AAA123") are left alone.
_STRETCHED = re.compile(rf"(?<![\w]){_L}*?({_L})\1\1{_L}*", re.IGNORECASE)
_STRETCH_MAX_WORD = 40
_RUN3 = re.compile(rf"({_L})\1{{2,}}", re.IGNORECASE)
DOUBLE_WORDS = frozenset(["free", "freedom", "see", "seed", "seeds", "seen", "need", "needed", "feel", "feed", "fee", "keep", "deep", "sleep", "sweet", "week", "weekly", "street", "meet", "green", "agree", "three", "tree", "teeth", "been", "cheese", "coffee", "employee", "guarantee", "guaranteed", "committee", "good", "food", "mood", "look", "looking", "book", "booked", "cool", "pool", "school", "soon", "moon", "too", "zoo", "boost", "boom", "door", "floor", "poor", "room", "root", "tool", "took", "foot", "wood", "blood", "flood", "all", "call", "called", "really", "totally", "finally", "actually", "literally", "follow", "followers", "following", "tell", "sell", "selling", "well", "will", "still", "till", "kill", "bill", "fill", "full", "pull", "skill", "small", "ball", "wall", "fall", "hello", "yellow", "dollar", "dollars", "million", "billion", "off", "offer", "offers", "offered", "office", "official", "effect", "effective", "stuff", "staff", "coffee", "difference", "different", "sniff", "add", "added", "address", "odd", "odds", "egg", "eggs", "apply", "supply", "supplies", "support", "happy", "happen", "happened", "shopping", "shipping", "stopping", "topping", "dropping", "hopping", "clipping", "wrapping", "pass", "passed", "class", "glass", "grass", "mass", "miss", "missed", "kiss", "boss", "loss", "less", "lesson", "bless", "dress", "press", "stress", "success", "access", "business", "unless", "message", "possible", "essential", "passion", "mission", "comment", "comments", "commission", "summer", "hammer", "common", "recommend", "immediately", "community", "dinner", "winner", "winning", "beginning", "running", "funny", "sunny", "manner", "banner", "annual", "announce", "connect", "channel", "tunnel", "better", "letter", "matter", "butter", "bitter", "twitter", "attention", "attack", "committed", "submitted", "battery", "pretty", "little", "button", "bottom", "cotton", "written", "kitten", "mitten", "settle", "battle", "bottle", "attempt", "setting", "getting", "cutting", "putting", "sorry", "worry", "hurry", "carry", "marry", "terrible", "horrible", "error", "mirror", "arrive", "arrested", "current", "correct", "buzz", "jazz", "pizza", "fizz", "dizzy", "puzzle", "accept", "according", "account", "accurate", "occur", "succeed", "success", "soccer", "bigger", "trigger", "biggest", "suggest", "suggested", "aggressive", "jogging", "blogger", "logged", "accept", "accepted", "accountant", "across", "additional", "affiliate", "affirmed", "affordable", "allow", "allowed", "announced", "announce", "app", "apps", "appear", "appears", "approved", "asset", "assets", "attached", "attributed", "attribution", "banned", "betting", "belly", "bombshell", "buddy", "bullet", "bulletin", "cannot", "chilling", "choose", "collapse", "colleague", "commentator", "commercial", "commonly", "countless", "disappear", "disappears", "discreet", "discussion", "dropped", "engineered", "exaggerate", "facebook", "boots", "shoot", "shoots", "hood", "generally", "guess", "hidden", "immediate", "inflammation", "intentionally", "issue", "issued", "kills", "letters", "millions", "narrative", "newsletter", "newsletters", "newsroom", "officials", "overlooks", "pattern", "personally", "pills", "planned", "platter", "possibly", "pressure", "rally", "rebuttal", "recalled", "reeling", "retweet", "rigged", "scrubbed", "seems", "sheet", "slammed", "speech", "speechless", "staggering", "stripped", "stunned", "stunning", "suggests", "summit", "supplement", "supplements", "supporter", "suppress", "suppressed", "suppression", "sweeping", "telling", "terrified", "terrifying", "trimmed", "understood", "underwritten", "unnamed", "unsupported", "usually", "utterly", "vaccine", "vaccines", "weakness", "worried", "worthless", "tweet", "tweets", "followed", "steel", "wheel", "cheer", "queen", "weekend", "weekends", "screen", "speed", "spoon", "shoot", "mood", "loot", "noon", "goose", "loose", "choose", "proof", "roof", "hook", "cookie", "balloon", "cartoon", "kangaroo"])
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
                out.append(word[i])
                starts.append(i)
                ends.append(i + 1)
            if k in twos:
                out.extend(word[a : a + 2])
                starts.extend([a, a + 1])
                ends.extend([a + 1, b])
            else:
                out.append(word[a])
                starts.append(a)
                ends.append(b)
            pos = b
        for i in range(pos, len(word)):
            out.append(word[i])
            starts.append(i)
            ends.append(i + 1)
        return "".join(out), starts, ends

    twos = {k for k in range(len(runs)) if _known(spell({k})[0])}
    if len(twos) > 1 and not _known(spell(twos)[0]):
        twos = {min(twos)}
    return spell(twos)


_HSPACE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_SPACE_AROUND_NL = re.compile(r" \n|\n ")


def _normalize_exhaustive(text: str) -> Normalized:
    """``normalize`` with every pass run unconditionally: the reference the fast path must equal."""
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


# --- fast path ---------------------------------------------------------------------------------
# ``normalize`` returns exactly what ``_normalize_exhaustive`` returns. Most passes find nothing in
# ordinary text, yet their patterns (anchored by look-behinds) make ``re`` try every position; so each
# pass first tests a *necessary* condition of finding (for letter spacing and leet: of changing)
# anything and is skipped when the test fails. The argument for each test is next to it.
#
# The tests scan one-byte-per-character class strings: the text's UTF-8 bytes with the continuation
# bytes deleted (a non-ASCII character leaves only its lead byte), mapped through a table. ASCII
# characters get exact classes, every non-ASCII character one conservative class; the non-ASCII
# characters actually present are summarised in flags, and a flag that could make the conservative
# class wrong sends the pass down its full path. Searches start with a literal byte that is rare in
# the class string, which ``re`` skips to quickly (a pattern starting with a look-behind or a class
# makes it try every position).

_CONT = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes
_PLAIN = bytes(c for c in range(0x20, 0x7F) if c != 0x60) + b"\n"  # what _char_pass copies verbatim
_IDX = np.arange(1 << 16, dtype=np.int64)  # sliced and copied, never handed out
_IDX.flags.writeable = False


def _table(cls: Callable[[str], str], lead: str) -> bytes:
    """A ``bytes.translate`` table: ASCII byte ``b`` -> ``cls(chr(b))``; UTF-8 lead bytes -> ``lead``."""
    return bytes([ord(cls(chr(b))) for b in range(0x80)] + [ord(lead)] * 0x80)


def _utf8(text: str) -> bytes:
    return text.encode("ascii") if text.isascii() else text.encode("utf-8", "surrogatepass")


def _identity(n: int) -> tuple[np.ndarray, np.ndarray]:
    if n < len(_IDX):
        return _IDX[:n].copy(), _IDX[1 : n + 1].copy()
    ostart = np.arange(n, dtype=np.int64)
    return ostart, ostart + 1


# Flags for the characters of a text that are not in _PLAIN.
_F_EMOJI = 1  # in _EMOJI_CLASS
_F_SPACE = 2  # non-ASCII whitespace (\s)
_F_DOTSEP = 4  # "·" or "•", _DOTTED separators
_F_ASCII_CASE = 8  # non-ASCII with an ASCII lower case (what re.IGNORECASE compares): "İ", the Kelvin sign
_F_APOS = 16  # "’", a leet-token character
_F_HTAB = 32  # ASCII horizontal whitespace other than " "
_EMOJI_CHAR = re.compile(f"[{_EMOJI_CLASS}]")


def _char_flags(c: str) -> int:
    if c <= "\x7f":
        return _F_HTAB if c.isspace() and c not in " \n" else 0
    return ((_F_EMOJI if _EMOJI_CHAR.match(c) else 0) | (_F_SPACE if c.isspace() else 0)
            | (_F_DOTSEP if c in "·•" else 0) | (_F_ASCII_CASE if c.lower()[0] <= "\x7f" else 0)
            | (_F_APOS if c == "’" else 0))


def _bounded_put(cache: dict[Any, Any], key: object, value: object) -> None:
    if len(cache) > 4096:
        cache.clear()
    cache[key] = value


_FLAGS_OF: dict[frozenset[str], int] = {}


def _flags_of(chars: frozenset[str]) -> int:
    f = _FLAGS_OF.get(chars)
    if f is None:
        f = 0
        for c in chars:
            f |= _char_flags(c)
        _bounded_put(_FLAGS_OF, chars, f)
    return f


def _scan(text: str) -> tuple[bytes, int]:
    """The text's UTF-8 bytes and the flags of its characters outside _PLAIN."""
    u8 = _utf8(text)
    special = u8.translate(None, _PLAIN)
    return u8, _flags_of(frozenset(special.decode("utf-8", "surrogatepass"))) if special else 0


# What _char_pass does with a set of distinct characters (none in _PLAIN): the changed ones with their
# folds, those folding to other than one character with their output lengths, and the output's flags;
# None if folding one character by ``str.replace`` could touch another's output.
_Plan = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, int], ...], int]
_PLANS: dict[frozenset[str], "_Plan | None"] = {}


def _plan(chars: frozenset[str]) -> "_Plan | None":
    folds = {c: _fold_char(c) for c in chars}
    changed = tuple((c, f) for c, f in folds.items() if f != c)
    produced = set("".join(f for _, f in changed))
    if any(c in produced for c, _ in changed):
        return None
    resized = tuple((c, len(f)) for c, f in folds.items() if len(f) != 1)
    return changed, resized, _flags_of(frozenset("".join(folds.values())))


def _resized_offsets(text: str, resized: tuple[tuple[str, int], ...],
                     crlf: bool) -> tuple[np.ndarray, np.ndarray]:
    """_char_pass offsets when each character in ``resized`` folds to ``size`` characters (all mapping
    to it), the others to one, and, with ``crlf``, each "\\r\\n" to one "\\n" mapping to both."""
    n = len(text)
    if sum(text.count(c) for c, _ in resized) + (text.count("\r\n") if crlf else 0) > 64:
        counts = np.ones(n, dtype=np.int64)  # output characters per input character
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        for c, size in resized:
            counts[codes == ord(c)] = size
        cr = np.flatnonzero((codes[:-1] == 13) & (codes[1:] == 10)) if crlf else np.zeros(0, dtype=np.int64)
        counts[cr + 1] = 0
        ostart = np.repeat(np.arange(n, dtype=np.int64), counts)
        oend = ostart + 1
        oend[(np.cumsum(counts) - counts)[cr]] = cr + 2
        return ostart, oend
    events = []  # (position, output size); size -1 marks "\\r\\n"
    for c, size in resized:
        i = text.find(c)
        while i >= 0:
            events.append((i, size))
            i = text.find(c, i + 1)
    if crlf:
        i = text.find("\r\n")
        while i >= 0:
            events.append((i, -1))
            i = text.find("\r\n", i + 2)
    events.sort()
    idx = _IDX if n < len(_IDX) else np.arange(n, dtype=np.int64)
    pieces = []  # ostart, piece by piece: runs of the identity and the events' characters
    fix_at, fix_to = [], []  # oend of the "\\n" made from each "\\r\\n"
    pos = 0
    out = 0  # output length so far
    for i, size in events:
        pieces.append(idx[pos:i])
        out += i - pos
        if size < 0:
            pieces.append(idx[i : i + 1])
            fix_at.append(out)
            fix_to.append(i + 2)
            out += 1
            pos = i + 2
        else:
            pieces.extend((idx[i : i + 1],) * size)
            out += size
            pos = i + 1
    pieces.append(idx[pos:n])
    ostart = np.concatenate(pieces)
    oend = ostart + 1
    if fix_at:
        oend[fix_at] = fix_to
    return ostart, oend


def _char_pass_fast(text: str) -> tuple[Normalized, bytes, int]:
    """``_char_pass`` plus ``_scan`` of its output, without a per-character loop.

    Each distinct character outside _PLAIN is folded once (cached per set of characters). When all
    fold to one character and there is no "\\r\\n", the offsets are the identity and the text is a
    few ``str.replace`` calls; otherwise the offsets are built around the characters
    that fold to other than one, "\\r\\n" being one "\\n" that maps to both of its characters.
    """
    u8 = _utf8(text)
    special = u8.translate(None, _PLAIN)
    if not special:  # nothing to fold
        return Normalized(text, text, *_identity(len(text))), u8, 0
    chars = frozenset(special.decode("utf-8", "surrogatepass"))
    plan: _Plan | None | bool = _PLANS.get(chars, False)
    if plan is False:
        plan = _plan(chars)
        _bounded_put(_PLANS, chars, plan)
    if plan is None:
        norm = _char_pass(text)
        return (norm, *_scan(norm.text))
    assert plan is not True
    changed, resized, flags = plan
    crlf = "\r" in chars and "\r\n" in text
    out = text.replace("\r\n", "\n") if crlf else text  # before the lone "\r" -> "\n"
    for c, f in changed:
        out = out.replace(c, f)
    n = len(text)
    if not resized and not crlf:
        ostart, oend = _identity(n)
    else:
        ostart, oend = _resized_offsets(text, resized, crlf)
    if len(ostart) != len(out):  # cannot happen; stay exact regardless
        norm = _char_pass(text)
        return (norm, *_scan(norm.text))
    return Normalized(text, out, ostart, oend), _utf8(out), flags


# The shared class string: ASCII letters -> their lower case, leet digits "D", other digits "E",
# "$!|" "S", the other _DOTTED separators (.*~+/-) "P", "'" / " " / "\n" themselves, other whitespace
# "T", other ASCII "O", non-ASCII 0x80. Letters and 0x80 are the only bytes >= "a".
def _k_class(c: str) -> str:
    if c.isalpha():
        return c.lower()
    for chars, k in (("01345789", "D"), ("26", "E"), ("$!|", "S"), (".*~+/-", "P")):
        if c in chars:
            return k
    if c in "' \n":
        return c
    return "T" if c.isspace() else "O"


_K_TAB = _table(_k_class, "\x80")

# _DOTTED: a match holds "L c L c L c L" (c one separator, L a letter). For c in ".*~+/-" or "|" the
# class string shows "P" or "S" there and a letter or 0x80 for L; the hits are then checked for one
# separator. "·" and "•" (flag) are looked for in the text itself.
_DOT_HINTS = tuple(re.compile(rb"%s(?<=[a-z\x80]%s)(?=[a-z\x80]%s[a-z\x80]%s[a-z\x80])" % ((c,) * 4))
                   for c in (b"P", b"S"))
_DOT_HINT_UNI = re.compile(rf"([·•])(?<={_L}.)(?={_L}\1{_L}\1{_L})")


def _may_dot(text: str, k: bytes, flags: int) -> bool:
    if flags & _F_DOTSEP and _DOT_HINT_UNI.search(text):
        return True
    for hint in _DOT_HINTS:
        for tries, m in enumerate(hint.finditer(k)):
            p = m.start()
            if tries == 64 or text[p] == text[p + 2] == text[p + 4] and text[p] in ".*~+|/-":
                return True  # (after many hits, let the pass itself look: it is linear)
    return False


# _LETTER_SPACED changes text only when a match holds 4+ elements headed by a letter (_join_spaced), so
# four consecutive non-empty elements separated by whitespace alone, with whitespace or a text edge on
# both sides. Class string: whitespace -> "h" (newlines too: that only adds hits), [!?.,:;] deleted (an
# element is a head plus 0-3 of these, or one symbol), element heads (ASCII alphanumerics, the ASCII
# symbols, any non-ASCII character) -> "x", other ASCII -> "o". With no non-ASCII whitespace (flag),
# every element becomes "x" or nothing, so a match reads "hxh+xh+xh+xh" in the padded string.
_LS_TAB = _table(lambda c: "h" if c.isspace() else "x" if c.isalnum() or c in "&%$+@#/|'-" else "o", "x")
_LS_DELETE = _CONT + b"!?.,:;"
_LS_HINT = re.compile(rb"hxhh*xh+xh+xh")  # "hxh" first: a literal prefix for re


def _may_letter_space(u8: bytes, flags: int) -> bool:
    if flags & _F_SPACE:
        return True
    return _LS_HINT.search(b"h" + u8.translate(_LS_TAB, _LS_DELETE) + b"h") is not None


# Leet folds only tokens holding an ASCII letter and a leet character and no other digit. The closest
# such pair in a token has only apostrophes between, and a "$!|" inside a token has a token character
# on each side. With "’" absent (flag), the class string then shows a leet digit followed by 0+ "'"
# and a letter, or preceded by a letter or "'" (first hint); or "$!|" preceded by a letter or "'" and
# followed by a token character, or preceded by a token character and followed by 0+ "'" and a letter
# (second hint). The hits point into every token that could fold.
_LEET_HINTS = (re.compile(rb"D(?:'*[a-z]|(?<=[a-z']D))"),
               re.compile(rb"S(?:(?<=[a-z']S)[a-zDES']|(?<=[a-zDES']S)'*[a-z])"))
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'’$!|")
_LEET_KINDS: dict[str, str] = {}


def _leet_tokens(norm: Normalized, k: bytes) -> list[re.Match[str]]:
    """The leet tokens around the hints' hits, in order: a superset of the tokens that could fold."""
    text = norm.text
    n = len(text)
    toks = []
    covered = 0
    hits = sorted(m.start() for hint in _LEET_HINTS for m in hint.finditer(k))
    if len(hits) > 256:  # plenty: take every token (what _fold_leet does)
        return list(_LEET_TOKEN.finditer(text))
    for j in hits:
        if j < covered:
            continue
        s = j  # a token is the run of token characters holding j, if it starts with a letter or digit
        while s and text[s - 1] in _TOKEN_CHARS:
            s -= 1
        e = j + 1
        while e < n and text[e] in _TOKEN_CHARS:
            e += 1
        covered = e
        m = _LEET_TOKEN.match(text, s)
        if m:
            toks.append(m)
    return toks


def _fold_leet_fast(norm: Normalized, k: bytes, flags: int) -> Normalized:
    """``_fold_leet`` on the hinted tokens only: every token that is not "legit" is among them, and
    legit tokens neither fold nor count as clear leet, so the decisions are the same. A fold maps
    character for character, so the offsets stay as they are."""
    if flags & _F_APOS:
        return _fold_leet(norm)
    toks = _leet_tokens(norm, k)
    if not toks:
        return norm
    text = norm.text
    kinds = []
    for m in toks:
        tok = m.group()
        if m.start() and text[m.start() - 1] == "#" and _HEX.fullmatch(tok):
            kinds.append("legit")  # "#ff00aa" is a colour
            continue
        kind = _LEET_KINDS.get(tok)
        if kind is None:
            kind = _leet_class(tok)
            _bounded_put(_LEET_KINDS, tok, kind)
        kinds.append(kind)
    clear = [m.start() for m, kind in zip(toks, kinds, strict=False) if kind == "clear"]
    if not clear:  # an ambiguous token folds only next to clear leet
        return norm
    parts = []
    pos = 0
    for m, kind in zip(toks, kinds, strict=False):
        ok = kind == "clear"
        if kind == "ambiguous":
            j = bisect.bisect_left(clear, m.start())
            for c in clear[max(j - 1, 0) : j + 1]:
                a, b = sorted((c, m.start()))
                ok = ok or (b - a <= _LEET_REACH and "\n" not in text[a:b])
        if ok:
            parts.append(text[pos : m.start()])
            parts.append(_leet_fold(m.group()))
            pos = m.end()
    parts.append(text[pos:])
    return Normalized(norm.original, "".join(parts), norm.ostart.copy(), norm.oend.copy())


# _STRETCHED: the letter of group 1 and the next two characters have one lower case. In the class
# string, with no non-ASCII character whose lower case is ASCII (flag), that is three equal bytes >= "a".
# A match starts at the start of the \w-run holding its group 1, so only those runs are tried.
_WORD_RUN = re.compile(r"\w*")


def _stretch_matches(text: str, cands: list[int]) -> list[re.Match[str]]:
    """What ``_STRETCHED.finditer(text)`` yields, given every possible group-1 position (ascending).

    A match starting at ``s`` has its group 1 in the \\w-run from ``s`` (through letters) and ``s``
    starts a \\w-run (the look-behind). So with ``p`` the first candidate not yet passed, a match can
    only start at the start of ``p``'s \\w-run, and if none does there is none up to the run's end.
    """
    out = []
    pos = 0
    i = 0
    while i < len(cands):
        p = cands[i]
        if p < pos:
            i = bisect.bisect_left(cands, pos, i)
            continue
        q = p
        while q > pos and (text[q - 1].isalnum() or text[q - 1] == "_"):  # re's \w
            q -= 1
        m = _STRETCHED.match(text, q)
        if m:
            out.append(m)
            pos = m.end()
        else:
            pos = _WORD_RUN.match(text, p).end()  # type: ignore[union-attr]  # the run at p always matches
            i += 1
    return out


def _fold_stretched_fast(norm: Normalized, k: bytes, flags: int) -> Normalized:
    if flags & _F_ASCII_CASE:
        return rewrite(norm, _STRETCHED, _stretch)
    a = np.frombuffer(k, dtype=np.uint8)
    same = a[1:] == a[:-1]
    cands = np.flatnonzero(same[1:] & same[:-1] & (a[2:] >= 0x61))
    if not len(cands):
        return norm
    outs: dict[re.Match[str], Keep] = {}  # leave out matches _stretch keeps as they are ("www", "III"): rewrite copies them verbatim
    for m in _stretch_matches(norm.text, cands.tolist()):
        out = _stretch(m)
        word = m.group()
        if isinstance(out, tuple):
            rep, rs, re_ = out
            n = len(word)
            if not (rep == word and list(rs) == list(range(n)) and list(re_) == list(range(1, n + 1))):
                outs[m] = out
        elif out != word:
            outs[m] = out
    return _rewrite_matches(norm, outs, outs.__getitem__) if outs else norm


def _replace_spans(norm: Normalized, spans: list[tuple[int, int]], rep: str) -> Normalized:
    """``rewrite`` for these match spans with a callback returning ``rep`` (never equal to a match),
    vectorised: each span becomes ``rep``, mapping to the span's whole source."""
    if not spans:
        return norm
    text = norm.text
    parts = []
    pos = 0
    for a, z in spans:
        parts.append(text[pos:a])
        parts.append(rep)
        pos = z
    parts.append(text[pos:])
    if len(spans) <= 32:  # few: concatenate slices
        starts, ends = [], []
        pos = 0
        for a, z in spans:
            starts.append(norm.ostart[pos : a + 1])
            ends.append(norm.oend[pos:a])
            ends.append(norm.oend[z - 1 : z])
            pos = z
        starts.append(norm.ostart[pos:])
        ends.append(norm.oend[pos:])
        return Normalized(norm.original, "".join(parts), np.concatenate(starts), np.concatenate(ends))
    n = len(text)
    st = np.array([a for a, _ in spans], dtype=np.int64)
    en = np.array([z for _, z in spans], dtype=np.int64)
    inside = np.zeros(n + 1, dtype=np.int64)  # +1 after each span's first character, -1 at its end
    inside[st + 1] += 1
    inside[en] -= 1
    keep = np.cumsum(inside[:n]) == 0
    oend = norm.oend.copy()
    oend[st] = norm.oend[en - 1]
    return Normalized(norm.original, "".join(parts), norm.ostart[keep], oend[keep])


# _HSPACE: with no non-ASCII whitespace (flag) horizontal whitespace is " " or "T" in the class string,
# and the pattern matches 2+ of them in a row (the whole run) or a lone "T": what _HS_SPANS matches,
# and without "T" (flag) what _SPACES matches. _SPACE_AROUND_NL is literal; its class string spans are
# its spans.
_SPACES = re.compile(rb"   *")  # "  " first: a literal prefix for re
_HS_SPANS = re.compile(rb"[ T](?:[ T]+|(?<=T))")
_NL_HINT = re.compile(rb"\n(?:(?<= \n)| )")


def _nl_spans(k: bytes) -> list[tuple[int, int]]:
    """The spans of ``_SPACE_AROUND_NL.finditer`` (" \\n|\\n "), from the newlines next to a space.

    Scanning left to right, a newline at ``j`` is matched as " \\n" from ``j - 1`` if that space is
    not already taken by the previous match, else as "\\n " if a space follows.
    """
    spans = []
    pos = 0
    for m in _NL_HINT.finditer(k):
        j = m.start()
        if j > pos and k[j - 1] == 0x20:
            spans.append((j - 1, j + 1))
            pos = j + 1
        elif k[j + 1 : j + 2] == b" ":
            spans.append((j, j + 2))
            pos = j + 2
    return spans


def normalize(text: str) -> Normalized:
    """Return the normalised text and its offset map.

    Steps: line endings unified to ``\\n``; invisible and control characters dropped; NFKC
    (fullwidth, mathematical and circled letters, ligatures); Cyrillic/Greek look-alikes and
    curly quotes folded; emoji used as word glue split ("share🔥this"); dotted and letter-spaced
    words joined ("S.H.A.R.E", "L I K E   &   S H A R E"); leetspeak folded ("SH4R3"); stretched
    letters shortened ("shaaaare"); runs of horizontal whitespace collapsed. Every step keeps the
    offset map exact, so a span on the normalised text maps to the obfuscated original characters.

    The result is exactly ``_normalize_exhaustive``'s; passes that provably change nothing are skipped.
    """
    norm, u8, flags = _char_pass_fast(text)
    if flags & _F_EMOJI:
        norm = rewrite(norm, _EMOJI_LETTERS, _letters_only)
        norm = rewrite(norm, _EMOJI_GLUE, lambda m: " ")
        u8, flags = _scan(norm.text)
    k = u8.translate(_K_TAB, _CONT)
    if len(k) != len(norm.text):  # cannot happen (one lead byte per character); stay exact regardless
        return _normalize_exhaustive(text)

    def update(new: Normalized) -> None:
        nonlocal norm, u8, flags, k
        if new is not norm:
            norm = new
            u8, flags = _scan(norm.text)
            k = u8.translate(_K_TAB, _CONT)

    if _may_dot(norm.text, k, flags):
        update(rewrite(norm, _DOTTED, _undot))
    if _may_letter_space(u8, flags):
        update(rewrite(norm, _LETTER_SPACED, _join_spaced))
    update(_fold_leet_fast(norm, k, flags))
    update(_fold_stretched_fast(norm, k, flags))
    if flags & _F_SPACE:
        norm = rewrite(norm, _HSPACE, lambda m: " ")
        k = _utf8(norm.text).translate(_K_TAB, _CONT)
    else:
        spans = [m.span() for m in (_HS_SPANS if flags & _F_HTAB else _SPACES).finditer(k)]
        new = _replace_spans(norm, spans, " ")
        if new is not norm:
            norm = new
            k = _utf8(norm.text).translate(_K_TAB, _CONT)
    return _replace_spans(norm, _nl_spans(k), "\n")
