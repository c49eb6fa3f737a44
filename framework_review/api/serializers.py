"""JSON shapes of the API: model objects out, request bodies in (checked before any service runs).

Output functions read only what the caller's query loaded eagerly, so a list costs a fixed number
of queries. Input functions check types and unknown fields and raise `InvalidInput` (422, with
the field); the rules themselves (lengths, periods, permissions) stay in the services.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_login import current_user

from ..accounts.models import User
from ..comments.models import Comment, CommentRevision, Reply
from ..comments.services import CommentFields
from ..core.time import isoformat, parse_iso
from ..drafts.models import Clause, Draft, Version, VersionStatus
from ..drafts.services import KEEP
from ..review.models import Disposition, Feedback


class InvalidInput(ValueError):
    """A request body that is JSON but not what the endpoint takes; reported as 422 "invalid"."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Service field names as an API client knows them (the proposal is a nested object here).
FIELD_NAMES = {"proposal_kind": "proposal.kind", "proposal_text": "proposal.text"}


# -- out -----------------------------------------------------------------------------------
def version_json(version: Version) -> dict[str, Any]:
    return {
        "id": version.id,
        "label": version.label,
        "status": version.status.value,
        "opens_at": isoformat(version.opens_at),
        "closes_at": isoformat(version.closes_at),
        # What readers see now: "scheduled" or "closed" while status is still "open", etc.
        "phase": version.period_phase(),
        "comments_visible_during_period": version.comments_visible_during_period,
        "observers_may_comment": version.observers_may_comment,
        # The version this one was generated from (POST /versions/<id>/successor), if any.
        "previous_version_id": version.previous_version_id,
        "dispositions_visible": version.dispositions_visible,
        "secretariat_may_decide": version.secretariat_may_decide,
        "report_released": version.report_released,
    }


def draft_json(draft: Draft, versions: list[Version]) -> dict[str, Any]:
    """A draft with the versions the caller may see."""
    return {"id": draft.id, "title": draft.title, "versions": [version_json(v) for v in versions]}


def clause_json(clause: Clause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "ref": clause.ref,
        "heading": clause.heading,
        "text": clause.text,
        "level": clause.level,
        "parent_id": clause.parent_id,
        "position": clause.position,
        # Lineage: the clause of the previous version it came from, and the comments whose
        # accepted changes made it (load Clause.origins eagerly for lists).
        "source_clause_id": clause.source_clause_id,
        "changed_by_comments": [comment_ref_json(o.comment) for o in clause.origins],
        "status": "settled" if clause.is_settled else "open",
    }


def comment_ref_json(comment: Comment) -> dict[str, Any]:
    """A comment named, not shown: its id (for /comments/<id>) and its code ("FR-001")."""
    return {"id": comment.id, "code": comment.code}


def _proposal_json(kind, text: str) -> dict[str, str] | None:
    return None if kind is None else {"kind": kind.value, "text": text}


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.id,
        "author": reply.author.display_name,
        "administration": reply.administration.code if reply.administration else None,
        "body": reply.body,
        "body_html": reply.body_html,
        "created_at": isoformat(reply.created_at),
    }


def disposition_json(disposition: Disposition) -> dict[str, Any]:
    """A decision: "id" is what PUT /comments/<id>/disposition expects back as "expected"."""
    return {
        "id": disposition.id,
        "decision": disposition.decision.value,
        "observation": disposition.observation,
        "observation_html": disposition.observation_html,
        "adopted_text": disposition.adopted_text,
        "decided_by": disposition.decided_by.display_name,
        "decided_at": isoformat(disposition.decided_at),
    }


def feedback_json(feedback: Feedback) -> dict[str, Any]:
    """A delegation's answer to the decision `disposition_id`."""
    return {
        "id": feedback.id,
        "disposition_id": feedback.disposition_id,
        "satisfied": feedback.satisfied,
        "note": feedback.note,
        "note_html": feedback.note_html,
        "by": feedback.user.display_name,
        "created_at": isoformat(feedback.created_at),
    }


def comment_json(comment: Comment, viewer: User | None = None) -> dict[str, Any]:
    """A comment with its supporters and replies; "version" is its edit counter for PATCH.

    The decision and the delegation's answer appear as `viewer` (the caller) may see them.
    """
    viewer = viewer if viewer is not None else current_user
    disposition = comment.visible_disposition(viewer)
    feedback = comment.visible_feedback(viewer)
    return {
        "id": comment.id,
        "code": comment.code,
        "clause_id": comment.clause_id,
        "administration": comment.administration.code,
        "author": comment.author.display_name,
        "type": comment.type.value,
        "locator": comment.locator,
        "quote": comment.quote,
        "body": comment.body,
        "body_html": comment.body_html,
        "proposal": _proposal_json(comment.proposal_kind, comment.proposal_text),
        "status": comment.status.value,
        "supporters": comment.supporter_codes,
        "replies": [reply_json(r) for r in comment.replies],
        "version": comment.revision,
        "created_at": isoformat(comment.created_at),
        "updated_at": isoformat(comment.updated_at),
        "disposition": disposition_json(disposition) if disposition else None,
        "feedback": feedback_json(feedback) if feedback else None,
    }


