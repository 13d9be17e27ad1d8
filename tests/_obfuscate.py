"""Obfuscation generators and example lines for robustness tests and benchmarks/bench_robustness.py.

All lines are written for slantcheck's tests; none comes from a corpus or seed.
"""

from __future__ import annotations

import re
from typing import Callable

AD = (
    "Pinecrest Roofing – Honest Work, Fair Prices. Call now for a free estimate!",
    "Use code GARDEN15 at checkout for 15% off every seed packet this week.",
    "Marlow Coffee Roasters – Fresh Beans Delivered. Order now at marlowbeans.com",
    "Limited time offer: buy one, get one on all winter boots while supplies last.",
    "Sunridge Solar Panels – Trusted by Thousands. Get your free quote today!",
    "Affiliate disclosure: we may earn a commission when you buy through our links.",
    "Click here to claim your discount on premium dog food before Friday.",
    "Brightleaf Vitamins – Natural Energy, Guaranteed. Shop now and save.",
    "Free shipping on every order this weekend only, visit tidewatergear.com today.",
    "Sponsored by Halvorsen Insurance – Protecting Families Since 1962.",
)
SHARE = (
    "Share this with everyone you know before they take it down!",
    "Please share this post so more neighbors see the warning.",
    "Like and share if you think the council got it wrong.",
    "Tag a friend who needs to hear this today.",
    "Repost this before it gets deleted, they do not want it out.",
    "Leave a comment below and tell us what you think.",
    "Follow us for more updates on the harbor project.",
    "Copy and paste this into your own status right now.",
    "Spread the word, the meeting is on Thursday night.",
    "Subscribe to our newsletter for weekly garden tips.",
)
CLICKBAIT = (
    "You Won't Believe What This Farmer Found in His Barn",
    "Doctors Hate This One Weird Trick for Better Sleep",
    "BREAKING: Mayor Caught in Shocking Budget Scandal",
    "10 Things Your Landlord Doesn't Want You to Know",
    "This Simple Habit Will Change Your Life Forever",
    "What Happened Next Left the Whole Town Speechless",
    "You Need to See What This Old Map Reveals",
    "The Truth About Tap Water Will Shock You",
    "URGENT: Read This Before Your Next Grocery Trip",
    "Why This Tiny Town Is Suddenly Famous",
)
UNSOURCED = (
    "Everyone knows the mayor rigged the zoning vote.",
    "Experts warn the old dam will fail within a year.",
    "The truth is that the school board never cared about students.",
    "Studies show this tea cures arthritis in a week.",
    "Insiders say the factory will close by spring.",
    "It is well known that the new tax hurts working families.",
    "The council is deliberately hiding the real cost of the stadium.",
    "There is no doubt that the election was decided in advance.",
    "Many people are now realizing the water plan was a scam.",
    "Gold prices are about to skyrocket, and nothing can stop them.",
)
LINES = {"ad_injection": AD, "call_to_share": SHARE, "clickbait": CLICKBAIT, "unsourced_assertion": UNSOURCED}

# Ordinary reporting with content that looks like obfuscation but is not.
CREDIBLE_TRICKY = (
    "The Lakeside Model X200 heater sold for $49.99 in 2023, up 20% from the 2021 price of $41.50.\n"
    "The clinic is open 24/7 and has treated 1,204 COVID-19 patients since March 3, 2020, the county said.\n"
    "Officials said the new 5G towers and a 3D-printed bridge model will be shown at 10:30am on May 1st.\n"
    "Residents ranked the options A B C in that order, and option B2B scored lowest, the survey found.\n"
    "The delegation toured Москва and Αθήνα before returning, according to the ministry.\n"
    "The band's 1990s album, released as an MP3 bundle, sold 4,000 copies, the label said.\n"
    "Inspectors tested 4x4 trucks and the H1N1 lab at 221B Baker Street, records show.\n"
    "The zoo's three-toed sloth, named Zzz by staff, turned 12 on 2024-06-30, a keeper said."
)

_CYR = dict(zip("aeopcxyABEHKMOPCTX", "аеорсхуАВЕНКМОРСТХ", strict=False))
_GRK = dict(zip("oiAvBEHIKMNOPTXYZ", "οιΑνΒΕΗΙΚΜΝΟΡΤΧΥΖ", strict=False))
_LEET = dict(zip("aeiostAEIOST", "431057431057", strict=False))
_WORD = re.compile(r"(?<![\w'])[A-Za-z][A-Za-z']*(?![\w])")


def _per_word(fn: Callable[[str], str]) -> Callable[[str], str]:
    return lambda line: _WORD.sub(lambda m: fn(m.group()), line)


def _swap(table: dict[str, str]) -> Callable[[str], str]:
    return _per_word(lambda w: "".join(table.get(c, c) for c in w))


def _fullwidth(line: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in line)


def _math_bold(line: str) -> str:
    def f(c: str) -> str:
        if "A" <= c <= "Z":
            return chr(0x1D400 + ord(c) - 65)
        if "a" <= c <= "z":
            return chr(0x1D41A + ord(c) - 97)
        if "0" <= c <= "9":
            return chr(0x1D7CE + ord(c) - 48)
        return c
    return "".join(f(c) for c in line)


def _circled(line: str) -> str:
    def f(c: str) -> str:
        if "A" <= c <= "Z":
            return chr(0x24B6 + ord(c) - 65)
        if "a" <= c <= "z":
            return chr(0x24D0 + ord(c) - 97)
        return c
    return "".join(f(c) for c in line)


def _zero_width(line: str) -> str:
    return _per_word(lambda w: "\u200b".join(w) if len(w) > 2 else w)(line)


def _letter_spacing(line: str) -> str:
    return "   ".join(" ".join(w) for w in line.split())


def _stretch(line: str) -> str:
    def f(w: str) -> str:
        m = re.search(r"[aeiouAEIOU]", w[1:]) if len(w) >= 4 else None
        if not m:
            return w
        i = m.start() + 1
        return w[:i] + w[i] * 4 + w[i + 1 :]
    return _per_word(f)(line)


def _leet(line: str) -> str:
    return _per_word(lambda w: w[0] + "".join(_LEET.get(c, c) for c in w[1:]))(line)


def _emoji_sep(line: str) -> str:
    return line.replace(" ", "\U0001F525")


KINDS: dict[str, Callable[[str], str]] = {
    "cyrillic": _swap(_CYR), "greek": _swap(_GRK), "zero-width": _zero_width, "fullwidth": _fullwidth,
    "math": _math_bold, "circled": _circled, "letter-spacing": _letter_spacing, "stretch": _stretch,
    "leet": _leet, "emoji-sep": _emoji_sep,
}


def found(spans, kind: str) -> bool:  # type: ignore[no-untyped-def]
    return any(s.kind == kind for s in spans)


def recall(detect_fn, kind: str, lines, obfuscate=None) -> float:  # type: ignore[no-untyped-def]
    """Fraction of ``lines`` (each scored as its own text) where a ``kind`` span is found."""
    hits = sum(found(detect_fn(obfuscate(t) if obfuscate else t), kind) for t in lines)
    return hits / len(lines)
