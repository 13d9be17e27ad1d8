"""Synthetic labelled documents for training the document classifier (signals.md sections 5-6).

We take real, credible base prose (``semeval2019_hyperpartisan`` train articles with junk lines
removed, or a few built-in paragraphs when ``../shared/data`` is absent) and inject units whose
labels we know: ad lines and spliced promos, share-bait, publisher footers, engagement asks,
unsourced assertions, clickbait headlines/markers/phrases, and hard negatives that look like
signals but are not (attributed claims, quoted slogans, quoted police appeals, "breaking ground",
"a share of", "a bill sponsored by Sen. X", ...). Document labels follow section 5.1 from the
roles of the injected units (see ``decide_flag``).

Phrase banks live in ``data/synth.json`` (text written for slantcheck). Short real texts come
from corpora whose terms allow the shipped model, read at run time: ``sms_spam`` and
``youtube_spam`` spam (as pasted ad lines) and ``stop_clickbait`` headlines.

Everything is deterministic for a given seed: each document ``i`` uses its own
``random.Random(f"...:{seed}:{i}")``, so ``make_documents(10)`` is a prefix of
``make_documents(100)`` with the same seed.

Record ids look like ``synth-<split>-s<seed>-<i>-<base id>`` so base articles can be grouped
(e.g. for group-aware cross-validation).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from slantcheck.dataset import GENRES, INVISIBLE, bad_edge, problems
from slantcheck.kinds import KINDS

__all__ = [
    "make_documents", "validate_record", "obfuscate", "decide_flag", "banks", "expand",
    "KINDS", "GENRES", "INVISIBLE", "OBFUSCATIONS", "HOMOGLYPHS", "ZERO_WIDTH", "LEET", "SCENARIOS",
]

# Genres, the invisible characters and the record validator are the ones ``dataset`` applies to every
# labelled file, so generated records are held to exactly the same rules.
validate_record = problems

DATA_FILE = Path(__file__).resolve().parent / "data" / "synth.json"


# ============================================================================================
# Phrase banks and the template grammar
# ============================================================================================
@lru_cache(maxsize=4)
def banks(path: str | None = None) -> dict[str, Any]:
    """The parsed ``data/synth.json`` (cached)."""
    with open(path or DATA_FILE, encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


_PLACE = re.compile(r"\{(@?[A-Za-z_][A-Za-z0-9_]*(?:#\d+)?)((?:\|[a-z]+)*)\}")


def _slug(s: str) -> str:
    s = re.sub(r"^dr\.?\s+", "", s.lower())
    s = re.sub(r"\b(co|inc|the|and)\b\.?", "", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _title(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))


_MODS: dict[str, Callable[[str], str]] = {"cap": _cap, "lower": str.lower, "upper": str.upper, "title": _title}


def _derived(name: str, rng: random.Random, get: Callable[[str], str]) -> str | None:
    """Values computed in code rather than drawn from a slot list."""
    if name == "pct":
        return str(rng.choice([10, 15, 20, 25, 30, 35, 40, 50, 60, 70]))
    if name == "amount":
        return str(rng.choice([5, 10, 15, 20, 25, 50, 75, 100]))
    if name == "price":
        return f"{rng.choice([9, 12, 14, 19, 24, 29, 39, 49, 59, 79, 99])}.{rng.choice(['99', '95', '00'])}"
    if name == "code":
        tail = get("pct") if rng.random() < 0.7 else str(rng.randrange(10, 100))
        return get("code_word") + tail
    if name == "phone":
        n = f"01{rng.randrange(100):02d}"
        return rng.choice([f"555-{n}", f"(555) 555-{n}", f"1-800-555-{n}", f"555.{n}"])
    if name == "domain":
        base = _slug(get("brand")) or "shop"
        if len(base) > 18 and " " in get("brand"):
            base = _slug(get("brand").split(" ")[0]) or base
        d = base + rng.choice([".com", ".com", ".com", ".net", ".shop", ".co", ".store", "-deals.com",
                               "direct.com", ".online", "usa.com", "hq.com"])
        return ("www." + d) if rng.random() < 0.2 else d
    if name == "url":
        path = rng.choice(["", "", "/deal", "/offer", "/save", "/go", "/shop", "?ref=news", "/promo"])
        return rng.choice(["https://", "https://", "www.", ""]) + get("domain").removeprefix("www.") + path
    if name == "site":
        return rng.choice([_slug(get("town")) + _slug(get("paper_noun")),
                           "the" + _slug(get("paper_noun")) + "news", _slug(get("town")) + "today"]) + ".com"
    if name == "town_tag":
        return get("town").replace(" ", "")
    if name == "num_k":
        return rng.choice(["10,000", "50,000", "250,000", "1 Million", "2 Million", "80,000"])
    if name == "year":
        return str(rng.randrange(1948, 2019))
    if name == "days":
        return str(rng.choice([7, 10, 14, 21, 30]))
    if name == "n_left":
        return str(rng.choice([3, 7, 12, 19, 27]))
    if name == "shortcode":
        return str(rng.randrange(20000, 99999))
    if name == "day":
        return str(rng.randrange(1, 29))
    return None


def expand(template: str, rng: random.Random, ctx: dict[str, str] | None = None, *, _depth: int = 0) -> str:
    """Fill ``{slot}`` placeholders from the phrase banks (see ``synth.json`` "about")."""
    if _depth > 12:
        raise RecursionError(f"template nesting too deep: {template!r}")
    ctx = {} if ctx is None else ctx
    slots = banks()["slots"]

    def get(key: str) -> str:
        if key not in ctx:
            name = key.split("#", 1)[0]
            val = _derived(name, rng, get)
            if val is None:
                if name not in slots:
                    raise KeyError(f"unknown slot {name!r} in template {template!r}")
                val = expand(rng.choice(slots[name]), rng, ctx, _depth=_depth + 1)
            ctx[key] = val
        return ctx[key]

    def repl(m: re.Match[str]) -> str:
        key, mods = m.group(1), m.group(2)
        val = _unit_raw(key[1:], rng)[0] if key.startswith("@") else get(key)
        for mod in filter(None, mods.split("|")):
            val = _MODS[mod](val)
        return val

    return _PLACE.sub(repl, template)


def _tidy(s: str) -> str:
    s = re.sub(r"[ \t]{2,}", " ", s)
    s = re.sub(r"\b([Aa]) (?=[aeioAEIO][a-z])", r"\1n ", s)
    s = re.sub(r" +([,.;:?!])(?=\s|$|\]\])", r"\1", s)
    s = re.sub(r" *\n *", "\n", s)
    return s.strip()


def _parse_marks(s: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove ``[[...]]`` marks and return (text, [(start, end)]); no marks -> whole text."""
    if "[[" not in s:
        return s, [(0, len(s))]
    out, spans, i = [], [], 0
    pos = 0
    while True:
        a = s.find("[[", i)
        if a < 0:
            out.append(s[i:])
            break
        b = s.find("]]", a)
        if b < 0:
            raise ValueError(f"unclosed [[ in {s!r}")
        out.append(s[i:a])
        pos += a - i
        inner = s[a + 2:b]
        out.append(inner)
        spans.append((pos, pos + len(inner)))
        pos += len(inner)
        i = b + 2
    return "".join(out), spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and bad_edge(text[a]):
        a += 1
    while b > a and bad_edge(text[b - 1]):
        b -= 1
    return a, b


