"""Evaluation: metrics, ``evaluate`` over labelled records, per-rule diagnosis and plots. Never imported by
the scoring path; independent of ``slantcheck.training``."""
