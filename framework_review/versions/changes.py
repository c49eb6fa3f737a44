"""The changes the chair's decisions make, and where they collide.

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

from flask_babel import gettext as _

from ..comments.models import Comment, ProposalKind
from ..drafts.models import Clause
from ..review.models import Decision

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
        where = {"code": comment.code, "clause": comment.clause_ref}
        adopted = disposition.adopted_text.strip()
        kind = comment.proposal_kind
        if disposition.decision is Decision.ACCEPTED:
            adopted = adopted or (
                comment.proposal_text if kind in (ProposalKind.REPLACE, ProposalKind.INSERT) else ""
            )
        if comment.clause_id is None:
            if adopted or kind is ProposalKind.TEXT:
                notes.append(
                    _(
                        "%(code)s on %(clause)s: a change to the whole document was accepted — "
                        "apply it by hand.",
                        **where,
                    )
                )
            continue
        if disposition.decision is Decision.ACCEPTED and kind is ProposalKind.DELETE:
            changes[comment.clause_id].append(Change(comment, DELETE))
        elif adopted:
            change_kind = INSERT if kind is ProposalKind.INSERT else REPLACE
            changes[comment.clause_id].append(Change(comment, change_kind, adopted))
        elif disposition.decision is Decision.ACCEPTED_WITH_MODIFICATIONS:
            notes.append(
                _(
                    "%(code)s on %(clause)s: accepted with modifications without adopted text — "
                    "edit by hand.",
                    **where,
                )
            )
        elif kind is ProposalKind.TEXT:
            notes.append(
                _(
                    "%(code)s on %(clause)s: a described change was accepted — edit by hand if "
                    "the text must change.",
                    **where,
                )
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


def children_of(clauses: list[Clause]) -> dict[int | None, list[Clause]]:
    """Sub-clauses by parent id (None: the top level), in document order."""
    children: dict[int | None, list[Clause]] = defaultdict(list)
    for clause in clauses:
        children[clause.parent_id].append(clause)
    return children


def find_conflicts(clauses: list[Clause], changes: dict[int, list[Change]]) -> dict[int, Conflict]:
    """Every clause whose accepted changes cannot all be applied, whatever is resolved."""
    children = children_of(clauses)
    conflicts: dict[int, Conflict] = {}
    for clause in clauses:
        own = changes.get(clause.id, [])
        edits = [c for c in own if c.kind != INSERT]
        inserts = [c for c in own if c.kind == INSERT]
        deleted = any(c.kind == DELETE for c in edits)
        reasons, competing, kept = [], list(edits), []
        if len(_outcomes(own)) > 1:
            reasons.append(_("%(count)d accepted changes to this clause differ.", count=len(edits)))
        if deleted and inserts:
            reasons.append(_("A clause is to be inserted after this clause, which is deleted."))
            competing += inserts
        if deleted:
            kept = [
                d
                for d in _descendants(clause, children)
                if _outcomes(changes.get(d.id, [])) != {(DELETE, "")}
            ]
            if kept:
                reasons.append(
                    _(
                        "Deleting it would delete sub-clauses that are not deleted themselves: "
                        "%(refs)s.",
                        refs=", ".join(d.ref for d in kept),
                    )
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
            raise ResolutionError(
                _("There is no clause %(id)d in this version.", id=clause_id), clause_id
            )
        if conflict is None:
            raise ResolutionError(
                _("Clause %(ref)s has no conflict to resolve.", ref=clauses[clause_id].ref),
                clause_id,
            )
        if (resolution.comment_id is None) == (resolution.text is None):
            raise ResolutionError(
                _(
                    "Resolve %(ref)s with one competing change or with the text.",
                    ref=conflict.clause.ref,
                ),
                clause_id,
            )
        if resolution.comment_id is not None and not any(
            c.comment.id == resolution.comment_id for c in conflict.changes
        ):
            raise ResolutionError(
                _(
                    "Comment %(id)d is not one of the changes competing for %(ref)s.",
                    id=resolution.comment_id, ref=conflict.clause.ref,
                ),
                clause_id,
            )  # fmt: skip
