"""Error pages in the site's layout, and JSON errors for the API."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc
from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db, login_manager
from .throttling import retry_after

# Lazy: each error is told in the language of its request.
FRIENDLY = {
    400: (_l("Bad request"),
          _l("The request could not be understood. Please go back and try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("Your account is not allowed to do this.")),
    404: (_l("Not found"),
          _l("There is no page at this address. It may have moved, or the link is wrong.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Conflict"), _l("Someone else changed this in the meantime.")),
    413: (_l("Too large"), _l("The file or text you sent is larger than this site accepts.")),
    422: (_l("Invalid"), _l("Some of what you sent could not be accepted.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time.")),
    500: (_l("Something went wrong"),
          _l("An unexpected error happened on our side. It has been logged.")),
    503: (_l("Temporarily unavailable"),
          _l("The site cannot reach its database just now, so nothing you sent was saved. "
             "Please try again in a minute.")),
}  # fmt: skip

API_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
    429: "too_many_requests", 500: "server_error", 503: "unavailable",
}  # fmt: skip


RETRY_AFTER_UNAVAILABLE = 30  # seconds; a database restart takes about that


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str, code: str | None = None, **extra):
    """The API's one error shape: {"error": {"code", "message", ...}}."""
    body = {
        "error": {"code": code or API_CODES.get(status, "error"), "message": str(message), **extra}
    }
    return jsonify(body), status


def render_error(status: int, message: str | None = None, title: str | None = None):
    """An error page in the site's layout: (html, status)."""
    default_title, default_message = FRIENDLY[status]
    return render_template("errors/error.html", status=status, title=title or default_title,
                           message=message or default_message), status  # fmt: skip


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _(
            "Your form expired or was sent from another page, so nothing was changed. "
            "Go back, reload the page and send it again."
        )
        if wants_json():
            return json_error(400, message, "csrf")
        return render_template("errors/error.html", status=400, title=_("Form expired"),
                               message=message), 400  # fmt: skip

    @app.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded):
        wait = retry_after()
        if wait > 60:
            message = ngettext(
                "Too many attempts in a short time: try again in %(num)d minute.",
                "Too many attempts in a short time: try again in %(num)d minutes.",
                -(-wait // 60),
            )
        else:
            message = ngettext(
                "Too many attempts in a short time: try again in %(num)d second.",
                "Too many attempts in a short time: try again in %(num)d seconds.",
                wait,
            )
        headers = {"Retry-After": str(wait)}
        if wants_json():
            response, status = json_error(429, message)
            response.headers.update(headers)
            return response, status
        return render_template("errors/error.html", status=429, title=FRIENDLY[429][0],
                               message=message), 429, headers  # fmt: skip

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        title, default = FRIENDLY.get(status, (error.name, error.description))
        message = error.description if _custom_description(error) else default
        if wants_json():
            response = json_error(status, message)
            if status == 401:
                response[0].headers["WWW-Authenticate"] = 'Bearer realm="api"'
            response[0].headers.update(_allow_header(error))
            return response
        return render_template("errors/error.html", status=status, title=title,
                               message=message), status, _allow_header(error)  # fmt: skip

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    @app.errorhandler(sa_exc.TimeoutError)
    def database_unavailable(error: Exception):
        """The database is down or restarting: 503 with Retry-After, and a page that needs no
        query (the layout is shown as to a visitor). The pool reconnects by itself later."""
        try:
            db.session.rollback()
        except sa_exc.SQLAlchemyError:  # the connection may be gone mid-transaction
            db.session.close()
        if _database_answers():  # a faulty statement (SQLite says OperationalError too)
            return unexpected_error(error)
        app.logger.error("Database unavailable on %s %s: %s", request.method, request.path, error)
        title, message = FRIENDLY[503]
        headers = {"Retry-After": str(RETRY_AFTER_UNAVAILABLE)}
        if wants_json():
            response, status = json_error(503, message)
            response.headers.update(headers)
            return response, status
        g._login_user = login_manager.anonymous_user()  # the user cannot be loaded now
        return render_template("errors/error.html", status=503, title=title,
                               message=message), 503, headers  # fmt: skip

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        # A failed statement leaves the transaction unusable (PostgreSQL refuses every later
        # query), and the error page still needs the user; nothing of this request is kept.
        db.session.rollback()
        return http_error(InternalServerError())


def _database_answers() -> bool:
    """Whether a fresh connection to the database runs a trivial query."""
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa_exc.SQLAlchemyError:
        return False
    return True


def _allow_header(error: HTTPException) -> dict[str, str]:
    """A 405 names the methods the address does accept (RFC 9110 requires it)."""
    methods = getattr(error, "valid_methods", None)
    return {"Allow": ", ".join(methods)} if methods else {}


def _custom_description(error: HTTPException) -> bool:
    """True when the code that raised the error gave its own message (abort(403, "...") )."""
    return bool(error.description) and error.description != type(error).description
