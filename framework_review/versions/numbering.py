"""Renumbering clauses in the style of the draft when clauses are inserted or deleted.

The styles are the importer's (drafts/importer.py reads the numbers, this module counts them
on): decimal `3.2` -> `3.3`, letters `(b)` -> `(c)`, roman `(ii)` -> `(iii)`, annex `A2` -> `A3`,
labels `Standard 3` -> `Standard 4`, parts `II.` -> `III.`. Siblings of one style form a series;
an inserted clause takes the number after the clause it follows and pushes the rest of its
series up, a deleted one pulls them down. A changed number carries into the sub-clauses that
repeat it (`Standard 3` -> `Standard 4` makes `3.1` `4.1`), and items take their parent's ref.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from flask_babel import gettext

from ..drafts.importer import ROMAN_VALUES, number_key, to_roman, tokenize_number

_PART_RE = re.compile(r"[A-Za-z]+|\d+")
_LABEL_HEAD_RE = re.compile(r"(.*\s)(\S+)$")


@dataclass(frozen=True)
class Numeral:
    """A printed clause number cut into the pieces renumbering changes.

    `Standard 3.1` is head "Standard ", parts ("3", "1"), seps ("."); `(b)` is head "(",
    parts ("b",), tail ")". Only the parts change; the rest is printed as it was.
    """

    family: str  # the importer's token kind: "label", "part", "num" or "item"
    head: str
    parts: tuple[str, ...]
    seps: tuple[str, ...]
    tail: str

    @property
    def printed(self) -> str:
        body = self.parts[0] + "".join(
            s + p for s, p in zip(self.seps, self.parts[1:], strict=True)
        )
        return f"{self.head}{body}{self.tail}"

    @property
    def key(self) -> tuple[str, ...]:
        """The parts as the importer compares them for nesting (`3.01` is `3.1`)."""
        return number_key(".".join(self.parts).upper()) if self.family != "item" else ()

    @property
    def series(self) -> tuple:
        """What siblings share to be counted together: style, label, prefix, kind of last part."""
        last = self.parts[-1]
        case = "1" if last.isdigit() else ("A" if last.isupper() else "a")
        prefix = self.key[:-1] if self.family != "item" else ()
        return (
            self.family,
            self.head.lower(),
            prefix,
            case,
            self.tail if self.family == "item" else "",
        )

    def with_last(self, part: str) -> Numeral:
        return replace(self, parts=(*self.parts[:-1], part))

    def with_prefix(self, changes: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> Numeral:
        """The numeral with the longest changed prefix among `changes` (old key, new key) applied."""
        if self.family == "item":
            return self
        key = self.key
        best = None
        for old, new in changes:
            if (
                len(old) < len(key)
                and key[: len(old)] == old
                and (best is None or len(old) > len(best[0]))
            ):
                best = (old, new)
        if best is None:
            return self
        old, new = best
        parts = list(self.parts)
        for index, part in enumerate(new):
            parts[index] = part.lower() if parts[index].islower() else part
        return replace(self, parts=tuple(parts))


def parse(number: str | None) -> Numeral | None:
    """The numeral of a clause number as the importer stored it; None if it is not one."""
    token = tokenize_number(number or "")
    if token is None:
        return None
    text = (number or "").strip()
    head, body = "", text
    if token.kind == "label":
        match = _LABEL_HEAD_RE.match(text)
        if match is None:
            return None
        head, body = match.groups()
    matches = list(_PART_RE.finditer(body))
    if not matches:
        return None
    return Numeral(
        family=token.kind,
        head=head + body[: matches[0].start()],
        parts=tuple(m.group() for m in matches),
        seps=tuple(body[a.end() : b.start()] for a, b in pairwise(matches)),
        tail=body[matches[-1].end() :],
    )


def ref_for(numeral: Numeral, parent_ref: str | None) -> str:
    """The ref a clause with this number gets, as the importer would give it."""
    token = tokenize_number(numeral.printed)
    if token is None:  # cannot happen for a numeral parse() made; kept as the printed text
        return numeral.printed.rstrip(".")
    if token.kind == "item":
        return f"{parent_ref or ''}({token.ref})"
    return token.ref


def ref_for_number(number: str, parent_ref: str | None) -> str:
    """The ref of a number typed by hand: the importer's when it reads as one, else the text."""
    numeral = parse(number)
    if numeral is None:
        return number.strip().rstrip(".").strip()
    return ref_for(numeral, parent_ref)


