"""Services call `record` for every change of state; the request commits it with the change."""

from __future__ import annotations

from typing import Any

from ..extensions import db
from .models import AuditEntry


def record(actor, action: str, obj: Any, summary: str = "", **data: Any) -> AuditEntry:
    """Add an audit entry for `action` by `actor` (a User or None for the system) on `obj`."""
    db.session.flush()  # make sure obj has its id
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        summary=summary[:500],
        data=data,
    )
    db.session.add(entry)
    return entry
