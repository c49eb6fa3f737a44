"""Rate limits (Flask-Limiter): wrong passwords per username and per client address, password
changes per account, API writes per token; 429 with Retry-After beyond them.

Counters live in memory by default (per worker process) or in Redis when RATELIMIT_STORAGE_URI
names it, which production should do so that every worker counts together. RATE_LIMITING
switches the limits off (the test configuration does, except in the tests of the limits).
"""

from __future__ import annotations

import hashlib
import time

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import limiter


def _setting(name: str):
    return lambda: current_app.config[name]


def _failed(response) -> bool:
    """A login or password change that did not succeed (success redirects)."""
    return response.status_code != 302


def username_key() -> str:
    """The username a login names, as the login compares it; empty means no limit applies."""
    username = request.form.get("username", "").strip().lower()[:80]
    return f"username:{username}" if username else ""


def address_key() -> str:
    return f"address:{get_remote_address()}"


def account_key() -> str:
    from flask_login import current_user

    return f"user:{current_user.id}" if current_user.is_authenticated else ""


def token_key() -> str:
    """API writes count per bearer token (a fingerprint of it, never the token)."""
    header = request.headers.get("Authorization", "")
    return "token:" + hashlib.sha256(header.encode()).hexdigest()[:32] if header else ""


# Only failures count: a delegate who logs in twenty times a day is never held up.
login_limits = [
    limiter.limit(_setting("LOGIN_LIMIT_PER_USERNAME"), key_func=username_key, methods=["POST"],
                  deduct_when=_failed, scope="login-username"),
    limiter.limit(_setting("LOGIN_LIMIT_PER_ADDRESS"), key_func=address_key, methods=["POST"],
                  deduct_when=_failed, scope="login-address"),
]  # fmt: skip
password_change_limit = limiter.limit(
    _setting("PASSWORD_CHANGE_LIMIT"), key_func=account_key, methods=["POST"],
    deduct_when=_failed, scope="password-change",
)  # fmt: skip
# Shared: one budget for all the writes of a token, whichever endpoint they go to.
api_write_limit = limiter.shared_limit(
    _setting("API_WRITE_LIMIT"), "api-write", key_func=token_key,
    methods=["POST", "PUT", "PATCH", "DELETE"],
)  # fmt: skip


def throttle_login(view):
    for limit in login_limits:
        view = limit(view)
    return view


def retry_after() -> int:
    """Seconds until the limit this request broke lets requests through again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def register(app: Flask) -> None:
    """Bind the limiter to the app and, behind proxies, read the client address from them."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # X-Forwarded-For is believed only from as many proxies as the setting says, so that
        # a client cannot choose the address its wrong passwords are counted against.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limiter.init_app(app)


@limiter.request_filter
def _switched_off() -> bool:
    return not current_app.config.get("RATE_LIMITING", True)
