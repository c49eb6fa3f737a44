"""JSON API v1: drafts, versions, clauses, comments. Bearer tokens only, never cookies."""

from __future__ import annotations

from flask import Blueprint, g, request
from werkzeug.exceptions import Unauthorized

from ..accounts.services import user_for_token
from ..extensions import db

bp = Blueprint("api", __name__)


@bp.before_request
def authenticate():
    """Every API call needs `Authorization: Bearer <token>`; a session cookie is ignored."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
    if user is None:
        raise Unauthorized("Send a valid API token as 'Authorization: Bearer <token>'.")
    # Flask-Login reads the request's user from g; setting it here makes current_user and
    # role_required work the same for the API, without touching the session.
    g._login_user = user


@bp.after_request
def commit(response):
    """One commit per API request, only when it succeeded."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response