def _unit_raw(category: str, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    tpl = rng.choice(banks()["units"][category])
    text, spans = _parse_marks(_tidy(expand(tpl, rng, {})))
    return text, spans


# ============================================================================================
# Obfuscation (signals.md section 1.6)
# ============================================================================================
#: Latin letter -> Cyrillic/Greek look-alike.
HOMOGLYPHS: dict[str, str] = {
    "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445", "y": "\u0443",
    "i": "\u0456", "j": "\u0458", "s": "\u0455", "v": "\u03bd",
    "A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d", "I": "\u0406", "J": "\u0408",
    "K": "\u041a", "M": "\u041c", "O": "\u041e", "P": "\u0420", "S": "\u0405", "T": "\u0422", "X": "\u0425",
    "Y": "\u04ae", "Z": "\u0396", "N": "\u039d",
}
ZERO_WIDTH: tuple[str, ...] = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff")
LEET: dict[str, str] = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
OBFUSCATIONS: tuple[str, ...] = ("cyrillic", "zero_width", "letter_spacing", "leet", "stretch", "fullwidth")


def _ob_cyrillic(text: str, rng: random.Random) -> str:
    cand = [i for i, c in enumerate(text) if c in HOMOGLYPHS]
    if not cand:
        return text
    p = rng.choice([0.35, 0.6, 1.0])
    pick = {i for i in cand if rng.random() < p} or {rng.choice(cand)}
    return "".join(HOMOGLYPHS[c] if i in pick else c for i, c in enumerate(text))


def _ob_zero_width(text: str, rng: random.Random) -> str:
    cand = [i for i in range(1, len(text)) if text[i - 1].isalnum() and text[i].isalnum()]
    if not cand:
        return text
    p = rng.choice([0.12, 0.25, 0.5])
    pick = {i for i in cand if rng.random() < p} or {rng.choice(cand)}
    one = rng.choice(ZERO_WIDTH[:4]) if rng.random() < 0.7 else None
    out = []
    for i, c in enumerate(text):
        if i in pick:
            out.append(one or rng.choice(ZERO_WIDTH))
        out.append(c)
    return "".join(out)


def _ob_letter_spacing(text: str, rng: random.Random) -> str:
    first, nl, rest = text.partition("\n")
    words = first.split(" ")
    k = len(words) if len(words) <= 5 else rng.randint(1, 3)
    spaced = [" ".join(w) for w in words[:k]]
    head = "   ".join(spaced)
    if rng.random() < 0.5:
        head = head.upper()
    line = head + (" " + " ".join(words[k:]) if words[k:] else "")
    return line + nl + rest


def _ob_leet(text: str, rng: random.Random) -> str:
    if rng.random() < 0.4:
        up = text.upper()
        if len(up) == len(text):
            text = up
    cand = [i for i, c in enumerate(text) if c.lower() in LEET]
    if not cand:
        return text
    p = rng.choice([0.6, 0.85, 1.0])
    pick = {i for i in cand if rng.random() < p} or {rng.choice(cand)}
    return "".join(LEET[c.lower()] if i in pick else c for i, c in enumerate(text))


def _ob_stretch(text: str, rng: random.Random) -> str:
    words = [m for m in re.finditer(r"[A-Za-z]{3,}", text) if re.search(r"[aeiouAEIOU]", m.group())]
    if not words:
        return text
    chosen = sorted(rng.sample(words, min(len(words), rng.choice([1, 1, 2]))), key=lambda m: m.start())
    out, i = [], 0
    for m in chosen:
        w = m.group()
        if rng.random() < 0.3 and w[-1].isalpha():
            j = len(w) - 1
        else:
            j = max(k for k, c in enumerate(w) if c in "aeiouAEIOU")
        out.append(text[i:m.start()] + w[:j + 1] + w[j] * rng.randint(2, 4) + w[j + 1:])
        i = m.end()
    out.append(text[i:])
    return "".join(out)


def _ob_fullwidth(text: str, rng: random.Random) -> str:
    p = 1.0 if rng.random() < 0.6 else 0.5
    parts = re.split(r"( )", text)
    words = [i for i, w in enumerate(parts) if w != " " and any("!" <= c <= "~" for c in w)]
    if not words:
        return text
    pick = {i for i in words if rng.random() < p} or {rng.choice(words)}
    return "".join("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w) if i in pick else w
                   for i, w in enumerate(parts))


_OBF: dict[str, Callable[[str, random.Random], str]] = {
    "cyrillic": _ob_cyrillic, "zero_width": _ob_zero_width, "letter_spacing": _ob_letter_spacing,
    "leet": _ob_leet, "stretch": _ob_stretch, "fullwidth": _ob_fullwidth,
}


def obfuscate(text: str, rng: random.Random, *, kinds: Sequence[str] = OBFUSCATIONS) -> str:
    """An obfuscated variant of a short unit, the way spammers evade filters.

    One kind is drawn from ``kinds`` (repeat a kind to weight it): Cyrillic/Greek look-alike
    letters, zero-width characters inside words, letter spacing ("S H A R E"), leetspeak,
    stretched letters ("shaaare"), fullwidth forms. Invisible characters are only inserted
    between two letters/digits, so the result never starts or ends with one. If the chosen
    kind cannot change ``text``, the other kinds are tried in turn.
    """
    kinds = list(kinds)
    for k in kinds:
        if k not in _OBF:
            raise ValueError(f"unknown obfuscation {k!r}; known: {', '.join(OBFUSCATIONS)}")
    if not kinds or not text:
        return text
    first = rng.choice(kinds)
    order = [first] + [k for k in dict.fromkeys(kinds) if k != first]
    for k in order:
        out = _OBF[k](text, rng)
        if out != text:
            return out
    return text


# ============================================================================================
# Units
# ============================================================================================
#: category -> (span kind or None, role used by decide_flag)
CATEGORY: dict[str, tuple[str | None, str]] = {
    "ad_brand_line": ("ad_injection", "ad_copy"), "ad_store_line": ("ad_injection", "ad_copy"),
    "ad_promo_sentence": ("ad_injection", "ad_copy"), "ad_urgency_line": ("ad_injection", "ad_copy"),
    "ad_sponsored_block": ("ad_injection", "ad_copy"), "ad_sponsor_issue": ("ad_injection", "ad_copy"),
    "corpus_ad": ("ad_injection", "ad_copy"),
    "ad_bare_marker": ("ad_injection", "ad_marker"), "ad_affiliate": ("ad_injection", "ad_disclosure"),
    "share_bait": ("call_to_share", "share_bait"), "share_footer": ("call_to_share", "footer"),
    "share_engage": ("call_to_share", "engage"),
    "ua_weasel": ("unsourced_assertion", "ua"), "ua_motive": ("unsourced_assertion", "ua"),
    "ua_sweeping": ("unsourced_assertion", "ua"), "ua_prediction": ("unsourced_assertion", "ua"),
    "ua_smooth": ("unsourced_assertion", "ua"), "ua_mild": ("unsourced_assertion", "ua_mild"),
    "ua_harm": ("unsourced_assertion", "ua_harm"),
    "cb_marker": ("clickbait", "cb_body"), "cb_phrase": ("clickbait", "cb_body"), "cb_hype": ("clickbait", "cb_body"),
    "cb_headline": ("clickbait", "cb_headline"), "corpus_clickbait": ("clickbait", "cb_headline"),
    "plain_headline": (None, "plain_headline"), "corpus_plain_headline": (None, "plain_headline"),
    "hn_attributed": (None, "hardneg"), "hn_opinion": (None, "hardneg"), "hn_quoted_ad": (None, "hardneg"),
    "hn_quoted_share": (None, "hardneg"), "hn_literal": (None, "hardneg"),
}
_UA_STRONG = ("ua_weasel", "ua_motive", "ua_sweeping", "ua_prediction", "ua_smooth")
_AD_COPY_TEMPLATES = ("ad_brand_line", "ad_store_line", "ad_promo_sentence", "ad_urgency_line",
                      "ad_sponsored_block", "ad_sponsor_issue")
_HARDNEG = ("hn_attributed", "hn_opinion", "hn_quoted_ad", "hn_quoted_share", "hn_literal")
#: obfuscation kinds (repeats weight them) by the role of an injected unit
_DOC_OBF_KINDS = ("cyrillic", "cyrillic", "zero_width", "zero_width", "letter_spacing", "leet", "stretch", "fullwidth")
_ROLE_OBF_KINDS: dict[str, tuple[str, ...]] = {
    "ua": ("cyrillic", "zero_width"), "ua_mild": ("cyrillic", "zero_width"), "ua_harm": ("cyrillic", "zero_width"),
    "cb_body": ("cyrillic", "zero_width", "stretch"),
    "cb_headline": ("cyrillic", "zero_width", "letter_spacing", "stretch", "fullwidth"),
}


@dataclass
class Snippet:
    text: str
    spans: list[tuple[int, int, str]]  # relative to text
    category: str
    role: str
    obfuscated: str | None = None


def _case_variant(text: str, rng: random.Random, p_upper: float, p_lower: float) -> str:
    r = rng.random()
    if r < p_upper:
        t = text.upper()
    elif r < p_upper + p_lower:
        t = text.lower()
    else:
        return text
    return t if len(t) == len(text) else text


def _headline_case(text: str, rng: random.Random, *, clickbait: bool) -> str:
    """Random casing for headlines so Title Case is not a giveaway of stop_clickbait's class."""
    r = rng.random()
    if r < 0.3:
        out = text
    elif r < 0.55:
        out = _title(text)
    elif r < 0.85:
        words = text.split(" ")
        out = " ".join((w if (len(w) > 1 and w.isupper()) else w.lower()) for w in words)
        out = _cap(out)
    elif r < 0.95 or not clickbait:
        out = text.lower()
    else:
        out = text.upper()
    return out if len(out) == len(text) else text


# ============================================================================================
# Base texts and corpus units
# ============================================================================================
_JUNK = re.compile("|".join([
    r"\bshare\b", r"\bshares\b", r"sponsor", r"advertis", r"\bads?\b", r"click here", r"subscri", r"sign up",
    r"sign-up", r"newsletter", r"leave a comment", r"\bcomments? below\b", r"in the comments", r"^\d+\s+comments?$",
    r"featured image", r"image via", r"photo (?:credit|via|by)", r"\(photo", r"screenshot", r"getty images",
    r"copyright", "\u00a9", r"all rights reserved", r"read more", r"read the full", r"weird trick",
    r"doctors hate", r"won'?t believe", r"follow us", r"like us", r"follow @", r"affiliate", r"earn a commission",
    r"pic\.twitter\.com", r"https?://", r"www\.", r"\.com\b", r"^\W*(?:watch|video|listen|related|see also|more)\s*:",
    r"^\W*(?:update|updated|breaking|urgent|alert|exclusive|developing|just in)\b", r"donat", r"patreon",
    r"\bpromo", r"coupon", r"% off", r"free shipping", r"tweet", r"retweet", r"@\w", r"\bemail\b",
    r"\bcookies?\b", r"privacy policy", r"terms of (?:use|service)", r"\[/?[a-z]\]", r"\bclick\b",
    r"\bdownload\b", r"\bour app\b", r"must see", r"you need to know", r"\bsubscribe\b", r"\bjoin us\b",
    r"\bfacebook\b", r"\binstagram\b", r"\bshop\b", r"\border now\b", r"\bbuy now\b", r"\blimited time\b",
    # engagement asks and teaser residue
    r"what do you think", r"your thoughts", r"\bfind out\b", r"\blet (?:us|me) know\b",
    r"\btell (?:us|me) (?:your|in|below|what you|how you)", r"you can follow", r"\bon twitter\b", r"story develops",
    r"details to follow", r"comment section", r"sound off", r"\bweigh in\b", r"\bpin (?:this|it)\b", r"go viral",
    r"spread the word", r"\bRT\b", r"\bhere\s*[.!]*$", r"shutterstock", r"\bap photo\b", r"\bhollywoodlifers\b",
    r"\bstay tuned\b", r"\bdon'?t miss\b", r"\bsee (?:the|more|photos|pics)\b.*:$",
]), re.IGNORECASE)


def _clean_line(s: str) -> str:
    s = html.unescape(html.unescape(s))
    s = s.replace("\ufeff", "").replace("\u200b", "")
    s = re.sub(r"<[^>]{0,200}>", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def clean_base_lines(text: str, outside: Iterable[tuple[int, int]] = ()) -> list[str]:
    """Lines of a base article with junk removed (share prompts, ads, credits, residue, <4 words).

    ``outside``: (start, end) runs that sat outside ``<p>`` in the source; such lines are kept
    only when they are long (>= 15 words) and not junk.
    """
    outside = list(outside)
    out, pos = [], 0
    for raw in text.split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        line = _clean_line(raw)
        nw = len(line.split())
        if nw < 4 or _JUNK.search(line):
            continue
        if any(s < b and a < e for s, e in outside) and nw < 15:
            continue
        if not re.search(r"[a-z]", line) or line.isupper():
            continue
        out.append(line)
    return out


@dataclass(frozen=True)
class _Base:
    id: str
    genre: str
    lines: tuple[str, ...]
    partisan: bool = False


@dataclass(frozen=True)
class _Pools:
    bases: tuple[_Base, ...]
    corpus_ads: tuple[str, ...]
    cb_headlines: tuple[str, ...]
    plain_headlines: tuple[str, ...]
    source: str


def _semeval_in_split(rec: dict[str, Any], split: str) -> bool:
    """train -> official train; the official test half is divided 20/80 into dev/test."""
    if split == "train":
        return rec.get("split") == "train"
    if rec.get("split") != "test":
        return False
    h = int(hashlib.sha1(rec["id"].encode("utf-8")).hexdigest(), 16) % 5
    return (h == 0) if split == "dev" else (h != 0)


_PROMO_CUE = re.compile(r"check|subscri|channel|visit|http|www\.|\.com|free|win|follow|earn|money|click|offer|"
                        r"download|website|\bsite\b|\bpage\b|sign up|join|promo|discount|\bapp\b|\bcash\b|\bprize",
                        re.IGNORECASE)


def _builtin_bases() -> tuple[_Base, ...]:
    return tuple(_Base(f"builtin-{i}", a["genre"], tuple(a["paragraphs"]))
                 for i, a in enumerate(banks()["base_articles"]))


@lru_cache(maxsize=8)
def _pools(root: str | None, split: str) -> _Pools:
    bases: list[_Base] = []
    ads: list[str] = []
    cb: list[str] = []
    plain: list[str] = []
    used: list[str] = []
    if root is not None:
        from slantcheck.training import corpora

        def rows(name: str, sp: str | None) -> list[dict[str, Any]]:
            try:
                return corpora.load(name, sp, root)
            except FileNotFoundError:
                return []

        for r in rows("semeval2019_hyperpartisan", None):
            if not _semeval_in_split(r, split):
                continue
            lines = clean_base_lines(r["text"], [(s["start"], s["end"]) for s in r.get("spans", [])])
            words = sum(len(x.split()) for x in lines)
            if len(lines) < 3 or words < 80 or words / len(lines) < 12:
                continue
            genre = "blog" if r.get("label") == "hyperpartisan" else "wire_news"
            bases.append(_Base(r["id"], genre, tuple(lines), r.get("label") == "hyperpartisan"))
        if bases:
            used.append("semeval2019_hyperpartisan")
        seen: set[str] = set()
        for name in ("sms_spam", "youtube_spam"):
            for r in rows(name, split):
                if r.get("label") != "spam":
                    continue
                t = _clean_line(r["text"])
                if not (len(t.split()) >= 4 and len(t) <= 240) or t.lower() in seen:
                    continue
                if name == "youtube_spam" and not _PROMO_CUE.search(t):
                    continue
                seen.add(t.lower())
                ads.append(t)
            used.append(name)
        for r in rows("stop_clickbait", split):
            t = _clean_line(r["text"])
            if len(t.split()) < 3:
                continue
            (cb if r.get("label") == "clickbait" else plain).append(t)
        if cb:
            used.append("stop_clickbait")
    if not bases:
        bases = list(_builtin_bases())
        used.insert(0, "builtin paragraphs")
    return _Pools(tuple(bases), tuple(ads), tuple(cb), tuple(plain), "+".join(used))


# ============================================================================================
# Document builder
# ============================================================================================
# A document is a list of blocks (joined by the doc separator); a block is a list of lines
# (joined by "\n"); a line is a list of pieces (joined by " "). A piece is (text, spans, is_base).
_Piece = tuple[str, list[tuple[int, int, str]], bool]

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st", "jr",
           "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "approx", "dept", "mt", "ft", "ave", "blvd", "fig", "rev", "hon",
           "pres", "supt", "univ", "assn", "bros", "ph", "messrs", "adm", "cmdr", "op", "vol"}
_BOUNDARY = re.compile(r"([.!?][\"”’')\]]*)(\s+)(?=[\"“‘(\[]?[A-Z0-9])")


def _sentence_cuts(text: str) -> list[tuple[int, int]]:
    """(end of sentence incl. closing quotes, start of next sentence) pairs in base prose."""
    cuts = []
    for m in _BOUNDARY.finditer(text):
        if m.group(1)[0] == ".":
            w = re.search(r"(\S+)$", text[:m.start()])
            word = (w.group(1) if w else "").lstrip("\"“‘(")
            low = word.lower().rstrip(".")
            if low in _ABBREV or re.fullmatch(r"[A-Z]", word) or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
                continue
        cuts.append((m.end(1), m.end()))
    return cuts


class _Doc:
    def __init__(self, base_lines: Sequence[str], rng: random.Random):
        self.rng = rng
        self.blocks: list[list[list[_Piece]]] = [[[(ln, [], True)]] for ln in base_lines]
        self.headline = False
        self.roles: Counter[str] = Counter()
        self.units: list[Snippet] = []
        self.ad_spliced: set[tuple[int, int]] = set()  # ids of lines that already got a spliced ad

    # -- positions -------------------------------------------------------------------------
    def _first_body(self) -> int:
        return 1 if self.headline else 0

    def _base_line_refs(self) -> list[tuple[int, int]]:
        return [(bi, li) for bi, blk in enumerate(self.blocks) if bi >= self._first_body()
                for li, line in enumerate(blk) if any(p[2] for p in line)]

    def _record(self, u: Snippet) -> None:
        self.units.append(u)
        self.roles[u.role] += 1

    # -- insertions ------------------------------------------------------------------------
    def add_block(self, u: Snippet, where: str = "mid", *, record: bool = True) -> int:
        lo = self._first_body()
        n = len(self.blocks)
        if where == "end":
            idx = n
        elif where == "top":
            idx = lo
        else:
            idx = self.rng.randint(min(lo + 1, n), n) if n > lo else n
        self.blocks.insert(idx, [[(u.text, list(u.spans), False)]])
        if record:
            self._record(u)
        return idx

    def add_headline(self, u: Snippet) -> None:
        assert not self.headline
        self.blocks.insert(0, [[(u.text, list(u.spans), False)]])
        self.headline = True
        self._record(u)

    def add_list(self, intro: str, items: list[Snippet], bullets: Sequence[str]) -> None:
        lines: list[list[_Piece]] = [[(intro, [], False)]]
        for i, u in enumerate(items):
            b = bullets[i] if len(bullets) > 1 else bullets[0]
            lines.append([(b + u.text, [(s + len(b), e + len(b), k) for s, e, k in u.spans], False)])
            self._record(u)
        lo = self._first_body()
        idx = self.rng.randint(min(lo + 1, len(self.blocks)), len(self.blocks))
        self.blocks.insert(idx, lines)

    def splice(self, u: Snippet, where: str = "any") -> bool:
        """Insert ``u`` as a sentence inside a base paragraph (start, between sentences, or end)."""
        refs = self._base_line_refs()
        if u.role == "ad_copy":
            refs = [r for r in refs if r not in self.ad_spliced]
        if not refs:
            return False
        bi, li = self.rng.choice(refs)
        line = self.blocks[bi][li]
        options: list[tuple[int, int, int]] = []  # (piece index, cut a, cut b); a == b == -1 -> before piece
        for pi, (txt, _sp, is_base) in enumerate(line):
            if not is_base:
                continue
            if where in ("any", "start") and pi == 0:
                options.append((pi, 0, 0))
            if where in ("any", "end") and pi == len(line) - 1:
                options.append((pi, len(txt), len(txt)))
            if where == "any":
                options.extend((pi, a, b) for a, b in _sentence_cuts(txt))
        if not options:
            return False
        pi, a, b = self.rng.choice(options)
        txt, sp, is_base = line[pi]
        new: list[_Piece] = []
        left, right = txt[:a].rstrip(), txt[b:].lstrip()
        if left:
            new.append((left, [], is_base))
        new.append((u.text, list(u.spans), False))
        if right:
            new.append((right, [], is_base))
        line[pi:pi + 1] = new
        if u.role == "ad_copy":
            self.ad_spliced.add((bi, li))
        self._record(u)
        return True

    def prefix(self, u: Snippet) -> bool:
        """Put a marker ("BREAKING:") in front of a base paragraph."""
        refs = [(bi, li) for bi, li in self._base_line_refs() if self.blocks[bi][li][0][2]]
        if not refs:
            return False
        bi, li = self.rng.choice(refs)
        self.blocks[bi][li].insert(0, (u.text, list(u.spans), False))
        self._record(u)
        return True

    # -- output ----------------------------------------------------------------------------
    def render(self, sep: str) -> tuple[str, list[dict[str, Any]]]:
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for bi, blk in enumerate(self.blocks):
            if bi:
                parts.append(sep)
                pos += len(sep)
            for li, line in enumerate(blk):
                if li:
                    parts.append("\n")
                    pos += 1
                for pi, (txt, sp, _b) in enumerate(line):
                    if pi:
                        parts.append(" ")
                        pos += 1
                    for s, e, k in sp:
                        spans.append((pos + s, pos + e, k))
                    parts.append(txt)
                    pos += len(txt)
        text = "".join(parts)
        out = []
        for s, e, k in sorted(set(spans), key=lambda t: (t[0], t[1], t[2])):
            s, e = _trim(text, s, e)
            if s < e:
                out.append({"start": s, "end": e, "kind": k})
        return text, out


# ============================================================================================
# Making units
# ============================================================================================
class _Maker:
    def __init__(self, rng: random.Random, pools: _Pools, obf_rate: float):
        self.rng = rng
        self.pools = pools
        self.obf_rate = obf_rate

    def unit(self, category: str, *, obfuscatable: bool = True) -> Snippet:
        rng = self.rng
        kind, role = CATEGORY[category]
        if category == "corpus_ad":
            text, rel = rng.choice(self.pools.corpus_ads), None
        elif category == "corpus_clickbait":
            text, rel = _headline_case(rng.choice(self.pools.cb_headlines), rng, clickbait=True), None
        elif category == "corpus_plain_headline":
            text, rel = _headline_case(rng.choice(self.pools.plain_headlines), rng, clickbait=False), None
        else:
            text, rel = _unit_raw(category, rng)
            whole = len(rel) == 1 and rel[0] == (0, len(text))
            if category == "cb_headline":
                text = _headline_case(text, rng, clickbait=True)
            elif category == "plain_headline":
                text = _headline_case(text, rng, clickbait=False)
            elif role in ("ad_copy", "share_bait", "engage", "footer", "ad_marker"):
                text = _case_variant(text, rng, 0.07, 0.04)
            elif category == "cb_hype" and text.endswith(".") and rng.random() < 0.3:
                text = text[:-1] + rng.choice(["!", "!!", "..."])
            if whole:
                rel = None
        if rel is None:
            rel = [(0, len(text))]
        whole = len(rel) == 1 and rel[0] == (0, len(text))
        obf = None
        if kind and obfuscatable and whole and rng.random() < self.obf_rate:
            new = obfuscate(text, rng, kinds=_ROLE_OBF_KINDS.get(role, _DOC_OBF_KINDS))
            if new != text:
                obf, text, rel = "yes", new, [(0, len(new))]
        spans = []
        if kind:
            for s, e in rel:
                s, e = _trim(text, s, e)
                if s < e:
                    spans.append((s, e, kind))
        return Snippet(text, spans, category, role, obf)

    def ad_copy(self) -> Snippet:
        if self.pools.corpus_ads and self.rng.random() < 0.25:
            return self.unit("corpus_ad", obfuscatable=True)
        cat = self.rng.choices(_AD_COPY_TEMPLATES, weights=(3, 2, 4, 2, 2, 1))[0]
        return self.unit(cat, obfuscatable=True)

    def ua_strong(self) -> Snippet:
        return self.unit(self.rng.choices(_UA_STRONG, weights=(4, 3, 3, 2, 3))[0])

    def cb_headline(self) -> Snippet:
        if self.pools.cb_headlines and self.rng.random() < 0.6:
            return self.unit("corpus_clickbait", obfuscatable=True)
        return self.unit("cb_headline", obfuscatable=True)

    def plain_headline(self) -> Snippet:
        if self.pools.plain_headlines and self.rng.random() < 0.6:
            return self.unit("corpus_plain_headline")
        return self.unit("plain_headline")

    def hardneg(self) -> Snippet:
        return self.unit(self.rng.choices(_HARDNEG, weights=(4, 2, 2, 2, 4))[0])


_PLACEMENT: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    # role/category -> (modes, weights); modes: mid | end | top | splice | splice_end
    "ad_line": (("mid", "end", "top"), (0.7, 0.2, 0.1)),
    "ad_promo_sentence": (("splice", "mid"), (0.85, 0.15)),
    "ad_sponsor_issue": (("top", "mid", "end"), (0.3, 0.4, 0.3)),
    "ad_marker": (("mid", "end"), (0.9, 0.1)),
    "ad_disclosure": (("top", "end", "mid"), (0.5, 0.3, 0.2)),
    "share_bait": (("end", "mid", "splice_end"), (0.55, 0.25, 0.2)),
    "footer": (("end", "mid"), (0.85, 0.15)),
    "engage": (("end", "mid", "splice_end"), (0.6, 0.2, 0.2)),
    "ua": (("splice", "mid"), (0.7, 0.3)),
    "cb_body": (("splice", "mid"), (0.8, 0.2)),
    "hardneg": (("splice", "mid"), (0.7, 0.3)),
}


