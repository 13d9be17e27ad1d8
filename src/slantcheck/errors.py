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


class InvalidJSONError(RecordError):
    """A JSONL line is not valid JSON."""

    code = "E301"


class MissingTextError(RecordError):
    """The record has no text field (or the CSV row has no such column)."""

    code = "E302"


class TextTypeError(RecordError):
    """The record's text (or title) is present but not a string (null, number, list, object)."""

    code = "E303"


class UndecodableError(RecordError):
    """The record's bytes are not valid UTF-8."""

    code = "E304"


class TextTooLongError(RecordError):
    """The text is longer than the batch's ``max_chars``; long texts are refused, never truncated."""

    code = "E305"


class InternalError(SlantcheckError):
    """Scoring failed for a reason that is not the record's fault (a bug): reported, never hidden."""

    code = "E900"


def error_class(code: str) -> type[SlantcheckError]:
    """The error class with this stable code (``SlantcheckError`` when unknown)."""
    stack: list[type[SlantcheckError]] = [SlantcheckError]
    while stack:
        cls = stack.pop()
        if cls.code == code:
            return cls
        stack.extend(cls.__subclasses__())
    return SlantcheckError


def check_text(text: object, what: str = "text") -> str:
    """Return ``text`` if it is a ``str``; otherwise raise ``InputTypeError`` naming the type."""
    if not isinstance(text, str):
        raise InputTypeError(
            f"{what} must be str, got {type(text).__name__}"
            + (" (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else "")
        )
    return text
