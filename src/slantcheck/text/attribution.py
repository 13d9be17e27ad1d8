"""Who is speaking: quoted stretches and sentences attributed to a source.

Reported speech is not the document's own voice (signals.md 4.1), so detectors skip
matches that fall inside a quote, and ``unsourced_assertion`` skips attributed sentences.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

# Straight quotes only: normalize() folds curly quotes to these.
_QUOTE = re.compile(r'"[^"\n]{1,2000}"')
_REPORTING = (
    r"said|says|say|told|tells|wrote|writes|posted|stated|states|added|adds|noted|notes|explained|argued|argues|"
    r"warned|warns|insisted|insists|claimed|claims|reported|reports|announced|announces|confirmed|confirms|"
    r"declared|affirmed|replied|responded|asked|urged|urges|testified|recalled|acknowledged|estimated|estimates|"
    r"found|finds|concluded|concludes|cautioned|cautions|predicted|predicts|according to"
)
ATTRIBUTION = re.compile(
    r"\baccording to\b(?! (?:our|my) (?:information|sources))|[,\"]\s*(?:" + _REPORTING + r")\s+(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov)\.\s+)?"
    r"(?:[A-Z][a-z]+|[A-Z]{2,})\b"
    r"|\b(?!(?:No|Not|The|This|That|These|Those|It|A|An|But|And|Yet|So|If|In|On|At|For|As|We|I|You|There|Some|"
    r"Many|Most|All|Every|Each|What|When|Where|Why|How|Our|Their|His|Her|Its|Nobody|Everyone|Everybody|Few|Thousands|Hundreds|Millions|Dozens|Countless|Numerous)\b)"
    r"(?:[A-Z][a-z]+|[A-Z]{2,}|he|she|they|officials?|spokes(?:man|woman|person)|the (?:company|ministry|agency|"
    r"department|report|study|survey|researchers?|authors?|police|court|statement|filing|government|office))\b"
    r"[^.!?\n]{0,60}?\b(?:" + _REPORTING + r")\b"
    r"|\b(?:the (?:post|message|ad|tagline|sign|caption|banner|email|letter|flyer) (?:read|reads|said|says|ends|ended))\b"
    r"|\bin (?:a|an|the) (?:statement|interview|filing|report|study|post|letter|press release|email)\b"
    r"|https?://|\bwww\.",
)
_QUOTE_WITH_SPEAKER = re.compile(r'"\s*,?\s*(?:' + _REPORTING + r")\b|\b(?:" + _REPORTING + r')\b[ ,:]*"')


@dataclass(frozen=True)
class Attribution:
    """Quote ranges of a text and a test for whether a range is reported speech."""

    quotes: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> "Attribution":
        return cls(tuple(m.span() for m in _QUOTE.finditer(text)))

    @cached_property
    def _ends(self) -> list[int]:
        return [b for _, b in self.quotes]  # quotes do not overlap, so ends are sorted too

    def in_quote(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside one quoted stretch."""
        i = bisect.bisect_left(self._ends, end)  # the first quote that ends at or after ``end``
        return i < len(self.quotes) and self.quotes[i][0] <= start

    def quote_chars(self, start: int, end: int) -> int:
        """Number of characters of ``[start, end)`` inside quotes."""
        n = 0
        for a, b in self.quotes[bisect.bisect_right(self._ends, start) :]:
            if a >= end:
                break
            n += min(b, end) - max(a, start)
        return n


# Vague plural sources ("critics say") do not count as attribution (signals.md 3.3).
VAGUE_SOURCE = re.compile(
    r"\b(?:many|some|most|several|numerous|top|leading|independent|unnamed|prominent|other)?\s*"
    r"(?:observers|critics|experts|insiders|analysts|commentators|people|sources|scientists|researchers|doctors|"
    r"nutritionists|economists|historians|pundits|watchers|specialists|insiders|folks|americans|readers)\b",
    re.IGNORECASE,
)


def is_attributed(sentence: str, *, vague: bool = True) -> bool:
    """A sentence that names who says it (a reporting verb with a named or described source, a link).
    ``vague=False`` tells that ``VAGUE_SOURCE`` cannot match in it (its rewrite would change nothing)."""
    return bool(ATTRIBUTION.search(VAGUE_SOURCE.sub("someone", sentence) if vague else sentence))


def is_reported_quote(sentence: str) -> bool:
    """A sentence that carries a quote together with its speaker ("...," the sergeant said)."""
    return '"' in sentence and bool(_QUOTE_WITH_SPEAKER.search(sentence) or is_attributed(sentence))
