"""Case folding that agrees with ``re.IGNORECASE``, one character for one character (positions stay aligned).

Under IGNORECASE, ``re`` compares characters by their simple lower-case mapping, plus a few extra
equivalences (dotless i and i, long s and s, Greek symbol variants...). ``fold`` maps every character
to one representative of its class, so if ``re`` (with or without IGNORECASE) matches pattern character
p to text character c, fold(p) == fold(c). The literal scan runs over the folded text.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _extra_classes() -> dict[str, str]:
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found,unused-ignore]  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        from sre_compile import _ignorecase_fixes as _EXTRA_CASES  # type: ignore[attr-defined,no-redef,unused-ignore]
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for k, vs in _EXTRA_CASES.items():
        for v in vs:
            a, b = root(k), root(v)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {chr(x): chr(root(x)) for x in set(parent) | {root(x) for x in parent} if root(x) != x}


#: What ``\\s`` matches in a str pattern besides " " and the line break (``str.isspace()``; a test checks it).
OTHER_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_EXTRA = str.maketrans({**_extra_classes(), **{c: " " for c in OTHER_SPACE}})
_PRE = str.maketrans({"\u0130": "i"})  # the one character whose str.lower() is two characters
_EXTRA_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_EXTRA)) + "]")


def fold(text: str) -> str:
    """Case-fold ``text`` character for character (same length), consistently with ``re.IGNORECASE``;
    every whitespace character but the line break becomes a space (so ``\\s`` is one of two characters)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    # The ASCII characters fold as bytes; each distinct other character is folded once, then replaced.
    u8 = text.encode("utf-8", "surrogatepass")
    plan = _fold_plan(frozenset(u8.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")))
    if plan is None:
        return _fold_exhaustive(text)
    out = u8.translate(_ASCII_FOLD).decode("utf-8", "surrogatepass")
    for c, f in plan:
        out = out.replace(c, f)
    return out


def _fold_exhaustive(text: str) -> str:
    """``fold`` by ``str.lower`` over the whole text: the definition the fast paths are tested against."""
    low = (text.translate(_PRE) if "\u0130" in text else text).lower()
    return low.translate(_EXTRA) if _EXTRA_CHARS.search(low) else low


_ASCII_BYTES = bytes(range(0x80))
_ASCII_FOLD = bytes(ord(_fold_exhaustive(chr(b))) for b in range(0x80)) + bytes(range(0x80, 0x100))


@lru_cache(maxsize=4096)
def _fold_plan(chars: frozenset[str]) -> tuple[tuple[str, str], ...] | None:
    """The (character, its fold) replacements for the non-ASCII ``chars`` of a text, or None when the
    text must be folded whole: "Σ" lowers by context (final sigma), and a fold that is not one
    character, or that a second fold would change, cannot be replaced character by character."""
    if "\u03a3" in chars:
        return None
    plan = []
    for c in sorted(chars):
        f = _fold_exhaustive(c)
        if len(f) != 1 or _fold_exhaustive(f) != f:
            return None
        if f != c:
            plan.append((c, f))
    return tuple(plan)


