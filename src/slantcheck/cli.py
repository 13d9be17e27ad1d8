"""Command line: each subcommand is a parser-builder plus a run function; ``main(argv) -> int``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Sequence

from .errors import SlantcheckError

EXIT_OK, EXIT_USAGE, EXIT_RECORD_ERRORS = 0, 2, 3
_COLORS = {"ad_injection": "\033[43;30m", "call_to_share": "\033[46;30m", "unsourced_assertion": "\033[45;30m",
           "clickbait": "\033[41;37m"}
_TAGS = {"ad_injection": "AD", "call_to_share": "SHARE", "unsourced_assertion": "UNSOURCED", "clickbait": "CLICKBAIT"}


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SlantcheckError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _scorer(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .model import default_scorer, load

    return load(args.model) if getattr(args, "model", None) else default_scorer()


def _add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", metavar="PATH", help="model directory or model.json (default: the shipped model)")


# --- score ----------------------------------------------------------------------------------
def build_score(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score text files and print their reports")
    p.add_argument("files", nargs="+", metavar="FILE", help="text files, or - for standard input")
    p.add_argument("--json", action="store_true", help="print one JSON report per line")
    p.add_argument("--title", help="title metadata for the text (single file only)")
    _add_model(p)
    p.set_defaults(run=run_score)


def run_score(args: argparse.Namespace) -> int:
    scorer = _scorer(args)
    for path in args.files:
        rep = scorer.score(_read(path), title=args.title)
        if args.json:
            d = rep.to_dict()
            d["file"] = path
            print(json.dumps(d, ensure_ascii=False))
            continue
        sig = "  ".join(f"{k}={v.score:.2f}({len(v.spans)})" for k, v in rep.signals.items())
        print(f"{path}: {rep.label.upper():6s} score={rep.score:.3f} advertorial={rep.advertorial_score:.2f}  {sig}")
    return EXIT_OK


# --- explain --------------------------------------------------------------------------------
def build_explain(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="show a text with its spans marked by kind, and their reasons")
    p.add_argument("file", metavar="FILE", help="a text file, or - for standard input")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    _add_model(p)
    p.set_defaults(run=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    text = _read(args.file)
    rep = _scorer(args).score(text)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(render_marked(text, rep.spans, color=color))
    print()
    print(f"{rep.label.upper()}  score {rep.score:.3f}  advertorial {rep.advertorial_score:.2f}  model {rep.model_version}")
    for k, v in rep.signals.items():
        print(f"  {k:22s} {v.score:.3f}  ({len(v.spans)} spans)")
    for i, s in enumerate(rep.spans, 1):
        print(f"[{i}] {_TAGS[s.kind]} {s.start}-{s.end} ({s.rule}, {s.score:.2f}): {s.reason}")
        print(f"    {s.text[:160]!r}")
    return EXIT_OK


def render_marked(text: str, spans: Sequence, *, color: bool) -> str:  # type: ignore[type-arg]
    """The text with span boundaries marked; overlapping kinds nest by start position."""
    events: list[tuple[int, int, str]] = []
    for i, s in enumerate(spans, 1):
        open_, close = (_COLORS[s.kind], "\033[0m") if color else (f"[{_TAGS[s.kind]}{i}: ", f" :{i}]")
        events.append((s.start, 1, open_))
        events.append((s.end, 0, close))
    out, pos = [], 0
    for at, _, mark in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:])
    return "".join(out)


# --- evaluate -------------------------------------------------------------------------------
def build_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score labelled JSONL (signals.md schema) and print metrics")
    p.add_argument("data", metavar="DATA.jsonl")
    p.add_argument("--json", metavar="OUT", help="also write all figures as JSON to OUT")
    _add_model(p)
    p.set_defaults(run=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    from .dataset import read_records
    from .evaluate import evaluate, format_summary

    res = evaluate(_scorer(args), read_records(args.data))
    print(format_summary(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return EXIT_OK


# --- train ----------------------------------------------------------------------------------
def build_train(sub: argparse._SubParsersAction) -> None:
    from .recipes import RECIPES

    p = sub.add_parser("train", help="rebuild a model from its recipe (the same inputs give identical files)")
    p.add_argument("--recipe", default="default", choices=sorted(RECIPES))
    p.add_argument("--out", default=None, metavar="DIR", help="output directory (default: models/<recipe>)")
    p.add_argument("--data-dir", default=None, metavar="DIR", help="the shared data folder (default: ../shared/data)")
    p.set_defaults(run=run_train)


def run_train(args: argparse.Namespace) -> int:
    from .train import build

    out = args.out or str(Path("models") / args.recipe)
    build(args.recipe, out, data_dir=args.data_dir, log=lambda m: print(m, file=sys.stderr))
    return EXIT_OK


BUILDERS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    build_score, build_explain, build_evaluate, build_train,
)


def parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(prog="slantcheck", description="Find slant in news and blog text, with evidence.")
    p.add_argument("--version", action="version", version=f"slantcheck {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for b in BUILDERS:
        b(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help(sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return int(args.run(args))
    except (SlantcheckError, OSError, ValueError) as exc:
        print(f"slantcheck {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piping into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
