"""Dispositions (the chair's decision on a comment, with its history) and members' feedback.

Decisions are rows that are only ever added: changing a decision or reverting it to open adds
a row, and `Comment.disposition_id` points at the one in force (NULL while the comment is open).
`Comment.status` stays about the author (open / withdrawn).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Administration, User
from ..core.models import enum_column
from ..core.time import utcnow
from ..extensions import db


class Decision(enum.StrEnum):
    """The vocabulary of the comment table's Observations column."""

    OPEN = "open"  # only on a record that reverts an earlier decision
    ACCEPTED = "accepted"
    ACCEPTED_WITH_MODIFICATIONS = "accepted_with_modifications"
    NOT_ACCEPTED = "not_accepted"
    NOTED = "noted"

    @property
    def title(self) -> str:
        """The decision's name in the language of the request."""
        return str(DECISION_TITLES[self.value])

    @property
    def changes_text(self) -> bool:
        """Whether the decision can change the text of the next version."""
        return self in (Decision.ACCEPTED, Decision.ACCEPTED_WITH_MODIFICATIONS)


DECISION_TITLES = {
    "open": _l("Open"),
    "accepted": _l("Accepted"),
    "accepted_with_modifications": _l("Accepted with modifications"),
    "not_accepted": _l("Not accepted"),
    "noted": _l("Noted"),
}

# What the chair may record (OPEN is recorded by reverting, not chosen).
DECISIONS = (
    Decision.ACCEPTED,
    Decision.ACCEPTED_WITH_MODIFICATIONS,
    Decision.NOT_ACCEPTED,
    Decision.NOTED,
)


class Disposition(db.Model):
    """One decision on a comment: what was decided, why, the adopted text, who and when."""

    __tablename__ = "disposition"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, 32))
    observation: Mapped[str] = mapped_column(sa.Text, default="")
    observation_html: Mapped[str] = mapped_column(sa.Text, default="")
    # The text the decision puts into the next version ("" when it changes no text).
    adopted_text: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The disposition in force before this one (None for the first decision).
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("disposition.id"))

    decided_by: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.decision is Decision.OPEN

    def __repr__(self) -> str:
        return f"<Disposition {self.decision} on comment {self.comment_id}>"


class Feedback(db.Model):
    """A delegation's answer to a decision on its comment: satisfied or not, with a note."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    # The decision answered: a new decision asks for new feedback.
    disposition_id: Mapped[int] = mapped_column(sa.ForeignKey("disposition.id"), index=True)
    satisfied: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    note_html: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    administration: Mapped[Administration] = relationship()
    disposition: Mapped[Disposition] = relationship()
