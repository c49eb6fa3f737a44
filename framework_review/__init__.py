"""framework_review: clause-by-clause review of a draft standard by member administrations."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, g, jsonify, request, session
from sqlalchemy import text

from config import get_config

from .extensions import csrf, db, login_manager, migrate

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: config from the environment, then extensions, blueprints, CLI."""
    config = get_config(config_name)
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_object(config)
    if overrides:
        app.config.update(overrides)

    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from .accounts.services import load_user_from_session
    from .core import i18n, throttling

    db.init_app(app)
    i18n.register(app)
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = lazy_gettext("Please log in to see the draft.")
    login_manager.localize_callback = str  # in the language of the request that is refused
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user_from_session)
    throttling.register(app)


def register_blueprints(app: Flask) -> None:
    from .core import input as input_checks

    input_checks.register(app)  # before the routes, whose <int:...> it bounds
    from .accounts.views import bp as accounts_bp
    from .api.views import URL_PREFIX as API_URL_PREFIX
    from .api.views import bp as api_bp
    from .comments.views import bp as comments_bp
    from .core.errors import register_error_handlers
    from .drafts.views import bp as drafts_bp
    from .notifications.views import bp as notifications_bp
    from .reports.views import bp as reports_bp
    from .review.views import bp as review_bp
    from .versions.views import bp as versions_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(drafts_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(versions_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(api_bp, url_prefix=API_URL_PREFIX)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens only, never cookies
    register_error_handlers(app)

    @app.get("/healthz")
    def healthz():
        """For load balancers: 200 when the database answers, 503 when it does not."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means unhealthy
            db.session.rollback()
            return jsonify(status="unavailable", database="unreachable"), 503
        return jsonify(status="ok", database="ok")


def register_hooks(app: Flask) -> None:
    from .core import templating
    from .notifications import mail

    templating.register(app)
    mail.register(app)  # notification e-mail leaves once the request's session commits

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if _private(response):
            # What a logged-in user sees (and every API answer) stays out of shared and
            # browser caches: the back button after logout shows nothing.
            response.headers["Cache-Control"] = "no-store"
        max_age = app.config.get("HSTS_MAX_AGE", 0)
        if max_age:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
            )
        return response


def _private(response) -> bool:
    """API answers, and pages for a logged-in user (decided without a database query)."""
    if request.endpoint == "static":
        return False
    if request.path.startswith("/api/"):
        return True
    user = g.get("_login_user")
    return bool(user is not None and user.is_authenticated) or "_user_id" in session


def register_cli(app: Flask) -> None:
    from .accounts.cli import register as register_accounts_cli
    from .drafts.cli import register as register_drafts_cli
    from .reports.cli import register as register_reports_cli

    register_accounts_cli(app)
    register_drafts_cli(app)
    register_reports_cli(app)
