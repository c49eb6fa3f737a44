"""JSON of the review and the notifications: decision records and notifications out, the bodies
and query parameters of the review endpoints in (checked before any service runs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext

from ..core.time import isoformat
from ..notifications import links
from ..notifications.messages import sentence
from ..notifications.models import Notification
from ..review.models import Disposition
from .serializers import InvalidInput, _object, _string

SETTINGS = ("dispositions_visible", "secretariat_may_decide")


# -- out -----------------------------------------------------------------------------------
def record_json(record: Disposition) -> dict[str, Any]:
    """One record of a comment's decision history ("open" when a decision was withdrawn)."""
    return {
        "id": record.id,
        "decision": record.decision.value,
        "observation": record.observation,
        "observation_html": record.observation_html,
        "adopted_text": record.adopted_text,
        "decided_by": record.decided_by.display_name,
        "decided_at": isoformat(record.decided_at),
        "previous_id": record.previous_id,
    }


def notification_json(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.id,
        "kind": notification.kind.value,
        "message": sentence(notification),  # in the language of Accept-Language
        "version_id": notification.version_id,
        "comment_id": notification.comment_id,
        "clause_id": notification.clause_id,
        "url": links.target(notification),
        "created_at": isoformat(notification.created_at),
        "read_at": isoformat(notification.read_at),
    }


# -- in ------------------------------------------------------------------------------------
def _expected(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            gettext("expected is the id of the decision you saw (disposition.id), or null if "
                    "the comment was open."),
            "expected",
        )  # fmt: skip
    return value


def decision_body(data: Any) -> tuple[str, str, str | None, int | None]:
    """(decision, observation, adopted_text or None, expected) from a PUT body."""
    data = _object(data, ("decision", "observation", "adopted_text", "expected"))
    if "expected" not in data:
        raise InvalidInput(
            gettext("Send “expected”: the id of the decision you saw, or null if the comment was "
                    "open, so that a decision recorded in the meantime is not overwritten."),
            "expected",
        )  # fmt: skip
    adopted = _string(data, "adopted_text") if "adopted_text" in data else None
    return (_string(data, "decision"), _string(data, "observation"), adopted,
            _expected(data["expected"]))  # fmt: skip


def expected_parameter(args: Mapping[str, str]) -> int | None:
    """DELETE /comments/<id>/disposition?expected=<id> (or 'null' if the comment was open)."""
    if "expected" not in args:
        raise InvalidInput(
            gettext("Send ?expected=<the id of the decision you saw> so that a decision "
                    "recorded in the meantime is not reverted."),
            "expected",
        )  # fmt: skip
    value = args["expected"].strip()
    if value in ("", "null"):
        return None
    if not value.isdigit() or len(value) > 9:
        raise InvalidInput(gettext("expected is a decision id (or “null”)."), "expected")
    return int(value)


def feedback_body(data: Any) -> tuple[bool, str]:
    data = _object(data, ("satisfied", "note"))
    satisfied = data.get("satisfied")
    if not isinstance(satisfied, bool):
        raise InvalidInput(gettext("satisfied must be true or false."), "satisfied")
    return satisfied, _string(data, "note")


def clause_status_changes(data: dict[str, Any]) -> tuple[str, bool] | None:
    """The settling part of a PATCH /clauses/<id> body: (status, with_subclauses), or None.

    Kept apart from the other clause fields so that each kind of change is parsed on its own.
    """
    if "status" not in data:
        if "with_subclauses" in data:
            raise InvalidInput(gettext("with_subclauses goes with status."), "with_subclauses")
        return None
    status = data["status"]
    if status not in ("open", "settled"):
        raise InvalidInput(gettext("status must be “open” or “settled”."), "status")
    with_subclauses = data.get("with_subclauses", False)
    if not isinstance(with_subclauses, bool):
        raise InvalidInput(gettext("with_subclauses must be true or false."), "with_subclauses")
    return status, with_subclauses


def review_settings(data: Any) -> dict[str, bool]:
    """The review settings sent with PATCH /versions/<id> (the rest is the period)."""
    if not isinstance(data, dict):
        return {}
    settings = {}
    for key in SETTINGS:
        if key in data:
            if not isinstance(data[key], bool):
                raise InvalidInput(gettext("%(field)s must be true or false.", field=key), key)
            settings[key] = data[key]
    return settings


def limit_parameter(args: Mapping[str, str], default: int = 50, most: int = 200) -> int:
    value = args.get("limit", str(default)).strip()
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise InvalidInput(gettext("limit is a number from 1 to %(most)d.", most=most), "limit")
    return int(value)


def read_body(data: Any) -> list[int] | None:
    """POST /notifications/read: {"ids": [...]} marks those, {"all": true} marks every one."""
    data = _object(data, ("ids", "all"))
    if ("ids" in data) == ("all" in data):
        raise InvalidInput(
            gettext("Send either ids (a list of notification ids) or all: true."), "ids"
        )
    if "all" in data:
        if data["all"] is not True:
            raise InvalidInput(gettext("all must be true (or leave it out and send ids)."), "all")
        return None
    ids = data["ids"]
    if (
        not isinstance(ids, list)
        or not ids
        or len(ids) > 500
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids)
    ):
        raise InvalidInput(gettext("ids is a list of 1 to 500 notification ids."), "ids")
    return ids
