"""Where a version stands, from aggregate queries (GROUP BY); comments are never loaded.

The same numbers feed the statistics page, the XLSX Statistics sheet and the API. They count
what the report would hold for the same scope and filters, and decisions only where the
reader may see them (unpublished decisions count as open).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..accounts.models import Administration
from ..comments.models import Comment, CommentStatus, CommentType, ProposalKind
from ..drafts.models import Clause
from ..extensions import db
from ..review.models import Decision, Disposition, Feedback
from .rows import ReportFilters, Scope, filtered

DECISION_KEYS = (
    Decision.ACCEPTED.value, Decision.ACCEPTED_WITH_MODIFICATIONS.value, Decision.NOTED.value,
    Decision.NOT_ACCEPTED.value,
)  # fmt: skip
TYPE_KEYS = tuple(t.value for t in CommentType)
# The per-member table's columns, in the order the secretariat reads them.
COUNT_KEYS = ("total", *TYPE_KEYS, *DECISION_KEYS, "open", "withdrawn", "not_satisfied")
COUNT_TITLES = {
    "total": _l("Total"), "ge": "ge", "te": "te", "ed": "ed", "accepted": _l("Accepted"),
    "accepted_with_modifications": _l("Accepted w/ mod."), "noted": _l("Noted"),
    "not_accepted": _l("Not accepted"), "open": _l("Open"), "withdrawn": _l("Withdrawn"),
    "not_satisfied": _l("Not satisfied"), "satisfied": _l("Satisfied"),
    "awaiting": _l("No answer yet"), "amendments": _l("Amendments"),
}  # fmt: skip
FEEDBACK_KEYS = ("satisfied", "not_satisfied", "awaiting")
ALL_KEYS = (*COUNT_KEYS, "satisfied", "awaiting")
AMENDMENT_KINDS = (ProposalKind.REPLACE.value, ProposalKind.INSERT.value, ProposalKind.DELETE.value)


@dataclass
class Line:
    """One row of a statistics table: what it counts (member, type, clause) and the counts."""

    key: str
    name: str
    counts: dict[str, int]
    level: int = 0


@dataclass
class Statistics:
    members: list[Line] = field(default_factory=list)
    types: list[Line] = field(default_factory=list)
    clauses: list[Line] = field(default_factory=list)
    over_time: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def feedback(self) -> dict[str, int]:
        return {key: self.totals.get(key, 0) for key in FEEDBACK_KEYS}


def _sum(condition) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _count_columns(visible: bool) -> list[sa.ColumnElement]:
    """Aggregates for COUNT_KEYS (and the feedback counts), as labelled columns."""
    live = Comment.status == CommentStatus.OPEN
    columns = [sa.func.count(Comment.id).label("total")]
    columns += [_sum(Comment.type == t).label(t) for t in TYPE_KEYS]
    if visible:
        decided = sa.and_(live, Comment.disposition_id.is_not(None))
        columns += [_sum(sa.and_(live, Disposition.decision == d)).label(d) for d in DECISION_KEYS]
        columns += [
            _sum(sa.and_(live, Comment.disposition_id.is_(None))).label("open"),
            _sum(sa.and_(decided, Feedback.satisfied.is_(False))).label("not_satisfied"),
            _sum(sa.and_(decided, Feedback.satisfied.is_(True))).label("satisfied"),
            _sum(sa.and_(decided, Comment.feedback_id.is_(None))).label("awaiting"),
        ]
    else:
        zero = sa.literal(0)
        columns += [zero.label(d) for d in DECISION_KEYS]
        columns += [_sum(live).label("open")]
        columns += [zero.label(k) for k in ("not_satisfied", "satisfied", "awaiting")]
    columns.append(_sum(Comment.status == CommentStatus.WITHDRAWN).label("withdrawn"))
    return columns


def _grouped(scope: Scope, filters: ReportFilters, *keys) -> list:
    query = filtered(scope, filters, *keys, *_count_columns(scope.dispositions_visible))
    query = query.outerjoin(Feedback, Feedback.id == Comment.feedback_id)
    return (
        db.session.execute(query.group_by(*keys)).all()
        if keys
        else [db.session.execute(query).one()]
    )


def _counts(row, keys=ALL_KEYS) -> dict[str, int]:
    return {key: int(getattr(row, key) or 0) for key in keys}


def compute(scope: Scope, filters: ReportFilters | None = None) -> Statistics:
    """Per member, per type, per clause (every clause, for the heat map) and over time."""
    filters = filters or ReportFilters()
    stats = Statistics()
    members = _grouped(scope, filters, Administration.code, Administration.name)
    stats.members = [
        Line(r.code, r.name, _counts(r)) for r in sorted(members, key=lambda r: r.code)
    ]
    by_type = {_value(r.type): r for r in _grouped(scope, filters, Comment.type)}
    stats.types = [
        Line(t.value, t.title, _counts(by_type[t.value]) if t.value in by_type else _zero())
        for t in CommentType
    ]
    stats.totals = _counts(_grouped(scope, filters)[0])
    stats.clauses = _clauses(scope, filters)
    stats.over_time = _over_time(scope, filters) if scope.dispositions_visible else []
    return stats


def _zero() -> dict[str, int]:
    return dict.fromkeys(ALL_KEYS, 0)


def _value(value) -> str:
    return value.value if hasattr(value, "value") else str(value)


def _clauses(scope: Scope, filters: ReportFilters) -> list[Line]:
    """Every clause of the version in document order (General first) with its counts."""
    live = Comment.status == CommentStatus.OPEN
    columns = [
        sa.func.count(Comment.id).label("total"),
        _sum(sa.and_(live, Comment.proposal_kind.in_(AMENDMENT_KINDS))).label("amendments"),
        _sum(sa.and_(live, Comment.disposition_id.is_(None)) if scope.dispositions_visible
             else live).label("open"),
        _sum(Comment.status == CommentStatus.WITHDRAWN).label("withdrawn"),
    ]  # fmt: skip
    rows = db.session.execute(filtered(scope, filters, Comment.clause_id, *columns)
                              .group_by(Comment.clause_id)).all()  # fmt: skip
    counted = {
        row.clause_id: _counts(row, ("total", "amendments", "open", "withdrawn")) for row in rows
    }
    empty = {"total": 0, "amendments": 0, "open": 0, "withdrawn": 0}
    lines = [Line("General", gettext("The whole document"), counted.get(None, dict(empty)))]
    clauses = db.session.execute(
        sa.select(Clause.id, Clause.ref, Clause.heading, Clause.level)
        .where(Clause.version_id == scope.version.id)
        .order_by(Clause.position)
    )
    for clause in clauses:
        name = clause.heading if clause.heading and clause.heading != clause.ref else ""
        lines.append(Line(clause.ref, name, counted.get(clause.id, dict(empty)), clause.level))
    return lines


def _over_time(scope: Scope, filters: ReportFilters) -> list[tuple[str, dict[str, int]]]:
    """Decisions in force per day they were taken, by decision."""
    day = sa.func.date(Disposition.decided_at)
    query = (
        filtered(scope, filters, day.label("day"), Disposition.decision, sa.func.count(Comment.id))
        .where(Comment.disposition_id.is_not(None), Comment.status == CommentStatus.OPEN)
        .group_by(day, Disposition.decision)
    )
    days: dict[str, dict[str, int]] = {}
    for when, decision, number in db.session.execute(query):
        counts = days.setdefault(str(when)[:10], dict.fromkeys(DECISION_KEYS, 0))
        counts[_value(decision)] = int(number)
    return sorted(days.items())


def as_json(stats: Statistics) -> dict:
    """The statistics as the API gives them."""

    def line(item: Line, keys) -> dict:
        return {"key": item.key, "name": item.name, **{k: item.counts.get(k, 0) for k in keys}}

    return {
        "members": [line(m, COUNT_KEYS) for m in stats.members],
        "types": [line(t, COUNT_KEYS) for t in stats.types],
        "clauses": [
            {**line(c, ("total", "amendments", "open", "withdrawn")), "level": c.level}
            for c in stats.clauses
        ],  # fmt: skip
        "decisions_over_time": [{"date": day, **counts} for day, counts in stats.over_time],
        "feedback": stats.feedback,
        "totals": {k: stats.totals.get(k, 0) for k in COUNT_KEYS},
    }