def _place(doc: _Doc, u: Snippet) -> None:
    if u.category == "cb_marker":
        if doc.prefix(u):
            return
        doc.add_block(u, "mid")
        return
    if u.role in ("cb_headline", "plain_headline"):
        if doc.rng.random() < 0.04:  # scaffolding label in front of the headline, outside the span
            pre = expand("{scaffold}", doc.rng)
            u = Snippet(pre + u.text, [(a + len(pre), b + len(pre), k) for a, b, k in u.spans], u.category, u.role,
                     u.obfuscated)
        doc.add_headline(u)
        return
    if u.role == "ad_copy":
        key = u.category if u.category in ("ad_promo_sentence", "ad_sponsor_issue") else "ad_line"
    elif u.role in ("ua", "ua_mild", "ua_harm"):
        key = "ua"
    else:
        key = u.role
    modes, weights = _PLACEMENT[key]
    mode = doc.rng.choices(modes, weights=weights)[0]
    if "\n" in u.text and mode.startswith("splice"):
        mode = "mid"
    if mode == "splice" and doc.splice(u, "any"):
        return
    if mode == "splice_end" and doc.splice(u, "end"):
        return
    doc.add_block(u, "mid" if mode.startswith("splice") else mode)


# ============================================================================================
# Scenarios and document labels
# ============================================================================================
def decide_flag(roles: Counter[str] | dict[str, int]) -> bool:
    """signals.md 5.1 from the roles of injected units.

    True: ad copy (brand/product/offer/sponsor); share-bait with urgency/suppression framing;
    a harmful health/finance claim; two or more unsourced assertions; clickbait together with an
    unsourced assertion; a clickbait headline over hype in the body. False otherwise, which
    covers documents whose only spans are publisher footers, benign engagement asks, bare
    markers, a standard affiliate disclosure, or one mild weasel sentence.
    """
    r = Counter(roles)
    n_ua = r["ua"] + r["ua_mild"] + r["ua_harm"]
    cb = r["cb_headline"] + r["cb_body"]
    return bool(r["ad_copy"] or r["share_bait"] or r["ua_harm"] or n_ua >= 2 or (cb and n_ua >= 1)
                or (r["cb_headline"] and r["cb_body"]))


