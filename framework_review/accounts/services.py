"""Rules for administrations, accounts, passwords and API tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..core import audit
from ..core.i18n import LANGUAGES, is_zone
from ..core.time import utcnow
from ..extensions import db
from .models import (
    MIN_PASSWORD_LENGTH,
    Administration,
    AdministrationKind,
    ApiToken,
    Role,
    User,
)


class AccountError(ValueError):
    """A request about accounts that breaks a rule; the message is shown to the user, in the
    language of the request (English on the command line)."""


CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
# Spent on unknown usernames so a failed login takes as long whether or not the user exists.
_DUMMY_HASH = None


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version, so resets log old sessions out."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


# -- administrations -----------------------------------------------------------------------
def create_administration(
    code: str, name: str, observer: bool = False, actor: User | None = None
) -> Administration:
    code = code.strip().upper()
    name = name.strip()
    if not CODE_PATTERN.match(code):
        raise AccountError(
            _(
                "The code must be an ISO 3166 alpha-2 code such as FR, or an acronym of up to "
                "12 letters and digits for an observer."
            )
        )
    if not observer and len(code) != 2:
        raise AccountError(_("A member administration's code is its two-letter ISO 3166 code."))
    if not name:
        raise AccountError(_("The administration needs a name."))
    if db.session.scalar(sa.select(Administration.id).where(Administration.code == code)):
        raise AccountError(_("An administration with the code %(code)s already exists.", code=code))
    administration = Administration(
        code=code,
        name=name[:200],
        kind=AdministrationKind.OBSERVER if observer else AdministrationKind.MEMBER,
    )
    db.session.add(administration)
    audit.record(actor, "administration.create", administration, f"Created {code} ({name})")
    return administration


def set_administration_active(
    administration: Administration, active: bool, actor: User | None
) -> None:
    administration.active = active
    if not active:
        for user in administration.users:  # their sessions end, and stay ended on reactivation
            user.session_version += 1
    action = "administration.activate" if active else "administration.deactivate"
    audit.record(actor, action, administration, f"{administration.code} active={active}")


def find_administration(code: str) -> Administration | None:
    return db.session.scalar(
        sa.select(Administration).where(Administration.code == code.strip().upper())
    )


# -- users ---------------------------------------------------------------------------------
def check_password_strength(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must have at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
        )
    if len(password) > 200:
        raise AccountError(_("The password must have at most %(count)d characters.", count=200))
    if username and username.lower() in password.lower():
        raise AccountError(_("The password must not contain the username."))


def create_user(
    username: str,
    password: str,
    role: Role | str,
    administration: Administration | None = None,
    display_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> User:
    username = username.strip().lower()
    role = Role(role)
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            _(
                "The username must be 2 to 80 lower-case letters, digits, dots, dashes or "
                "underscores."
            )
        )
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise AccountError(_("The username %(username)s is taken.", username=username))
    if role is Role.DELEGATE and administration is None:
        raise AccountError(_("A delegate must belong to an administration."))
    if role is not Role.DELEGATE:
        administration = None  # the chair and secretariat speak for the working group
    check_password_strength(password, username)
    user = User(
        username=username,
        display_name=(display_name.strip() or username)[:200],
        email=email.strip()[:254],
        role=role,
        administration=administration,
    )
    user.set_password(password)
    db.session.add(user)
    where = f" for {administration.code}" if administration else ""
    audit.record(actor, "user.create", user, f"Created {role.value} {username}{where}")
    return user


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (never saying which part was wrong)."""
    global _DUMMY_HASH
    user = db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))
    if user is None:
        if _DUMMY_HASH is None:
            probe = User(password_hash="")
            probe.set_password("not-a-real-password")
            _DUMMY_HASH = probe.password_hash
        User(password_hash=_DUMMY_HASH).check_password(password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    audit.record(user, "user.login", user, f"{user.username} logged in")
    return user


def log_out(user: User) -> None:
    """End every session of `user`: the session cookie and the "keep me logged in" cookie both
    carry the session version, so a captured copy stops working too, on every device."""
    user.session_version += 1
    audit.record(user, "user.logout", user, f"{user.username} logged out")


def change_password(user: User, current: str, new: str, revoke_api_tokens: bool = False) -> None:
    """A new password ends the other sessions; the API tokens too when the user asks."""
    if not user.check_password(current):
        raise AccountError(_("The current password is not right."))
    check_password_strength(new, user.username)
    user.set_password(new)
    user.session_version += 1
    audit.record(user, "user.password", user, f"{user.username} changed their password")
    if revoke_api_tokens:
        revoke_tokens(user, actor=user)


def _change_setting(user: User, name: str, value, summary: str) -> None:
    """Set one of the user's own settings; audited when it changes."""
    if getattr(user, name) == value:
        return
    setattr(user, name, value)
    db.session.flush()
    audit.record(user, f"user.{name}", user, summary)


def set_email_notifications(user: User, on: bool) -> None:
    """Whether the user's notifications also come by e-mail (they stay in the app either way)."""
    _change_setting(user, "email_notifications", on,
                    f"{user.username} turned e-mail notifications {'on' if on else 'off'}")  # fmt: skip


def set_language(user: User, language: str | None) -> None:
    """The user's language ('en', 'fr'), or None for automatic (switch, else the browser)."""
    if language not in (None, *LANGUAGES):
        raise AccountError(_("Choose English, French or automatic."))
    _change_setting(user, "language", language,
                    f"{user.username} chose the language {language or 'automatic'}")  # fmt: skip


def set_timezone(user: User, zone: str) -> None:
    """The zone (IANA name) in which the user reads and types dates."""
    if not is_zone(zone):
        raise AccountError(_("Choose a time zone from the list."))
    _change_setting(user, "timezone", zone, f"{user.username} chose the time zone {zone}")


def reset_password(user: User, new: str, actor: User | None) -> None:
    """The secretariat's reset assumes the account may be in other hands: sessions and API
    tokens end."""
    check_password_strength(new, user.username)
    user.set_password(new)
    user.session_version += 1
    audit.record(actor, "user.reset_password", user, f"Password of {user.username} reset")
    revoke_tokens(user, actor)


def set_user_active(user: User, active: bool, actor: User | None) -> None:
    if actor is not None and actor.id == user.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    user.active = active
    if not active:
        user.session_version += 1
    action = "user.activate" if active else "user.deactivate"
    audit.record(actor, action, user, f"{user.username} active={active}")


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))


