"""The `role_required` decorator; object rules live in `can_*` methods on the models."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from ..accounts.models import Role
from ..extensions import login_manager


def role_required(*roles: Role) -> Callable:
    """Let the view run only for a logged-in user with one of `roles` (any role if none given)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # read by the tests that walk every route
        return wrapped

    return decorator
