"""Rules for the chair's decisions on comments.

A decision is a new `Disposition` row; the comment's pointer to the decision in force moves
with a compare-and-set UPDATE, so two officers deciding at once cannot both win, and a decision
never disturbs the delegation's own edit counter (`Comment.revision`).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..accounts.models import User
from ..comments.models import Comment, ProposalKind
from ..comments.services import CommentError, NotAllowed, StaleEdit, Withdrawn
from ..core import audit
from ..core.markup import render_markdown
from ..core.templating import format_number
from ..drafts.models import Version, VersionStatus
from ..extensions import db
from ..notifications import services as notify
from .models import DECISIONS, Decision, Disposition, Feedback

OBSERVATION_REQUIRED = (Decision.ACCEPTED_WITH_MODIFICATIONS, Decision.NOT_ACCEPTED)


class Superseded(CommentError):
    """The version has been replaced by the next one: its record is closed."""

    status = 409
    code = "superseded"


class StaleDecision(StaleEdit):
    """Someone recorded a decision since the form was loaded; `current` is the comment now."""

    def __init__(self, current: Comment):
        super().__init__(current)
        self.message = _(
            "The decision on %(code)s changed in the meantime; the decision in force is "
            "shown. Nothing of yours was saved: check it and decide again.",
            code=current.code,
        )
        self.args = (self.message,)
        self.field = "decision"


def _ensure_may_decide(comment: Comment, user: User) -> None:
    if not comment.can_decide(user):
        raise NotAllowed(
            _(
                "Only the working group chair records decisions (the secretariat too, where "
                "the version allows it)."
            )
        )
    if comment.version.status is VersionStatus.SUPERSEDED:
        raise Superseded(
            _(
                "%(version)s has been superseded: its decisions are kept as they were.",
                version=comment.version.label,
            )
        )
    if comment.is_withdrawn:
        raise Withdrawn(
            _(
                "%(code)s was withdrawn by its administration: it takes no decision.",
                code=comment.code,
            )
        )


def too_long(what: str, length: int, limit: int) -> str:
    """The refusal of a text beyond its limit; `what` names it ("observation", "adopted_text",
    "note"), so that each sentence is whole in the catalogue."""
    numbers = {"length": format_number(length), "limit": format_number(limit)}
    if what == "observation":
        return _(
            "The observation is %(length)s characters long; the limit is %(limit)s.", **numbers
        )
    if what == "adopted_text":
        return _(
            "The adopted text is %(length)s characters long; the limit is %(limit)s.", **numbers
        )
    return _("The note is %(length)s characters long; the limit is %(limit)s.", **numbers)


def _clean_observation(observation: str, decision: Decision) -> str:
    observation = (observation or "").replace("\r\n", "\n").strip()
    limit = current_app.config.get("OBSERVATION_MAX_CHARS", 10_000)
    if len(observation) > limit:
        raise CommentError(too_long("observation", len(observation), limit), "observation")
    if not observation and decision in OBSERVATION_REQUIRED:
        raise CommentError(
            _("Give the reason for “%(decision)s” in the observation.", decision=decision.title),
            "observation",
        )
    return observation


def _adopted_text(comment: Comment, decision: Decision, adopted_text: str | None) -> str:
    """The text the decision puts into the next version, checked against the decision."""
    text = (adopted_text or "").replace("\r\n", "\n").strip()
    if len(text) > current_app.config["PROPOSAL_MAX_CHARS"]:
        raise CommentError(
            too_long("adopted_text", len(text), current_app.config["PROPOSAL_MAX_CHARS"]),
            "adopted_text",
        )
    if decision is Decision.ACCEPTED:
        if text:
            raise CommentError(
                _(
                    "An accepted comment is applied as proposed; to adopt other wording choose "
                    "“Accepted with modifications”."
                ),
                "adopted_text",
            )
        if comment.proposal_kind in (ProposalKind.REPLACE, ProposalKind.INSERT):
            return comment.proposal_text
        return ""
    if decision is Decision.ACCEPTED_WITH_MODIFICATIONS:
        return text
    if text:
        raise CommentError(
            _("A comment that is “%(decision)s” adopts no text.", decision=decision.title),
            "adopted_text",
        )
    return ""


def _set_pointers(comment: Comment, still, **values) -> None:
    """Move the comment's decision and answer pointers if `still` holds; else refuse as stale.

    A compare-and-set UPDATE: two officers (or an officer and a delegation) acting at once
    cannot both win, and the delegation's edit counter (`revision`) is left alone.
    """
    result = db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id, still)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.get(Comment, comment.id)
        db.session.refresh(current)
        raise StaleDecision(current)
    db.session.expire(comment, ["disposition_id", "feedback_id", "disposition", "feedback"])


def _move_pointer(comment: Comment, expected: int | None, new: int | None) -> None:
    """Point the comment at its new decision if it still has the one the officer saw."""
    seen = (
        Comment.disposition_id.is_(None)
        if expected is None
        else (Comment.disposition_id == expected)
    )
    _set_pointers(comment, seen, disposition_id=new, feedback_id=None)


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
            _("Choose the decision: accepted, accepted with modifications, not accepted or noted."),
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
    notify.decision_changed(comment, disposition, user)
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
    notify.decision_changed(comment, record, user)
    return record


def _history(model: type[Disposition] | type[Feedback], comment: Comment, who) -> list:
    return list(
        db.session.scalars(
            sa.select(model)
            .where(model.comment_id == comment.id)
            .options(sa.orm.joinedload(who))
            .order_by(model.id)
        )
    )


def disposition_history(comment: Comment) -> list[Disposition]:
    """Every decision recorded on a comment, oldest first, with who decided."""
    return _history(Disposition, comment, Disposition.decided_by)


def decide_many(
    comments: list[Comment], user: User, decision: Decision | str, observation: str = "", *,
    seen: dict[int, int | None],
) -> list[Disposition]:  # fmt: skip
    """One decision and observation for several comments, each with its own record.

    All or nothing: one refusal (a withdrawn comment, a decision changed since the list was
    loaded) refuses the lot, naming the comment; the caller rolls back.
    """
    if not comments:
        raise CommentError(_("Select the comments to decide."), "comments")
    return [
        decide(comment, user, decision, observation, None, expected=seen.get(comment.id))
        for comment in comments
    ]


# -- members' feedback ---------------------------------------------------------------------
class NotDecided(CommentError):
    """There is no decision (visible to the delegation) to answer."""

    status = 409
    code = "not_decided"


def _clean_note(note: str) -> str:
    note = (note or "").replace("\r\n", "\n").strip()
    limit = current_app.config["REPLY_MAX_CHARS"]
    if len(note) > limit:
        raise CommentError(too_long("note", len(note), limit), "note")
    return note


def give_feedback(
    comment: Comment, user: User, satisfied: bool, note: str = "", *,
    answering: int | None = None,
) -> Feedback:  # fmt: skip
    """The delegation's answer to the decision in force; each answer is a new record.

    `answering` is the decision the delegate saw (None: not checked, as in the API); if the
    chair changed it since, the answer is refused as stale rather than given to the new one.
    """
    if not comment.is_own(user):
        raise NotAllowed(
            _(
                "Only the delegation that wrote %(code)s answers the decision on it.",
                code=comment.code,
            )
        )
    if comment.version.status is VersionStatus.SUPERSEDED:
        raise Superseded(
            _(
                "%(version)s has been superseded: its record is closed.",
                version=comment.version.label,
            )
        )
    if comment.is_withdrawn:
        raise Withdrawn(_("%(code)s was withdrawn: there is nothing to answer.", code=comment.code))
    disposition = comment.visible_disposition(user)
    if disposition is None:
        raise NotDecided(
            _(
                "%(code)s has no published decision yet: there is nothing to answer.",
                code=comment.code,
            )
        )
    if answering is not None and answering != disposition.id:
        raise StaleDecision(comment)
    if not isinstance(satisfied, bool):
        raise CommentError(
            _("Say whether the decision satisfies your administration."), "satisfied"
        )
    note = _clean_note(note)
    feedback = Feedback(
        comment_id=comment.id, disposition_id=disposition.id, satisfied=satisfied, note=note,
        note_html=render_markdown(note), user_id=user.id, administration_id=comment.administration_id,
    )  # fmt: skip
    db.session.add(feedback)
    db.session.flush()
    # Only while the decision answered is still the one in force.
    _set_pointers(comment, Comment.disposition_id == disposition.id, feedback_id=feedback.id)
    answer = "satisfied" if satisfied else "not satisfied"
    audit.record(user, "comment.feedback", comment, f"{comment.code}: {answer}",
                 feedback=feedback.id, disposition=disposition.id)  # fmt: skip
    notify.feedback_given(comment, feedback, user)
    return feedback


def feedback_history(comment: Comment) -> list[Feedback]:
    """Every answer the delegation gave on a comment, oldest first."""
    return _history(Feedback, comment, Feedback.user)


# -- the version's review settings ---------------------------------------------------------
def set_review_settings(
    version: Version, user: User, *, dispositions_visible: bool | None = None,
    secretariat_may_decide: bool | None = None,
) -> Version:  # fmt: skip
    """Publish (or hide) the decisions, and let the secretariat decide (or not): officers."""
    if not version.can_see_review(user):
        raise NotAllowed(_("Only the chair and the secretariat change the review settings."))
    if version.status is VersionStatus.SUPERSEDED:
        raise Superseded(
            _(
                "%(version)s has been superseded: its settings stay as they were.",
                version=version.label,
            )
        )
    before = {"dispositions_visible": version.dispositions_visible,
              "secretariat_may_decide": version.secretariat_may_decide}  # fmt: skip
    if dispositions_visible is not None:
        version.dispositions_visible = dispositions_visible
    if secretariat_may_decide is not None:
        version.secretariat_may_decide = secretariat_may_decide
    after = {"dispositions_visible": version.dispositions_visible,
             "secretariat_may_decide": version.secretariat_may_decide}  # fmt: skip
    if after == before:
        return version
    db.session.flush()
    published = "published" if version.dispositions_visible else "not published"
    decider = "the chair and the secretariat" if version.secretariat_may_decide else "the chair"
    audit.record(user, "version.review_settings", version,
                 f"{version.label}: decisions {published}; {decider} decide", before=before)  # fmt: skip
    if after["dispositions_visible"] and not before["dispositions_visible"]:
        notify.decisions_published(version, user)
    return version


# Settling lives in its own module; its functions are part of this one's interface.
from .settling import settle_clause, unsettle_clause, with_subclauses  # noqa: E402, F401
