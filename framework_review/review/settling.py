"""Settling clauses: a settled clause (with its sub-clauses, if asked) takes no new comments,
amendments or support; the chair (and the secretariat where the version allows it) settles and
reopens. Used through `review.services`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..accounts.models import User
from ..comments.services import NotAllowed
from ..core import audit
from ..core.time import utcnow
from ..drafts.models import Clause, VersionStatus
from ..extensions import db
from ..notifications import services as notify
from .services import Superseded


def _ensure_may_settle(clause: Clause, user: User) -> None:
    if not clause.version.can_review(user):
        raise NotAllowed(
            _(
                "Only the working group chair settles clauses (the secretariat too, where the "
                "version allows it)."
            )
        )
    if clause.version.status is VersionStatus.SUPERSEDED:
        raise Superseded(
            _(
                "%(version)s has been superseded: its clauses stay as they were.",
                version=clause.version.label,
            )
        )


def with_subclauses(clause: Clause) -> list[Clause]:
    """The clause and every clause below it, in document order (two queries)."""
    rows = db.session.execute(
        sa.select(Clause.id, Clause.parent_id).where(Clause.version_id == clause.version_id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for clause_id, parent_id in rows:
        children.setdefault(parent_id, []).append(clause_id)
    ids, todo = [], [clause.id]
    while todo:
        current = todo.pop()
        ids.append(current)
        todo.extend(children.get(current, []))
    return list(
        db.session.scalars(sa.select(Clause).where(Clause.id.in_(ids)).order_by(Clause.position))
    )


def settle_clause(clause: Clause, user: User, with_subclauses_too: bool = False) -> list[Clause]:
    """Settle a clause (and its sub-clauses): no new comments, amendments or support there.

    Returns the clauses that changed; those settled already keep their date.
    """
    _ensure_may_settle(clause, user)
    targets = with_subclauses(clause) if with_subclauses_too else [clause]
    changed = [c for c in targets if not c.is_settled]
    if not changed:
        return []
    now = utcnow()
    for item in changed:
        item.settled_at, item.settled_by_id = now, user.id
    db.session.flush()
    refs = [c.ref for c in changed]
    audit.record(user, "clause.settle", clause, f"Settled {', '.join(refs)}"[:500], refs=refs)
    notify.clauses_settled(clause, changed, user)
    return changed


def unsettle_clause(clause: Clause, user: User, with_subclauses_too: bool = False) -> list[Clause]:
    """Open a settled clause (and its sub-clauses) to comments again; returns what changed."""
    _ensure_may_settle(clause, user)
    targets = with_subclauses(clause) if with_subclauses_too else [clause]
    changed = [c for c in targets if c.is_settled]
    if not changed:
        return []
    for item in changed:
        item.settled_at, item.settled_by_id = None, None
    db.session.flush()
    refs = [c.ref for c in changed]
    audit.record(user, "clause.unsettle", clause, f"Reopened {', '.join(refs)}"[:500], refs=refs)
    return changed
