"""Regenerate seeds/expected.jsonl from the seed .txt files and the label table below.

Each span is declared as the exact substring it covers (plus which occurrence of it,
counting from 0), never as hand-typed offsets. Run after editing any seed text:

    python seeds/make_expected.py

The script asserts that every substring is found, then validates every record
against the rules in section 6 of the labelling spec (signals.md) before writing.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "expected.jsonl"

GENRES = {
    "wire_news", "local_news", "op_ed", "blog", "press_release", "product_review",
    "health_blog", "finance_newsletter", "forum_post", "social_post", "science_news",
    "sports", "recipe", "other",
}
KINDS = {"ad_injection", "call_to_share", "unsourced_assertion", "clickbait"}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

AD, CTA, UA, CB = "ad_injection", "call_to_share", "unsourced_assertion", "clickbait"

# file -> (genre, flag, advertorial)
DOCS = {
    "01_credible_wire.txt": ("wire_news", False, False),
    "02_sharebait_wire.txt": ("wire_news", True, False),
    "03_partisan_blog.txt": ("blog", True, True),
    "04_advertorial.txt": ("health_blog", True, True),
    "05_local_news_footer.txt": ("local_news", False, True),
    "06_recipe_plug.txt": ("recipe", True, True),
    "07_press_release.txt": ("press_release", False, False),
    "08_news_about_ads.txt": ("local_news", False, False),
    "09_obfuscated_social.txt": ("social_post", True, True),
}

TRUENORTH = "TrueNorth Survival Supply – Freeze-Dried Meals With a 25-Year Shelf Life. Be Ready."

# (file, kind, exact substring, occurrence index)
SPANS = [
    # 02: share-bait rewrite of a news story
    ("02_sharebait_wire.txt", CB, "UPDATE:", 0),
    ("02_sharebait_wire.txt", CB, "stark rebuttal", 0),
    ("02_sharebait_wire.txt", UA,
     "Critics say the clash has exposed a rift deep enough to sink the Suva talks before they even begin.", 0),
    ("02_sharebait_wire.txt", CTA,
     "Share this story with your friends and family so nobody misses what happens next in Auckland!", 0),

    # 03: partisan blog with pasted ad lines
    ("03_partisan_blog.txt", CB, "What Governor Strand Isn’t Telling You About the Mileage Tax", 0),
    ("03_partisan_blog.txt", CB, "lit a fuse under the statehouse", 0),
    ("03_partisan_blog.txt", UA,
     "The idea landed badly with rural lawmakers within hours — not because it will pass this session, "
     "but because it confirms what drivers here have suspected for years: the people running the Capitol "
     "want to know where you go.", 0),
    ("03_partisan_blog.txt", AD, "Harlan Gutter Guards – Clean Gutters, Clear Conscience", 0),
    ("03_partisan_blog.txt", UA, "That photo option will not survive the first budget crunch.", 0),
    ("03_partisan_blog.txt", AD, "Bramblewood Coffee Co. – Roasted in Small Batches, Shipped the Same Day", 0),
    ("03_partisan_blog.txt", UA,
     "Strand is deliberately selling a surveillance program as a budget fix because she knows voters "
     "would never accept it under its real name.", 0),
    ("03_partisan_blog.txt", UA,
     "Yet history suggests that every “voluntary pilot” in this state ends up mandatory within five years.", 0),
    ("03_partisan_blog.txt", UA,
     "No serious observer believes the location data will stay switched off once the device is in the car.", 0),
    ("03_partisan_blog.txt", AD, TRUENORTH, 0),
    ("03_partisan_blog.txt", UA,
     "The gas tax is being phased out on purpose so drivers can be billed in ways they can’t see.", 0),
    ("03_partisan_blog.txt", UA, "Insurance companies are already lining up to buy the driving data.", 0),
    ("03_partisan_blog.txt", UA, "Rural families will end up paying the most, exactly as the governor intends.", 0),
    ("03_partisan_blog.txt", UA, "The mileage pilot isn’t really about potholes.", 0),
    ("03_partisan_blog.txt", UA, "It is about building the machinery first and explaining it later.", 0),
    ("03_partisan_blog.txt", AD,
     "Affiliate Disclosure:\nThis site earns a referral fee on some purchases made through links in my posts; "
     "your price stays the same. Thanks for helping keep the lights on!", 0),
    ("03_partisan_blog.txt", AD, TRUENORTH, 1),
    ("03_partisan_blog.txt", CTA, "Leave a comment", 0),

    # 04: disguised ad posing as a reader story
    ("04_advertorial.txt", CB,
     "Millbrook Grandmother, 61, Swears by One Morning Habit — and Her Doctor Wanted to Know Her Secret", 0),
    ("04_advertorial.txt", UA,
     "Nutritionists agree that most adults over 50 are living with a hidden nutrient gap that no ordinary "
     "diet can close.", 0),
    ("04_advertorial.txt", UA,
     "VitaRoot works by restarting the natural energy cycle that slows down in every cell after middle age, "
     "which is why results show up in days rather than months.", 0),
    ("04_advertorial.txt", UA,
     "Big supplement brands would rather you never heard about blends like this one, because a single pouch "
     "replaces half the bottles in your cabinet.", 0),
    ("04_advertorial.txt", AD,
     "SPECIAL READER OFFER: Get your first pouch of VitaRoot Morning Blend for just $19.95 (regularly $59.95) "
     "— this price is only guaranteed until midnight tonight.", 0),
    ("04_advertorial.txt", AD, "Enter code MORNING40 at checkout for an extra 40% off a 3-pouch supply.", 0),
    ("04_advertorial.txt", AD,
     "👉 Order now at vitaroot-blend.com or call 555-0137 — supplies are limited and orders ship in the "
     "order they are received.", 0),
    ("04_advertorial.txt", AD,
     "Paid advertisement. This article is sponsored content produced for Halden Naturals. The story is "
     "based on a customer testimonial; names and some details have been changed.", 0),

    # 05: credible local news + bare marker + publisher footer
    ("05_local_news_footer.txt", AD, "Advertisement", 0),
    ("05_local_news_footer.txt", CTA,
     "Sign up for our newsletter to get Ashgrove Ledger headlines in your inbox every weekday morning.", 0),

    # 06: recipe with a spliced product plug
    ("06_recipe_plug.txt", AD,
     "This post contains affiliate links. If you buy something through one of them, I may earn a small "
     "commission.", 0),
    ("06_recipe_plug.txt", AD,
     "I swear by my Emberline cast-iron skillet for this — it holds heat like nothing else, and you can get "
     "20% off at emberlinecookware.com with code GNOCCHI20 through the end of the month!", 0),
    ("06_recipe_plug.txt", CTA,
     "If you make this, tag me @hollyskitchentable on Instagram — I love seeing your versions!", 0),

    # 07: press release about its own product
    ("07_press_release.txt", CTA,
     "Follow us on Instagram and YouTube @tidewatercycles for launch-day rides, build videos and "
     "demo-tour dates.", 0),

    # 09: obfuscated social thread (Cyrillic Ѕ һ а е, a zero-width space, letter spacing, leetspeak)
    ("09_obfuscated_social.txt", CB,
     "🚨🚨 THEY CHANGED SOMETHING IN THE GRELLSBY TAP WATER AND NOBODY VOTED ON IT 🚨🚨", 0),
    ("09_obfuscated_social.txt", UA,
     "the city quietly switched to a new treatment chemical that makes people sluggish and easier to manage.", 0),
    ("09_obfuscated_social.txt", UA,
     "they did it right before the rate hike vote so nobody would have the energy to show up and complain", 0),
    ("09_obfuscated_social.txt", UA,
     "doctors wont say it out loud but everyone in the medical world knows this stuff builds up in your "
     "body over time.", 0),
    ("09_obfuscated_social.txt", CTA,
     "\u0405\u04bb\u0430\u200br\u0435 this before the city gets it taken down\u203c\ufe0f", 0),
    ("09_obfuscated_social.txt", CTA, "S H A R E   S H A R E   S H A R E \u203c\ufe0f", 0),
    ("09_obfuscated_social.txt", AD,
     "\u27a1\ufe0f ch3ck 0ut purefl0w-f1lt3rz.c0m, th3y sh1p fr33 w1th c0d3 GR3LL10", 0),
]


def locate(text: str, sub: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(sub, pos + 1)
        assert pos >= 0, f"substring not found (occurrence {occurrence}): {sub!r}"
    return pos


def validate(rec: dict) -> None:
    required = {"id": str, "text": str, "genre": str, "flag": bool, "advertorial": bool, "spans": list}
    for key, typ in required.items():
        assert isinstance(rec.get(key), typ), f"{rec.get('id')}: field {key} missing or not {typ.__name__}"
    extra = set(rec) - set(required) - {"title", "seed_file"}
    assert not extra, f"{rec['id']}: unexpected fields {extra}"
    assert rec["genre"] in GENRES, rec["genre"]
    text, spans = rec["text"], rec["spans"]
    for s in spans:
        assert set(s) == {"start", "end", "kind"}, s
        assert s["kind"] in KINDS, s
        assert 0 <= s["start"] < s["end"] <= len(text), s
        piece = text[s["start"]:s["end"]]
        for ch in (piece[0], piece[-1]):
            assert not ch.isspace() and ch not in INVISIBLE, f"{rec['id']}: span edge {ch!r} in {piece!r}"
    keys = [(s["start"], s["end"]) for s in spans]
    assert keys == sorted(keys), f"{rec['id']}: spans not sorted"
    for kind in KINDS:
        same = [s for s in spans if s["kind"] == kind]
        for a, b in zip(same, same[1:]):
            assert a["end"] <= b["start"], f"{rec['id']}: overlapping {kind} spans {a} {b}"
    has_ad = any(s["kind"] == AD for s in spans)
    assert rec["advertorial"] == has_ad, f"{rec['id']}: advertorial must equal presence of an ad_injection span"


def build() -> list[dict]:
    known = set(DOCS)
    on_disk = {p.name for p in HERE.glob("*.txt")}
    assert on_disk == known, f"seed files and DOCS table differ: {sorted(on_disk ^ known)}"
    assert {f for f, *_ in SPANS} <= known
    records = []
    for name, (genre, flag, advertorial) in sorted(DOCS.items()):
        text = (HERE / name).read_text(encoding="utf-8")
        spans = []
        for f, kind, sub, occ in SPANS:
            if f != name:
                continue
            start = locate(text, sub, occ)
            spans.append({"start": start, "end": start + len(sub), "kind": kind})
        spans.sort(key=lambda s: (s["start"], s["end"]))
        rec = {"id": "seed-" + name[:2], "seed_file": name, "text": text, "genre": genre,
               "flag": flag, "advertorial": advertorial, "spans": spans}
        validate(rec)
        records.append(rec)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return records


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["spans"]) for r in records)
    print(f"wrote {len(records)} records, {n} spans -> {OUT}")


if __name__ == "__main__":
    main()
