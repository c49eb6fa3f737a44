"""Who is told of what: notifications for the events of the review, their e-mail, reading them.

The other domains' services call the event functions here (`reply_added`, `decision_changed`,
...) after their change; each writes one Notification per recipient and queues its e-mail,
which leaves only when the request commits (see mail.py). The actor is never told of their own
action, and inactive accounts are not told at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.errors import HeaderParseError
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy.orm import joinedload

from ..accounts.models import Administration, Role, User
from ..core import audit
from ..core.i18n import DEFAULT_LANGUAGE
from ..core.time import utcnow
from ..drafts.models import Clause, Version
from ..extensions import db
from . import links, mail, messages
from .models import ClauseFollow, Notification, NotificationKind

if TYPE_CHECKING:
    from ..comments.models import Comment, Reply
    from ..review.models import Disposition, Feedback


# -- recipients ----------------------------------------------------------------------------
def _active(query: sa.Select) -> list[User]:
    """Users of `query` whose account (and administration, if any) is active."""
    query = (
        query.outerjoin(Administration, User.administration_id == Administration.id)
        .where(User.active, sa.or_(Administration.id.is_(None), Administration.active))
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def delegation_of(administration_ids: Iterable[int]) -> list[User]:
    """The delegates of these administrations: a delegation is told as one."""
    ids = set(administration_ids)
    if not ids:
        return []
    return _active(
        sa.select(User).where(User.role == Role.DELEGATE, User.administration_id.in_(ids))
    )


def reviewers_of(version: Version) -> list[User]:
    """Whoever records decisions on `version` (Version.can_review), as active accounts."""
    roles = [Role.CHAIR] + ([Role.SECRETARIAT] if version.secretariat_may_decide else [])
    return [u for u in _active(sa.select(User).where(User.role.in_(roles)))
            if version.can_review(u)]  # fmt: skip


def followers_of(clause: Clause) -> list[User]:
    query = (
        sa.select(User)
        .join(ClauseFollow, ClauseFollow.user_id == User.id)
        .where(ClauseFollow.clause_id == clause.id, ClauseFollow.active)
    )
    return [u for u in _active(query) if clause.can_follow(u)]


# -- writing notifications -----------------------------------------------------------------
def _notify(
    users: Iterable[User], kind: NotificationKind, data: dict[str, Any], *, version: Version,
    actor: User | None, comment: Comment | None = None, clause: Clause | None = None,
) -> list[Notification]:  # fmt: skip
    """One notification per user (never the actor), and its e-mail when the user wants it.

    `data` is what the sentence is made of: each reader gets it in their language; `message`
    keeps it in English as written."""
    made = []
    message = messages.in_english(kind, data)[:500]
    for user in users:
        if actor is not None and user.id == actor.id:
            continue
        notification = Notification(
            user=user, kind=kind, message=message, data=data, version=version, comment=comment,
            clause=clause, actor=actor,
        )  # fmt: skip
        db.session.add(notification)
        made.append(notification)
    if made and mail.enabled():
        for notification in made:
            _queue_mail(notification)
    return made


def _queue_mail(notification: Notification) -> None:
    """The e-mail of a notification, in its recipient's saved language (else the site's)."""
    user = notification.user
    if not (user.email and user.email_notifications):
        return
    with force_locale(user.language or DEFAULT_LANGUAGE):
        text = messages.sentence(notification)
        lines = [text, ""]
        link = links.absolute_target(notification)
        if link:
            lines += [gettext("Open it: %(link)s", link=link), ""]
        settings = links.absolute("accounts.change_password")
        if settings:
            lines.append(gettext(
                "You get this e-mail because e-mail notifications are on for your Framework "
                "Review account; turn them off on %(link)s.", link=settings,
            ))  # fmt: skip
        else:
            lines.append(gettext(
                "You get this e-mail because e-mail notifications are on for your Framework "
                "Review account."
            ))  # fmt: skip
        subject = f"[{notification.version.label}] {notification.kind.title}: {text}"
    try:
        message = mail.compose(user.email, subject[:150], "\n".join(lines))
    except (ValueError, IndexError, HeaderParseError):  # an address the mail library refuses
        current_app.logger.warning("No e-mail to %s: the address %r is not usable.",
                                   user.username, user.email)  # fmt: skip
        return
    mail.queue(message)


def _clause_ref(comment: Comment) -> str | None:
    return None if comment.clause is None else comment.clause.ref


def reply_added(reply: Reply) -> None:
    """The delegation whose comment got a reply."""
    comment = reply.comment
    _notify(
        delegation_of([comment.administration_id]), NotificationKind.REPLY,
        {"author": reply.author.display_name, "code": comment.code,
         "clause": _clause_ref(comment)},
        version=comment.version, actor=reply.author, comment=comment,
    )  # fmt: skip


def comment_added(comment: Comment) -> None:
    """Officers following the clause hear of each new comment on it."""
    if comment.clause is None:
        return
    _notify(
        followers_of(comment.clause), NotificationKind.NEW_COMMENT,
        {"administration": comment.administration.code, "code": comment.code,
         "clause": comment.clause.ref, "amendment": comment.is_amendment},
        version=comment.version, actor=comment.author, comment=comment,
    )  # fmt: skip


def decision_changed(comment: Comment, disposition: Disposition, actor: User) -> None:
    """The delegation hears of a decision on its comment once decisions are published."""
    if not comment.version.dispositions_visible:
        return  # told all at once when the chair publishes them
    data = {"code": comment.code, "clause": _clause_ref(comment),
            "decision": disposition.decision.value}  # fmt: skip
    _notify(delegation_of([comment.administration_id]), NotificationKind.DECISION, data,
            version=comment.version, actor=actor, comment=comment)  # fmt: skip


def decisions_published(version: Version, actor: User) -> None:
    """Each delegation with decided comments is told once, with how many there are."""
    from ..comments.models import Comment, CommentStatus

    rows = db.session.execute(
        sa.select(Comment.administration_id, sa.func.count())
        .where(
            Comment.version_id == version.id,
            Comment.disposition_id.is_not(None),
            Comment.status == CommentStatus.OPEN,
        )
        .group_by(Comment.administration_id)
    ).all()
    decided = dict(rows)
    for user in delegation_of(decided):
        _notify(
            [user], NotificationKind.PUBLISHED,
            {"version": version.label, "count": decided[user.administration_id]},
            version=version, actor=actor,
        )  # fmt: skip


def clauses_settled(clause: Clause, settled: list[Clause], actor: User) -> None:
    """Delegations that commented on the settled clauses (once each, whatever the number)."""
    from ..comments.models import Comment, CommentStatus

    administrations = db.session.scalars(
        sa.select(Comment.administration_id)
        .where(Comment.clause_id.in_([c.id for c in settled]),
               Comment.status == CommentStatus.OPEN)
        .distinct()
    ).all()  # fmt: skip
    others = len([c for c in settled if c.id != clause.id])
    _notify(
        delegation_of(administrations), NotificationKind.SETTLED,
        {"clause": clause.ref, "others": others, "with_clause": others != len(settled),
         "actor": actor.display_name},
        version=clause.version, actor=actor, clause=clause,
    )  # fmt: skip


def feedback_given(comment: Comment, feedback: Feedback, actor: User) -> None:
    """Reviewers hear when a delegation is not satisfied with a decision."""
    if feedback.satisfied:
        return
    _notify(
        reviewers_of(comment.version), NotificationKind.FEEDBACK,
        {"administration": comment.administration.code, "code": comment.code,
         "clause": _clause_ref(comment)},
        version=comment.version, actor=actor, comment=comment,
    )  # fmt: skip


# -- reading -------------------------------------------------------------------------------
def unread_count(user: User) -> int:
    """One query, on every page's header."""
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def _listing(user: User) -> sa.Select:
    """A user's notifications, newest first, with what their links need loaded eagerly."""
    from ..comments.models import Comment

    return (
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .options(
            joinedload(Notification.version).joinedload(Version.draft),
            joinedload(Notification.comment).joinedload(Comment.clause),
            joinedload(Notification.clause),
            joinedload(Notification.actor),
        )
        .order_by(Notification.id.desc())
    )


