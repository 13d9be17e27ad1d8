"""Batch scoring over records (``slantcheck batch``): ordered streaming, error records, resume, progress."""

from slantcheck.batch.engine import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_CHARS,
    BatchResult,
    RawRecord,
    RecordOptions,
    iter_output,
    merge_output,
    parse_record,
    process_record,
    run_batch,
)
from slantcheck.pipeline import score_many, worker_scorer, worker_stats
from slantcheck.report import ErrorRecord

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MAX_CHARS", "BatchResult", "ErrorRecord", "RawRecord", "RecordOptions",
           "iter_output", "merge_output", "parse_record", "process_record", "run_batch", "score_many",
           "worker_scorer", "worker_stats"]