# -- API tokens ----------------------------------------------------------------------------
MAX_ACTIVE_TOKENS = 20  # bounds the list on the token page; a person needs a handful


def active_tokens(user: User) -> list[ApiToken]:
    """The user's tokens that still open the API, oldest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.id)
        )
    )


def create_token(user: User, name: str = "", actor: User | None = None) -> str:
    """Make a new API token for `user` and return it; only its hash is stored."""
    active = db.session.scalar(
        sa.select(sa.func.count(ApiToken.id)).where(
            ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
        )
    )
    if active >= MAX_ACTIVE_TOKENS:
        raise AccountError(
            _(
                "%(username)s already has %(count)d API tokens: revoke one first.",
                username=user.username, count=MAX_ACTIVE_TOKENS,
            )
        )  # fmt: skip
    token = ApiToken.generate()
    row = ApiToken(
        user=user, name=name[:100], token_hash=ApiToken.hash_token(token), prefix=token[:10]
    )
    db.session.add(row)
    audit.record(actor or user, "token.create", row, f"API token {row.prefix}… for {user.username}")
    return token


def revoke_token(token: ApiToken, actor: User | None) -> None:
    """Stop a token from opening the API; the row stays for the audit trail."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    audit.record(
        actor, "token.revoke", token, f"API token {token.prefix}… of {token.user.username} revoked"
    )


def revoke_tokens(user: User, actor: User | None, name: str | None = None) -> int:
    """Revoke all of the user's tokens (or those with this name); how many were revoked."""
    tokens = [t for t in active_tokens(user) if name is None or t.name == name]
    for token in tokens:
        revoke_token(token, actor)
    return len(tokens)


TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to (one query), or None."""
    row = db.session.scalar(
        sa.select(ApiToken)
        .where(ApiToken.token_hash == ApiToken.hash_token(token))
        .options(joinedload(ApiToken.user).joinedload(User.administration))
    )
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = utcnow()
    # Recording every use would turn each read into a write; a few minutes' precision is enough.
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user
