"""JSON API v1: drafts, versions, clauses, comments. Bearer tokens only, never cookies."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, g, jsonify, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import BadRequest, Unauthorized

from ..accounts.models import Administration, Role
from ..accounts.services import user_for_token
from ..comments import services as comments
from ..comments.models import Comment
from ..core.errors import json_error
from ..core.input import check_request
from ..core.permissions import role_required
from ..core.throttling import api_write_limit
from ..drafts import services as drafts
from ..drafts.models import Clause, Draft, Version
from ..extensions import db
from ..reports import services as report_services
from ..review import services as review_services
from . import review_serializers as review_out
from . import serializers as out
from .openapi import OPENAPI
from .review_serializers import SETTINGS
from .serializers import FIELD_NAMES, InvalidInput

bp = Blueprint("api", __name__)
URL_PREFIX = "/api/v1"  # where create_app mounts `bp`
api_write_limit(bp)  # every write of every API module, counted per token

# Readable without a token: the description of the API is public, like most API documents.
PUBLIC_ENDPOINTS = frozenset({"api.openapi"})
# Comment and proposal texts are limited to 20,000 characters each; a JSON body above this is
# not a comment. Larger bodies are refused with 413 before they are read.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


@bp.before_request
def authenticate():
    """Every API call needs `Authorization: Bearer <token>`; a session cookie is ignored."""
    request.max_content_length = current_app.config.get(
        "API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES
    )
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
    if user is None:
        raise Unauthorized(gettext("Send a valid API token as “Authorization: Bearer <token>”."))
    # Flask-Login reads the request's user from g; setting it here makes current_user and
    # role_required work the same for the API, without touching the session.
    g._login_user = user
    return _unknown_query_parameter() or check_request()


def _declared_query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """(path in the document, method) -> the query parameters the document declares for it."""
    declared = {}
    for path, item in OPENAPI["paths"].items():
        shared = [p["name"] for p in item.get("parameters", []) if p["in"] == "query"]
        for method, operation in item.items():
            if method != "parameters":
                own = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                declared[(path, method.upper())] = frozenset(shared + own)
    return declared


_QUERY_PARAMETERS = _declared_query_parameters()


def _unknown_query_parameter():
    """Refuse a query parameter the operation does not take, as unknown JSON fields are.

    A misspelt filter (`?adminstration=FR`) would otherwise be ignored silently and the caller
    would read the unfiltered list as if it were filtered.
    """
    rule = request.url_rule.rule.removeprefix(URL_PREFIX) if request.url_rule else ""
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
    allowed = _QUERY_PARAMETERS.get((path, request.method))
    if not allowed:  # an operation without parameters has nothing to misspell
        return None
    for name in request.args:
        if name not in allowed:
            takes = ", ".join(sorted(allowed))
            return json_error(
                422,
                gettext("Unknown query parameter “%(name)s”; this endpoint takes %(takes)s.",
                        name=name, takes=takes),
                "invalid",
                field=name,
            )  # fmt: skip
    return None


@bp.after_request
def commit(response):
    """One commit per API request, only when it succeeded."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


# -- refusals from the services, in the API's one error shape ------------------------------
@bp.errorhandler(comments.CommentError)
def comment_refused(error: comments.CommentError):
    extra: dict[str, Any] = {}
    if isinstance(error, comments.StaleEdit):
        if isinstance(error.current, Comment):
            extra["current"] = out.comment_json(error.current)
    elif error.field:
        extra["field"] = FIELD_NAMES.get(error.field, error.field)
    return json_error(error.status, error.message, error.code, **extra)


@bp.errorhandler(drafts.DraftError)
def draft_refused(error: drafts.DraftError):
    """The version's state does not allow the change (fields are checked before, as 422)."""
    return json_error(409, str(error), "conflict")


@bp.errorhandler(InvalidInput)
def invalid_input(error: InvalidInput):
    extra = {"field": error.field} if error.field else {}
    return json_error(422, error.message, "invalid", **extra)


def _body() -> Any:
    """The request's JSON (any content type); 400 when it is not JSON at all."""
    try:
        return request.get_json(force=True)
    except (BadRequest, RecursionError):  # nesting deeper than the parser's limit is not a body
        abort(400, gettext('The request body must be JSON, e.g. {"body": "..."}.'))


# -- lookups: 404 both for what does not exist and what the caller may not see -------------
def _version_or_404(version_id: int) -> Version:
    version = db.session.get(Version, version_id)
    if version is None or not version.can_view(current_user):
        abort(404, gettext("There is no version %(id)d.", id=version_id))
    return version


def _clause_or_404(clause_id: int) -> Clause:
    clause = db.session.scalar(
        sa.select(Clause).where(Clause.id == clause_id).options(joinedload(Clause.version))
    )
    if clause is None or not clause.version.can_view(current_user):
        abort(404, gettext("There is no clause %(id)d.", id=clause_id))
    return clause


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session.scalar(
        comments.with_thread(sa.select(Comment))
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.version), joinedload(Comment.clause))
    )
    if comment is None or not comment.can_view(current_user):
        abort(404, gettext("There is no comment %(id)d.", id=comment_id))
    return comment