def page_for(user: User, page: int, per_page: int) -> tuple[list[Notification], int]:
    """One page of a user's notifications, newest first, and how many there are."""
    total = db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(Notification.user_id == user.id)
    )
    query = _listing(user).limit(per_page).offset((page - 1) * per_page)
    return list(db.session.scalars(query)), total


def after(user: User, before_id: int | None, limit: int) -> list[Notification]:
    """Up to `limit` notifications older than `before_id` (the API's cursor), newest first."""
    query = _listing(user)
    if before_id is not None:
        query = query.where(Notification.id < before_id)
    return list(db.session.scalars(query.limit(limit)))


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (those of `ids`, or all); returns how many changed."""
    query = (
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if ids is not None:
        ids = list(ids)
        if not ids:
            return 0
        query = query.where(Notification.id.in_(ids))
    return db.session.execute(query).rowcount


# -- following clauses ---------------------------------------------------------------------
def _follow_row(clause: Clause, user: User) -> ClauseFollow | None:
    return db.session.scalar(
        sa.select(ClauseFollow).where(
            ClauseFollow.clause_id == clause.id, ClauseFollow.user_id == user.id
        )
    )


def is_following(clause: Clause, user: User) -> bool:
    row = _follow_row(clause, user)
    return bool(row and row.active)


def set_following(clause: Clause, user: User, follow: bool) -> ClauseFollow | None:
    """Follow a clause (or stop); the row is kept and switched, never deleted."""
    from ..comments.services import NotAllowed

    if not clause.can_follow(user):
        raise NotAllowed(gettext("Only the chair and the secretariat follow clauses."))
    row = _follow_row(clause, user)
    if row is None:
        if not follow:
            return None
        row = ClauseFollow(clause=clause, user=user)
        db.session.add(row)
    elif row.active == follow:
        return row
    else:
        row.active, row.updated_at = follow, utcnow()
    db.session.flush()
    state = "follows" if follow else "no longer follows"
    audit.record(user, "clause.follow" if follow else "clause.unfollow", clause,
                 f"{user.username} {state} {clause.ref}")  # fmt: skip
    return row
