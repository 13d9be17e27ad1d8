"""Robustness figures for docs/robustness.md.

    python benchmarks/bench_robustness.py            # obfuscation recall table (detector x obfuscation kind)
    python benchmarks/bench_robustness.py --timing   # adversarial inputs through Scorer.score, with timings
    python benchmarks/bench_robustness.py --timing --quick   # the same at 1/10 size (smoke run)
    python benchmarks/bench_robustness.py --scaling  # per-shape doubling test of normalize + detect (no windows)
    python benchmarks/bench_robustness.py --dev ../shared/data/slantcheck-dev/dev.jsonl
                                                     # span recall on the dev set's obfuscated documents

The example lines and obfuscation generators are in tests/_obfuscate.py (our own text).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests._obfuscate import AD, KINDS, LINES, SHARE, recall  # noqa: E402

from slantcheck.detectors import default_detectors, detect  # noqa: E402
from slantcheck.text.normalize import normalize  # noqa: E402

MB = 1_000_000


# Harder cases, reported but not gated: several obfuscations stacked on one line.
COMBOS = {
    "cyrillic+zero-width": ("cyrillic", "zero-width"),
    "leet+letter-spacing": ("leet", "letter-spacing"),
    "stretch+emoji-sep+fullwidth": ("stretch", "emoji-sep", "fullwidth"),
}


def _stack(names):  # type: ignore[no-untyped-def]
    def fn(line: str) -> str:
        for n in names:
            line = KINDS[n](line)
        return line
    return fn


def recall_table() -> str:
    dets = default_detectors()

    def run(t: str):  # type: ignore[no-untyped-def]
        return detect(normalize(t), dets)

    gated = len(KINDS)
    kinds = dict(KINDS)
    kinds.update({k: _stack(v) for k, v in COMBOS.items()})
    cols = ["plain"] + list(kinds)
    rows = ["| detector | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    worst = 0.0
    for kind, lines in LINES.items():
        plain = recall(run, kind, lines)
        vals = [plain] + [recall(run, kind, lines, fn) for fn in kinds.values()]
        worst = max(worst, max(plain - v for v in vals[: gated + 1]))
        rows.append(f"| {kind} (n={len(lines)}) | " + " | ".join(f"{v:.2f}" for v in vals) + " |")
    rows.append("")
    rows.append(f"largest drop from plain over the {gated} single kinds: {100 * worst:.0f} points (limit: 5); "
                f"the last {len(COMBOS)} columns stack several kinds and are not gated")
    return "\n".join(rows)


# The dev set's obfuscated documents (its README's "obfuscated" tag).
DEV_OBFUSCATED = [f"dev-0{i}" for i in range(34, 44)]


def dev_recall(path: str) -> str:
    import json

    from slantcheck.evaluation.metrics import match

    dets = default_detectors()
    hit: dict[str, list[int]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] not in DEV_OBFUSCATED:
            continue
        spans = detect(normalize(rec["text"]), dets)
        for kind in sorted({g["kind"] for g in rec.get("spans", [])}):
            gold = [(g["start"], g["end"]) for g in rec["spans"] if g["kind"] == kind]
            pred = [(p.start, p.end) for p in spans if p.kind == kind]
            h = hit.setdefault(kind, [0, 0])
            h[0] += len(match(gold, pred))
            h[1] += len(gold)
    rows = ["| kind | gold spans | found (overlap) | recall |", "|---|---:|---:|---:|"]
    for kind, (a, b) in sorted(hit.items()):
        rows.append(f"| {kind} | {b} | {a} | {a / b:.2f} |")
    a, b = sum(h[0] for h in hit.values()), sum(h[1] for h in hit.values())
    rows.append(f"| all | {b} | {a} | {a / b:.2f} |")
    return "\n".join(rows)


def article(size: int) -> str:
    para = (
        "The Harbor County board met on Tuesday to review the ferry contract, the clerk's office said. "
        "Members asked for a cost estimate before the next meeting, according to the minutes.\n"
        "\"We want the numbers in writing,\" board member Ana Reyes said after the vote.\n"
    )
    extra = [AD[0], SHARE[0], "Residents can read the full minutes at the county library."]
    parts, n, i = [], 0, 0
    while n < size:
        piece = para + extra[i % len(extra)] + "\n"
        parts.append(piece)
        n += len(piece)
        i += 1
    return "".join(parts)[:size]


def cases(scale: float) -> list[tuple[str, str]]:
    m = int(MB * scale)
    nested = int(10_000 * scale)
    return [
        ("one character x 1 MB", "a" * m),
        ("10,000 nested quotes", "".join(f'"level {i} ' for i in range(nested)) + '" ' * nested),
        ("spaces x 1 MB", " " * m),
        ("punctuation x 1 MB", "!?.,;:-" * (m // 7)),
        ("100,000 short lines", "ok\n" * int(100_000 * scale)),
        ("letter-spaced x 1 MB", "S H A R E   " * (m // 12)),
        ("digits and letters x 1 MB", "a1" * (m // 2)),
        ("article 1 MB", article(m)),
        ("article 10 MB", article(10 * m)),
    ]


def timing(scale: float) -> str:
    import slantcheck

    sc = slantcheck.pipeline.default_scorer()
    sc.score("warm up: share this now!")
    rows = ["| input | chars | seconds (best of 3; 10 MB: one run) | windows | spans |", "|---|---:|---:|---:|---:|"]
    times = {}
    for name, text in cases(scale):
        dt = float("inf")
        for _ in range(3 if len(text) <= 2 * MB * scale else 1):  # best of 3, except the 10 MB article
            t0 = time.perf_counter()
            rep = sc.score(text)
            dt = min(dt, time.perf_counter() - t0)
        times[name] = dt
        rows.append(f"| {name} | {len(text):,} | {dt:.2f} | {rep.windows} | {len(rep.spans)} |")
        print(rows[-1], file=sys.stderr, flush=True)
    ratio = times["article 10 MB"] / max(times["article 1 MB"], 1e-9)
    rows.append("")
    rows.append(f"10 MB / 1 MB time ratio: {ratio:.2f} (linear is 10; limit 12)")
    return "\n".join(rows)


# Repeated units that stress one pattern family each (word starts, quotes, leet tokens, stretch runs,
# letter spacing, emoji glue, many matches in one sentence, ...).
SHAPES = ["a", "aA1", "a1", "a  ", "'", '"', "a'", "\U0001F525", "a\U0001F525", "$", "!", "S H ", "aaab", "0x", "#",
          "a\u0301", "1a ", ". ", "http://", "www.", '" said ', "Said ", "everyone knows ", "share this before they delete it ",
          '"share this now" ', "many people say ", "studies show ", "Shop now! ", "use code SAVE20 ", "BREAKING: ",
          "You won't believe ", "SHOCKING NEWS!! ", "Acme Co \u2013 Best Deals\n", "is deliberately hiding "]


def scaling(n: int = 50_000) -> str:
    """Time normalize + detect on each shape at n and 2n characters in one pass; linear doubles the time."""
    from slantcheck.pipeline import analyze

    dets = default_detectors()
    rows = [f"| repeated unit | {n:,} chars (s) | {2 * n:,} chars (s) | ratio |", "|---|---:|---:|---:|"]
    worst = 0.0
    for unit in SHAPES:
        res = []
        for size in (n, 2 * n):
            text = unit * (size // len(unit))
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                analyze(text, dets, max_window=10**9)
                best = min(best, time.perf_counter() - t0)
            res.append(best)
        ratio = res[1] / max(res[0], 1e-6)
        worst = max(worst, ratio)
        rows.append(f"| {unit!r} | {res[0]:.3f} | {res[1]:.3f} | {ratio:.1f} |")
    rows.append("")
    rows.append(f"largest ratio: {worst:.1f} (linear is 2; quadratic would be 4)")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timing", action="store_true", help="time adversarial inputs instead of the recall table")
    ap.add_argument("--quick", action="store_true", help="with --timing: one tenth of the sizes")
    ap.add_argument("--dev", metavar="DEV.jsonl", help="span recall on the dev set's obfuscated documents")
    ap.add_argument("--scaling", action="store_true", help="per-shape doubling test (no windows)")
    args = ap.parse_args()
    if args.scaling:
        print(scaling())
    elif args.dev:
        print(dev_recall(args.dev))
    else:
        print(timing(0.1 if args.quick else 1.0) if args.timing else recall_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
