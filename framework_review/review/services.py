"""Rules for the chair's decisions on comments.

A decision is a new `Disposition` row; the comment's pointer to the decision in force moves
with a compare-and-set UPDATE, so two officers deciding at once cannot both win, and a decision
never disturbs the delegation's own edit counter (`Comment.revision`).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from ..accounts.models import User
from ..comments.models import Comment, ProposalKind
from ..comments.services import CommentError, NotAllowed, StaleEdit, Withdrawn
from ..core import audit
from ..core.markup import render_markdown
from ..drafts.models import VersionStatus
from ..extensions import db
from .models import DECISIONS, Decision, Disposition

OBSERVATION_REQUIRED = (Decision.ACCEPTED_WITH_MODIFICATIONS, Decision.NOT_ACCEPTED)


class Superseded(CommentError):
    """The version has been replaced by the next one: its record is closed."""

    status = 409
    code = "superseded"


class StaleDecision(StaleEdit):
    """Someone recorded a decision since the form was loaded; `current` is the comment now."""

    def __init__(self, current: Comment):
        super().__init__(current)
        self.message = (
            f"The decision on {current.code} changed in the meantime; the decision in force is "
            "shown. Nothing of yours was saved: check it and decide again."
        )
        self.args = (self.message,)
        self.field = "decision"


def _ensure_may_decide(comment: Comment, user: User) -> None:
    if not comment.can_decide(user):
        raise NotAllowed(
            "Only the working group chair records decisions (the secretariat too, where the "
            "version allows it)."
        )
    if comment.version.status is VersionStatus.SUPERSEDED:
        raise Superseded(
            f"{comment.version.label} has been superseded: its decisions are kept as they were."
        )
    if comment.is_withdrawn:
        raise Withdrawn(
            f"{comment.code} was withdrawn by its administration: it takes no decision."
        )


def _clean_observation(observation: str, decision: Decision) -> str:
    observation = (observation or "").replace("\r\n", "\n").strip()
    limit = current_app.config.get("OBSERVATION_MAX_CHARS", 10_000)
    if len(observation) > limit:
        raise CommentError(
            f"The observation is {len(observation):,} characters long; the limit is {limit:,}.",
            "observation",
        )
    if not observation and decision in OBSERVATION_REQUIRED:
        raise CommentError(
            f"Give the reason for “{decision.title}” in the observation.", "observation"
        )
    return observation


def _adopted_text(comment: Comment, decision: Decision, adopted_text: str | None) -> str:
    """The text the decision puts into the next version, checked against the decision."""
    text = (adopted_text or "").replace("\r\n", "\n").strip()
    if len(text) > current_app.config["PROPOSAL_MAX_CHARS"]:
        raise CommentError(
            f"The adopted text is {len(text):,} characters long; the limit is "
            f"{current_app.config['PROPOSAL_MAX_CHARS']:,}.",
            "adopted_text",
        )
    if decision is Decision.ACCEPTED:
        if text:
            raise CommentError(
                "An accepted comment is applied as proposed; to adopt other wording choose "
                "“Accepted with modifications”.",
                "adopted_text",
            )
        if comment.proposal_kind in (ProposalKind.REPLACE, ProposalKind.INSERT):
            return comment.proposal_text
        return ""
    if decision is Decision.ACCEPTED_WITH_MODIFICATIONS:
        return text
    if text:
        raise CommentError(f"A comment that is “{decision.title}” adopts no text.", "adopted_text")
    return ""


def _move_pointer(comment: Comment, expected: int | None, new: int | None) -> None:
    """Point the comment at its new decision if it still has the one the officer saw."""
    seen = (
        Comment.disposition_id.is_(None)
        if expected is None
        else (Comment.disposition_id == expected)
    )
    result = db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id, seen)
        .values(disposition_id=new, feedback_id=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.get(Comment, comment.id)
        db.session.refresh(current)
        raise StaleDecision(current)
    db.session.expire(comment, ["disposition_id", "feedback_id", "disposition", "feedback"])


def decide(
    comment: Comment,
    user: User,
    decision: Decision | str,
    observation: str = "",
    adopted_text: str | None = None,
    *,
    expected: int | None,
) -> Disposition:
    """Record a decision on `comment`; `expected` is the disposition id the officer saw (or None)."""
    _ensure_may_decide(comment, user)
    try:
        decision = Decision(decision)
    except ValueError:
        decision = None
    if decision not in DECISIONS:
        raise CommentError(
            "Choose the decision: accepted, accepted with modifications, not accepted or noted.",
            "decision",
        )
    observation = _clean_observation(observation, decision)
    adopted = _adopted_text(comment, decision, adopted_text)
    if comment.disposition_id != expected:
        raise StaleDecision(comment)
    disposition = Disposition(
        comment_id=comment.id,
        decision=decision,
        observation=observation,
        observation_html=render_markdown(observation),
        adopted_text=adopted,
        decided_by_id=user.id,
        previous_id=comment.disposition_id,
    )
    db.session.add(disposition)
    db.session.flush()
    _move_pointer(comment, expected, disposition.id)
    audit.record(
        user, "comment.decide", comment, f"{comment.code}: {decision.title}",
        decision=decision.value, disposition=disposition.id,
    )  # fmt: skip
    return disposition


def revert(comment: Comment, user: User, *, expected: int | None) -> Disposition | None:
    """Put a comment back to open; the reverted decision stays in the history."""
    _ensure_may_decide(comment, user)
    if comment.disposition_id != expected:
        raise StaleDecision(comment)
    if comment.disposition_id is None:
        return None  # already open: nothing to record
    record = Disposition(
        comment_id=comment.id,
        decision=Decision.OPEN,
        decided_by_id=user.id,
        previous_id=comment.disposition_id,
    )
    db.session.add(record)
    db.session.flush()
    _move_pointer(comment, expected, None)
    audit.record(user, "comment.revert", comment, f"{comment.code}: back to open",
                 disposition=record.id)  # fmt: skip
    return record


def disposition_history(comment: Comment) -> list[Disposition]:
    """Every decision recorded on a comment, oldest first, with who decided."""
    return list(
        db.session.scalars(
            sa.select(Disposition)
            .where(Disposition.comment_id == comment.id)
            .options(sa.orm.joinedload(Disposition.decided_by))
            .order_by(Disposition.id)
        )
    )
