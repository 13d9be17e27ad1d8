"""slantcheck.training.synth: deterministic, valid, spec-consistent synthetic documents."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter

import pytest

from slantcheck.training import corpora, synth
from slantcheck.training.corpora import shared_data_dir
from slantcheck.training.synth import (
    HOMOGLYPHS,
    KINDS,
    LEET,
    ZERO_WIDTH,
    decide_flag,
    make_documents,
    obfuscate,
    validate_record,
)

N = 300


@pytest.fixture(scope="module")
def builtin_docs():
    return make_documents(N, seed=0, use_corpora=False)


# --- determinism ---------------------------------------------------------------------------
def test_same_seed_same_output(builtin_docs):
    again = make_documents(N, seed=0, use_corpora=False)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(builtin_docs, ensure_ascii=False)


def test_prefix_property(builtin_docs):
    assert make_documents(25, seed=0, use_corpora=False) == builtin_docs[:25]


def test_different_seed_differs(builtin_docs):
    other = make_documents(N, seed=1, use_corpora=False)
    assert [d["text"] for d in other] != [d["text"] for d in builtin_docs]
    assert not {d["id"] for d in other} & {d["id"] for d in builtin_docs}


def test_independent_of_global_random_state():
    random.seed(123)
    a = make_documents(20, seed=7, use_corpora=False)
    random.seed(999)
    random.random()
    b = make_documents(20, seed=7, use_corpora=False)
    assert a == b


# --- validity and labels ---------------------------------------------------------------------
def test_every_record_valid(builtin_docs):
    for rec in builtin_docs:
        assert validate_record(rec) == [], rec["id"]
    assert len({r["id"] for r in builtin_docs}) == len(builtin_docs)


def test_labels_consistent(builtin_docs):
    for rec in builtin_docs:
        kinds = Counter(s["kind"] for s in rec["spans"])
        assert rec["advertorial"] == (kinds["ad_injection"] > 0)
        if not rec["spans"]:
            assert rec["flag"] is False
        if kinds["unsourced_assertion"] >= 2:
            assert rec["flag"] is True
        for s in rec["spans"]:
            t = rec["text"][s["start"]:s["end"]]
            assert t == t.strip() and t.strip(synth.INVISIBLE) == t


def test_rates_are_reasonable(builtin_docs):
    n = len(builtin_docs)
    no_span = sum(not r["spans"] for r in builtin_docs) / n
    flag = sum(r["flag"] for r in builtin_docs) / n
    adv = sum(r["advertorial"] for r in builtin_docs) / n
    assert 0.25 <= no_span <= 0.45
    assert 0.3 <= flag <= 0.65
    assert 0.15 <= adv <= 0.45
    # some documents have spans and are still not flagged (footers, markers, disclosures, mild weasel)
    assert sum((not r["flag"]) and bool(r["spans"]) for r in builtin_docs) >= 0.08 * n
    assert all(sum(s["kind"] == k for r in builtin_docs for s in r["spans"]) > 10 for k in KINDS)


def test_decide_flag_rules():
    assert decide_flag({}) is False
    assert decide_flag({"footer": 2, "ad_marker": 1, "ad_disclosure": 1, "engage": 1}) is False
    assert decide_flag({"ua_mild": 1, "footer": 1}) is False
    assert decide_flag({"ad_copy": 1}) is True
    assert decide_flag({"share_bait": 1}) is True
    assert decide_flag({"ua": 2}) is True
    assert decide_flag({"ua_harm": 1}) is True
    assert decide_flag({"cb_headline": 1, "ua": 1}) is True


def test_validate_record_catches_problems():
    good = {"id": "x", "text": "Share now!\nok", "genre": "blog", "flag": True, "advertorial": False,
            "spans": [{"start": 0, "end": 10, "kind": "call_to_share"}]}
    assert validate_record(good) == []
    bad = [
        dict(good, genre="novel"),
        dict(good, advertorial=True),
        dict(good, extra=1),
        dict(good, flag=1),
        dict(good, spans=[{"start": 0, "end": 11, "kind": "call_to_share"}]),  # ends with newline
        dict(good, spans=[{"start": 5, "end": 99, "kind": "call_to_share"}]),
        dict(good, spans=[{"start": 0, "end": 5, "kind": "hype"}]),
        dict(good, spans=[{"start": 6, "end": 10, "kind": "clickbait"}, {"start": 0, "end": 5, "kind": "clickbait"}]),
        dict(good, spans=[{"start": 0, "end": 9, "kind": "clickbait"}, {"start": 6, "end": 10, "kind": "clickbait"}]),
        dict(good, text="\u200bShare", spans=[{"start": 0, "end": 6, "kind": "call_to_share"}]),
        {k: v for k, v in good.items() if k != "spans"},
    ]
    for rec in bad:
        assert validate_record(rec), rec


def test_splits_and_options():
    with pytest.raises(ValueError):
        make_documents(2, split="validation", use_corpora=False)
    with pytest.raises(ValueError):
        make_documents(2, hyperpartisan_bases="some", use_corpora=False)
    assert make_documents(0, use_corpora=False) == []


# --- phrase banks ------------------------------------------------------------------------------
def test_every_template_expands():
    units = synth.banks()["units"]
    for cat, templates in units.items():
        for tpl in templates:
            for seed in range(3):
                rng = random.Random(f"{cat}:{seed}")
                text, spans = synth._parse_marks(synth._tidy(synth.expand(tpl, rng, {})))
                assert "{" not in text and "[[" not in text, (cat, tpl, text)
                assert text and all(0 <= a < b <= len(text) for a, b in spans), (cat, tpl)
    for cat in units:
        assert cat in synth.CATEGORY, cat


def test_phrase_banks_are_varied():
    rng = random.Random(0)
    for cat in ("ad_brand_line", "ad_promo_sentence", "share_bait", "ua_weasel", "cb_headline", "hn_attributed"):
        texts = {synth._unit_raw(cat, rng)[0] for _ in range(400)}
        assert len(texts) > 300, (cat, len(texts))


def test_builtin_bases_present():
    arts = synth.banks()["base_articles"]
    assert sum(len(a["paragraphs"]) for a in arts) >= 30
    assert all(a["genre"] in synth.GENRES for a in arts)


def test_clean_base_lines_drops_junk():
    text = "\n".join([
        "The council approved the budget on Tuesday after a long debate, officials said.",
        "Share this story with your friends!",
        "ADVERTISEMENT",
        "Sign up for our newsletter to get the latest.",
        "Featured image via Flickr",
        "© 2017 Some Media Group. All rights reserved.",
        "Too short here",
        "No Pill Can Stop Tinnitus, But This 1 Weird Trick Can",
        "What do you think? Tell us your thoughts in the comments.",
        "The measure takes effect next year, according to the county clerk's office.",
    ])
    assert synth.clean_base_lines(text) == [
        "The council approved the budget on Tuesday after a long debate, officials said.",
        "The measure takes effect next year, according to the county clerk's office.",
    ]


# --- obfuscation ---------------------------------------------------------------------------------
SAMPLES = ["Share this before they delete it", "Use code SAVE20 for 20% off today only",
           "Advertisement", "Follow us on Instagram for live updates", "Sponsored by Maplecrest Dental"]
REV = {v: k for k, v in HOMOGLYPHS.items()}
UNLEET = {v: k for k, v in LEET.items()}


def _run(kind):
    for s in SAMPLES:
        for seed in range(12):
            yield s, obfuscate(s, random.Random(seed), kinds=(kind,))


def test_obfuscate_cyrillic_recoverable():
    for s, o in _run("cyrillic"):
        assert o != s and "".join(REV.get(c, c) for c in o) == s


def test_obfuscate_zero_width_recoverable():
    for s, o in _run("zero_width"):
        assert o != s and "".join(c for c in o if c not in ZERO_WIDTH) == s


def test_obfuscate_fullwidth_recoverable():
    for s, o in _run("fullwidth"):
        assert o != s and unicodedata.normalize("NFKC", o) == s


def test_obfuscate_letter_spacing_recoverable():
    for s, o in _run("letter_spacing"):
        assert o != s and o.replace(" ", "").lower() == s.replace(" ", "").lower()
        assert re.search(r"\b\w \w \w", o)


def test_obfuscate_leet_recoverable():
    for s, o in _run("leet"):
        if re.search(r"\d", s):
            continue
        assert o != s and "".join(UNLEET.get(c, c) for c in o.lower()) == s.lower()


def test_obfuscate_stretch_recoverable():
    def collapse(x):
        return re.sub(r"(\w)\1+", r"\1", x)

    for s, o in _run("stretch"):
        assert o != s and len(o) > len(s) and collapse(o) == collapse(s)


def test_obfuscate_edges_and_errors():
    for kind in synth.OBFUSCATIONS:
        for _s, o in _run(kind):
            assert o[0] not in synth.INVISIBLE and o[-1] not in synth.INVISIBLE and o == o.strip()
    with pytest.raises(ValueError):
        obfuscate("x", random.Random(0), kinds=("rot13",))
    assert obfuscate("", random.Random(0)) == ""


def test_some_documents_are_obfuscated(builtin_docs):
    pat = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff\u0400-\u04ff\u0370-\u03ff\uff01-\uff5e]")
    hit = sum(bool(pat.search(r["text"][s["start"]:s["end"]])) for r in builtin_docs for s in r["spans"])
    assert hit >= 10


# --- with the shared corpora ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def root():
    p = shared_data_dir()
    if p is None:
        pytest.skip("shared data folder not available")
    return p


@pytest.fixture(scope="module")
def corpus_docs(root):
    return make_documents(400, seed=0, data_dir=root)


def test_corpus_documents_valid(corpus_docs):
    for rec in corpus_docs:
        assert validate_record(rec) == []
    assert sum("-hp-" in r["id"] for r in corpus_docs) == len(corpus_docs)
    assert synth.source_description() == "semeval2019_hyperpartisan+sms_spam+youtube_spam+stop_clickbait"


def test_train_and_test_bases_disjoint(root, corpus_docs):
    test_docs = make_documents(200, seed=0, data_dir=root, split="test")
    base = lambda r: r["id"].split("-", 4)[-1]  # noqa: E731
    assert not {base(r) for r in corpus_docs} & {base(r) for r in test_docs}
    train_ids = {r["id"] for r in corpora.load("semeval2019_hyperpartisan", "train", root)}
    assert {base(r) for r in corpus_docs} <= train_ids


def test_hyperpartisan_positives_mode(root):
    docs = make_documents(300, seed=2, data_dir=root, hyperpartisan_bases="positives")
    partisan = {r["id"] for r in corpora.load("semeval2019_hyperpartisan", "train", root)
                if r["label"] == "hyperpartisan"}
    for r in docs:
        if not r["flag"]:
            assert r["id"].split("-", 4)[-1] not in partisan


def test_phrase_banks_do_not_copy_dev_or_seed_texts(root):
    """No 8-word run of the dev set or the seed documents appears in synth.json."""
    def shingles(t, k=8):
        w = re.findall(r"\w+", t.lower())
        return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}

    bank = shingles(json.dumps(synth.banks(), ensure_ascii=False))
    other = set()
    dev = root / "slantcheck-dev" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            other |= shingles(json.loads(line)["text"])
    seeds = root.parent / "seeds"
    if seeds.is_dir():
        for p in sorted(seeds.glob("*.txt")):
            other |= shingles(p.read_text(encoding="utf-8"))
    assert not bank & other
