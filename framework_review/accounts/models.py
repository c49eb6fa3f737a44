"""Administrations (members and observers), users with one role each, and API tokens."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.models import enum_column
from ..core.time import utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..drafts.models import Version


class Role(enum.StrEnum):
    DELEGATE = "delegate"
    CHAIR = "chair"
    SECRETARIAT = "secretariat"

    @property
    def title(self) -> str:
        return str(_ROLE_TITLES[self.value])


_ROLE_TITLES = {
    "delegate": _l("Delegate"),
    "chair": _l("Working group chair"),
    "secretariat": _l("Secretariat"),
}


class AdministrationKind(enum.StrEnum):
    MEMBER = "member"
    OBSERVER = "observer"

    @property
    def title(self) -> str:
        return str(_KIND_TITLES[self.value])


_KIND_TITLES = {"member": _l("Member"), "observer": _l("Observer")}


class Administration(db.Model):
    """A member customs administration (ISO 3166 alpha-2 code) or an observer (an acronym)."""

    __tablename__ = "administration"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[AdministrationKind] = mapped_column(
        enum_column(AdministrationKind), default=AdministrationKind.MEMBER
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="administration")

    @property
    def is_observer(self) -> bool:
        return self.kind is AdministrationKind.OBSERVER

    def __repr__(self) -> str:
        return f"<Administration {self.code}>"


PASSWORD_METHOD = "scrypt"  # noqa: S105 - the name of the hashing method, not a password
MIN_PASSWORD_LENGTH = 10


class User(UserMixin, db.Model):
    """An account. Delegates speak for one administration; chair and secretariat for none."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    administration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administration.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped when the password changes or the account is deactivated: old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # Notifications also go by e-mail (when the site sends mail and the user has an address).
    email_notifications: Mapped[bool] = mapped_column(default=True)
    # 'en' or 'fr'; None: automatic (the header's switch, else the browser's languages).
    language: Mapped[str | None] = mapped_column(sa.String(8))
    # IANA zone name; None until the user or their browser names one (pages then show UTC).
    timezone: Mapped[str | None] = mapped_column(sa.String(64))

    administration: Mapped[Administration | None] = relationship(back_populates="users")

    __table_args__ = (
        sa.CheckConstraint(
            "role <> 'delegate' OR administration_id IS NOT NULL",
            name="delegate_has_administration",
        ),
    )

    # -- authentication -------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_active(self) -> bool:
        if not self.active:
            return False
        return self.administration is None or self.administration.active

    # -- roles ----------------------------------------------------------------------------
    @property
    def is_delegate(self) -> bool:
        return self.role is Role.DELEGATE

    @property
    def is_chair(self) -> bool:
        return self.role is Role.CHAIR

    @property
    def is_secretariat(self) -> bool:
        return self.role is Role.SECRETARIAT

    @property
    def is_officer(self) -> bool:
        """Chair and secretariat run the process rather than speak for an administration."""
        return self.role in (Role.CHAIR, Role.SECRETARIAT)

    # -- permissions ----------------------------------------------------------------------
    def can_manage_accounts(self) -> bool:
        return self.is_secretariat

    def can_manage_drafts(self) -> bool:
        return self.is_secretariat

    def can_comment_on(self, version: Version) -> bool:
        """Whether this user may write new comments on `version` now (period checked too)."""
        return self.is_delegate and version.admits_commenter(self) and version.is_open_for_comment()

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    TOKEN_PREFIX = "frt_"  # noqa: S105 - marks our tokens in logs and secret scanners

    @staticmethod
    def hash_token(token: str) -> str:
        # Tokens are 256 random bits, so a fast hash is enough; no salt or KDF needed.
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.TOKEN_PREFIX + secrets.token_urlsafe(32)
