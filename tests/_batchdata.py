"""Varied short records for batch tests, written for slantcheck (no corpus or seed text)."""

from __future__ import annotations

import random

from ._texts import AD_LINE, CLICKBAIT_LINE, CREDIBLE, CTA_LINE, SHAREBAIT

_SUBJ = ("The county board", "A local bakery", "The school district", "The harbor authority", "Two senators",
         "Volunteers at the shelter", "The transit agency", "The hospital")
_VERB = ("approved", "delayed", "reviewed", "postponed", "defended", "questioned", "funded")
_OBJ = ("a new ferry schedule", "the annual budget", "plans for a library", "a parking reform",
        "the water contract", "a bike lane pilot")
_TAIL = (", officials said.", " on Tuesday, according to minutes.", ". Share this before they delete it!",
         ". Shop now at bestdeals-outlet.com and save 20% today!", ". Everyone knows what they are hiding.",
         ".", ". Tag a friend who needs to see this!")
FIXED = (CREDIBLE, SHAREBAIT, CREDIBLE + "\n" + AD_LINE, CLICKBAIT_LINE + "\n" + CREDIBLE + "\n" + CTA_LINE,
         "", "   ", "Ünïcödé test – “quotes” and emoji 🎉 share this now!")


def texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 10 == 0:
            out.append(FIXED[(i // 10) % len(FIXED)])
        else:
            out.append(" ".join(f"{rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)}{rng.choice(_TAIL)}"
                                for _ in range(rng.randint(1, 3))))
    return out
