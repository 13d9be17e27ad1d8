"""The span kinds as data: one row per kind, read by every layer (report, features, CLI, review page, synthesis).

Adding a kind is one row here plus a detector that emits it (see CONTRIBUTING.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Kind:
    """One span kind: its name in reports (the spec's signal name) and how people are shown it."""

    name: str
    #: Readable name (review page, messages).
    display: str
    #: Short tag in plain-text output (``slantcheck explain`` without colour).
    tag: str
    #: Background colour on the review page (CSS).
    colour: str
    #: ANSI escape that marks the kind in a terminal.
    ansi: str


TABLE: tuple[Kind, ...] = (
    Kind("ad_injection", "ad injection", "AD", "#ffd54f", "\033[43;30m"),
    Kind("call_to_share", "call to share", "SHARE", "#80deea", "\033[46;30m"),
    Kind("unsourced_assertion", "unsourced assertion", "UNSOURCED", "#e1bee7", "\033[45;30m"),
    Kind("clickbait", "clickbait", "CLICKBAIT", "#ff8a80", "\033[41;37m"),
)

#: The kind names, in report order.
KINDS: tuple[str, ...] = tuple(k.name for k in TABLE)
BY_NAME: Mapping[str, Kind] = MappingProxyType({k.name: k for k in TABLE})
