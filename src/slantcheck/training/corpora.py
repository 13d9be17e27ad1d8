"""Read the curated corpora in ``shared/data`` (one table entry per corpus, no per-corpus code).

Every corpus folder has a ``README.md`` datasheet with origin, terms and quirks; this module only
knows where each JSONL file is, what its splits and label field are, and whether its terms allow
training the *shipped* model on it (``SHIPPABLE``). Corpus text is read at run time and is never
copied into the project.

    >>> from slantcheck.training import corpora
    >>> rows = corpora.load("sms_spam", "train")          # doctest: +SKIP
    >>> sorted(corpora.SHIPPABLE)                          # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from slantcheck.dataset import ENV_VAR, read_jsonl, shared_data_dir

__all__ = ["CORPORA", "SHIPPABLE", "shared_data_dir", "read_jsonl", "load", "corpus_path"]


_TVT = ("train", "dev", "test")

#: name -> folder, file, licence, splits, label field (None when records carry no label),
#: labels (the values of the label field), shippable (terms allow the shipped model to use it).
#: ``split_field`` is None for files without a per-record split.
CORPORA: dict[str, dict[str, Any]] = {
    # -- terms allow the shipped model --------------------------------------------------------
    "stop_clickbait": {
        "folder": "stop_clickbait", "file": "headlines.jsonl", "licence": "MIT (cite Chakraborty et al. 2016)",
        "splits": _TVT, "label_field": "label", "labels": ("clickbait", "not_clickbait"), "shippable": True,
    },
    "semeval2019_hyperpartisan": {
        "folder": "semeval2019_hyperpartisan", "file": "byarticle.jsonl", "licence": "CC BY 4.0",
        "splits": ("train", "test"), "label_field": "label", "labels": ("hyperpartisan", "not_hyperpartisan"),
        "shippable": True,
    },
    "sms_spam": {
        "folder": "sms_spam", "file": "sms.jsonl", "licence": "CC BY 4.0",
        "splits": _TVT, "label_field": "label", "labels": ("spam", "ham"), "shippable": True,
    },
    "youtube_spam": {
        "folder": "youtube_spam", "file": "comments.jsonl", "licence": "CC BY 4.0",
        "splits": _TVT, "label_field": "label", "labels": ("spam", "ham"), "shippable": True,
    },
    "aeb_lines": {
        "folder": "aeb_lines", "file": "lines.jsonl.gz", "licence": "MIT (repo); pages third-party",
        "splits": _TVT, "label_field": "label", "labels": ("content", "boilerplate"), "shippable": True,
    },
    "aeb_pages": {
        "folder": "aeb_lines", "file": "pages.jsonl.gz", "licence": "MIT (repo); pages third-party",
        "splits": _TVT, "label_field": None, "labels": (), "shippable": True,
    },
    "trafilatura_eval": {
        "folder": "trafilatura_eval", "file": "lines.jsonl", "licence": "Apache-2.0 (repo); pages third-party",
        "splits": _TVT, "label_field": "label", "labels": ("content", "boilerplate"), "shippable": True,
    },
    "trafilatura_pages": {
        "folder": "trafilatura_eval", "file": "pages.jsonl.gz", "licence": "Apache-2.0 (repo); pages third-party",
        "splits": _TVT, "label_field": None, "labels": (), "shippable": True,
    },
    # -- research / unclear terms: never in the shipped model ----------------------------------
    "liar": {
        "folder": "liar", "file": "statements.jsonl.gz", "licence": "research only",
        "splits": _TVT, "label_field": "label",
        "labels": ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"), "shippable": False,
    },
    "fakenewsnet_v1": {
        "folder": "fakenewsnet_v1", "file": "articles.jsonl", "licence": "unclear",
        "splits": _TVT, "label_field": "label", "labels": ("fake", "real"), "shippable": False,
    },
    "horne2017_fakenews": {
        "folder": "horne2017_fakenews", "file": "articles.jsonl", "licence": "unclear",
        "splits": _TVT, "label_field": "label", "labels": ("fake", "real", "satire"), "shippable": False,
    },
    "perezrosas2018_fakenews": {
        "folder": "perezrosas2018_fakenews", "file": "articles.jsonl", "licence": "unclear",
        "splits": _TVT, "label_field": "label", "labels": ("fake", "legit"), "shippable": False,
    },
    "ptc_semeval2020": {
        "folder": "ptc_semeval2020", "file": "articles.jsonl", "licence": "unclear, research only",
        "splits": _TVT, "label_field": "label", "labels": ("has_propaganda", "no_propaganda"), "shippable": False,
    },
    "wiki_weasel": {
        "folder": "wiki_weasel", "file": "sentences.jsonl.gz", "licence": "unclear (Wikipedia CC BY-SA text)",
        "splits": _TVT, "label_field": "label", "labels": ("uncertain", "certain"), "shippable": False,
    },
    "claimbuster": {
        "folder": "claimbuster", "file": "sentences.jsonl", "licence": "GPL-3.0 repo; dataset terms unclear",
        "splits": _TVT, "label_field": "label", "labels": ("check_worthy", "not_check_worthy"), "shippable": False,
    },
    "checkthat2019_t1": {
        "folder": "checkthat2019_t1", "file": "sentences.jsonl.gz", "licence": "unclear",
        "splits": _TVT, "label_field": "label", "labels": ("check_worthy", "not_check_worthy"), "shippable": False,
    },
    # the hand-labelled development set (signals.md section 6 schema): tune on it, never train on it
    "slantcheck-dev": {
        "folder": "slantcheck-dev", "file": "dev.jsonl", "licence": "slantcheck steering team; dev/tuning only",
        "splits": ("dev",), "split_field": None, "label_field": "flag", "labels": (True, False),
        "shippable": False,
    },
    # real pages (the hyperpartisan train split, CC BY 4.0) labelled to signals.md v1.1: the unit models' and the
    # document model's training data; tuned by publisher-grouped folds (training/units.py)
    "slantcheck-train": {
        "folder": "slantcheck-train", "file": "train.jsonl",
        "licence": "CC BY 4.0 texts (semeval2019_hyperpartisan train split); labels by the slantcheck steering team",
        "splits": ("train",), "split_field": None, "label_field": "flag", "labels": (True, False),
        "shippable": True,
    },
}

#: Corpora whose terms allow training the shipped model (plus texts we write ourselves).
SHIPPABLE: frozenset[str] = frozenset(name for name, c in CORPORA.items() if c["shippable"])


def corpus_path(name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The file of corpus ``name``; raises ``KeyError`` for an unknown name and
    ``FileNotFoundError`` (naming the path) when the folder or file is missing."""
    if name not in CORPORA:
        raise KeyError(f"unknown corpus {name!r}; known: {', '.join(sorted(CORPORA))}")
    root = shared_data_dir(data_dir)
    if root is None:
        where = data_dir if data_dir is not None else os.environ.get(ENV_VAR) or "../shared/data"
        raise FileNotFoundError(
            f"shared data folder not found (looked for {where!s}); pass data_dir or set {ENV_VAR}")
    c = CORPORA[name]
    p = root / c["folder"] / c["file"]
    if not p.is_file():
        raise FileNotFoundError(f"corpus {name!r}: file not found: {p}")
    return Path(p)


def load(name: str, split: str | None = None, data_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """All records of corpus ``name`` (in file order), or only those of ``split``.

    Records are returned as stored (field names differ per corpus; see ``CORPORA`` and each
    folder's README). ``split`` must be one of ``CORPORA[name]["splits"]``.
    """
    p = corpus_path(name, data_dir)
    c = CORPORA[name]
    if split is not None and split not in c["splits"]:
        raise ValueError(f"corpus {name!r} has no split {split!r}; splits: {', '.join(c['splits'])}")
    field = c.get("split_field", "split")
    rows = read_jsonl(p)
    if split is None or field is None:
        return list(rows)
    return [r for r in rows if r.get(field) == split]
