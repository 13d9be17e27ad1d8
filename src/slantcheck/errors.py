"""Error types with stable codes, shared by the API, the CLI and batch error records."""

from __future__ import annotations


class SlantcheckError(Exception):
    """Base class; ``code`` is a stable identifier safe to match on."""

    code = "E000"


class InputTypeError(SlantcheckError, TypeError):
    """The text (or title) is not a ``str``."""

    code = "E001"


class InputValueError(SlantcheckError, ValueError):
    """The text is a ``str`` but cannot be scored (for example, it is over a size limit)."""

    code = "E002"


class ModelError(SlantcheckError, ValueError):
    """A model file is missing, tampered with, truncated, of the wrong version or not plain data."""

    code = "E100"


class RuleError(SlantcheckError, ValueError):
    """A rule or phrase-list file is invalid; the message names the file, entry and field."""

    code = "E200"


class RecordError(SlantcheckError, ValueError):
    """A batch input record is unusable (bad JSON, missing or non-string text)."""

    code = "E300"


def check_text(text: object, what: str = "text") -> str:
    """Return ``text`` if it is a ``str``; otherwise raise ``InputTypeError`` naming the type."""
    if not isinstance(text, str):
        raise InputTypeError(
            f"{what} must be str, got {type(text).__name__}"
            + (" (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else "")
        )
    return text
