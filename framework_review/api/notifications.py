"""API routes of the notifications: the caller's list, by cursor, and marking them read."""

from __future__ import annotations

from flask import request
from flask_babel import gettext
from flask_login import current_user

from ..notifications import services as notifications
from . import review_serializers as review_out
from .serializers import InvalidInput
from .views import _body, bp


@bp.get("/notifications")
def list_notifications():
    """The caller's notifications, newest first; `next_cursor` continues the list."""
    limit = review_out.limit_parameter(request.args)
    cursor = request.args.get("cursor", "").strip()
    if cursor and (not cursor.isdigit() or len(cursor) > 9):
        raise InvalidInput(gettext("The cursor is not one this list gave."), "cursor")
    found = notifications.after(current_user, int(cursor) if cursor else None, limit + 1)
    page = found[:limit]
    return {
        "notifications": [review_out.notification_json(n) for n in page],
        "unread": notifications.unread_count(current_user),
        "next_cursor": str(page[-1].id) if len(found) > limit else None,
    }


@bp.post("/notifications/read")
def read_notifications():
    ids = review_out.read_body(_body())
    marked = notifications.mark_read(current_user, ids)
    return {"marked": marked, "unread": notifications.unread_count(current_user)}
