"""The next version worked out from the chair's decisions, before anything is written.

Pure: it reads the clauses of the closed version and its decided comments, and says what the
next version will hold (text, numbers, refs, lineage), which clauses are deleted, which
accepted changes collide (changes.py), and what the chair should check by hand.
`services.create_successor` writes the result; the successor page shows it first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext

from ..comments.models import Comment
from ..drafts.models import Clause
from .changes import (
    DELETE,
    INSERT,
    Change,
    Conflict,
    Resolution,
    changes_from,
    check_resolutions,
    children_of,
    find_conflicts,
)
from .numbering import Numeral, Sibling, cross_references, parse, ref_for, renumber


@dataclass
class NewClause:
    """A clause of the next version: where it came from, its number and text."""

    source: Clause | None  # None for an inserted clause
    parent: NewClause | None
    level: int
    number: str | None
    ref: str
    heading: str | None
    text: str
    comments: list[Comment]  # whose decisions changed it
    after: Clause | None = None  # for an inserted clause: the clause it follows

    @property
    def text_changed(self) -> bool:
        return self.source is None or self.text != self.source.text

    @property
    def renumbered(self) -> bool:
        return self.source is not None and self.ref != self.source.ref


@dataclass
class Removed:
    clause: Clause
    comments: list[Comment]  # empty for a sub-clause that goes with its parent


@dataclass
class Plan:
    clauses: list[NewClause]
    removed: list[Removed]
    conflicts: list[Conflict]  # every conflict, resolved or not
    unresolved: list[Conflict]
    notes: list[str]

    @property
    def changed(self) -> list[NewClause]:
        return [c for c in self.clauses if c.source is not None and c.text_changed]

    @property
    def inserted(self) -> list[NewClause]:
        return [c for c in self.clauses if c.source is None]

    @property
    def renumbered(self) -> list[NewClause]:
        return [c for c in self.clauses if c.renumbered]


# -- the fate of each clause ---------------------------------------------------------------
@dataclass
class _Fate:
    delete: bool = False
    text: str | None = None
    comments: list[Comment] = field(default_factory=list)
    inserts: list[Change] = field(default_factory=list)


def _fate(own: list[Change], conflict: Conflict | None, resolution: Resolution | None) -> _Fate:
    if conflict is None:
        edits = [c for c in own if c.kind != INSERT]
        fate = _Fate(inserts=[c for c in own if c.kind == INSERT])
        if edits:
            fate.delete = edits[0].kind == DELETE
            fate.text = None if fate.delete else edits[0].text
            fate.comments = [c.comment for c in edits]
        return fate
    others = [c for c in own if c.kind == INSERT and c not in conflict.changes]
    if resolution is None:  # undecided: shown unchanged; creating the version is refused
        return _Fate(inserts=others)
    if resolution.text is not None:
        applied = [c.comment for c in conflict.changes if c.kind != INSERT]
        return _Fate(text=resolution.text, comments=applied, inserts=others)
    chosen = next(c for c in conflict.changes if c.comment.id == resolution.comment_id)
    if chosen.kind == DELETE:
        return _Fate(delete=True, comments=[chosen.comment])
    if chosen.kind == INSERT:
        return _Fate(inserts=sorted([chosen, *others], key=lambda c: c.comment.id))
    return _Fate(text=chosen.text, comments=[chosen.comment], inserts=others)


# -- building the next version -------------------------------------------------------------
Prefixes = list[tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass
class _Builder:
    children: dict[int | None, list[Clause]]
    fates: dict[int, _Fate]
    out: list[NewClause] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)
    refs: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def group(
        self,
        parent: NewClause | None,
        old_parent_ref: str | None,
        clauses: list[Clause],
        prefixes: Prefixes,
    ) -> None:
        """Emit one group of siblings (and, depth first, their sub-clauses), renumbered."""
        entries: list[tuple[str, Clause, Change | None, Numeral | None]] = []
        for clause in clauses:
            numeral = parse(clause.number)
            numeral = numeral.with_prefix(prefixes) if numeral else None
            fate = self.fates[clause.id]
            if fate.delete:
                entries.append(("deleted", clause, None, numeral))
                continue
            entries.append(("kept", clause, None, numeral))
            entries += [("inserted", clause, insert, numeral) for insert in fate.inserts]
        numerals = renumber([Sibling(n, state) for state, _, _, n in entries])
        parent_ref = parent.ref if parent else None
        for (state, clause, insert, _), numeral in zip(entries, numerals, strict=True):
            if state == "deleted":
                self.remove(clause)
            elif state == "inserted":
                self.insert(parent, clause, insert, numeral)
            else:
                number = numeral.printed if numeral else clause.number
                ref = clause.ref
                if numeral and (number != clause.number or parent_ref != old_parent_ref):
                    ref = ref_for(numeral, parent_ref)
                fate = self.fates[clause.id]
                new = self.add(
                    NewClause(
                        source=clause,
                        parent=parent,
                        level=parent.level + 1 if parent else 0,
                        number=number,
                        ref=ref,
                        heading=clause.heading,
                        comments=fate.comments,
                        text=fate.text if fate.text is not None else clause.text,
                    )
                )
                old = parse(clause.number)
                inner = prefixes
                if old and numeral and old.key != numeral.key and old.family != "item":
                    inner = [*prefixes, (old.key, numeral.key)]
                self.group(new, clause.ref, self.children.get(clause.id, []), inner)

    def add(self, new: NewClause) -> NewClause:
        if new.ref in self.refs:
            base, n = new.ref, 2
            while f"{base} ({n})" in self.refs:
                n += 1
            new.ref = f"{base} ({n})"
            self.notes.append(
                gettext("Two clauses would be %(ref)s: one is %(new)s — renumber it.", ref=base,
                        new=new.ref)
            )  # fmt: skip
        self.refs.add(new.ref)
        self.out.append(new)
        return new

    def insert(
        self, parent: NewClause | None, after: Clause, change: Change, numeral: Numeral | None
    ) -> None:
        anchor = next(c for c in reversed(self.out) if c.source is after)
        if numeral is None:
            ref = f"{anchor.ref} (inserted)"
            self.notes.append(
                gettext(
                    "%(code)s: the clause inserted after %(ref)s has no number — give it a "
                    "number or a heading.",
                    code=change.comment.code, ref=after.ref,
                )
            )  # fmt: skip
        else:
            ref = ref_for(numeral, parent.ref if parent else None)
        self.add(
            NewClause(
                source=None,
                parent=parent,
                level=anchor.level,
                ref=ref,
                heading=None,
                number=numeral.printed if numeral else None,
                text=change.text,
                comments=[change.comment],
                after=after,
            )
        )

    def remove(self, clause: Clause) -> None:
        """Delete a clause with its sub-clauses (each with the comments that deleted it, if any)."""
        fate = self.fates[clause.id]
        self.removed.append(Removed(clause, fate.comments if fate.delete else []))
        self.gone.add(clause.id)
        for child in self.children.get(clause.id, []):
            self.remove(child)


def plan_successor(
    clauses: list[Clause],
    comments: Iterable[Comment],
    resolutions: dict[int, Resolution] | None = None,
) -> Plan:
    """The next version of `clauses` (document order) under the decisions on `comments`."""
    resolutions = resolutions or {}
    changes, notes = changes_from(comments)
    conflicts = find_conflicts(clauses, changes)
    check_resolutions(conflicts, resolutions, {c.id: c for c in clauses})
    fates = {
        c.id: _fate(changes.get(c.id, []), conflicts.get(c.id), resolutions.get(c.id))
        for c in clauses
    }
    children = children_of(clauses)
    builder = _Builder(children, fates)
    builder.group(None, None, children.get(None, []), [])
    for clause in clauses:
        if len(fates[clause.id].inserts) > 1 and clause.id not in builder.gone:
            codes = ", ".join(c.comment.code for c in fates[clause.id].inserts)
            notes.append(
                gettext(
                    "Clauses inserted after %(ref)s (%(codes)s) follow the order the comments "
                    "were written in — check it.",
                    ref=clause.ref, codes=codes,
                )
            )  # fmt: skip
    # A conflict inside a deleted clause is settled by that deletion.
    unresolved = [
        k
        for k in conflicts.values()
        if k.clause.id not in resolutions and k.clause.id not in builder.gone
    ]
    renamed = {c.source.ref: c.ref for c in builder.out if c.renumbered}
    removed = [r.clause.ref for r in builder.removed]
    notes += cross_references([(c.ref, c.text) for c in builder.out], renamed, removed)
    return Plan(
        builder.out, builder.removed, list(conflicts.values()), unresolved, notes + builder.notes
    )
