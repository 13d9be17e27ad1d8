"""User rule packs: a publisher's own phrases, rules and allow-lists, from a TOML or JSON file.

A pack adds to the shipped rules; it never replaces them. Example (TOML)::

    name = "Harbor Gazette house rules"
    format_version = 1

    [allow_phrases]                       # plain text, matched as whole words, case-insensitive
    call_to_share = ["Sign up for the Harbor Gazette newsletter"]
    ad_injection = ["Harbor Gazette Store"]

    [allow]                               # regular expressions
    call_to_share = ["^Follow the Gazette on"]

    [[rules.ad_injection]]                # same fields as a shipped rule (detectors/base.py)
    id = "partner_network"
    unit = "line"
    weight = 0.8
    reason = "Line from a partner ad network the publisher does not run."
    phrases = ["Sponsored by AdGrid"]

The same structure works as JSON. A span whose text matches an allow entry of its kind is dropped;
``"*"`` as the kind applies an allow entry to every detector. Errors are ``RuleError`` and name the
file, the entry and the field. Use it with ``slantcheck.load(rules="house.toml")`` or
``slantcheck score --rules house.toml``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, Union

from slantcheck.detectors import REGISTRY, Detector
from slantcheck.detectors.base import compile_rule, phrase_regex
from slantcheck.errors import RuleError
from slantcheck.kinds import KINDS

FORMAT_VERSION = 1
_TOP = {"name", "description", "format_version", "rules", "allow", "allow_phrases"}

RulesArg = Union[str, Path, "RulePack", Sequence[Union[str, Path, "RulePack"]]]


@dataclass(frozen=True)
class RulePack:
    """Validated extra rules and allow-list patterns per detector kind."""

    source: str
    name: str = ""
    rules: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def detectors(self) -> tuple[Detector, ...]:
        """The registered detectors with this pack's rules and allow-lists added."""
        return build_detectors([self])


def _read(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack ({exc.strerror or exc})") from None
    if path.suffix.lower() == ".toml":
        try:
            import tomllib  # Python >= 3.11
        except ModuleNotFoundError:  # pragma: no cover - Python 3.10
            try:
                import tomli as tomllib  # type: ignore[no-redef]
            except ModuleNotFoundError:
                raise RuleError(f"{path}: TOML rule packs need Python 3.11+ or the 'tomli' package; "
                                "or write the pack as JSON") from None
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise RuleError(f"{path}: not valid TOML: {exc}") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuleError(f"{path}: not valid JSON: {exc}") from None


def _by_kind(doc: Mapping[str, Any], key: str, src: str) -> dict[str, Any]:
    val = doc.get(key, {})
    if not isinstance(val, Mapping):
        raise RuleError(f"{src}: field '{key}' must be a table/object keyed by detector kind, got {type(val).__name__}")
    allowed = set(KINDS) | ({"*"} if key != "rules" else set())
    for kind in val:
        if kind not in allowed:
            raise RuleError(f"{src}: field '{key}': unknown detector kind {kind!r} (one of {sorted(allowed)})")
    return dict(val)


def _strings(val: Any, where: str) -> list[str]:
    if not isinstance(val, list) or not all(isinstance(v, str) and v.strip() for v in val):
        raise RuleError(f"{where}: must be a list of non-empty strings")
    return list(val)


def parse(doc: Any, source: str) -> RulePack:
    """Validate a rule-pack document (already parsed from TOML/JSON)."""
    if not isinstance(doc, Mapping):
        raise RuleError(f"{source}: a rule pack must be a table/object, got {type(doc).__name__}")
    unknown = set(doc) - _TOP
    if unknown:
        raise RuleError(f"{source}: unknown field(s) {sorted(unknown)} (allowed: {sorted(_TOP)})")
    ver = doc.get("format_version", FORMAT_VERSION)
    if ver != FORMAT_VERSION:
        raise RuleError(f"{source}: field 'format_version' must be {FORMAT_VERSION}, got {ver!r}")
    name = doc.get("name", "")
    if not isinstance(name, str):
        raise RuleError(f"{source}: field 'name' must be a string")
    rules: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for kind, entries in _by_kind(doc, "rules", source).items():
        where = f"{source}: rules.{kind}"
        if not isinstance(entries, list):
            raise RuleError(f"{where}: must be a list of rule entries")
        for i, entry in enumerate(entries):
            compile_rule(entry, where, i)  # fail now, naming the file, entry and field
        rules[kind] = tuple(dict(e) for e in entries)
    allow: dict[str, list[str]] = {}
    for kind, pats in _by_kind(doc, "allow", source).items():
        where = f"{source}: allow.{kind}"
        for i, p in enumerate(_strings(pats, where)):
            _check_regex(p, f"{where}[{i}]")
        allow.setdefault(kind, []).extend(pats)
    for kind, phrases in _by_kind(doc, "allow_phrases", source).items():
        allow.setdefault(kind, []).extend(phrase_regex(p) for p in _strings(phrases, f"{source}: allow_phrases.{kind}"))
    if not rules and not allow:
        raise RuleError(f"{source}: the rule pack adds nothing (no 'rules', 'allow' or 'allow_phrases')")
    return RulePack(source, name, rules, {k: tuple(v) for k, v in allow.items()})


def _check_regex(pattern: str, where: str) -> None:
    from slantcheck.detectors.base import _compile

    _compile(where, where, [pattern], 0)


def load_rulepack(path: str | Path) -> RulePack:
    """Read and validate a rule pack (``.toml``, or JSON for any other suffix)."""
    p = Path(path)
    return parse(_read(p), str(p))


def build_detectors(packs: Iterable[RulePack]) -> tuple[Detector, ...]:
    """One detector per registered kind, with every pack's extra rules and allow entries added."""
    packs = list(packs)
    out = []
    for cls in REGISTRY:
        extra: list[Mapping[str, Any]] = []
        allow: list[str] = []
        for pk in packs:
            extra.extend(pk.rules.get(cls.kind, ()))
            allow.extend(pk.allow.get(cls.kind, ()))
            allow.extend(pk.allow.get("*", ()))
        src = ", ".join(f"{pk.source}: rules.{cls.kind}" for pk in packs if pk.rules.get(cls.kind)) or "user rules"
        out.append(cls(extra_rules=extra, allow=allow, extra_source=src))
    return tuple(out)


def resolve(rules: RulesArg) -> tuple[Detector, ...]:
    """Detectors for ``load(rules=...)``: a path, a ``RulePack`` or a list of them."""
    items = [rules] if isinstance(rules, (str, Path, RulePack)) else list(rules)
    packs = [r if isinstance(r, RulePack) else load_rulepack(r) for r in items]
    return build_detectors(packs)
