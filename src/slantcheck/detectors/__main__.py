"""``python -m slantcheck.detectors``: rewrite data/literals.json after editing a rule file.

The file holds the literal analyses of the shipped patterns (``literals.write_analyses``) so that
loading the detectors does not redo them; tests/test_literals.py fails while it is out of date.
"""

from pathlib import Path

from slantcheck.detectors import default_detectors
from slantcheck.detectors._matching.literals import ANALYSIS_FILE, write_analyses


def shipped_patterns() -> list[tuple[str, int]]:
    """(source, flags) of every alternative of every shipped rule pattern, as the shared scanner holds them."""
    return [(src, combined.flags) for combined, srcs in default_detectors().scanner.matcher._args[0] for src in srcs]


if __name__ == "__main__":
    out = Path(__file__).with_name("data") / ANALYSIS_FILE
    print(f"{write_analyses(shipped_patterns(), out)} patterns -> {out}")
