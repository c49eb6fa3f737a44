"""Comments (with proposed amendments), their edit history, threaded replies and support."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Administration, User
from ..core.models import enum_column
from ..core.time import utcnow
from ..drafts.models import Clause, Version, VersionStatus
from ..extensions import db
from ..review.models import Disposition, Feedback


class CommentType(enum.StrEnum):
    GENERAL = "ge"
    TECHNICAL = "te"
    EDITORIAL = "ed"

    @property
    def title(self) -> str:
        return {"ge": "General", "te": "Technical", "ed": "Editorial"}[self.value]


class ProposalKind(enum.StrEnum):
    REPLACE = "replace"  # new text for the clause
    INSERT = "insert"  # a new clause after this one
    DELETE = "delete"  # remove the clause
    TEXT = "text"  # a proposed change in words, as in the comment table's column

    @property
    def title(self) -> str:
        return {
            "replace": "Replace the clause text",
            "insert": "Insert a new clause after this one",
            "delete": "Delete the clause",
            "text": "Proposed change (described)",
        }[self.value]


class CommentStatus(enum.StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"


class Comment(db.Model):
    """One row of the comment table: an administration's comment on a clause (or the whole text)."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"), index=True)
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    sequence: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(24))
    type: Mapped[CommentType] = mapped_column(enum_column(CommentType, 2))
    locator: Mapped[str] = mapped_column(sa.String(200), default="")
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    proposal_kind: Mapped[ProposalKind | None] = mapped_column(enum_column(ProposalKind))
    proposal_text: Mapped[str] = mapped_column(sa.Text, default="")
    # The redline (replace / insert / delete) or rendered text, made when the comment is saved.
    proposal_html: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[CommentStatus] = mapped_column(
        enum_column(CommentStatus), default=CommentStatus.OPEN
    )
    revision: Mapped[int] = mapped_column(default=1)
    # Edits of the text only (withdrawal also bumps `revision`, but is not an edit).
    edit_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    withdrawn_at: Mapped[datetime | None]
    # The chair's decision in force (None: open) and the delegation's answer to it. Set with
    # a compare-and-set UPDATE by review.services, so a decision never bumps `revision`.
    disposition_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("disposition.id", use_alter=True)
    )
    feedback_id: Mapped[int | None] = mapped_column(sa.ForeignKey("feedback.id", use_alter=True))
    # Set when the secretariat entered the comment for the administration (received by e-mail).
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    # Clause and text of a row read from an uploaded comment table, so a second upload of the
    # same file finds it even after the comment was edited (reports.comment_table).
    fingerprint: Mapped[str | None] = mapped_column(sa.String(64))

    version: Mapped[Version] = relationship()
    clause: Mapped[Clause | None] = relationship()
    administration: Mapped[Administration] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    replies: Mapped[list[Reply]] = relationship(back_populates="comment", order_by="Reply.id")
    supports: Mapped[list[Support]] = relationship(back_populates="comment", order_by="Support.id")
    revisions: Mapped[list[CommentRevision]] = relationship(
        back_populates="comment", order_by="CommentRevision.revision"
    )
    disposition: Mapped[Disposition | None] = relationship(foreign_keys=[disposition_id])
    feedback: Mapped[Feedback | None] = relationship(foreign_keys=[feedback_id])

    __table_args__ = (
        sa.UniqueConstraint("version_id", "code"),
        sa.UniqueConstraint("version_id", "administration_id", "sequence"),
    )
    # The UPDATE carries "WHERE revision = <seen>": two concurrent saves cannot both win.
    __mapper_args__ = {"version_id_col": revision}

    @property
    def is_withdrawn(self) -> bool:
        return self.status is CommentStatus.WITHDRAWN

    @property
    def is_amendment(self) -> bool:
        return self.proposal_kind in (
            ProposalKind.REPLACE,
            ProposalKind.INSERT,
            ProposalKind.DELETE,
        )

    @property
    def entered_by_secretariat(self) -> bool:
        """Received outside the site (e-mail) and entered by the secretariat for the member."""
        return self.entered_by_id is not None

    @property
    def clause_ref(self) -> str:
        return self.clause.ref if self.clause else "General"

    @property
    def supporter_codes(self) -> list[str]:
        return [s.administration.code for s in self.supports if s.active]

    def accepts_changes_now(self) -> bool:
        """Period open and clause not settled: the rule for writing, editing and support."""
        if not self.version.is_open_for_comment():
            return False
        return not (self.clause and self.clause.is_settled)

    # -- permissions ----------------------------------------------------------------------
    def can_view(self, user: User) -> bool:
        if not user.is_authenticated or not self.version.can_view(user):
            return False
        if self.version.comments_visible_to(user) == "all":
            return True
        return user.administration_id == self.administration_id

    def is_own(self, user: User) -> bool:
        """A delegation speaks as one: any delegate of the administration may act on its comments."""
        return bool(
            user.is_authenticated
            and user.is_delegate
            and user.administration_id == self.administration_id
        )

    def can_edit(self, user: User) -> bool:
        return self.is_own(user) and not self.is_withdrawn and self.accepts_changes_now()

    def can_withdraw(self, user: User) -> bool:
        return self.can_edit(user)

    def can_support(self, user: User) -> bool:
        return bool(
            user.is_authenticated
            and user.is_delegate
            and user.administration_id != self.administration_id
            and self.version.admits_commenter(user)
            and not self.is_withdrawn
            and self.can_view(user)
            and self.accepts_changes_now()
        )

    def is_supported_by(self, administration_id: int | None) -> bool:
        return any(s.active and s.administration_id == administration_id for s in self.supports)

    def can_decide(self, user: User) -> bool:
        """The chair (or the secretariat where allowed) records decisions on what it can see."""
        return self.version.can_review(user) and self.can_view(user)

    def accepts_decisions(self) -> bool:
        """Not withdrawn and its version not superseded: the state a decision needs."""
        return not self.is_withdrawn and self.version.status is not VersionStatus.SUPERSEDED

    def visible_disposition(self, user: User) -> Disposition | None:
        """The decision in force as `user` may see it: None while open or not yet published."""
        if self.disposition is None or not self.version.dispositions_visible_to(user):
            return None
        return self.disposition

    def can_see_feedback(self, user: User) -> bool:
        """The delegation's answers are read by that delegation and by the officers."""
        return bool(user.is_authenticated and (user.is_officer or self.is_own(user)))

    def visible_feedback(self, user: User) -> Feedback | None:
        """The delegation's answer to the decision in force, for those who may read it."""
        if self.feedback is None or self.visible_disposition(user) is None:
            return None
        return self.feedback if self.can_see_feedback(user) else None

    def can_give_feedback(self, user: User) -> bool:
        """The delegation that wrote the comment answers a decision it can see."""
        return (
            self.is_own(user)
            and not self.is_withdrawn
            and self.visible_disposition(user) is not None
        )

    def can_reply(self, user: User) -> bool:
        """Delegates reply during the period where they may comment (observers only where the
        secretariat admits them); the chair and secretariat also after the period."""
        if not user.is_authenticated or not self.can_view(user):
            return False
        if user.is_officer:
            return self.version.period_phase() != "superseded" or user.is_secretariat
        return self.version.admits_commenter(user) and self.version.is_open_for_comment()


