"""A clause's neighbours in time: the clause of the previous version it came from (with the
comments whose accepted changes made it) and what became of it in the next versions."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from ..accounts.models import User
from ..comments.models import Comment
from ..drafts.models import Clause, Version
from ..extensions import db
from .models import ClauseOrigin


@dataclass
class Lineage:
    """A clause's neighbours in time: where it came from and what became of it."""

    previous: Version | None = None
    source: Clause | None = None
    changed_by: list[Comment] = field(default_factory=list)
    following: list[tuple[Version, Clause | None]] = field(default_factory=list)


def clause_lineage(clause: Clause, user: User) -> Lineage:
    """The clause it came from (with the comments that changed it) and its next versions' one.

    One query: the previous version and the versions made from this one, each with the
    matching clause (None: there is none, it was inserted or deleted), and the origins.
    """
    version = clause.version
    linked = sa.or_(Clause.id == clause.source_clause_id, Clause.source_clause_id == clause.id)
    rows = db.session.execute(
        sa.select(Version, Clause, Comment)
        .outerjoin(Clause, sa.and_(Clause.version_id == Version.id, linked))
        .outerjoin(ClauseOrigin, sa.and_(ClauseOrigin.clause_id == clause.id,
                                          Version.id == version.previous_version_id))
        .outerjoin(Comment, Comment.id == ClauseOrigin.comment_id)
        .where(sa.or_(Version.id == version.previous_version_id,
                      Version.previous_version_id == version.id))
        .order_by(Version.number, Comment.id)
    ).all()  # fmt: skip
    lineage = Lineage()
    for other, match, comment in rows:
        if not other.can_view(user):
            continue
        if other.id == version.previous_version_id:
            lineage.previous, lineage.source = other, match
            if comment is not None:
                lineage.changed_by.append(comment)
        else:
            lineage.following.append((other, match))
    return lineage
