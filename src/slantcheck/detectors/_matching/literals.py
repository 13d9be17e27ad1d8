"""Literal prefixes of rule patterns, and one multi-literal scan per text that finds where rules can match.

Most rules match nothing in most texts, but Python's ``re`` still walks every position of the text for
every rule. Each pattern is therefore analysed once, when rules are loaded: ``prefixes`` derives a small
set of case-folded strings such that every match of the pattern starts with one of them. One scan of the
folded text for all of a detector's prefixes (Aho-Corasick via ``pyahocorasick`` when installed, else one
compiled regex) gives the only positions where a match can start, and ``Matcher.finditer`` tries the
pattern there. It yields exactly what ``pattern.finditer(text)`` yields; a pattern whose prefixes cannot
be derived (a leading ``\\w``, ``.``, a back-reference, a possible empty match) is scanned whole by its regex.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

from slantcheck.text.fold import fold

_ac: Any
try:  # a compiled Aho-Corasick automaton (Rust); the regex fallback below finds the same literals, slower
    import ahocorasick_rs as _ac
except ImportError:  # pragma: no cover - exercised by the fallback tests through use_automaton=False
    _ac = None

try:
    from re import _constants as _c  # type: ignore[attr-defined,unused-ignore]  # Python >= 3.11
    from re import _parser as _sre_parse  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _sre_parse  # type: ignore[no-redef,unused-ignore]

#: Prefixes are cut to this many characters: long enough to be rare, short enough to stay few. 8 rather
#: than 5 puts ~1,900 more literals in the automaton but far fewer false candidates before the regexes
#: (benchmarks/bench_stages.py: about 10% less detectors-only time); past 8 some rules reach
#: MAX_PREFIXES and lose their prefixes.
PREFIX_CHARS = 8
#: A pattern with more distinct prefixes than this is scanned whole by its regex.
MAX_PREFIXES = 400


def parse(pattern: str, flags: int = 0) -> Any:
    """``re``'s own parse tree of ``pattern`` (the same parser ``re.compile`` uses). Memoised: rule loading
    checks each pattern for backtracking risks and analyses its literals from the same tree. Only
    ``re.VERBOSE`` changes how a pattern parses, so other flags are not part of the key. Never mutate it."""
    return _parse(pattern, flags & re.VERBOSE)


@lru_cache(maxsize=2048)
def _parse(pattern: str, flags: int) -> Any:
    return _sre_parse.parse(pattern, flags)


#: A repeat with a larger upper bound than this counts as unbounded for the backtracking check.
_BIG_REPEAT = 100


def backtracking_risks(pattern: str) -> list[str]:
    """Shapes in ``pattern`` that can backtrack catastrophically: an unbounded (or large) quantifier
    nested inside another one, as in ``(a+)+``, ``(?:\\w+\\s?)*`` or ``(?:x*y?){1,1000}``. Rule files
    must not contain them (Python's ``re`` has no linear-time guarantee), so loading refuses them."""
    try:
        from re import _constants as c  # type: ignore[attr-defined,unused-ignore]  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c  # type: ignore[no-redef,unused-ignore]
    MAXREPEAT, SUBPATTERN, BRANCH = c.MAXREPEAT, c.SUBPATTERN, c.BRANCH
    ASSERT, ASSERT_NOT = c.ASSERT, c.ASSERT_NOT
    reps = {c.MAX_REPEAT, c.MIN_REPEAT} | ({c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())
    found: list[str] = []

    def walk(sub: Any, inside: bool) -> None:
        for op, av in sub:
            if op in reps:
                lo, hi, body = av
                big = hi == MAXREPEAT or hi > _BIG_REPEAT
                if big and inside:
                    found.append("nested unbounded quantifier")
                walk(body, inside or big)
            elif op == SUBPATTERN:
                walk(av[-1], inside)
            elif op == BRANCH:
                for b in av[1]:
                    walk(b, inside)
            elif op in (ASSERT, ASSERT_NOT):
                walk(av[1], inside)

    walk(parse(pattern), False)
    return found


# --- prefix analysis ----------------------------------------------------------------------------------
class _GiveUp(Exception):
    pass


_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_LINE_START = {_c.AT_BEGINNING, _c.AT_BEGINNING_STRING}
_MAX_CLASS = 12  # character classes with more members than this are not enumerated
#: Where the pattern goes on with something not enumerable (``\\w+``, ``.``), prefixes this long are kept
#: as they are; shorter ones make the analysis give up (they would hit almost everywhere).
MIN_CLOSE = 3
#: A required string shorter than this is not worth checking for a pattern that has prefixes.
MIN_GATE = 4
#: A gated alternative with at most this many prefixes has them looked up only when its gate is open.
LAZY_PREFIXES = 4
#: ... or with at most this many prefixes when its required strings are all at least RARE_GATE long.
LAZY_PREFIXES_RARE_GATE = 16
RARE_GATE = 10
#: The context character of a prefix that must stand at a line start: the scan runs over "\n" + text.
LINE = "\n"

# A prefix is (string, open, ctx): ``string`` is searched for in "\n" + fold(text); its first ``ctx``
# characters (0 or 1: the LINE before a ``^``) come before the match; ``open`` ones may still grow.
_Item = tuple[str, bool, int]


_fold1 = lru_cache(maxsize=4096)(lambda ch: fold(ch))


def _chars(op: Any, av: Any) -> set[str]:
    """Characters one LITERAL or IN element can match (case-folded), or give up."""
    if op == _c.LITERAL:
        return {_fold1(chr(av))}
    if op == _c.IN:
        out: set[str] = set()
        for sop, sav in av:
            if sop == _c.LITERAL:
                out.add(_fold1(chr(sav)))
            elif sop == _c.RANGE and sav[1] - sav[0] < _MAX_CLASS:
                out.update(_fold1(chr(x)) for x in range(sav[0], sav[1] + 1))
            elif sop == _c.CATEGORY and sav == _c.CATEGORY_SPACE:
                out.update((" ", "\n"))  # fold() makes every other space a " "
            else:  # NEGATE, \w, \d, wide ranges: too many

                raise _GiveUp
        return out
    raise _GiveUp


def _closable(item: _Item) -> bool:
    s, open_, ctx = item
    return not open_ or len(s) >= MIN_CLOSE or (bool(ctx) and len(s) >= ctx)


def _extend(cur: frozenset[_Item], items: Any, k: int) -> frozenset[_Item]:
    """Extend every open prefix in ``cur`` by the sequence ``items`` (a parsed subpattern). Where an
    element cannot be enumerated, prefixes that are long enough (or pinned to a line start) stop there."""
    for op, av in items:
        if not any(o for _, o, _ in cur):
            return cur
        try:
            nxt = _step(cur, op, av, k)
            if len(nxt) > MAX_PREFIXES:
                raise _GiveUp
        except _GiveUp:
            if not all(_closable(it) for it in cur):
                raise
            return frozenset((s, False, c) for s, _, c in cur)
        cur = nxt
    return cur


def _step(cur: frozenset[_Item], op: Any, av: Any, k: int) -> frozenset[_Item]:
    keep = {it for it in cur if not it[1]}
    grow = [(s, c) for s, o, c in cur if o]
    if op == _c.AT and av in _LINE_START:
        return frozenset(keep | {(s or LINE, True, c or (0 if s else 1)) for s, c in grow})
    if op in _ZERO_WIDTH:  # look-arounds and other anchors only narrow the matches: ignoring them is safe
        return cur
    if op in (_c.LITERAL, _c.IN):
        chars = _chars(op, av)
        return frozenset(keep | {(s + ch, len(s) + 1 - c < k, c) for s, c in grow for ch in chars})
    if op == _c.SUBPATTERN:
        return _extend(cur, av[-1], k)
    if hasattr(_c, "ATOMIC_GROUP") and op == _c.ATOMIC_GROUP:
        return _extend(cur, av, k)
    start = frozenset((s, True, c) for s, c in grow)
    if op == _c.BRANCH:
        out = set(keep)
        for alt in av[1]:
            out |= _extend(start, alt, k)
        return frozenset(out)
    if op in _REPEATS:
        lo, hi, body = av
        out = set(keep)
        layer = start
        i = 0
        while True:
            if i >= lo:
                out |= layer
            if i == hi or not any(o for _, o, _ in layer):
                out |= layer  # every prefix is closed: more repeats change nothing
                break
            nxt = _extend(layer, body, k)
            if nxt == layer:  # the body can only match empty
                out |= layer
                break
            layer = nxt
            i += 1
            if len(out) > MAX_PREFIXES:
                raise _GiveUp
        return frozenset(out)
    raise _GiveUp  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, conditionals: no finite prefix set


def prefixes(pattern: str, flags: int = 0, k: int = PREFIX_CHARS) -> frozenset[tuple[str, int]] | None:
    """``(string, ctx)`` pairs such that every match of ``pattern`` (compiled with ``flags``) starts where
    one of the strings occurs in ``LINE + fold(text)``, ``ctx`` characters in (``ctx`` is 1 when the string
    begins with the line break before a ``^``). Strings are at most ``k`` matched characters long.
    ``None`` when no small set exists or the pattern can match the empty string."""
    return analyse(pattern, flags, k)[0]


def required(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Case-folded strings of which every match of ``pattern`` contains at least one (``None``: unknown).
    Used for patterns without prefixes: when none of the strings is in the text, the pattern cannot match."""
    return analyse(pattern, flags)[1]


def _minimal(strings: set[str]) -> frozenset[str]:
    """Drop the strings that contain a shorter one of the set (they add nothing to "contains one of")."""
    keep: list[str] = []
    for x in sorted(strings, key=len):
        if not any(y in x for y in keep):
            keep.append(x)
    return frozenset(keep)


PatternAnalysis = tuple[Optional[frozenset[tuple[str, int]]], Optional[frozenset[str]]]

#: The shipped rules' analyses, computed ahead (``python -m slantcheck.detectors._matching.literals``) so that loading
#: the detectors does not parse and analyse ~300 patterns at every start. Entries are keyed by pattern
#: source and flags, so an edited rule simply misses and is analysed at load; a test checks the file
#: matches a fresh analysis. Bump ANALYSIS_VERSION whenever the analysis changes.
ANALYSIS_FILE = "literals.json"
ANALYSIS_VERSION = 1


def _params() -> dict[str, int]:
    return {"version": ANALYSIS_VERSION, "prefix_chars": PREFIX_CHARS, "min_close": MIN_CLOSE,
            "max_prefixes": MAX_PREFIXES, "max_class": _MAX_CLASS, "exact_max": _EXACT_MAX}


@lru_cache(maxsize=1)
def shipped_analyses() -> Mapping[tuple[str, int], PatternAnalysis]:
    """The precomputed analyses of the shipped patterns ({} when the file is missing or out of date)."""
    try:
        raw = json.loads(resources.files("slantcheck.detectors").joinpath("data", ANALYSIS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if raw.get("params") != _params():
        return {}
    return MappingProxyType({(src, flags): (None if pre is None else frozenset((x, c) for x, c in pre),
                                            None if req is None else frozenset(req))
                             for src, flags, pre, req in raw["patterns"]})


def analyse_known(pattern: str, flags: int) -> PatternAnalysis:
    """``analyse``, from the shipped analyses when ``pattern`` is one of the shipped rules' patterns."""
    got = shipped_analyses().get((pattern, flags))
    return got if got is not None else analyse(pattern, flags)


def write_analyses(patterns: Iterable[tuple[str, int]], path: str | Path) -> int:
    """Write the analyses of ``patterns`` (source, flags) to ``path``; returns how many. Loading trusts this
    file's patterns to have passed the backtracking check, so each is checked here again."""
    rows = []
    for src, flags in sorted(set(patterns)):
        risks = backtracking_risks(src)
        if risks:
            raise ValueError(f"pattern {src!r} has a {risks[0]}; it cannot be shipped")
        pre, req = analyse(src, flags)
        rows.append([src, flags, None if pre is None else sorted(map(list, pre)), None if req is None else sorted(req)])
    Path(path).write_text(json.dumps({"params": _params(), "patterns": rows}, ensure_ascii=False, indent=0) + "\n",
                          encoding="utf-8")
    return len(rows)


def analyse(pattern: str, flags: int = 0, k: int = PREFIX_CHARS) -> PatternAnalysis:
    """``(prefixes, required)`` of ``pattern`` from one parse."""
    try:
        tree = parse(pattern, flags)
        if tree.getwidth()[0] == 0:
            return None, None
    except (re.error, RecursionError, OverflowError):
        return None, None
    pre: frozenset[tuple[str, int]] | None
    try:
        out = _extend(frozenset({("", True, 0)}), tree, k)
        pre = frozenset((s, c) for s, _, c in out)
        if not pre or any(len(s) == 0 for s, _ in pre) or len(pre) > MAX_PREFIXES:
            pre = None
    except (_GiveUp, RecursionError, OverflowError):
        pre = None
    try:
        got = _required(tree, {})
        # A string that contains another one of the set adds nothing: keep the minimal ones.
        req = _minimal(got) if got and all(got) else None
    except (RecursionError, OverflowError):
        req = None
    return pre, req


#: Finite string sets are multiplied out up to this many strings when looking for required strings.
_EXACT_MAX = 64


def _cross(a: set[str], b: set[str]) -> set[str] | None:
    if len(a) * len(b) > _EXACT_MAX:
        return None
    return {x + y for x in a for y in b}


def _exact(op: Any, av: Any, memo: dict[int, Any]) -> set[str] | None:
    """Every string one element can match (case-folded), when that is a small finite set; else None.
    ``memo`` (per analysis) remembers compound elements: ``_required`` asks about nested ones again."""
    if op in _ZERO_WIDTH:
        return {""}
    if op in (_c.LITERAL, _c.IN):
        try:
            chars = _chars(op, av)
        except _GiveUp:
            return None
        return chars if len(chars) <= _MAX_CLASS else None
    key = id(av)
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    out: set[str] | None = None
    if op == _c.SUBPATTERN:
        out = _exact_seq(av[-1], memo)
    elif op == _c.BRANCH:
        out = set()
        for alt in av[1]:
            e = _exact_seq(alt, memo)
            if e is None:
                out = None
                break
            out |= e
        if out is not None and len(out) > _EXACT_MAX:
            out = None
    elif op in _REPEATS and av[1] <= 3:
        body = _exact_seq(av[2], memo)
        if body is not None:
            out, layer = set(), {""}
            for i in range(av[1] + 1):
                if i >= av[0]:
                    out |= layer
                if i < av[1]:
                    nxt = _cross(layer, body)
                    if nxt is None:
                        out = None
                        break
                    layer = nxt
            if out is not None and len(out) > _EXACT_MAX:
                out = None
    memo[key] = out
    return out


def _exact_seq(items: Any, memo: dict[int, Any]) -> set[str] | None:
    out: set[str] | None = {""}
    run = ""  # literal characters not yet appended to ``out``
    for op, av in items:
        if op == _c.LITERAL:
            run += _fold1(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue
        e = _exact(op, av, memo)
        if e is None:
            return None
        out = _cross(out, {run + x for x in e} if run else e)  # type: ignore[arg-type]
        run = ""
        if out is None:
            return None
    return {x + run for x in out} if run else out  # type: ignore[union-attr]


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two required-string sets: longer shortest string, then fewer strings."""
    if a is None or not all(a):
        return b if b is not None and all(b) else None
    if b is None or not all(b):
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _required(items: Any, memo: dict[int, Any]) -> set[str] | None:
    """Strings of which every match of the sequence ``items`` contains one. Consecutive elements that
    match small finite sets are multiplied out ("% " then (gains?|returns?) gives "% gain", "% return")."""
    best: set[str] | None = None
    run: set[str] = {""}  # every string the exact elements since the last break can match, in order
    for op, av in items:
        if op == _c.LITERAL:
            ch = _fold1(chr(av))
            run = {x + ch for x in run}
            continue
        e = _exact(op, av, memo)
        if e is not None:
            nxt = _cross(run, e)
            if nxt is not None:
                run = nxt
                continue
            best, run = _better(best, run), e  # too many: keep what we have, start again here
            continue
        best = _better(best, run)
        run = {""}
        sub: set[str] | None = None
        if op == _c.SUBPATTERN:
            sub = _required(av[-1], memo)
        elif hasattr(_c, "ATOMIC_GROUP") and op == _c.ATOMIC_GROUP:
            sub = _required(av, memo)
        elif op == _c.BRANCH:
            parts = [_required(alt, memo) for alt in av[1]]
            sub = set().union(*parts) if all(p for p in parts) else None  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            body = _exact_seq(av[2], memo)
            if body is not None and av[0] <= 3:  # "!{2,}": at least "!!" (then the run breaks)
                sub = set(body)
                for _ in range(av[0] - 1):
                    sub = _cross(sub, body) or set(body)
            else:
                sub = _required(av[2], memo)
        best = _better(best, sub)
    return _better(best, run)


# --- scanning -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Alternative:
    """One pattern of a rule with its prefixes and required strings (either may be ``None``). With
    prefixes, its matches are looked for where a prefix occurs, and only when one of the required strings
    occurs too; without prefixes, its rule is scanned whole when a required string occurs."""

    source: str
    flags: int
    prefixes: frozenset[tuple[str, int]] | None
    required: frozenset[str] | None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: most alternatives never have a candidate position."""
        return re.compile(self.source, self.flags)

    @property
    def anchored(self) -> bool:
        """Some prefix stands at a line start ("^")."""
        return any(ctx for _, ctx in self.prefixes or ())


class Scan:
    """What one literal pass over a text found: candidate starts per (pattern, alternative), and which
    alternatives have one of their required strings in the text."""

    __slots__ = ("starts", "present", "memo", "found", "needs", "text", "open")

    def __init__(self, text: str = "") -> None:
        self.text = text  # LINE + fold(text): what was scanned
        self.starts: dict[int, list[tuple[int, int]]] = {}
        self.present: set[tuple[int, int]] = set()
        self.memo: dict[tuple[int, bool, int | None], list[tuple[int, int]] | None] = {}
        self.found: dict[int, list[int]] = {}  # literal id -> its positions in LINE + text
        self.needs: dict[int, list[int]] = {}
        self.open: set[int] = set()  # patterns with a required string present


class Matcher:
    """Exact ``finditer`` for a list of rule patterns (each an alternation of ``Alternative``s), driven by
    one literal pass over the folded text: ``scan`` once per text, then ``finditer`` per pattern."""

    def __init__(self, patterns: Sequence[tuple[re.Pattern[str], Sequence[str]]], *,
                 use_automaton: bool = True) -> None:
        """``patterns``: per rule, its compiled alternation and the source of each alternative, in order."""
        self._args = ([(p, tuple(srcs)) for p, srcs in patterns], use_automaton)
        self.rules: list[tuple[re.Pattern[str], tuple[Alternative, ...] | None]] = []
        for combined, sources in patterns:
            alts: list[Alternative] | None = [] if sources else None
            for src in sources if alts is not None else ():
                pre, req = analyse_known(src, combined.flags)
                if pre is not None and req is not None and (
                        min(map(len, req)) < MIN_GATE  # a short required string is in most texts
                        # or it is hardly more than a prefix ("betting" for "betti"): as common as the prefix
                        or all(any(r in lit or (lit[ctx:] in r and len(r) < len(lit) - ctx + 4) for lit, ctx in pre)
                               for r in req)):
                    req = None  # either way, checking it costs more than it saves
                if pre is None and req is None:
                    alts = None  # nothing to go on: this rule is always scanned whole by its regex
                    break
                alts.append(Alternative(src, combined.flags, pre, req))  # type: ignore[union-attr]
            self.rules.append((combined, tuple(alts) if alts is not None else None))
        starts: dict[str, list[tuple[int, int, int, bool]]] = defaultdict(list)
        needs: dict[str, list[tuple[int, int]]] = defaultdict(list)
        #: per pattern, its alternatives whose few prefixes are looked up only once their required string
        #: is found (a gate that is rarely open keeps frequent prefixes such as "the " out of the automaton)
        self._lazy: list[tuple[int, ...]] = []
        #: per pattern, its (non-lazy) alternatives that can start at any line start
        self._line_alts: list[tuple[int, ...]] = []
        for ri, (_, alts_) in enumerate(self.rules):
            self._lazy.append(tuple(ai for ai, alt in enumerate(alts_ or ())
                                    if alt.prefixes is not None and alt.required is not None
                                    and (len(alt.prefixes) <= LAZY_PREFIXES or (  # or a long, so rare, gate
                                        len(alt.prefixes) <= LAZY_PREFIXES_RARE_GATE
                                        and min(map(len, alt.required)) >= RARE_GATE))))
            line_alts = []
            for ai, alt in enumerate(alts_ or ()):
                pres = sorted(alt.prefixes or ()) if ai not in self._lazy[ri] else []
                if (LINE, 1) in pres:  # every line start: found by finditer up to its limit, not by the automaton
                    line_alts.append(ai)
                    pres.remove((LINE, 1))
                for lit, ctx in pres:
                    starts[lit].append((ri, ai, ctx, alt.required is not None))
                for lit in sorted(alt.required or ()):
                    needs[lit].append((ri, ai))
            self._line_alts.append(tuple(line_alts))
        #: the literals, and per literal id: (its length, (pattern, alternative, context length, gated) it
        #: starts, (pattern, alternative) it gates, the patterns it gates)
        self.literals = sorted(set(starts) | set(needs))
        self.entries = []
        none: frozenset[int] = frozenset()
        for lit in self.literals:
            st, nd = starts.get(lit), needs.get(lit)
            self.entries.append((len(lit), tuple(st) if st else (), tuple(nd) if nd else (),
                                 frozenset([ri for ri, _ in nd]) if nd else none))
        self.table = dict(zip(self.literals, self.entries, strict=False))
        # per literal id, for scan(): what it gates, and what it starts as (pattern, alternative, offset from
        # its position in LINE + text to the match start, gated)
        self._gates_of = [e[2] for e in self.entries]
        self._begins_of = [tuple((ri, ai, ctx - 1, gated) for ri, ai, ctx, gated in e[1]) for e in self.entries]
        #: per pattern, its alternatives without prefixes (each has required strings)
        self._bare = [tuple(ai for ai, a in enumerate(alts_ or ()) if a.prefixes is None) for _, alts_ in self.rules]
        #: per pattern, its alternatives with a prefix at a line start
        self._anchored = [tuple(ai for ai, a in enumerate(alts_ or ()) if a.anchored) for _, alts_ in self.rules]
        self._automaton: Any = None
        self._regex: re.Pattern[str] | None = None
        self._by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
        if not self.literals:
            return
        if use_automaton and _ac is not None:
            self._automaton = _ac.AhoCorasick(self.literals, matchkind=_ac.MATCHKIND_STANDARD,
                                              implementation=_ac.Implementation.DFA)
        else:
            order = sorted(range(len(self.literals)), key=lambda i: (-len(self.literals[i]), self.literals[i]))
            self._regex = re.compile("(?=(?:" + "|".join(re.escape(self.literals[i]) for i in order) + "))", re.DOTALL)
            for i in order:
                self._by_first[self.literals[i][0]].append((self.literals[i], i))

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, self._args)  # the automaton is rebuilt, not pickled

    def exhaustive(self, index: int) -> bool:
        """Pattern ``index`` has no usable prefixes or required strings: it is always scanned whole by its regex."""
        return self.rules[index][1] is None

    def scan(self, folded: str) -> Scan:
        """One pass over ``fold(text)``: candidate starts and the required strings present."""
        s = LINE + folded  # a "^" prefix finds its line break, also before the first line
        out = Scan(s)
        at: dict[int, list[int]] = {}  # literal id -> its positions in s
        if self._automaton is not None:
            for lid, j, _ in self._automaton.find_matches_as_indexes(s, overlapping=True):
                got = at.get(lid)
                if got is None:
                    at[lid] = [j]
                else:
                    got.append(j)
        elif self._regex is not None:
            by_first = self._by_first
            for m in self._regex.finditer(s):
                j = m.start()
                for lit, lid in by_first[s[j]]:
                    if s.startswith(lit, j):
                        at.setdefault(lid, []).append(j)
        out.found = at
        gates_of, begins_of = self._gates_of, self._begins_of
        present = out.present
        for lid in at:
            gates = gates_of[lid]
            if gates:
                present.update(gates)
        starts = out.starts  # pattern -> [(position, alternative), ...], unsorted, maybe repeated
        for lid, js in at.items():
            for ri, ai, off, gated in begins_of[lid]:
                if gated and (ri, ai) not in present:
                    continue
                have = starts.get(ri)
                if have is None:
                    starts[ri] = [(j + off, ai) for j in js]
                else:
                    have += [(j + off, ai) for j in js]
        out.open = {ri for ri, _ in present}
        return out

    def may_match(self, index: int, scan: Scan) -> bool:
        """Whether pattern ``index`` can match anywhere in the scanned text (False: it certainly cannot)."""
        if index in scan.starts or index in scan.open or self.rules[index][1] is None:
            return True
        alts = self.rules[index][1]
        return any(alts[ai].required is None for ai in self._line_alts[index])  # type: ignore[index]

    def _candidates(self, index: int, scan: Scan, text: str | None = None,
                    limit: int | None = None) -> list[tuple[int, int]] | None:
        """Sorted ``(position, alternative)`` pairs where pattern ``index`` can match in the scanned text,
        or None when it must be scanned whole (memoised in ``scan``). An alternative without prefixes
        whose required string occurs is located with its own regex when ``text`` is given. Line starts
        are listed only below ``limit`` (the caller stops there)."""
        memo = scan.memo
        key = (index, text is not None, limit)
        if key in memo:
            return memo[key]
        out: list[tuple[int, int]] | None = None
        alts = self.rules[index][1]
        if alts is not None:
            bare = [ai for ai in self._bare[index] if (index, ai) in scan.present]
            if not bare or text is not None:
                # scan() kept only the starts of alternatives whose required strings (if any) are present.
                pairs = set(scan.starts.get(index, ()))
                for ai in self._lazy[index]:
                    if (index, ai) in scan.present:
                        pairs.update((h, ai) for h in self._find(scan.text, alts[ai].prefixes))  # type: ignore[arg-type]
                for ai in bare:
                    pairs.update((h, ai) for h in _match_positions(alts[ai].pattern, text))  # type: ignore[arg-type]
                for ai in self._line_alts[index]:
                    if alts[ai].required is None or (index, ai) in scan.present:
                        st = scan.text  # LINE + folded: a line break at j is a line start at j in the text
                        stop = len(st) if limit is None else min(len(st), limit)
                        j = st.find(LINE)
                        while 0 <= j < stop:
                            pairs.add((j, ai))
                            j = st.find(LINE, j + 1)
                out = sorted(pairs)
        memo[key] = out
        return out

    @staticmethod
    def _find(s: str, prefixes: frozenset[tuple[str, int]]) -> list[int]:
        """Candidate starts (in the text) of a few prefixes in ``s`` = LINE + folded text."""
        out = []
        for lit, ctx in prefixes:
            j = s.find(lit)
            while j >= 0:
                out.append(j - 1 + ctx)
                j = s.find(lit, j + 1)
        return out

    def required_at(self, index: int, scan: Scan) -> list[int] | None:
        """Sorted positions of the required strings of pattern ``index`` found in the text (every match
        of the pattern, in the text or in any piece of it, contains one), or None when that is not known."""
        alts = self.rules[index][1]
        if alts is None or any(a.required is None for a in alts):
            return None
        got = scan.needs.get(index)
        if got is None:
            entries = self.entries
            got = scan.needs[index] = sorted({j - 1 for lid, js in scan.found.items() if index in entries[lid][3]
                                              for j in js})
        return got

    def starts(self, index: int, scan: Scan) -> list[int] | None:
        """Sorted positions where pattern ``index`` can start a match in this text (a superset), or ``None``
        when it could match anywhere (no prefixes to go by)."""
        cand = self._candidates(index, scan)  # without the text: a bare alternative gives None
        return None if cand is None else sorted({h for h, _ in cand})

    def finditer(self, index: int, text: str, scan: Scan, start: int = 0, end: int | None = None, *,
                 limit: int | None = None) -> Iterator[re.Match[str]]:
        """The matches of pattern ``index`` in ``text``, exactly as ``pattern.finditer(text)`` gives them.
        With ``start``/``end``: the matches in the string ``text[start:end]`` on its own (offsets into it),
        exactly as ``pattern.finditer(text[start:end])``; ``scan`` is still the scan of the whole text.
        With ``limit`` (whole text only): the same matches, but only those starting before ``limit``."""
        combined, alts = self.rules[index]
        whole = start == 0 and end is None
        sub = text if whole else text[start:end]
        # A bare alternative located in the whole text says nothing about where it matches in a piece of it.
        cand = self._candidates(index, scan, text if whole else None, limit if whole else None)
        if cand is None:
            for m in combined.finditer(sub):
                if limit is not None and whole and m.start() >= limit:
                    return
                yield m
            return
        if start or end is not None:
            stop = len(text) if end is None else end
            cand = [(h - start, ai) for h, ai in cand[bisect_left(cand, (start, -1)) : bisect_left(cand, (stop, -1))]]
            if start and self._anchored[index]:  # "^" also matches where the substring begins
                cand = sorted(set(cand) | {(0, ai) for ai in self._anchored[index]})
        pos = 0
        last = -1
        for h, ai in cand:
            # At one position the alternation takes its first alternative that matches (pairs come sorted
            # by position, then alternative); an alternative with no prefix there cannot match there.
            if h < pos or h == last:
                continue
            if limit is not None and whole and h >= limit:
                return
            m = alts[ai].pattern.match(sub, h)  # type: ignore[index,assignment]
            if m is not None:
                yield m
                last = h
                pos = m.end()  # never empty: prefixes() refuses patterns that can match empty


def _match_positions(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every position where ``pattern.match(text, p)`` succeeds: one pass of this one pattern (searches
    resume one past each position found), far cheaper than scanning a whole rule's alternation."""
    out = []
    m = pattern.search(text)
    while m is not None:
        out.append(m.start())
        m = pattern.search(text, m.start() + 1)
    return out


def _rebuild(patterns: Sequence[tuple[re.Pattern[str], Sequence[str]]], use_automaton: bool) -> Matcher:
    return Matcher(patterns, use_automaton=use_automaton)


def is_shipped(pattern: str) -> bool:
    """``pattern`` is one of the shipped rules' patterns (they passed the load-time checks when the
    analyses were written, so loading need not parse them again)."""
    return pattern in _shipped_sources()


@lru_cache(maxsize=1)
def _shipped_sources() -> frozenset[str]:
    return frozenset(src for src, _ in shipped_analyses())
