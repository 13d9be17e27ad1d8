"""Command line: each subcommand is a parser-builder plus a run function; ``main(argv) -> int``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Sequence

from slantcheck.errors import SlantcheckError
from slantcheck.kinds import KINDS, TABLE

EXIT_OK, EXIT_USAGE, EXIT_RECORD_ERRORS = 0, 2, 3
_COLORS = {k.name: k.ansi for k in TABLE}
_TAGS = {k.name: k.tag for k in TABLE}


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SlantcheckError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _scorer(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from slantcheck.pipeline import default_scorer, load

    rules = getattr(args, "rules", None)
    if rules:
        return load(getattr(args, "model", None), rules=rules)
    return load(args.model) if getattr(args, "model", None) else default_scorer()


def _add_model(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", metavar="PATH", help="model directory or model.json (default: the shipped model)")
    p.add_argument("--rules", metavar="FILE", action="append",
                   help="a rule pack (TOML or JSON) with your own rules and allow-lists; repeat for several")


# --- score ----------------------------------------------------------------------------------
def build_score(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
def build_explain(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    print(f"{rep.label.upper()}  score {rep.score:.3f}  advertorial {rep.advertorial_score:.2f}"
          f"  model {rep.model_version}")
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
def build_evaluate(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evaluate", help="score labelled JSONL (signals.md schema) and print metrics")
    p.add_argument("data", metavar="DATA.jsonl")
    p.add_argument("--json", metavar="OUT", help="also write all figures as JSON to OUT")
    p.add_argument("--slices", action="store_true", help="also print metrics per genre, length bucket and obfuscation")
    p.add_argument("--plots", metavar="DIR", help="save a reliability diagram and precision-recall curves as PNG "
                                                   "(needs the 'plots' extra: matplotlib)")
    p.add_argument("--errors", metavar="FILE",
                   help="write the worst false positives and negatives, with spans, as JSONL")
    p.add_argument("--top", type=int, default=10, metavar="K", help="errors of each type to write (default 10)")
    _add_model(p)
    p.set_defaults(run=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    from slantcheck.dataset import read_records
    from slantcheck.evaluation.evaluate import evaluate_full, format_slices, format_summary, worst_errors, write_errors

    if args.plots:
        from slantcheck.evaluation.plots import _pyplot

        _pyplot()  # fail before scoring when matplotlib is missing
    res, recs, reports = evaluate_full(_scorer(args), read_records(args.data))
    print(format_summary(res))
    if args.slices:
        print()
        print(format_slices(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.errors:
        rows = worst_errors(recs, reports, args.top)
        write_errors(args.errors, rows)
        print(f"wrote {len(rows)} error records to {args.errors}", file=sys.stderr)
    if args.plots:
        from slantcheck.evaluation.plots import save_plots

        curves = {"flag": ([bool(r["flag"]) for r in recs], [rep.score for rep in reports]),
                  "advertorial": ([bool(r["advertorial"]) for r in recs], [rep.advertorial_score for rep in reports])}
        for k in KINDS:
            curves[k] = ([any(s["kind"] == k for s in r["spans"]) for r in recs],
                         [rep.signals[k].score for rep in reports])
        paths = save_plots(args.plots, curves, res["flag"]["reliability"], title=f"({res['model_version']})")
        print("wrote " + ", ".join(str(p) for p in paths), file=sys.stderr)
    return EXIT_OK


# --- diagnose -------------------------------------------------------------------------------
def build_diagnose(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from slantcheck.evaluation.diagnose import CORPORA

    p = sub.add_parser("diagnose", help="each detector rule as a labelling function: coverage, overlap, conflict, "
                                        "precision")
    p.add_argument("data", metavar="DATA", help="labelled JSONL (signals.md schema) or a corpus name: "
                                                + ", ".join(sorted(CORPORA)))
    p.add_argument("--split", default="dev", help="corpus split to read (default: dev)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="read at most N units")
    p.add_argument("--data-dir", default=None, metavar="DIR", help="the shared data folder (default: ../shared/data)")
    p.add_argument("--json", metavar="OUT", help="also write the table as JSON to OUT")
    p.set_defaults(run=run_diagnose)


def run_diagnose(args: argparse.Namespace) -> int:
    from slantcheck.evaluation.diagnose import analyse, format_table, load_units

    units, kind, positive = load_units(args.data, split=args.split, limit=args.limit, data_dir=args.data_dir)
    res = analyse(units, unit_kind=kind, positive=positive)
    print(format_table(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return EXIT_OK


# --- train ----------------------------------------------------------------------------------
def build_train(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from slantcheck.training.recipes import RECIPES

    p = sub.add_parser("train", help="rebuild a model from its recipe (the same inputs give identical files)")
    p.add_argument("--recipe", default="default", choices=sorted(RECIPES))
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output directory (default: models/<recipe> for shipped recipes, "
                        "local-models/<recipe> for opt-in ones)")
    p.add_argument("--data-dir", default=None, metavar="DIR", help="the shared data folder (default: ../shared/data)")
    p.set_defaults(run=run_train)


def run_train(args: argparse.Namespace) -> int:
    from slantcheck.evaluation.evaluate import evaluate
    from slantcheck.training.recipes import get
    from slantcheck.training.train import build

    # Opt-in recipes (unclear terms, demos) never write into the shipped models/ folder by default.
    out = args.out or str(Path("models" if get(args.recipe).shippable else "local-models") / args.recipe)
    build(args.recipe, out, evaluate=evaluate, data_dir=args.data_dir, log=lambda m: print(m, file=sys.stderr))
    return EXIT_OK


# --- batch ----------------------------------------------------------------------------------
def build_batch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "batch", help="score a JSONL/CSV file of records into JSONL, one output record per input record",
        description="Score every record of IN into OUT (JSONL), in input order. A record that cannot be scored "
                    "becomes an error record {id, line, error: {type, code, message}}; none is dropped. "
                    "Files ending in .gz are (de)compressed; - is standard input/output. "
                    "Exit codes: 0 all records scored, 3 some records were errors, 2 usage error.")
    p.add_argument("input", metavar="IN", help="JSONL or CSV file (.gz allowed), or - for standard input")
    p.add_argument("output", metavar="OUT", help="JSONL output file (.gz allowed), or - for standard output")
    p.add_argument("--format", choices=("jsonl", "csv"), default=None,
                   help="input format (default: csv for *.csv[.gz], else jsonl)")
    p.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    p.add_argument("--id-field", default="id", help="field holding the record id (default: id)")
    p.add_argument("--title-field", default="title", help="field holding the title metadata (default: title)")
    p.add_argument("--max-chars", type=int, default=1_000_000,
                   help="texts longer than this become error records, never truncated (default: 1000000)")
    p.add_argument("--include-text", action="store_true", help="copy the text into each output record "
                   "(needed for highlighted texts in `slantcheck report --html`)")
    p.add_argument("--errors", metavar="FILE", help="also write the error records to FILE")
    p.add_argument("--resume", action="store_true",
                   help="continue a killed run: keep OUT's complete lines and skip that many input records")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: all cores; default: 1)")
    p.add_argument("--batch-size", type=int, default=64, help="records per worker task (default: 64)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    _add_model(p)
    p.set_defaults(run=run_batch)


def run_batch(args: argparse.Namespace) -> int:
    from slantcheck.batch import RecordOptions
    from slantcheck.batch import run_batch as _run

    if args.max_chars < 1 or args.batch_size < 1 or args.jobs == 0:
        raise ValueError("--max-chars and --batch-size must be >= 1 and --jobs must not be 0")
    if args.resume and args.output == "-":
        raise ValueError("--resume needs OUT to be a file, not standard output")
    if args.input != "-" and not Path(args.input).is_file():
        raise ValueError(f"{args.input}: no such file")
    opts = RecordOptions(text_field=args.text_field, id_field=args.id_field, title_field=args.title_field or None,
                         max_chars=args.max_chars, include_text=args.include_text)
    res = _run(_scorer(args), args.input, args.output, fmt=args.format, opts=opts, errors_path=args.errors,
               resume=args.resume, n_jobs=args.jobs, batch_size=args.batch_size,
               progress=not args.quiet and sys.stderr.isatty())
    if not args.quiet:
        print(res.summary(), file=sys.stderr)
    return res.exit_code


# --- report ---------------------------------------------------------------------------------
def build_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="turn `slantcheck batch` output into a self-contained HTML review page")
    p.add_argument("input", metavar="OUT.jsonl", help="output of `slantcheck batch` (.gz allowed)")
    p.add_argument("--html", required=True, metavar="FILE", help="where to write the HTML page")
    p.add_argument("--title", default="slantcheck review", help="page title")
    p.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    from slantcheck.review import write_html

    n_ok, n_err = write_html(args.input, args.html, title=args.title)
    print(f"{args.html}: {n_ok} scored records, {n_err} error records", file=sys.stderr)
    return EXIT_OK


BUILDERS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    build_score, build_explain, build_evaluate, build_train, build_diagnose, build_batch, build_report,
)


def parser() -> argparse.ArgumentParser:
    from slantcheck import __version__

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
