"""Drafts, their versions (each with a comment period) and the clauses of each version."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import enum_column
from ..core.time import utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..versions.models import ClauseOrigin


class VersionStatus(enum.StrEnum):
    PREPARATION = "preparation"
    OPEN = "open"
    CLOSED = "closed"
    SUPERSEDED = "superseded"


class Draft(db.Model):
    """A document under review, such as the Framework of Standards; it has numbered versions."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[Version]] = relationship(
        back_populates="draft", order_by="Version.number"
    )

    @property
    def latest_version(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    def versions_visible_to(self, user: User) -> list[Version]:
        return [v for v in self.versions if v.can_view(user)]


class Version(db.Model):
    """One version of a draft ("Draft 1"), with its comment period and clauses."""

    __tablename__ = "version"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("draft.id"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(100))
    slug: Mapped[str] = mapped_column(sa.String(120))
    status: Mapped[VersionStatus] = mapped_column(
        enum_column(VersionStatus), default=VersionStatus.PREPARATION
    )
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    # Some bodies collect comments blind: delegates see only their own until the period closes.
    comments_visible_during_period: Mapped[bool] = mapped_column(default=True)
    # Observers (international organisations, private sector) comment only where allowed.
    observers_may_comment: Mapped[bool] = mapped_column(default=False)
    # The chair drafts decisions unseen, then publishes them to the delegations.
    dispositions_visible: Mapped[bool] = mapped_column(default=False)
    # The secretariat records decisions and settles clauses too, where the chair wants it.
    secretariat_may_decide: Mapped[bool] = mapped_column(default=False)
    # Delegates may download the full consolidated report (their own comments: always).
    report_released: Mapped[bool] = mapped_column(default=False)
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    introduction_html: Mapped[str] = mapped_column(sa.Text, default="")
    source_filename: Mapped[str] = mapped_column(sa.String(255), default="")
    imported_at: Mapped[datetime | None]
    previous_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("version.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions")
    clauses: Mapped[list[Clause]] = relationship(
        back_populates="version", order_by="Clause.position"
    )
    previous_version: Mapped[Version | None] = relationship(
        remote_side=[id], foreign_keys=[previous_version_id], back_populates="successors"
    )
    # The versions generated from this one (at most one: see versions.services).
    successors: Mapped[list[Version]] = relationship(
        foreign_keys=[previous_version_id], back_populates="previous_version", order_by="Version.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("draft_id", "number"),
        sa.UniqueConstraint("draft_id", "slug"),
    )

    def can_view(self, user: User) -> bool:
        """A version in preparation is the secretariat's working copy: officers only."""
        if not user.is_authenticated:
            return False
        return user.is_officer or self.status is not VersionStatus.PREPARATION

    def can_review(self, user: User) -> bool:
        """Who records decisions and settles clauses: the chair; the secretariat if allowed."""
        if not user.is_authenticated:
            return False
        return user.is_chair or (user.is_secretariat and self.secretariat_may_decide)

    def can_see_review(self, user: User) -> bool:
        """The review screen (every comment with its disposition) is for the officers."""
        return bool(user.is_authenticated and user.is_officer and self.can_view(user))

    def can_change_review_settings(self, user: User) -> bool:
        """Publishing decisions and letting the secretariat decide: either officer."""
        return self.can_see_review(user) and self.status is not VersionStatus.SUPERSEDED

    def dispositions_visible_to(self, user: User) -> bool:
        """Officers always; delegates once the chair has published the decisions."""
        return bool(user.is_authenticated and (user.is_officer or self.dispositions_visible))

    def can_create_successor(self, user: User) -> bool:
        """The chair or the secretariat generates the next version once the period has closed."""
        return bool(
            user.is_authenticated
            and user.is_officer
            and self.period_phase() == "closed"
            and not self.successors
        )

    def can_edit_clauses(self, user: User) -> bool:
        """Officers edit the text, headings and numbers of a version still in preparation."""
        return bool(
            user.is_authenticated and user.is_officer and self.status is VersionStatus.PREPARATION
        )

    def can_publish(self, user: User) -> bool:
        """Officers open the comment period of a generated version, superseding the previous."""
        return self.can_edit_clauses(user) and self.previous_version_id is not None

    # -- the consolidated report, statistics and the offline comment table (reports/) -----
    def report_scope(self, user: User) -> str | None:
        """Whose comments `user` may download in the report: 'all', 'own' (their
        administration's), or None. Officers: all; delegates: their own, and all once the
        secretariat has released the report (blind collection still applies)."""
        if not self.can_view(user):
            return None
        if user.is_officer:
            return "all"
        if self.report_released and self.comments_visible_to(user) == "all":
            return "all"
        return "own"

    def can_see_statistics(self, user: User) -> bool:
        """Officers; delegates once the full report and the decisions are released to them."""
        return self.report_scope(user) == "all" and self.dispositions_visible_to(user)

    def can_use_comment_table(self, user: User) -> bool:
        """Delegates admitted to comment fill in the offline table; the secretariat enters
        tables for administrations. The comment period is checked when the file arrives."""
        if not self.can_view(user):
            return False
        return user.is_secretariat or (user.is_delegate and self.admits_commenter(user))

    def admits_commenter(self, user: User) -> bool:
        """Members' delegates always; observers' delegates when the secretariat allows it."""
        administration = user.administration
        return (
            administration is None or not administration.is_observer or self.observers_may_comment
        )

    def is_open_for_comment(self, now: datetime | None = None) -> bool:
        """Open status and, when set, inside the opening and closing times (server clock, UTC)."""
        now = now or utcnow()
        if self.status is not VersionStatus.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def period_phase(self, now: datetime | None = None) -> str:
        """'preparation', 'scheduled', 'open', 'closed' or 'superseded', as readers see it."""
        now = now or utcnow()
        if self.status is VersionStatus.OPEN:
            if self.opens_at and now < self.opens_at:
                return "scheduled"
            if self.closes_at and now >= self.closes_at:
                return "closed"
            return "open"
        return self.status.value

    def period_message(self, now: datetime | None = None) -> str:
        """Why comments are or are not accepted now, with the dates of the period."""
        fmt = "%d %B %Y %H:%M UTC"
        phase = self.period_phase(now)
        if phase == "open":
            if self.closes_at:
                return f"The comment period is open until {self.closes_at.strftime(fmt)}."
            return "The comment period is open."
        if phase == "scheduled":
            return (
                f"The comment period has not opened yet: it opens on {self.opens_at.strftime(fmt)}."
            )
        if phase == "preparation":
            return "This version is in preparation: the comment period has not been opened."
        if phase == "superseded":
            return "This version has been superseded by a later one; it takes no more comments."
        if self.closes_at:
            return f"The comment period closed on {self.closes_at.strftime(fmt)}."
        return "The comment period is closed."

    def comments_visible_to(self, user: User) -> str:
        """'all' or 'own': which comments of other administrations `user` may read now."""
        if user.is_officer or self.comments_visible_during_period:
            return "all"
        return "all" if self.period_phase() in ("closed", "superseded") else "own"

    def can_be_reimported(self) -> bool:
        return self.status is VersionStatus.PREPARATION


class Clause(db.Model):
    """A numbered unit of the text that readers cite ("3.2(b)") and comment on."""

    __tablename__ = "clause"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"), index=True)
    position: Mapped[int]
    level: Mapped[int] = mapped_column(default=0)
    ref: Mapped[str] = mapped_column(sa.String(120))
    number: Mapped[str | None] = mapped_column(sa.String(60))
    heading: Mapped[str | None] = mapped_column(sa.String(500))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    text_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Set by the chair: a settled clause takes no new comments.
    settled_at: Mapped[datetime | None]
    settled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    # The clause of the previous version this one came from, so history is one click away.
    source_clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clause.id"))

    version: Mapped[Version] = relationship(back_populates="clauses")
    parent: Mapped[Clause | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    source_clause: Mapped[Clause | None] = relationship(
        remote_side=[id], foreign_keys=[source_clause_id]
    )
    # The comments whose accepted changes made this clause (versions.models); load it eagerly.
    origins: Mapped[list[ClauseOrigin]] = relationship(
        "ClauseOrigin",
        foreign_keys="ClauseOrigin.clause_id",
        viewonly=True,
        order_by="ClauseOrigin.comment_id",
    )

    __table_args__ = (
        sa.UniqueConstraint("version_id", "ref"),
        sa.UniqueConstraint("version_id", "position"),
    )

    @property
    def is_settled(self) -> bool:
        return self.settled_at is not None

    def can_settle(self, user: User) -> bool:
        """Who settles a clause (and undoes it): whoever reviews, until the version is superseded."""
        return self.version.can_review(user) and self.version.status is not VersionStatus.SUPERSEDED

    def can_follow(self, user: User) -> bool:
        """Officers may follow a clause to hear of each new comment on it."""
        return self.version.can_see_review(user)

    @property
    def title(self) -> str:
        """How the clause is named in lists: number and heading, or its ref."""
        parts = [p for p in (self.number, self.heading) if p]
        return " ".join(parts) if parts else self.ref

    def __repr__(self) -> str:
        return f"<Clause {self.ref}>"


class DraftUpload(db.Model):
    """A file the secretariat uploaded, kept while the clause tree is previewed and confirmed."""

    __tablename__ = "draft_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    # Set when the upload re-imports into an existing version in preparation.
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("version.id"))
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "pending", then "imported" or "cancelled"; kept as a record of what was imported.
    state: Mapped[str] = mapped_column(sa.String(20), default="pending")
    # The clause tree parsed at upload (ParsedDraft as JSON): preview and confirm reuse it
    # rather than parse the file again. None for uploads made before it was kept.
    parsed: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    version: Mapped[Version | None] = relationship()
