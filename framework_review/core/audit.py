"""Services call `record` for every change of state; the request commits it with the change.
The secretariat reads the entries through `entries` (filtered) and `csv_lines` (export)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload

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


@dataclass
class AuditFilter:
    """What the secretariat narrows the log to; empty values filter nothing."""

    user: str = ""  # username of the actor
    administration: str = ""  # code of the actor's administration
    action: str = ""  # an action, or the start of one ("comment.")
    object_type: str = ""
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def entries(filters: AuditFilter) -> sa.Select:
    """The entries matching `filters`, latest first, with actor and administration loaded."""
    from ..accounts.models import Administration, User

    query = sa.select(AuditEntry).options(
        joinedload(AuditEntry.actor).joinedload(User.administration)
    )
    if filters.user or filters.administration:
        query = query.join(AuditEntry.actor)
    if filters.user:
        query = query.where(User.username == filters.user.strip().lower())
    if filters.administration:
        query = query.join(User.administration).where(
            Administration.code == filters.administration.strip().upper()
        )
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action.strip(), autoescape=True))
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type.strip().lower())
    if filters.object_id is not None:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.date_from:
        query = query.where(AuditEntry.at >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        end = datetime.combine(filters.date_to, time()) + timedelta(days=1)
        query = query.where(AuditEntry.at < end)
    return query.order_by(AuditEntry.id.desc())


def page_of(filters: AuditFilter, page: int, per_page: int) -> tuple[list[AuditEntry], int]:
    """One page of matching entries and how many match in all (two queries)."""
    query = entries(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    found = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return list(found), total


def csv_header() -> list[str]:
    """The export's column names, in the request's language (times stay in UTC)."""
    return [gettext("time (UTC)"), gettext("user"), gettext("administration"), gettext("action"),
            gettext("object type"), gettext("object id"), gettext("summary")]  # fmt: skip


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (a formula) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(filters: AuditFilter, batch: int = 500) -> Iterator[str]:
    """The matching entries as CSV lines, BOM first (utf-8-sig), read in batches as sent."""
    yield "\ufeff" + _line(csv_header())
    for entry in db.session.scalars(entries(filters).execution_options(yield_per=batch)):
        actor = entry.actor
        yield _line([
            entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            actor.username if actor else "",
            actor.administration.code if actor and actor.administration else "",
            entry.action, entry.object_type, entry.object_id, entry.summary,
        ])  # fmt: skip


def _line(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
