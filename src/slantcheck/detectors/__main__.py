"""``python -m slantcheck.detectors``: rewrite data/literals.json after editing a rule file.

The file holds the literal analyses of the shipped patterns (``literals.write_analyses``) so that
loading the detectors does not redo them; tests/test_literals.py fails while it is out of date.
"""

from pathlib import Path

from .literals import ANALYSIS_FILE, _shipped_patterns, write_analyses

if __name__ == "__main__":
    out = Path(__file__).with_name("data") / ANALYSIS_FILE
    print(f"{write_analyses(_shipped_patterns(), out)} patterns -> {out}")
