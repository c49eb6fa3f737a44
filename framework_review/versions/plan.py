"""The next version worked out from the chair's decisions, before anything is written.

Pure: it reads the clauses of the closed version and its decided comments, and says what the
next version will hold (text, numbers, refs, lineage), which clauses are deleted, which
accepted changes collide, and what the chair should check by hand. `services.create_successor`
writes the result; the successor page shows it first.

What a decision in force changes (withdrawn comments never count):
- `accepted` replace -> the adopted text (the proposal as accepted); insert -> a new clause
  after the commented one (a sibling, numbered in its style); delete -> the clause goes.
- `accepted_with_modifications` -> the adopted text replaces the clause (or, on an insert, is
  the inserted clause); without adopted text it changes nothing and is listed for the chair.
- an accepted described change (or one without proposal) changes nothing unless adopted text
  was given.

Conflicts: accepted changes to one clause that differ; a delete of a clause whose sub-clauses
are not all deleted too; an insert after a deleted clause. A resolution picks one competing
change (the others are not applied) or gives the text (none is applied; the clause is kept).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..comments.models import Comment, ProposalKind
from ..drafts.models import Clause
from ..review.models import Decision
from .numbering import Numeral, Sibling, cross_references, parse, ref_for, renumber

REPLACE, DELETE, INSERT = "replace", "delete", "insert"


@dataclass(frozen=True)
class Change:
    """The change one accepted comment makes to its clause."""

    comment: Comment
    kind: str  # REPLACE, DELETE or INSERT
    text: str = ""

    @property
    def outcome(self) -> tuple[str, str]:
        return (self.kind, " ".join(self.text.split()) if self.kind == REPLACE else "")


@dataclass(frozen=True)
class Resolution:
    """The chair's answer to a conflict: one competing comment's change, or the text."""

    comment_id: int | None = None
    text: str | None = None


@dataclass
class Conflict:
    clause: Clause
    changes: list[Change]  # the competing changes, one of which may be chosen
    reasons: list[str]
    subclauses: list[Clause] = field(default_factory=list)  # not deleted with it


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


class ResolutionError(ValueError):
    """A resolution that names no conflict or a change that is not one of its competitors."""

    def __init__(self, message: str, clause_id: int):
        super().__init__(message)
        self.message = message
        self.clause_id = clause_id


# -- reading the decisions -----------------------------------------------------------------
def changes_from(comments: Iterable[Comment]) -> tuple[dict[int, list[Change]], list[str]]:
    """The accepted changes per clause id, in comment order, and what needs a hand."""
    changes: dict[int, list[Change]] = defaultdict(list)
    notes: list[str] = []
    for comment in sorted(comments, key=lambda c: c.id):
        disposition = comment.disposition
        if comment.is_withdrawn or disposition is None or not disposition.decision.changes_text:
            continue
        where = f"{comment.code} on {comment.clause_ref}"
        adopted = disposition.adopted_text.strip()
        kind = comment.proposal_kind
        if disposition.decision is Decision.ACCEPTED:
            adopted = adopted or (
                comment.proposal_text if kind in (ProposalKind.REPLACE, ProposalKind.INSERT) else ""
            )
        if comment.clause_id is None:
            if adopted or kind is ProposalKind.TEXT:
                notes.append(
                    f"{where}: a change to the whole document was accepted — apply it by hand."
                )
            continue
        if disposition.decision is Decision.ACCEPTED and kind is ProposalKind.DELETE:
            changes[comment.clause_id].append(Change(comment, DELETE))
        elif adopted:
            change_kind = INSERT if kind is ProposalKind.INSERT else REPLACE
            changes[comment.clause_id].append(Change(comment, change_kind, adopted))
        elif disposition.decision is Decision.ACCEPTED_WITH_MODIFICATIONS:
            notes.append(
                f"{where}: accepted with modifications without adopted text — edit by hand."
            )
        elif kind is ProposalKind.TEXT:
            notes.append(
                f"{where}: a described change was accepted — edit by hand if the text must change."
            )
    return changes, notes


# -- conflicts -----------------------------------------------------------------------------
def _descendants(clause: Clause, children: dict[int | None, list[Clause]]) -> list[Clause]:
    found: list[Clause] = []
    stack = list(reversed(children.get(clause.id, [])))
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(children.get(current.id, [])))
    return found


def _outcomes(changes: list[Change]) -> set[tuple[str, str]]:
    return {c.outcome for c in changes if c.kind != INSERT}


def _children(clauses: list[Clause]) -> dict[int | None, list[Clause]]:
    """Sub-clauses by parent id (None: the top level), in document order."""
    children: dict[int | None, list[Clause]] = defaultdict(list)
    for clause in clauses:
        children[clause.parent_id].append(clause)
    return children


def find_conflicts(clauses: list[Clause], changes: dict[int, list[Change]]) -> dict[int, Conflict]:
    """Every clause whose accepted changes cannot all be applied, whatever is resolved."""
    children = _children(clauses)
    conflicts: dict[int, Conflict] = {}
    for clause in clauses:
        own = changes.get(clause.id, [])
        edits = [c for c in own if c.kind != INSERT]
        inserts = [c for c in own if c.kind == INSERT]
        deleted = any(c.kind == DELETE for c in edits)
        reasons, competing, kept = [], list(edits), []
        if len(_outcomes(own)) > 1:
            reasons.append(f"{len(edits)} accepted changes to this clause differ.")
        if deleted and inserts:
            reasons.append("A clause is to be inserted after this clause, which is deleted.")
            competing += inserts
        if deleted:
            kept = [
                d
                for d in _descendants(clause, children)
                if _outcomes(changes.get(d.id, [])) != {(DELETE, "")}
            ]
            if kept:
                reasons.append(
                    "Deleting it would delete sub-clauses that are not deleted themselves: "
                    + ", ".join(d.ref for d in kept)
                    + "."
                )
        if reasons:
            competing.sort(key=lambda c: c.comment.id)
            conflicts[clause.id] = Conflict(clause, competing, reasons, kept)
    return conflicts


def check_resolutions(
    conflicts: dict[int, Conflict], resolutions: dict[int, Resolution], clauses: dict[int, Clause]
) -> None:
    """Refuse a resolution of a clause without conflict, or a choice that is not competing."""
    for clause_id, resolution in resolutions.items():
        conflict = conflicts.get(clause_id)
        if clause_id not in clauses:
            raise ResolutionError(f"There is no clause {clause_id} in this version.", clause_id)
        if conflict is None:
            raise ResolutionError(
                f"Clause {clauses[clause_id].ref} has no conflict to resolve.", clause_id
            )
        if (resolution.comment_id is None) == (resolution.text is None):
            raise ResolutionError(
                f"Resolve {conflict.clause.ref} with one competing change or with the text.",
                clause_id,
            )
        if resolution.comment_id is not None and not any(
            c.comment.id == resolution.comment_id for c in conflict.changes
        ):
            raise ResolutionError(
                f"Comment {resolution.comment_id} is not one of the changes competing for "
                f"{conflict.clause.ref}.",
                clause_id,
            )


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
            self.notes.append(f"Two clauses would be {base}: one is {new.ref} — renumber it.")
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
                f"{change.comment.code}: the clause inserted after {after.ref} has no number "
                "— give it a number or a heading."
            )
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
    children = _children(clauses)
    builder = _Builder(children, fates)
    builder.group(None, None, children.get(None, []), [])
    for clause in clauses:
        if len(fates[clause.id].inserts) > 1 and clause.id not in builder.gone:
            codes = ", ".join(c.comment.code for c in fates[clause.id].inserts)
            notes.append(
                f"Clauses inserted after {clause.ref} ({codes}) follow the order the "
                "comments were written in — check it."
            )
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
