"""The ``slantcheck`` command: each subcommand through ``main(argv)``, testable with a list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slantcheck.cli import main

from ._texts import SHAREBAIT


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(SHAREBAIT, encoding="utf-8")
    return p


def test_score_json(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(article), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["file"] == str(article) and d["label"] in ("clean", "review", "flag")
    assert any(s["kind"] == "call_to_share" for s in d["spans"])


def test_score_plain(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(article)]) == 0
    assert capsys.readouterr().out.startswith(f"{article}: ")


def test_explain_marks_spans_without_colour(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(article), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "[SHARE" in out and "\033[" not in out


def test_help_and_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    with pytest.raises(SystemExit) as e:
        main(["no-such-command"])
    assert e.value.code == 2