def revision_json(revision: CommentRevision) -> dict[str, Any]:
    """One earlier text of a comment: what it said, who wrote it, who replaced it and when."""
    return {
        "revision": revision.revision,
        "type": revision.type.value,
        "locator": revision.locator,
        "quote": revision.quote,
        "body": revision.body,
        "body_html": revision.body_html,
        "proposal": _proposal_json(revision.proposal_kind, revision.proposal_text),
        "written_at": isoformat(revision.written_at),
        "written_by": revision.written_by.display_name,
        "replaced_at": isoformat(revision.replaced_at),
        "replaced_by": revision.replaced_by.display_name,
    }


# -- in ------------------------------------------------------------------------------------
COMMENT_FIELDS = ("type", "locator", "quote", "body", "proposal")


def _object(data: Any, allowed: tuple[str, ...], where: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        if where:
            raise InvalidInput(gettext("Send a JSON object as %(field)s.", field=where), where)
        raise InvalidInput(gettext("Send a JSON object."), None)
    for key in data:
        if key not in allowed:
            name = f"{where}.{key}" if where else key
            raise InvalidInput(
                gettext("Unknown field “%(field)s”; this endpoint takes %(fields)s.", field=name,
                        fields=", ".join(allowed)),
                name,
            )  # fmt: skip
    return data


def _string(data: dict[str, Any], key: str, default: str = "", where: str = "") -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InvalidInput(
            gettext("%(field)s must be a string.", field=key), f"{where}.{key}" if where else key
        )
    return value


def _proposal(value: Any) -> tuple[str | None, str]:
    if value is None:
        return None, ""
    proposal = _object(value, ("kind", "text"), "proposal")
    if "kind" not in proposal:
        raise InvalidInput(gettext("A proposal needs its kind: replace, insert, delete or text."),
                           "proposal.kind")  # fmt: skip
    kind = _string(proposal, "kind", where="proposal")
    return kind, _string(proposal, "text", where="proposal")


def comment_fields(data: Any) -> CommentFields:
    """A new comment from its JSON body."""
    data = _object(data, COMMENT_FIELDS)
    kind, text = _proposal(data.get("proposal"))
    return CommentFields(
        type=_string(data, "type"),
        body=_string(data, "body"),
        locator=_string(data, "locator"),
        quote=_string(data, "quote"),
        proposal_kind=kind,
        proposal_text=text,
    )


def comment_changes(data: Any, comment: Comment) -> tuple[int, CommentFields]:
    """The edit counter the client last saw, and the comment's fields with the sent ones changed."""
    data = _object(data, ("version", *COMMENT_FIELDS))
    seen = data.get("version")
    if isinstance(seen, bool) or not isinstance(seen, int):
        raise InvalidInput(
            gettext("Send the comment's version you last saw (an integer), so that a change "
                    "saved by someone else in the meantime is not overwritten."),
            "version",
        )  # fmt: skip
    if "proposal" in data:
        kind, text = _proposal(data["proposal"])
    else:
        kind = comment.proposal_kind.value if comment.proposal_kind else None
        text = comment.proposal_text
    return seen, CommentFields(
        type=_string(data, "type", comment.type.value),
        body=_string(data, "body", comment.body),
        locator=_string(data, "locator", comment.locator),
        quote=_string(data, "quote", comment.quote),
        proposal_kind=kind,
        proposal_text=text,
    )


def reply_body(data: Any) -> str:
    return _string(_object(data, ("body",)), "body")


PERIOD_STATUSES = (VersionStatus.PREPARATION, VersionStatus.OPEN, VersionStatus.CLOSED)


def period_changes(data: Any, version: Version) -> dict[str, Any]:
    """Keyword arguments for drafts.services.set_period; absent fields stay as they are."""
    data = _object(
        data,
        ("status", "opens_at", "closes_at", "comments_visible_during_period",
         "observers_may_comment", "report_released"),
    )  # fmt: skip
    changes: dict[str, Any] = {"opens_at": KEEP, "closes_at": KEEP}
    if "status" in data:
        status = data["status"]
        if status not in [s.value for s in PERIOD_STATUSES]:
            raise InvalidInput(
                gettext("status must be preparation, open or closed (a version is superseded "
                        "by publishing the next one)."),
                "status",
            )  # fmt: skip
        changes["status"] = status
    for key in ("opens_at", "closes_at"):
        if key not in data:
            continue
        value = data[key]
        if value is not None and not isinstance(value, str):
            raise InvalidInput(
                gettext("%(field)s must be an ISO 8601 date-time or null.", field=key), key
            )
        try:
            changes[key] = parse_iso(value)
        except ValueError:
            raise InvalidInput(
                gettext("%(field)s is not an ISO 8601 date-time such as 2030-01-31T17:00:00Z.",
                        field=key),
                key,
            ) from None  # fmt: skip
    for key in ("comments_visible_during_period", "observers_may_comment", "report_released"):
        if key in data:
            if not isinstance(data[key], bool):
                raise InvalidInput(gettext("%(field)s must be true or false.", field=key), key)
            changes[key] = data[key]
    opens = version.opens_at if changes["opens_at"] is KEEP else changes["opens_at"]
    closes = version.closes_at if changes["closes_at"] is KEEP else changes["closes_at"]
    if opens and closes and closes <= opens:
        # set_period refuses this too; checked here to name the field in the 422.
        raise InvalidInput(gettext("closes_at must be after opens_at."), "closes_at")
    return changes
