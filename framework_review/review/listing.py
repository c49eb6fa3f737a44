"""The review list: every comment of a version, filtered, counted per filter value and paged.

Filters combine; the count of each filter value is what the list would hold with that value
chosen and every other filter kept (one GROUP BY query per filter, whatever the number of
comments). The review screen pages by number, the API by cursor (keyset on the sort order).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import Administration
from ..comments.models import Comment, CommentStatus, CommentType, ProposalKind, Reply, Support
from ..drafts.models import Clause, Version
from ..extensions import db
from .models import DECISION_TITLES, DECISIONS, Disposition, Feedback

# Labels are lazy: each page shows them in its reader's language.
TABS = {"todo": _l("To decide"), "decided": _l("Decided"), "all": _l("All")}
SORTS = {"clause": _l("Clause order"), "administration": _l("Administration"),
         "date": _l("Newest first")}  # fmt: skip
DISPOSITIONS = {"open": DECISION_TITLES["open"], **{d.value: DECISION_TITLES[d.value] for d in DECISIONS},
                "withdrawn": _l("Withdrawn")}  # fmt: skip
FEEDBACK = {"satisfied": _l("Satisfied"), "not_satisfied": _l("Not satisfied"),
            "none": _l("No feedback")}  # fmt: skip
YES_NO = {"yes": _l("Yes"), "no": _l("No")}
TYPES = {t.value: LazyString(lambda t=t: t.title) for t in CommentType}
AMENDMENT_KINDS = [ProposalKind.REPLACE, ProposalKind.INSERT, ProposalKind.DELETE]

# What each filter groups by, as SQL; every value is a plain string (or a clause id).
STATE = sa.case(
    (Comment.status == CommentStatus.WITHDRAWN, "withdrawn"),
    (Comment.disposition_id.is_(None), "open"),
    else_=sa.type_coerce(Disposition.decision, sa.String),
)
AMENDMENT = sa.case((Comment.proposal_kind.in_(AMENDMENT_KINDS), "yes"), else_="no")
REPLIES = sa.case((sa.exists().where(Reply.comment_id == Comment.id), "yes"), else_="no")
FEEDBACK_STATE = sa.case(
    (Comment.feedback_id.is_(None), "none"), (Feedback.satisfied, "satisfied"),
    else_="not_satisfied",
)  # fmt: skip
CLAUSE_ORDER = sa.case((Comment.clause_id.is_(None), 0), else_=Clause.position)
FACETS = {
    "clause": Comment.clause_id,
    "administration": Administration.code,
    "type": sa.type_coerce(Comment.type, sa.String),
    "disposition": STATE,
    "amendment": AMENDMENT,
    "replies": REPLIES,
    "feedback": FEEDBACK_STATE,
}
CHOICES = {"type": TYPES, "disposition": DISPOSITIONS, "amendment": YES_NO, "replies": YES_NO,
           "feedback": FEEDBACK}  # fmt: skip


class FilterError(ValueError):
    """A filter value that means nothing here; `field` names the query parameter."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ClauseRow:
    """What the filters and the table need of a clause, read in one light query."""

    id: int
    parent_id: int | None
    ref: str
    level: int
    position: int
    settled: bool


def clause_rows(version: Version) -> list[ClauseRow]:
    rows = db.session.execute(
        sa.select(Clause.id, Clause.parent_id, Clause.ref, Clause.level, Clause.position,
                  Clause.settled_at.is_not(None))
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    )  # fmt: skip
    return [ClauseRow(*row) for row in rows]


