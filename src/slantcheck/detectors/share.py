"""``call_to_share``: asks to share, like, follow, subscribe, comment or tag, in the document's own voice."""

from __future__ import annotations

from slantcheck.detectors.base import Detector


class CallToShare(Detector):
    name = "call_to_share"
    kind = "call_to_share"
    rule_file = "call_to_share.json"
