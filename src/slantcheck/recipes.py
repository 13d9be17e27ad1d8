"""Named training recipes: where each model's data comes from, and under which terms.

The shipped ``default`` recipe uses only texts we wrote (``synth``'s phrase banks) and corpora
whose terms allow shipping derived weights (``corpora.SHIPPABLE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .train import TrainingData

Log = Callable[[str], None]


@dataclass(frozen=True)
class Recipe:
    name: str
    description: str
    data: Callable[[Any, Log], TrainingData]
    heldout: Optional[Callable[[Any, Log], TrainingData]] = None
    C: float = 1.0
    seed: int = 0
    shippable: bool = True


def dev_set(data_dir: Any = None) -> Path | None:
    """The hand-labelled dev set, if ``../shared/data`` (or ``data_dir``) is there."""
    from .corpora import shared_data_dir

    root = shared_data_dir(data_dir)
    p = root / "slantcheck-dev" / "dev.jsonl" if root is not None else None
    return p if p is not None and p.is_file() else None


def _synth(n: int, seed: int, split: str) -> Callable[[Any, Log], TrainingData]:
    def make(data_dir: Any, log: Log) -> TrainingData:
        from .corpora import shared_data_dir
        from .synth import make_documents

        root = shared_data_dir(data_dir)
        recs = make_documents(n, seed=seed, data_dir=root, split=split)
        src = {"name": "synth", "documents": len(recs), "seed": seed, "base_split": split,
               "base_corpus": "semeval2019_hyperpartisan (CC BY 4.0)" if root else "built-in paragraphs",
               "units": "phrase banks written for slantcheck; sms_spam, youtube_spam (CC BY 4.0) and "
                        "stop_clickbait (MIT) train splits"}
        log(f"read synth: {len(recs)} documents (seed {seed}, base articles from the {split} split of "
            f"{src['base_corpus']})")
        return TrainingData(recs, [src])

    return make


RECIPES: dict[str, Recipe] = {
    "default": Recipe(
        name="default",
        description="Shipped model: synthetic documents (credible base articles with injected units we wrote "
                    "and units from MIT / CC BY corpora), labelled by signals.md section 5.",
        data=_synth(4000, 0, "train"),
        heldout=_synth(1000, 1, "test"),
    ),
}


def get(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; choose one of: {', '.join(sorted(RECIPES))}") from None