def _subtree(clauses: list[ClauseRow], root: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for row in clauses:
        children.setdefault(row.parent_id, []).append(row.id)
    ids, todo = [], [root]
    while todo:
        current = todo.pop()
        ids.append(current)
        todo.extend(children.get(current, []))
    return ids


@dataclass(frozen=True)
class ReviewFilters:
    """The review list's filters, as the query string (and the API) carries them."""

    clause: str = ""  # a clause id (with its sub-clauses) or "general"
    administration: str = ""
    type: str = ""
    disposition: str = ""
    amendment: str = ""
    replies: str = ""
    feedback: str = ""
    q: str = ""
    tab: str = "all"
    sort: str = "clause"
    # The clause ids the clause filter stands for (the clause and its sub-clauses).
    clause_ids: tuple[int, ...] = field(default=(), compare=False)

    NAMES = ("clause", "administration", "type", "disposition", "amendment", "replies",
             "feedback", "q", "tab", "sort")  # fmt: skip

    @classmethod
    def parse(
        cls, values: Mapping[str, str], clauses: list[ClauseRow], default_tab: str = "all"
    ) -> tuple[ReviewFilters, list[FilterError]]:
        """Filters from a query string; values that mean nothing are left out and reported."""
        found: dict[str, Any] = {"tab": default_tab}
        problems = []
        for name in cls.NAMES:
            value = (values.get(name) or "").strip()
            if not value:
                continue
            try:
                found[name] = cls._check(name, value, clauses)
            except FilterError as problem:
                problems.append(problem)
        if found.get("clause") and found["clause"] != "general":
            found["clause_ids"] = tuple(_subtree(clauses, int(found["clause"])))
        return cls(**found), problems

    @staticmethod
    def _check(name: str, value: str, clauses: list[ClauseRow]) -> str:
        if name == "q":
            if len(value) > 200:
                raise FilterError("q", _("The text filter is limited to 200 characters."))
            return value
        if name == "administration":
            if len(value) > 12:
                raise FilterError(name, _("No administration has such a code."))
            return value.upper()
        if name == "clause":
            if value == "general" or (value.isdigit() and any(c.id == int(value) for c in clauses)):
                return value
            raise FilterError(
                name, _("The clause filter takes a clause id of this version or 'general'.")
            )
        allowed = {"tab": TABS, "sort": SORTS, **CHOICES}[name]
        if value not in allowed:
            raise FilterError(
                name,
                _("The %(name)s filter takes one of: %(values)s.", name=name,
                  values=", ".join(allowed)),
            )  # fmt: skip
        return value

    def args(self, **changes: str) -> dict[str, str]:
        """The filters as query-string values (the tab always, the rest when set)."""
        current = replace(self, **changes) if changes else self
        values = {name: getattr(current, name) for name in self.NAMES}
        return {name: value for name, value in values.items()
                if value and (name == "tab" or value != getattr(DEFAULTS, name))}  # fmt: skip

    def conditions(self) -> dict[str, sa.ColumnElement[bool]]:
        """Each active filter as an SQL condition, by name (the counts leave one out)."""
        conditions: dict[str, sa.ColumnElement[bool]] = {}
        if self.clause == "general":
            conditions["clause"] = Comment.clause_id.is_(None)
        elif self.clause:
            conditions["clause"] = Comment.clause_id.in_(self.clause_ids)
        for name in ("administration", "type", "disposition", "amendment", "replies", "feedback"):
            value = getattr(self, name)
            if value:
                conditions[name] = FACETS[name] == value
        if self.tab == "todo":
            conditions["tab"] = STATE == "open"
        elif self.tab == "decided":
            conditions["tab"] = STATE.in_([d.value for d in DECISIONS])
        words = [w for w in self.q.split() if w]
        if words:
            conditions["q"] = sa.and_(*[
                sa.or_(Comment.code.icontains(w, autoescape=True),
                       Comment.body.icontains(w, autoescape=True),
                       Comment.proposal_text.icontains(w, autoescape=True))
                for w in words
            ])  # fmt: skip
        return conditions


DEFAULTS = ReviewFilters()


def _from(query: sa.Select, version: Version) -> sa.Select:
    """The joins every filter and sort may use (all to-one: one row per comment)."""
    return (
        query.select_from(Comment)
        .join(Administration, Comment.administration_id == Administration.id)
        .outerjoin(Clause, Comment.clause_id == Clause.id)
        .outerjoin(Disposition, Comment.disposition_id == Disposition.id)
        .outerjoin(Feedback, Comment.feedback_id == Feedback.id)
        .where(Comment.version_id == version.id)
    )


def _grouped(version: Version, expression, conditions) -> dict[Any, int]:
    value = expression.label("value")
    rows = db.session.execute(
        _from(sa.select(value, sa.func.count(Comment.id)), version)
        .where(*conditions)
        .group_by(value)
    )
    return {key: count for key, count in rows}


def counts(version: Version, filters: ReviewFilters, clauses: list[ClauseRow]) -> dict[str, dict]:
    """For each filter, {value: comments the list would show with that value chosen}."""
    conditions = filters.conditions()

    def others(name: str) -> list:
        return [c for key, c in conditions.items() if key != name]

    result: dict[str, dict] = {}
    for name, expression in FACETS.items():
        result[name] = _grouped(version, expression, others(name))
    by_clause = result.pop("clause")
    result["clause"] = _rolled_up(by_clause, clauses)
    states = _grouped(version, STATE, others("tab"))
    result["tab"] = {
        "todo": states.get("open", 0),
        "decided": sum(states.get(d.value, 0) for d in DECISIONS),
        "all": sum(states.values()),
    }
    return result


def _rolled_up(by_clause: dict[int | None, int], clauses: list[ClauseRow]) -> dict[str, int]:
    """Per clause id (as text) the comments on it and its sub-clauses; 'general' too."""
    totals = {row.id: by_clause.get(row.id, 0) for row in clauses}
    for row in sorted(clauses, key=lambda r: r.level, reverse=True):
        if row.parent_id is not None:
            totals[row.parent_id] += totals[row.id]
    result = {str(key): value for key, value in totals.items() if value}
    if by_clause.get(None):
        result["general"] = by_clause[None]
    return result


def total(filters: ReviewFilters, found: dict[str, dict]) -> int:
    """How many comments the list holds with every filter, read from the counts."""
    return found["tab"][filters.tab]


# -- the rows --------------------------------------------------------------------------------
SORT_KEYS = {
    "clause": (CLAUSE_ORDER, Administration.code, Comment.sequence, Comment.id),
    "administration": (Administration.code, Comment.sequence, Comment.id),
    "date": (Comment.created_at, Comment.id),
}
DESCENDING = {"date"}
# The Python type of each sort key, so that a forged cursor cannot reach the database.
KEY_TYPES = {"clause": (int, str, int, int), "administration": (str, int, int),
             "date": (datetime, int)}  # fmt: skip


def _ordered(query: sa.Select, sort: str) -> sa.Select:
    keys = SORT_KEYS[sort]
    return query.order_by(*(k.desc() for k in keys) if sort in DESCENDING else keys)


def row_options():
    """What a row of the review screen shows, loaded with the comments (fixed queries)."""
    return (
        joinedload(Comment.administration),
        joinedload(Comment.clause),
        joinedload(Comment.disposition),
        joinedload(Comment.feedback),
        selectinload(Comment.supports).joinedload(Support.administration),
    )


REPLY_COUNT = (
    sa.select(sa.func.count(Reply.id)).where(Reply.comment_id == Comment.id).scalar_subquery()
)


def rows(
    version: Version, filters: ReviewFilters, *, page: int, per_page: int
) -> list[tuple[Comment, int]]:
    """One page of the list: each comment with its number of replies."""
    query = _from(sa.select(Comment, REPLY_COUNT.label("replies")), version).where(
        *filters.conditions().values()
    )
    query = _ordered(query, filters.sort).options(*row_options())
    query = query.limit(per_page).offset((page - 1) * per_page)
    return [(comment, replies) for comment, replies in db.session.execute(query)]


# -- the API's cursor ----------------------------------------------------------------------
def _encode(sort: str, values: tuple) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps([sort, plain], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, values = json.loads(raw)
        types = KEY_TYPES[sort]
        if cursor_sort != sort or not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        if sort == "date":
            values[0] = datetime.fromisoformat(values[0])
        for value, expected in zip(values, types, strict=True):
            if isinstance(value, bool) or not isinstance(value, expected):
                raise ValueError
            if isinstance(value, int) and not -(2**31) <= value < 2**31:
                raise ValueError  # no key is that large; the database would refuse it
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FilterError(
            "cursor", _("The cursor is not one this list gave (or the sort changed since).")
        ) from None
    return tuple(values)


def after(
    version: Version, filters: ReviewFilters, cursor: str | None, limit: int,
    loading: Callable[[sa.Select], sa.Select] = lambda query: query,
) -> tuple[list[Comment], str | None]:  # fmt: skip
    """Up to `limit` comments after `cursor` in the list's order, and the next cursor.

    `loading` adds the eager loading the caller's output needs."""
    keys = SORT_KEYS[filters.sort]
    query = _from(sa.select(Comment, *keys), version).where(*filters.conditions().values())
    if cursor:
        position = _decode(cursor, filters.sort)
        row_key = sa.tuple_(*keys)
        query = query.where(
            row_key < position if filters.sort in DESCENDING else row_key > position
        )
    query = loading(_ordered(query, filters.sort)).limit(limit + 1)
    found = db.session.execute(query).unique().all()
    page = found[:limit]
    following = None
    if len(found) > limit:
        following = _encode(filters.sort, tuple(page[-1][1:]))
    return [row[0] for row in page], following


# -- for the table of contents -------------------------------------------------------------
def decision_counts(version: Version) -> dict[int | None, tuple[int, int]]:
    """(open, decided) comments per clause id (None: the whole document); withdrawn left out."""
    decided = sa.case((Comment.disposition_id.is_(None), 0), else_=1)
    found = db.session.execute(
        sa.select(Comment.clause_id, sa.func.count(), sa.func.sum(decided))
        .where(Comment.version_id == version.id, Comment.status == CommentStatus.OPEN)
        .group_by(Comment.clause_id)
    )
    return {clause_id: (n - int(d or 0), int(d or 0)) for clause_id, n, d in found}
