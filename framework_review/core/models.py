"""Shared column types and the audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .time import utcnow

if TYPE_CHECKING:
    from ..accounts.models import User


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> sa.Enum:
    """Store an enum by its value as a short string: portable and readable in SQL."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class AuditEntry(db.Model):
    """One line of the audit trail: who did what to which object, and when."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    __table_args__ = (sa.Index("ix_audit_entry_object", "object_type", "object_id"),)

    actor: Mapped[User | None] = relationship()
