"""Which decisions made each clause of a generated version: the link from text to discussion."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..comments.models import Comment
from ..extensions import db


class ClauseOrigin(db.Model):
    """A comment whose accepted change was applied when a version was generated from the last.

    `clause_id` is the clause it made in the new version (NULL when the change deleted the
    clause); `source_clause_id` the clause of the previous version it was made on (for an
    inserted clause, the clause it follows). A comment changes one clause, so it appears at
    most once per generated version.
    """

    __tablename__ = "clause_origin"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"), index=True)
    source_clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"), index=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"))

    # Always wanted with its code, so loading origins brings their comments in the same query.
    comment: Mapped[Comment] = relationship(lazy="joined")

    __table_args__ = (sa.UniqueConstraint("version_id", "comment_id"),)