# -- counting ------------------------------------------------------------------------------
def _kind(first: str) -> str:
    """Digits, letters or roman numerals: decided by the first number of a series.

    As in the importer, `(i)` and multi-letter numerals start a roman list, any other single
    letter a list of letters (so `(i)` after `(h)` stays the letter i).
    """
    if first.isdigit():
        return "1"
    roman = first.lower() in ROMAN_VALUES and (len(first) > 1 or first.lower() == "i")
    return "i" if roman else "a"


def _value(part: str, kind: str) -> int:
    if kind == "1":
        return int(part)
    if kind == "i":
        return ROMAN_VALUES.get(part.lower(), 0)
    value = 0
    for char in part.lower():
        value = value * 26 + ord(char) - ord("a") + 1
    return value


def _format(value: int, kind: str, upper: bool) -> str:
    if kind == "1":
        return str(value)
    if kind == "i":
        text = to_roman(value) if value > 0 else "0"
    else:
        text = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            text = chr(ord("a") + rest) + text
    return text.upper() if upper else text


@dataclass
class Sibling:
    """One clause of a sibling group as the next version sees it.

    state: "kept" (numbered as `numeral`, shifted), "inserted" (numbered after the clause
    before it in its series; `numeral` is that clause's, as a pattern) or "deleted" (pulls
    the clauses after it down).
    """

    numeral: Numeral | None
    state: str


@dataclass
class _Series:
    kind: str
    shift: int = 0
    last: int | None = None


def renumber(siblings: list[Sibling]) -> list[Numeral | None]:
    """The new numeral of each sibling (None for unnumbered and deleted ones), in order."""
    series: dict[tuple, _Series] = {}
    result: list[Numeral | None] = []
    for sibling in siblings:
        numeral = sibling.numeral
        if numeral is None:
            result.append(None)
            continue
        last = numeral.parts[-1]
        state = series.setdefault(numeral.series, _Series(_kind(last)))
        if sibling.state == "deleted":
            state.shift -= 1
            result.append(None)
            continue
        if sibling.state == "inserted":
            value = (state.last if state.last is not None else _value(last, state.kind)) + 1
            state.shift += 1
        else:
            value = _value(last, state.kind) + state.shift
        state.last = value
        upper = last.isupper()
        result.append(numeral.with_last(_format(value, state.kind, upper)))
    return result


# -- cross-references ----------------------------------------------------------------------
def _cited(ref: str) -> bool:
    """Refs a text may cite unambiguously: not a bare number ("1") or a heading."""
    numeral = parse(ref.split("(")[0]) if "(" in ref else parse(ref)
    return numeral is not None and not ref.isdigit()


def cross_references(texts: list[tuple[str, str]], renamed: dict[str, str],
                     removed: list[str]) -> list[str]:  # fmt: skip
    """Texts of the next version that cite a ref which was renumbered or removed: check them."""
    targets = {ref: gettext("now %(ref)s", ref=new) for ref, new in renamed.items() if _cited(ref)}
    targets.update({ref: gettext("deleted") for ref in removed if _cited(ref)})
    if not targets:
        return []
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(r) for r in sorted(targets, key=len, reverse=True))
        + r")(?![\w(]|\.\d)"
    )  # fmt: skip
    found = []
    for ref, text in texts:
        for cited in dict.fromkeys(m.group(1) for m in pattern.finditer(text)):
            found.append(
                gettext("%(ref)s refers to %(cited)s (%(what)s) — check.", ref=ref, cited=cited,
                        what=targets[cited])
            )  # fmt: skip
    return found
