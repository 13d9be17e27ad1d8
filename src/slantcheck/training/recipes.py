"""Named training recipes: where each model's data comes from, and under which terms.

The shipped ``default`` recipe uses only texts we wrote (``synth``'s phrase banks) and corpora
whose terms allow shipping derived weights (``corpora.SHIPPABLE``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

Log = Callable[[str], None]


@dataclass
class TrainingData:
    """Records in the signals.md schema plus a description of where they came from."""

    records: list[dict[str, Any]]
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Recipe:
    name: str
    description: str
    data: Callable[[Any, Log], TrainingData]
    heldout: Optional[Callable[[Any, Log], TrainingData]] = None
    C: float = 1.0
    seed: int = 0
    shippable: bool = True
    #: Sub-model and corpus recipes train their own file format: ``run(out_dir, data_dir, log) -> dir``.
    run: Optional[Callable[[Any, Any, Log], Path]] = None


def dev_set(data_dir: Any = None) -> Path | None:
    """The hand-labelled dev set, if ``../shared/data`` (or ``data_dir``) is there."""
    from slantcheck.training.corpora import shared_data_dir

    root = shared_data_dir(data_dir)
    p = root / "slantcheck-dev" / "dev.jsonl" if root is not None else None
    return p if p is not None and p.is_file() else None


def _synth(n: int, seed: int, split: str, bases: str = "positives") -> Callable[[Any, Log], TrainingData]:
    def make(data_dir: Any, log: Log) -> TrainingData:
        from slantcheck.training.corpora import shared_data_dir
        from slantcheck.training.synth import make_documents

        root = shared_data_dir(data_dir)
        recs = make_documents(n, seed=seed, data_dir=root, split=split, hyperpartisan_bases=bases)
        src = {"name": "synth", "documents": len(recs), "seed": seed, "base_split": split, "hyperpartisan_bases": bases,
               "base_corpus": "semeval2019_hyperpartisan (CC BY 4.0)" if root else "built-in paragraphs",
               "units": "phrase banks written for slantcheck; sms_spam, youtube_spam (CC BY 4.0) and "
                        "stop_clickbait (MIT) train splits"}
        log(f"read synth: {len(recs)} documents (seed {seed}, base articles from the {split} split of "
            f"{src['base_corpus']})")
        return TrainingData(recs, [src])

    return make


def _real(out: Any, data_dir: Any, log: Log) -> Path:
    from slantcheck.training.corpora import shared_data_dir
    from slantcheck.training.units import build

    root = shared_data_dir(data_dir)
    if root is None:
        raise FileNotFoundError("the shared data folder (../shared/data or --data-dir) is needed: the default "
                                "recipe trains on slantcheck-train")
    return build(out, root, log)


RECIPES: dict[str, Recipe] = {
    "default": Recipe(
        name="default",
        description="Shipped model: learned unit models and an evidence-only document model trained on the real "
                    "labelled pages of slantcheck-train (CC BY 4.0 texts), tuned by publisher-grouped folds.",
        data=lambda data_dir, log: _no_records(data_dir, log), run=_real,
    ),
    "synthetic": Recipe(
        name="synthetic",
        description="The earlier shipped model: synthetic documents (credible base articles with injected units we wrote "
                    "and units from MIT / CC BY corpora), labelled by signals.md section 5.",
        data=_synth(4000, 0, "train"),
        heldout=_synth(1000, 1, "test"),
    ),
}


def _sub(name: str, fn: str, description: str, shippable: bool) -> Recipe:
    def run(out: Any, data_dir: Any, log: Log) -> Path:
        from slantcheck.training import submodels as subrecipes

        return Path(getattr(subrecipes, fn)(out, data_dir, log))

    return Recipe(name=name, description=description, data=_no_records, shippable=shippable, run=run)


def _no_records(data_dir: Any, log: Log) -> TrainingData:  # pragma: no cover - these recipes use ``run``
    raise ValueError("this recipe trains its own files; use its run()")


for _r in (
    _sub("clickbait-headlines", "clickbait_headlines", "Headline clickbait model (stop_clickbait, case-folded); shipped.", True),
    _sub("ad-lines", "ad_lines", "Boilerplate/promo line model (aeb_lines, trafilatura_eval, semeval junk lines); shipped.", True),
    _sub("weasel", "weasel", "Weasel sentence model (wiki_weasel; terms unclear): opt-in, train locally.", False),
    _sub("checkworthy", "checkworthy", "Check-worthy claim model (claimbuster; terms unclear): opt-in.", False),
    _sub("hyperpartisan", "hyperpartisan", "Document model demo on semeval2019_hyperpartisan (official split).", False),
    _sub("fakenewsnet", "fakenewsnet", "Document model demo on fakenewsnet_v1 (terms unclear): opt-in.", False),
    _sub("horne2017", "horne2017", "Document model demo on horne2017_fakenews, fake vs real (terms unclear): opt-in.", False),
    _sub("perezrosas2018", "perezrosas2018", "Document model demo on perezrosas2018_fakenews (terms unclear): opt-in.", False),
):
    RECIPES[_r.name] = _r


def get(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; choose one of: {', '.join(sorted(RECIPES))}") from None