class RevisionMixin:
    """Columns shared by the history rows of comments and replies: who wrote a text and when."""

    revision: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentRevision(RevisionMixin, db.Model):
    """The text a comment had before an edit; the comment's history is these rows in order."""

    __tablename__ = "comment_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    type: Mapped[CommentType] = mapped_column(enum_column(CommentType, 2))
    locator: Mapped[str] = mapped_column(sa.String(200), default="")
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    proposal_kind: Mapped[ProposalKind | None] = mapped_column(enum_column(ProposalKind))
    proposal_text: Mapped[str] = mapped_column(sa.Text, default="")
    proposal_html: Mapped[str] = mapped_column(sa.Text, default="")
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    replaced_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))

    comment: Mapped[Comment] = relationship(back_populates="revisions")
    written_by: Mapped[User] = relationship(foreign_keys=[written_by_id])
    replaced_by: Mapped[User] = relationship(foreign_keys=[replaced_by_id])


class Reply(db.Model):
    """A message in a comment's thread, from any logged-in user."""

    __tablename__ = "reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    # Recorded at writing time: a delegate who moves keeps their old replies where they were.
    administration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administration.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    revision: Mapped[int] = mapped_column(default=1)
    edit_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="replies")
    author: Mapped[User] = relationship()
    administration: Mapped[Administration | None] = relationship()
    revisions: Mapped[list[ReplyRevision]] = relationship(
        back_populates="reply", order_by="ReplyRevision.revision"
    )

    __mapper_args__ = {"version_id_col": revision}

    def can_edit(self, user: User) -> bool:
        """Authors edit their own replies while they could still write one."""
        return bool(
            user.is_authenticated and user.id == self.author_id and self.comment.can_reply(user)
        )


class ReplyRevision(RevisionMixin, db.Model):
    """The text a reply had before an edit."""

    __tablename__ = "reply_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(sa.ForeignKey("reply.id"), index=True)
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    replaced_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))

    reply: Mapped[Reply] = relationship(back_populates="revisions")
    written_by: Mapped[User] = relationship(foreign_keys=[written_by_id])
    replaced_by: Mapped[User] = relationship(foreign_keys=[replaced_by_id])


class Support(db.Model):
    """An administration co-sponsoring another's comment; taking it back keeps the row."""

    __tablename__ = "support"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    comment: Mapped[Comment] = relationship(back_populates="supports")
    administration: Mapped[Administration] = relationship()
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("comment_id", "administration_id"),)