def _ambiguous(roles: Counter[str]) -> bool:
    """Combinations the spec leaves to judgement; the generator never produces them."""
    r = roles
    if decide_flag(r):
        return False
    return bool(r["ua"] or r["cb_headline"] or r["cb_body"])


def _maybe_plain_headline(doc: _Doc, mk: _Maker, p: float = 0.4) -> None:
    if not doc.headline and mk.rng.random() < p:
        _place(doc, mk.plain_headline())


def _maybe_hardnegs(doc: _Doc, mk: _Maker, p: float, k_max: int = 2) -> None:
    if mk.rng.random() < p:
        for _ in range(mk.rng.randint(1, k_max)):
            _place(doc, mk.hardneg())


def _sc_clean(doc: _Doc, mk: _Maker) -> None:
    _maybe_plain_headline(doc, mk)


def _sc_hardneg(doc: _Doc, mk: _Maker) -> None:
    _maybe_plain_headline(doc, mk)
    _maybe_hardnegs(doc, mk, 1.0, 3)


def _sc_benign(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    _maybe_plain_headline(doc, mk)
    cats = ["share_footer", "share_engage", "ad_bare_marker", "ad_affiliate", "ua_mild"]
    chosen = sorted(set(rng.choices(cats, weights=(0.35, 0.2, 0.25, 0.12, 0.12), k=rng.choice([1, 1, 2]))),
                    key=cats.index)
    for c in chosen:
        n = 2 if c in ("ad_bare_marker", "share_footer") and rng.random() < 0.25 else 1
        for _ in range(n):
            _place(doc, mk.unit(c, obfuscatable=c != "ua_mild"))
    _maybe_hardnegs(doc, mk, 0.4)


def _sc_ad(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    _maybe_plain_headline(doc, mk)
    u = mk.ad_copy()
    if rng.random() < 0.15 and "\n" not in u.text and u.category != "ad_promo_sentence":
        doc.add_block(u, "mid")  # the same ad line pasted twice: two spans
        doc.add_block(u, rng.choice(["mid", "end"]), record=False)
        doc.roles[u.role] += 1
    else:
        _place(doc, u)
    if rng.random() < 0.25:
        _place(doc, mk.ad_copy())
    for c, p in (("ad_bare_marker", 0.2), ("share_footer", 0.15), ("ad_affiliate", 0.08), ("share_engage", 0.05)):
        if rng.random() < p:
            _place(doc, mk.unit(c, obfuscatable=True))
    _maybe_hardnegs(doc, mk, 0.3)


def _sc_sharebait(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    if rng.random() < 0.2:
        _place(doc, mk.cb_headline())
    else:
        _maybe_plain_headline(doc, mk)
    for _ in range(1 if rng.random() < 0.8 else 2):
        _place(doc, mk.unit("share_bait", obfuscatable=True))
    for _ in range(rng.choice([0, 0, 1, 2])):
        _place(doc, mk.ua_strong())
    if rng.random() < 0.2:
        _place(doc, mk.unit(rng.choice(["cb_marker", "cb_phrase", "cb_hype"])))
    if rng.random() < 0.15:
        _place(doc, mk.unit("share_footer"))
    _maybe_hardnegs(doc, mk, 0.25)


def _sc_misinfo(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    if rng.random() < 0.4:
        _place(doc, mk.cb_headline())
    else:
        _maybe_plain_headline(doc, mk)
    n = rng.choice([2, 2, 3, 3, 4, 5])
    uas = [mk.ua_strong() for _ in range(n)]
    if n >= 3 and rng.random() < 0.2:
        k = rng.randint(2, n)
        bullets = [rng.choice(banks()["slots"]["bullet"])] if rng.random() < 0.7 else [f"{i + 1}. " for i in range(k)]
        doc.add_list(expand("{list_intro}", rng), uas[:k], bullets)
        uas = uas[k:]
    for u in uas:
        _place(doc, u)
    for _ in range(rng.choice([0, 0, 1, 2])):
        _place(doc, mk.unit(rng.choice(["cb_marker", "cb_phrase", "cb_phrase", "cb_hype"])))
    r = rng.random()
    if r < 0.3:
        _place(doc, mk.unit("share_bait", obfuscatable=True))
    elif r < 0.45:
        _place(doc, mk.unit("share_engage", obfuscatable=True))
    _maybe_hardnegs(doc, mk, 0.35)


def _sc_harm(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    _maybe_plain_headline(doc, mk)
    _place(doc, mk.unit("ua_harm"))
    if rng.random() < 0.3:
        _place(doc, mk.ad_copy())
    if rng.random() < 0.2:
        _place(doc, mk.unit("share_bait", obfuscatable=True))
    _maybe_hardnegs(doc, mk, 0.3)


def _sc_clickbait(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    if rng.random() < 0.8:
        _place(doc, mk.cb_headline())
        for _ in range(rng.choice([0, 1, 2])):
            _place(doc, mk.unit(rng.choice(["cb_marker", "cb_phrase", "cb_hype"])))
    else:
        _maybe_plain_headline(doc, mk)
        for _ in range(rng.choice([1, 2])):
            _place(doc, mk.unit(rng.choice(["cb_marker", "cb_phrase", "cb_hype"])))
    for _ in range(rng.choice([1, 1, 2])):
        _place(doc, mk.ua_strong() if rng.random() < 0.8 else mk.unit("ua_mild"))
    _maybe_hardnegs(doc, mk, 0.3)


def _sc_mixed(doc: _Doc, mk: _Maker) -> None:
    rng = mk.rng
    if rng.random() < 0.5:
        _place(doc, mk.cb_headline())
    else:
        _maybe_plain_headline(doc, mk)
    _place(doc, mk.ad_copy())
    for _ in range(rng.choice([1, 2, 3])):
        _place(doc, mk.ua_strong())
    if rng.random() < 0.6:
        _place(doc, mk.unit("share_bait", obfuscatable=True))
    if rng.random() < 0.4:
        _place(doc, mk.unit(rng.choice(["cb_marker", "cb_phrase", "cb_hype"])))
    for c, p in (("ad_bare_marker", 0.2), ("share_footer", 0.15), ("share_engage", 0.15)):
        if rng.random() < p:
            _place(doc, mk.unit(c, obfuscatable=True))


#: scenario -> (weight, builder). Weights give ~35% documents without any span.
SCENARIOS: dict[str, tuple[float, Callable[[_Doc, _Maker], None]]] = {
    "clean": (0.26, _sc_clean),
    "hardneg": (0.09, _sc_hardneg),
    "benign": (0.19, _sc_benign),
    "ad": (0.15, _sc_ad),
    "sharebait": (0.07, _sc_sharebait),
    "misinfo": (0.12, _sc_misinfo),
    "harm": (0.03, _sc_harm),
    "clickbait": (0.05, _sc_clickbait),
    "mixed": (0.04, _sc_mixed),
}


def _window(lines: Sequence[str], rng: random.Random) -> list[str]:
    n = len(lines)
    if n <= 4:
        return list(lines)
    hi = min(n, 12) if rng.random() < 0.6 else min(n, 25)
    k = rng.randint(4, hi)
    start = rng.randint(0, n - k) if rng.random() < 0.7 else 0
    return list(lines[start:start + k])


_NEVER_FLAGGED = frozenset({"clean", "hardneg", "benign"})


def _make_one(i: int, seed: int, split: str, pools: _Pools, obf_rate: float, partisan: str) -> dict[str, Any]:
    rng = random.Random(f"slantcheck-synth:{seed}:{split}:{i}")
    names = list(SCENARIOS)
    name = rng.choices(names, weights=[SCENARIOS[n][0] for n in names])[0]
    bases = pools.bases
    if partisan == "none" or (partisan == "positives" and name in _NEVER_FLAGGED):
        bases = tuple(b for b in bases if not b.partisan) or bases
    base = rng.choice(bases)
    lines = _window(base.lines, rng)
    if base.id.startswith("builtin") and len(lines) > 3 and rng.random() < 0.3:
        del lines[rng.randrange(1, len(lines))]
    mk = _Maker(rng, pools, obf_rate)
    doc = _Doc(lines, rng)
    SCENARIOS[name][1](doc, mk)
    if _ambiguous(doc.roles):  # e.g. a lone strong claim: add a second one so the label is clear
        _place(doc, mk.ua_strong())
    if name in _NEVER_FLAGGED and decide_flag(doc.roles):
        raise AssertionError(f"scenario {name} produced a flagged document")
    text, spans = doc.render(rng.choice(["\n", "\n", "\n\n"]))
    rec = {
        "id": f"synth-{split}-s{seed}-{i:06d}-{base.id}",
        "text": text,
        "genre": base.genre,
        "flag": decide_flag(doc.roles),
        "advertorial": any(s["kind"] == "ad_injection" for s in spans),
        "spans": spans,
    }
    return rec


def make_documents(n: int, *, seed: int = 0, data_dir: str | os.PathLike[str] | None = None,
                   split: str = "train", use_corpora: bool = True, obfuscate_rate: float = 0.12,
                   hyperpartisan_bases: str = "all") -> list[dict[str, Any]]:
    """``n`` labelled documents in the signals.md section-6 schema, deterministic for ``seed``.

    ``split`` picks base articles and corpus units: ``train`` uses only train splits;
    ``dev``/``test`` use the official semeval test half (20%/80% by id hash, publisher-disjoint
    from train) and the dev/test splits of the short-text corpora. Without the shared data
    folder (or with ``use_corpora=False``) only the phrase banks and the built-in paragraphs
    are used. ``obfuscate_rate`` is the share of eligible injected ad/share/headline units that
    get obfuscated. ``hyperpartisan_bases``: ``"all"`` uses hyperpartisan and other semeval
    articles alike as base prose; ``"positives"`` uses hyperpartisan articles only under
    scenarios that are flagged anyway (their own prose often carries unlabelled unsourced
    claims, which would be label noise in a ``flag=false`` document); ``"none"`` never uses them.
    Every record is checked with ``validate_record``.
    """
    if split not in ("train", "dev", "test"):
        raise ValueError(f"split must be train, dev or test, not {split!r}")
    if hyperpartisan_bases not in ("all", "positives", "none"):
        raise ValueError(f"hyperpartisan_bases must be all, positives or none, not {hyperpartisan_bases!r}")
    root = None
    if use_corpora:
        from slantcheck.training.corpora import shared_data_dir

        p = shared_data_dir(data_dir)
        root = str(p) if p is not None else None
    pools = _pools(root, split)
    out = []
    seen: set[str] = set()
    for i in range(n):
        rec = _make_one(i, seed, split, pools, obfuscate_rate, hyperpartisan_bases)
        errs = validate_record(rec)
        if errs or rec["id"] in seen:
            raise AssertionError(f"generated an invalid record {rec['id']}: {errs or 'duplicate id'}")
        seen.add(rec["id"])
        out.append(rec)
    return out


def source_description(data_dir: str | os.PathLike[str] | None = None, split: str = "train") -> str:
    """Which sources ``make_documents`` would use (e.g. for a model card)."""
    from slantcheck.training.corpora import shared_data_dir

    p = shared_data_dir(data_dir)
    return _pools(str(p) if p is not None else None, split).source


def summarize(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Label rates, spans per kind and distinct span strings per kind."""
    kinds: Counter[str] = Counter()
    distinct: dict[str, set[str]] = {k: set() for k in KINDS}
    docs_with: Counter[str] = Counter()
    for r in records:
        ks = set()
        for s in r["spans"]:
            kinds[s["kind"]] += 1
            distinct[s["kind"]].add(r["text"][s["start"]:s["end"]])
            ks.add(s["kind"])
        docs_with.update(ks)
    n = len(records) or 1
    return {
        "documents": len(records),
        "flag_rate": sum(r["flag"] for r in records) / n,
        "advertorial_rate": sum(r["advertorial"] for r in records) / n,
        "no_span_rate": sum(not r["spans"] for r in records) / n,
        "flag_false_with_spans": sum((not r["flag"]) and bool(r["spans"]) for r in records),
        "spans_per_kind": {k: kinds[k] for k in KINDS},
        "docs_per_kind": {k: docs_with[k] for k in KINDS},
        "distinct_span_texts": {k: len(distinct[k]) for k in KINDS},
        "obfuscated_docs": sum(any(ch in r["text"] for ch in "\u200b\u200c\u200d\u2060\u00ad\ufeff")
                               or bool(re.search("[\u0400-\u04ff\u0370-\u03ff\uff01-\uff5e]", r["text"]))
                               for r in records),
        "mean_words": sum(len(r["text"].split()) for r in records) / n,
    }


if __name__ == "__main__":  # pragma: no cover
    import sys

    docs = make_documents(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, seed=0)
    print(json.dumps(summarize(docs), indent=1))
