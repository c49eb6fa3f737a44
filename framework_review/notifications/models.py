"""In-app notifications (what happened to a user's comments or clauses) and clauses followed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import enum_column
from ..core.time import utcnow
from ..drafts.models import Clause, Version
from ..extensions import db

if TYPE_CHECKING:
    from ..comments.models import Comment


class NotificationKind(enum.StrEnum):
    REPLY = "reply"  # a reply on a comment of the user's administration
    DECISION = "decision"  # a (visible) decision on such a comment, or its reversal
    PUBLISHED = "published"  # the chair published the decisions of a version
    SETTLED = "settled"  # a clause the administration commented on was settled
    FEEDBACK = "feedback"  # a delegation is not satisfied with a decision (for reviewers)
    NEW_COMMENT = "new_comment"  # a new comment on a clause the user follows

    @property
    def title(self) -> str:
        return str(_KIND_TITLES[self.value])


_KIND_TITLES = {
    "reply": _l("Reply"),
    "decision": _l("Decision"),
    "published": _l("Decisions published"),
    "settled": _l("Clause settled"),
    "feedback": _l("Not satisfied"),
    "new_comment": _l("New comment"),
}


class Notification(db.Model):
    """One event told to one user; read once they have seen it on their notifications page."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    # What happened, in a sentence written when it happened (plain text).
    message: Mapped[str] = mapped_column(sa.String(500))
    # What the sentence is made of (names, refs, counts), so that each reader gets it in their
    # language (notifications/messages.py); None on rows written before there were two.
    data: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id"))
    clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    version: Mapped[Version] = relationship()
    comment: Mapped[Comment | None] = relationship()
    clause: Mapped[Clause | None] = relationship()

    # The unread count in every page's header reads this index only.
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ClauseFollow(db.Model):
    """An officer who wants to hear of new comments on a clause; unfollowing keeps the row."""

    __tablename__ = "clause_follow"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    clause_id: Mapped[int] = mapped_column(sa.ForeignKey("clause.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    clause: Mapped[Clause] = relationship()

    __table_args__ = (sa.UniqueConstraint("user_id", "clause_id"),)
