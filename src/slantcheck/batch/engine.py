"""The ``slantcheck batch`` command's engine: JSONL/CSV records in, JSONL lines out, one output record per input
record in input order, with per-record error records, an optional error side file, ``--resume`` and a summary.

It shares the ordered chunk engine (``slantcheck.parallel.map_chunks``) and the per-process model cache
(``slantcheck.pipeline.worker_scorer``) with ``Scorer.score_many``.

The input is consumed in chunks of ``batch_size`` records and at most ``2 * n_jobs`` chunks are in flight,
so memory stays bounded however long the input is. With ``n_jobs > 1`` chunks go to joblib's loky worker
processes; each worker loads the model once (``worker_scorer``: a per-process cache keyed by model path)
and only the model *path* travels with a task, never a pickled model. Importing this module imports
neither joblib nor scikit-learn.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Sequence

from slantcheck.errors import (
    InvalidJSONError,
    MissingTextError,
    RecordError,
    TextTooLongError,
    TextTypeError,
    UndecodableError,
)
from slantcheck.parallel import chunked, effective_jobs, map_chunks
from slantcheck.pipeline import model_ref, resolve_ref
from slantcheck.report import ErrorRecord

DEFAULT_BATCH_SIZE = 64
DEFAULT_MAX_CHARS = 1_000_000


# --- records (the batch command) ---------------------------------------------------------------------
@dataclass(frozen=True)
class RecordOptions:
    text_field: str = "text"
    id_field: str = "id"
    title_field: str | None = "title"
    max_chars: int = DEFAULT_MAX_CHARS
    include_text: bool = False


@dataclass(frozen=True)
class RawRecord:
    """One input record before parsing: ``data`` is a JSONL line (bytes) or a CSV row (dict)."""

    line: int
    data: Any


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _fix(v: Any) -> Any:
    return v.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if isinstance(v, str) else v


def parse_record(raw: RawRecord) -> dict[str, Any]:
    """The record as a dict; raises ``InvalidJSONError``/``UndecodableError``/``RecordError``."""
    data = raw.data
    if isinstance(data, (bytes, bytearray)):
        try:
            s = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            err = UndecodableError(f"not UTF-8: {exc.reason} at byte {exc.start}")
            with contextlib.suppress(ValueError):  # keep the record's id when the rest of the line is readable
                err.record = json.loads(bytes(data).decode("utf-8", "replace"))  # type: ignore[attr-defined]
            raise err from None
        try:
            data = json.loads(s)
        except json.JSONDecodeError as exc:
            raise InvalidJSONError(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(data, dict):
            raise RecordError(f"a record must be a JSON object, got {type(data).__name__}")
        return data
    if isinstance(data, Mapping):
        bad = [k for k, v in data.items() if isinstance(v, str) and _has_surrogates(v)]
        if bad:
            err = UndecodableError(f"field {bad[0]!r} is not valid UTF-8")
            err.record = {k: _fix(v) for k, v in data.items()}  # type: ignore[attr-defined]
            raise err
        return dict(data)
    if isinstance(data, _BadRow):
        raise RecordError(f"CSV row has {data.got} fields, the header has {data.expected}")
    raise RecordError(f"unsupported record of type {type(data).__name__}")


def _record_id(rec: Any, opts: RecordOptions) -> Any:
    if isinstance(rec, dict):
        v = rec.get(opts.id_field)
        return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)
    return None


def process_record(scorer: Any, raw: RawRecord, opts: RecordOptions) -> tuple[dict[str, Any], bool]:
    """One output record (a dict) and whether it is an error; never raises for a bad record."""
    rec: Any = None
    try:
        rec = parse_record(raw)
        if opts.text_field not in rec:
            raise MissingTextError(f"no field {opts.text_field!r}")
        text = rec[opts.text_field]
        if not isinstance(text, str):
            raise TextTypeError(f"field {opts.text_field!r} must be a string, got {_jtype(text)}")
        if len(text) > opts.max_chars:
            raise TextTooLongError(f"text has {len(text)} characters, over max_chars={opts.max_chars}")
        title = rec.get(opts.title_field) if opts.title_field else None
        if title is not None and not isinstance(title, str):
            raise TextTypeError(f"field {opts.title_field!r} must be a string or null, got {_jtype(title)}")
        report = scorer.score(text, title=title)
    except Exception as exc:  # per-record isolation
        rec = rec if rec is not None else getattr(exc, "record", None)
        return ErrorRecord.from_exception(exc, id=_record_id(rec, opts), line=raw.line).to_dict(), True
    return merge_output(report.to_dict(), rec, raw.line, opts), False


def merge_output(report: dict[str, Any], rec: Mapping[str, Any], line: int, opts: RecordOptions) -> dict[str, Any]:
    """``id`` and ``line`` first, then the report, then the passthrough fields. A passthrough field whose name
    the report uses is kept under ``"input"`` instead of overwriting it."""
    out: dict[str, Any] = {"id": rec.get(opts.id_field), "line": line}
    out.update(report)
    clashes: dict[str, Any] = {}
    for k, v in rec.items():
        if k == opts.text_field or k == opts.id_field:
            continue
        if k in out:
            clashes[k] = v
        else:
            out[k] = v
    if clashes:
        out["input"] = clashes
    if opts.include_text:
        out["text"] = rec[opts.text_field]
    return out


def _jtype(v: Any) -> str:
    return {type(None): "null", bool: "boolean", int: "number", float: "number", list: "array",
            dict: "object"}.get(type(v), type(v).__name__)


def _process_chunk(ref: Any, opts: RecordOptions, chunk: Sequence[RawRecord]) -> list[tuple[str, bool, bool]]:
    """Output lines for a chunk: ``(json_line, is_error, flagged)``; runs in a worker when n_jobs > 1."""
    scorer = resolve_ref(ref)
    out = []
    for raw in chunk:
        d, err = process_record(scorer, raw, opts)
        out.append((json.dumps(d, ensure_ascii=False) + "\n", err, bool(d.get("flagged"))))
    return out


def iter_output(scorer: Any, records: Iterable[RawRecord], opts: RecordOptions, *, n_jobs: int = 1,
                batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[str, bool, bool]]:
    """``(json_line, is_error, flagged)`` per input record, in input order."""
    ref = model_ref(scorer) if effective_jobs(n_jobs) > 1 else scorer
    for results in map_chunks(_process_chunk, chunked(records, batch_size), ref, opts, n_jobs=n_jobs):
        yield from results


# --- reading and writing files -------------------------------------------------------------------------
def _open_in(path: str) -> BinaryIO:
    if path == "-":
        raw: BinaryIO = sys.stdin.buffer
        return raw
    if path.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def raw_jsonl_records(stream: BinaryIO) -> Iterator[RawRecord]:
    """One ``RawRecord`` per non-blank line (blank lines are not records); bytes stay undecoded."""
    for n, line in enumerate(stream, 1):
        if line.strip():
            yield RawRecord(n, line.rstrip(b"\r\n"))


def raw_csv_records(stream: BinaryIO) -> Iterator[RawRecord]:
    """One ``RawRecord`` per CSV data row (a dict by header); ``line`` is where the row starts.
    Undecodable bytes survive as surrogates and become an error record for that row only."""
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    start = reader.line_num + 1
    for row in reader:
        if row:
            if len(row) != len(header):
                yield RawRecord(start, _BadRow(len(row), len(header)))
            else:
                yield RawRecord(start, dict(zip(header, row, strict=False)))
        start = reader.line_num + 1


@dataclass(frozen=True)
class _BadRow:
    got: int
    expected: int


def read_records(path: str, fmt: str) -> Iterator[RawRecord]:
    with _open_in(path) as stream:
        yield from (raw_csv_records(stream) if fmt == "csv" else raw_jsonl_records(stream))


def guess_format(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    base = path[:-3] if path.endswith(".gz") else path
    return "csv" if base.lower().endswith(".csv") else "jsonl"


class _Out:
    """A text sink for output lines: a file (gzip by extension; appending when resuming) or stdout."""

    def __init__(self, path: str, *, append: bool = False, keep: bytes | None = None) -> None:
        self.path = path
        self._close = path != "-"
        if path == "-":
            self.f: BinaryIO = sys.stdout.buffer
        elif path.endswith(".gz"):
            # gzip cannot be appended to after a kill, so a resumed .gz is rewritten with what it held
            self.f = gzip.GzipFile(path, "wb", mtime=0)  # type: ignore[assignment]
            if keep:
                self.f.write(keep)
        else:
            self.f = open(path, "ab" if append else "wb")  # noqa: SIM115 - closed by close()

    def write(self, s: str) -> None:
        self.f.write(s.encode("utf-8"))

    def flush(self) -> None:
        self.f.flush()

    def close(self) -> None:
        self.flush()
        if self._close:
            self.f.close()


@dataclass
class ResumeState:
    done: int = 0
    errors: int = 0
    flagged: int = 0
    kept: bytes | None = None  # for .gz outputs: the complete lines to rewrite
    error_lines: list[str] | None = None


def prepare_resume(out_path: str, collect_errors: bool) -> ResumeState:
    """Count the complete lines OUT holds (dropping a trailing partial line) and their errors and flags."""
    p = Path(out_path)
    if not p.exists():
        return ResumeState(kept=b"" if out_path.endswith(".gz") else None)
    if out_path.endswith(".gz"):
        data = bytearray()
        with gzip.open(p, "rb") as f:
            try:
                while True:
                    block = f.read(1 << 20)
                    if not block:
                        break
                    data += block
            except (EOFError, OSError, gzip.BadGzipFile):
                pass  # a killed writer leaves a truncated stream: keep what decompressed
        cut = data.rfind(b"\n") + 1
        content = bytes(data[:cut])
        st = _scan(io.BytesIO(content), collect_errors)
        st.kept = content
        return st
    with open(p, "rb+") as f:
        st = _scan(f, collect_errors)
        f.seek(0, io.SEEK_END)
        size = f.tell()
        end = _complete_end(f, size)
        if end != size:
            f.truncate(end)
    return st


def _complete_end(f: BinaryIO, size: int) -> int:
    """Byte offset just after the last newline of the file (0 if none)."""
    pos = size
    while pos > 0:
        step = min(1 << 16, pos)
        f.seek(pos - step)
        block = f.read(step)
        i = block.rfind(b"\n")
        if i >= 0:
            return pos - step + i + 1
        pos -= step
    return 0


def _scan(f: BinaryIO, collect_errors: bool) -> ResumeState:
    st = ResumeState(error_lines=[] if collect_errors else None)
    f.seek(0)
    for line in f:
        if not line.endswith(b"\n"):
            break
        st.done += 1
        if b'"error": {' in line or b'"flagged": true' in line:
            d = json.loads(line)
            if "error" in d and "score" not in d:
                st.errors += 1
                if st.error_lines is not None:
                    st.error_lines.append(line.decode("utf-8"))
            elif d.get("flagged") is True:
                st.flagged += 1
    return st


@dataclass
class BatchResult:
    records: int
    errors: int
    flagged: int
    skipped: int
    seconds: float

    @property
    def exit_code(self) -> int:
        return 3 if self.errors else 0

    def summary(self) -> str:
        rate = (self.records - self.skipped) / self.seconds if self.seconds > 0 else 0.0
        scored = self.records - self.errors
        share = self.flagged / scored if scored else 0.0
        resumed = f" (resumed after {self.skipped})" if self.skipped else ""
        return (f"records: {self.records}{resumed}  errors: {self.errors}  flagged: {self.flagged} "
                f"({share:.1%} of scored)  {rate:.1f} docs/s  {self.seconds:.1f} s")


def run_batch(scorer: Any, in_path: str, out_path: str, *, fmt: str | None = None,
              opts: RecordOptions = RecordOptions(), errors_path: str | None = None, resume: bool = False,
              n_jobs: int = 1, batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = False) -> BatchResult:
    """Score every record of ``in_path`` into ``out_path`` (see ``slantcheck batch --help``)."""
    if resume and out_path == "-":
        raise ValueError("--resume needs OUT to be a file, not standard output")
    fmt = guess_format(in_path, fmt)
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown format {fmt!r} (jsonl or csv)")
    t0 = time.perf_counter()
    st = prepare_resume(out_path, errors_path is not None) if resume else ResumeState()
    records = read_records(in_path, fmt)
    for _ in range(st.done):  # skip what OUT already holds
        if next(records, None) is None:
            break
    out = _Out(out_path, append=resume, keep=st.kept)
    err_out = None
    if errors_path:
        err_out = open(errors_path, "w", encoding="utf-8")  # noqa: SIM115 - closed after the run, below
        for ln in st.error_lines or ():
            err_out.write(ln)
    n, errors, flagged = st.done, st.errors, st.flagged
    bar = _progress_bar(progress, initial=st.done)
    try:
        for line, is_err, is_flag in iter_output(scorer, records, opts, n_jobs=n_jobs, batch_size=batch_size):
            out.write(line)
            n += 1
            if is_err:
                errors += 1
                if err_out is not None:
                    err_out.write(line)
            flagged += is_flag
            if bar is not None:
                bar.update(1)
            if n % batch_size == 0:
                out.flush()
    finally:
        if bar is not None:
            bar.close()
        out.close()
        if err_out is not None:
            err_out.close()
        records.close()  # type: ignore[attr-defined]  # a generator
    return BatchResult(n, errors, flagged, st.done, time.perf_counter() - t0)


def _progress_bar(enabled: bool, initial: int = 0):  # type: ignore[no-untyped-def]
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # the `progress` extra is optional
        return None
    return tqdm(file=sys.stderr, unit="rec", initial=initial, dynamic_ncols=True)


__all__ = ["RecordOptions", "RawRecord", "BatchResult", "run_batch", "iter_output", "process_record", "parse_record",
           "merge_output", "raw_jsonl_records", "raw_csv_records"]
