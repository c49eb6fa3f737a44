"""API routes of the review: the review list, decisions and their history, members' feedback,
settling clauses. Added to the API blueprint `bp` of api/views.py."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext
from flask_login import current_user

from ..comments import services as comments
from ..core.errors import json_error
from ..review import listing
from ..review import services as review
from ..versions.services import edit_clause
from . import review_serializers as review_out
from . import serializers as out
from .serializers import InvalidInput
from .serializers_versions import clause_changes
from .views import _body, _clause_or_404, _comment_or_404, _version_or_404, bp


@bp.errorhandler(listing.FilterError)
def filter_refused(error: listing.FilterError):
    return json_error(422, error.message, "invalid", field=error.field)


@bp.get("/versions/<int:version_id>/review")
def review_list(version_id: int):
    """Every comment of a version, filtered as on the review screen, by cursor; with counts."""
    version = _version_or_404(version_id)
    if not version.can_see_review(current_user):
        abort(403, gettext("The review list is for the working group chair and the secretariat."))
    clauses = listing.clause_rows(version)
    filters, problems = listing.ReviewFilters.parse(request.args, clauses)
    if problems:
        raise problems[0]
    limit = review_out.limit_parameter(request.args)
    found, following = listing.after(
        version, filters, request.args.get("cursor") or None, limit, comments.with_thread
    )
    counts = listing.counts(version, filters, clauses)
    return {
        "comments": [out.comment_json(c) for c in found],
        "total": listing.total(filters, counts),
        "counts": counts,
        "next_cursor": following,
    }


@bp.put("/comments/<int:comment_id>/disposition")
def put_disposition(comment_id: int):
    comment = _comment_or_404(comment_id)
    decision, observation, adopted, expected = review_out.decision_body(_body())
    review.decide(comment, current_user, decision, observation, adopted, expected=expected)
    return out.comment_json(_comment_or_404(comment_id))


@bp.delete("/comments/<int:comment_id>/disposition")
def delete_disposition(comment_id: int):
    comment = _comment_or_404(comment_id)
    expected = review_out.expected_parameter(request.args)
    review.revert(comment, current_user, expected=expected)
    return out.comment_json(_comment_or_404(comment_id))


@bp.get("/comments/<int:comment_id>/dispositions")
def list_dispositions(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not comment.version.dispositions_visible_to(current_user):
        abort(403, gettext("The chair has not published the decisions on this version yet."))
    return {"dispositions": [review_out.record_json(r)
                             for r in review.disposition_history(comment)]}  # fmt: skip


@bp.post("/comments/<int:comment_id>/feedback")
def post_feedback(comment_id: int):
    comment = _comment_or_404(comment_id)
    satisfied, note = review_out.feedback_body(_body())
    feedback = review.give_feedback(comment, current_user, satisfied, note)
    return out.feedback_json(feedback), 201


@bp.patch("/clauses/<int:clause_id>")
def update_clause(clause_id: int):
    """Settle a clause or open it again (the review), or edit its text, heading or number
    while its version is in preparation (the next version): one kind of change per call."""
    clause = _clause_or_404(clause_id)
    data = _body()
    if data == {}:
        raise InvalidInput(
            gettext("Send status (“open” or “settled”), or the text, heading or number to change."),
            "status",
        )
    if isinstance(data, dict) and ("status" in data or "with_subclauses" in data):
        status, with_subclauses = review_out.clause_status_changes(
            out._object(data, ("status", "with_subclauses"))
        )
        action = review.settle_clause if status == "settled" else review.unsettle_clause
        action(clause, current_user, with_subclauses)
    else:
        edit_clause(clause, current_user, clause_changes(data))
    return out.clause_json(clause)
