"""``slantcheck.text.units`` and the units the per-text ``Context`` exposes (lines, sentences, headline)."""

from __future__ import annotations

from slantcheck.text.context import Context
from slantcheck.text.units import lines, sentences, strip_bullet


def test_lines_are_stripped_and_skip_blank_ones() -> None:
    text = "  Title here \n\n- first point\n  second line.  "
    got = [text[u.start : u.end] for u in lines(text)]
    assert got == ["Title here", "- first point", "second line."]
    assert [u.line for u in lines(text)] == [0, 1, 2]


def test_sentences_split_inside_lines_and_keep_abbreviations() -> None:
    text = "Dr. Ortiz spoke on Tuesday. The vote was 4-1! Was it fair?\nNo final punctuation here"
    got = [text[u.start : u.end] for u in sentences(text)]
    assert got == ["Dr. Ortiz spoke on Tuesday.", "The vote was 4-1!", "Was it fair?", "No final punctuation here"]
    assert [u.line for u in sentences(text)] == [0, 0, 0, 1]


def test_bullets_are_not_part_of_a_sentence() -> None:
    text = "- Share this now."
    assert strip_bullet(text, 0, len(text)) == 2
    assert [text[u.start : u.end] for u in sentences(text)] == ["Share this now."]


def test_context_exposes_lines_sentences_and_headline() -> None:
    body = "The county voted on Tuesday. Officials said so."
    text = f"Ferry Contract Extended\n{body}\n{body}"
    ctx = Context(text)
    assert ctx.headline is not None and text[ctx.headline.start : ctx.headline.end] == "Ferry Contract Extended"
    assert len(ctx.lines) == 3 and len(ctx.sentences) == 5
    assert ctx.line_counts["the county voted on tuesday. officials said so."] == 2
    first = ctx.sentences[1]
    assert ctx.sentence_at(first.start) == first and ctx.line_at(first.start) == ctx.lines[1]
    assert ctx.next_sentence(first) == ctx.sentences[2]
    assert ctx.attributed(ctx.sentences[2]) and not ctx.attributed(first)


def test_context_of_an_empty_text_has_no_headline() -> None:
    assert Context("").headline is None and Context("   \n").lines == []


def test_window_context_counts_lines_of_the_whole_document() -> None:
    ctx = Context("Buy now", document_line_counts={"buy now": 3})
    assert ctx.line_counts == {"buy now": 3}
