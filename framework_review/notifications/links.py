"""Where a notification leads: the page on which its reader acts on it."""

from __future__ import annotations

from flask import url_for

from .models import Notification, NotificationKind

# Officers are told of what asks for a decision: they go to the clause's thread view.
FOR_REVIEWERS = (NotificationKind.FEEDBACK, NotificationKind.NEW_COMMENT)


def target(notification: Notification, **options) -> str:
    """The address of the notification's page (`_external=True` among options for e-mail).

    Reads the notification's comment, clause and version with their draft: load them eagerly
    when listing notifications.
    """
    version = notification.version
    args = {"draft_slug": version.draft.slug, "version_slug": version.slug, **options}
    comment = notification.comment
    if notification.kind is NotificationKind.PUBLISHED:
        return url_for("comments.mine", **args)
    clause = comment.clause if comment is not None else notification.clause
    anchor = comment.code if comment is not None else None
    if notification.kind in FOR_REVIEWERS:
        if clause is None:
            return url_for("review.thread_general", **args, _anchor=anchor)
        return url_for("review.thread", ref=clause.ref, **args, _anchor=anchor)
    if clause is None:
        return url_for("comments.general", **args, _anchor=anchor)
    return url_for("comments.clause", ref=clause.ref, **args, _anchor=anchor)


def absolute_target(notification: Notification) -> str | None:
    """The full address for an e-mail; None outside a request (no host to name)."""
    try:
        return target(notification, _external=True)
    except RuntimeError:  # no request and no SERVER_NAME: the message goes without a link
        return None


def absolute(endpoint: str) -> str | None:
    try:
        return url_for(endpoint, _external=True)
    except RuntimeError:
        return None