# -- the API description -------------------------------------------------------------------
@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API; public, no token needed."""
    return jsonify(OPENAPI)


# -- drafts, versions, clauses -------------------------------------------------------------
@bp.get("/drafts")
def list_drafts():
    found = db.session.scalars(
        sa.select(Draft).options(selectinload(Draft.versions)).order_by(Draft.title)
    ).all()
    return {
        "drafts": [
            out.draft_json(d, d.versions_visible_to(current_user))
            for d in found
            if d.versions_visible_to(current_user)
        ]
    }


@bp.patch("/versions/<int:version_id>")
@role_required(Role.SECRETARIAT, Role.CHAIR)
def update_version(version_id: int):
    """The comment period (secretariat) and the review settings (either officer)."""
    version = _version_or_404(version_id)
    data = _body()
    settings = review_out.review_settings(data)
    period = (
        {k: v for k, v in data.items() if k not in SETTINGS} if isinstance(data, dict) else data
    )
    if period and not current_user.is_secretariat:
        abort(403, gettext("Only the secretariat changes the comment period and releases the "
                           "report; the chair may change dispositions_visible and "
                           "secretariat_may_decide."))  # fmt: skip
    if current_user.is_secretariat and (period or not settings):
        changes = out.period_changes(period, version)
        released = changes.pop("report_released", None)
        drafts.set_period(version, actor=current_user, **changes)
        if released is not None:
            report_services.set_report_released(version, released, current_user)
    if settings:
        review_services.set_review_settings(version, current_user, **settings)
    return out.version_json(version)


@bp.get("/versions/<int:version_id>/clauses")
def list_clauses(version_id: int):
    version = _version_or_404(version_id)
    clauses = drafts.clause_tree(version, selectinload(Clause.origins))
    return {"clauses": [out.clause_json(c) for c in clauses]}


@bp.get("/clauses/<int:clause_id>")
def get_clause(clause_id: int):
    return out.clause_json(_clause_or_404(clause_id))


# -- comments ------------------------------------------------------------------------------
@bp.get("/clauses/<int:clause_id>/comments")
def list_comments(clause_id: int):
    """The comments on a clause the caller may read, in table order (member, then number)."""
    clause = _clause_or_404(clause_id)
    query = (
        comments.with_thread(comments.visible_comments(clause.version, current_user))
        .where(Comment.clause_id == clause.id)
        .join(Comment.administration)
        .order_by(Administration.code, Comment.sequence)
    )
    return {"comments": [out.comment_json(c) for c in db.session.scalars(query).unique()]}


@bp.post("/clauses/<int:clause_id>/comments")
def create_comment(clause_id: int):
    clause = _clause_or_404(clause_id)
    fields = out.comment_fields(_body())
    comment = comments.add_comment(clause.version, clause, current_user, fields)
    response = jsonify(out.comment_json(comment))
    response.headers["Location"] = url_for(".get_comment", comment_id=comment.id)
    return response, 201


@bp.get("/comments/<int:comment_id>")
def get_comment(comment_id: int):
    return out.comment_json(_comment_or_404(comment_id))


@bp.patch("/comments/<int:comment_id>")
def update_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    seen, fields = out.comment_changes(_body(), comment)
    comments.edit_comment(comment, current_user, seen, fields)
    return out.comment_json(comment)


@bp.post("/comments/<int:comment_id>/withdraw")
def withdraw_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    comments.withdraw_comment(comment, current_user)
    return out.comment_json(comment)


@bp.post("/comments/<int:comment_id>/replies")
def create_reply(comment_id: int):
    comment = _comment_or_404(comment_id)
    reply = comments.add_reply(comment, current_user, out.reply_body(_body()))
    return out.reply_json(reply), 201


@bp.post("/comments/<int:comment_id>/support")
def support_comment(comment_id: int):
    comment = _comment_or_404(comment_id)
    comments.support_comment(comment, current_user)
    return out.comment_json(comment)


@bp.delete("/comments/<int:comment_id>/support")
def withdraw_support(comment_id: int):
    comment = _comment_or_404(comment_id)
    comments.withdraw_support(comment, current_user)
    return out.comment_json(comment)


@bp.get("/comments/<int:comment_id>/history")
def comment_history(comment_id: int):
    comment = _comment_or_404(comment_id)
    return {
        "history": [out.revision_json(r) for r in comments.comment_history(comment)],
        "current": out.comment_json(comment),
    }


# Each other domain's API routes live in a module of their own (api/<domain>.py) that adds
# them to `bp`; importing it here registers them.
from . import notifications, reports, review, versions  # noqa: E402, F401
