"""Helpers for the versions tests: amendments, decisions, closing and the next version."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.accounts.models import User
from framework_review.comments.models import Comment
from framework_review.drafts.models import Clause, Version, VersionStatus
from framework_review.extensions import db
from framework_review.review import services as review
from framework_review.versions import services
from framework_review.versions.changes import Resolution
from framework_review.versions.models import ClauseOrigin
from tests.comments.helpers import add

FR_TEXT = "Members should collect the seller's data before goods arrive."
KE_TEXT = "Members should collect the data listed below when goods are declared."


def compete(version: Version, people) -> tuple[Comment, Comment]:
    """FR and KE replacements of 1.2 with different texts, both accepted: a conflict."""
    fr = amend(version, "1.2", people.delegate, "replace", FR_TEXT)
    ke = amend(version, "1.2", people.other, "replace", KE_TEXT)
    decide(fr)
    decide(ke)
    return fr, ke


def amend(version: Version, ref: str, author: User, kind: str | None = None, text: str = "",
          body: str = "A comment.") -> Comment:  # fmt: skip
    """A comment on `ref`, with a proposed change of `kind` when given."""
    fields = {"proposal_kind": kind, "proposal_text": text} if kind else {}
    return add(version, ref, author, body, **fields)


def decide(comment: Comment, decision: str = "accepted", adopted: str | None = None) -> None:
    chair = db.session.scalar(sa.select(User).where(User.username == "chair"))
    review.decide(comment, chair, decision, "Decided by the group.", adopted,
                  expected=comment.disposition_id)  # fmt: skip
    db.session.commit()


def close(version: Version) -> Version:
    version.status = VersionStatus.CLOSED
    db.session.commit()
    return version


def successor(version: Version, user: User, label: str = "", **resolutions) -> Version:
    """The next version, committed; resolutions as clause id -> comment or text."""
    chosen = {
        clause_id: Resolution(comment_id=r.id) if isinstance(r, Comment) else Resolution(text=r)
        for clause_id, r in resolutions.get("resolutions", {}).items()
    }
    new = services.create_successor(version, user, label, chosen)
    db.session.commit()
    return new


def clauses(version: Version) -> list[Clause]:
    return list(
        db.session.scalars(
            sa.select(Clause).where(Clause.version_id == version.id).order_by(Clause.position)
        )
    )


def refs(version: Version) -> list[str]:
    return [c.ref for c in clauses(version)]


def texts(version: Version) -> dict[str, str]:
    return {c.ref: c.text for c in clauses(version)}


def origins(version: Version) -> list[tuple[str | None, str | None, str]]:
    """(new clause ref, source clause ref, comment code) of each origin of `version`."""
    result = []
    for origin in db.session.scalars(
        sa.select(ClauseOrigin).where(ClauseOrigin.version_id == version.id)
    ):
        new = db.session.get(Clause, origin.clause_id) if origin.clause_id else None
        old = db.session.get(Clause, origin.source_clause_id)
        result.append((new.ref if new else None, old.ref if old else None, origin.comment.code))
    return sorted(result, key=lambda r: r[2])
