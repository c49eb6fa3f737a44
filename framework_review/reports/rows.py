"""The rows of the consolidated report: who sees what, the filters, and reading in batches.

Rows are read with plain column queries (no ORM objects) in document order of the clauses
(General first), then member code, then ID: one query streams the comments, and one more per
batch reads the replies of that batch, so the number of queries does not grow with the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from ..accounts.models import Administration, User
from ..comments.models import Comment, CommentStatus, CommentType, Reply
from ..core.templating import format_date
from ..core.time import utcnow
from ..drafts.models import Clause, Version
from ..extensions import db
from ..review.models import DECISIONS, Decision, Disposition
from .vocabulary import words

BATCH_SIZE = 1000
GENERAL = "General"  # the clause filter's word for comments on the whole document
WITHDRAWN = CommentStatus.WITHDRAWN.value
DISPOSITION_FILTERS = ("open", *(d.value for d in DECISIONS))


class FilterError(ValueError):
    """A filter that names something the version does not have; 422 with the parameter."""

    status = 422
    code = "invalid"

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ReportFilters:
    """What the report shows. Clauses include their sub-clauses; "General" is the whole text."""

    clauses: tuple[str, ...] = ()
    administrations: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    dispositions: tuple[str, ...] = ()
    replies: bool = False
    withdrawn: bool = True

    @classmethod
    def from_args(cls, args: MultiDict) -> ReportFilters:
        """From query parameters (repeated or comma-separated); unknown values raise FilterError."""

        def values(name: str) -> tuple[str, ...]:
            found = [v.strip() for raw in args.getlist(name) for v in raw.split(",")]
            return tuple(dict.fromkeys(v for v in found if v))

        types = values("type")
        for value in types:
            if value not in [t.value for t in CommentType]:
                raise FilterError(
                    gettext("Unknown type '%(value)s': use ge, te or ed.", value=value), "type"
                )
        dispositions = values("disposition")
        for value in dispositions:
            if value not in DISPOSITION_FILTERS:
                raise FilterError(
                    gettext("Unknown disposition '%(value)s': use %(values)s.", value=value,
                            values=", ".join(DISPOSITION_FILTERS)),
                    "disposition",
                )  # fmt: skip
        return cls(
            clauses=values("clause"),
            administrations=tuple(v.upper() for v in values("administration")),
            types=types,
            dispositions=dispositions,
            replies=_flag(args, "replies", False),
            withdrawn=_flag(args, "withdrawn", True),
        )

    def as_args(self) -> dict[str, str]:
        """Query parameters that give these filters back (for links and downloads)."""
        args = {
            "clause": ",".join(self.clauses),
            "administration": ",".join(self.administrations),
            "type": ",".join(self.types),
            "disposition": ",".join(self.dispositions),
            "replies": "1" if self.replies else "",
            "withdrawn": "" if self.withdrawn else "0",
        }
        return {key: value for key, value in args.items() if value}

    def describe(self) -> list[str]:
        """The filters in words, for the report's header block (in the request's language)."""
        parts = []
        if self.clauses:
            parts.append(gettext("Clauses %(refs)s (with their sub-clauses)",
                                 refs=", ".join(self.clauses)))  # fmt: skip
        if self.administrations:
            parts.append(gettext("Members %(codes)s", codes=", ".join(self.administrations)))
        if self.types:
            parts.append(gettext("Types %(types)s", types=", ".join(self.types)))
        if self.dispositions:
            titles = [Decision(d).title for d in self.dispositions]
            parts.append(gettext("Dispositions %(titles)s", titles=", ".join(titles)))
        parts.append(gettext("replies included") if self.replies else gettext("without replies"))
        parts.append(
            gettext("withdrawn comments shown")
            if self.withdrawn
            else gettext("withdrawn comments left out")
        )
        return parts


def _flag(args: MultiDict, name: str, default: bool) -> bool:
    value = (args.get(name) or "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise FilterError(gettext("%(name)s must be 1 or 0.", name=name), name)


@dataclass(frozen=True)
class Scope:
    """Whose comments a report holds and whether their decisions may be shown."""

    version: Version
    administration: Administration | None = None  # only this administration's comments
    dispositions_visible: bool = True

    @classmethod
    def for_user(cls, version: Version, user: User) -> Scope | None:
        """What `user` may download (Version.report_scope), or None when nothing."""
        scope = version.report_scope(user)
        if scope is None:
            return None
        own = user.administration if scope == "own" else None
        return cls(version, own, version.dispositions_visible_to(user))


@dataclass(slots=True)
class ReportItem:
    """A row of the report: a comment, or a reply shown under it (`reply_of` set)."""

    comment_id: int
    code: str
    member: str
    clause: str
    locator: str = ""
    type: str = ""
    body_html: str = ""
    proposal_kind: str | None = None
    proposal_text: str = ""
    proposal_html: str = ""
    withdrawn: bool = False
    entered_by_secretariat: bool = False
    decision: str | None = None  # as the reader may see it; None while open
    observation_html: str = ""
    adopted_text: str = ""
    created_at: datetime | None = None
    reply_of: str | None = None
    order: int = 0
    replies: list[ReportItem] = field(default_factory=list)

    @property
    def decision_title(self) -> str:
        return words().decisions.get(self.decision, "")

    @property
    def type_label(self) -> str:
        """The Type column: ge / te / ed, or "reply" in the reader's words."""
        return words().reply if self.reply_of else self.type

    @property
    def proposal_label(self) -> str:
        """How an amendment is introduced ("Replace the clause text"); empty for a described
        change or none."""
        return words().proposals.get(self.proposal_kind, "")


def clause_ids(version: Version, refs: tuple[str, ...]) -> tuple[list[int], bool]:
    """Ids of the named clauses with all their sub-clauses, and whether General is named."""
    rows = db.session.execute(
        sa.select(Clause.id, Clause.parent_id, Clause.ref).where(Clause.version_id == version.id)
    ).all()
    by_ref = {row.ref: row.id for row in rows}
    children: dict[int | None, list[int]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row.id)
    wanted: list[int] = []
    general = False
    for ref in refs:
        if ref.lower() == GENERAL.lower():
            general = True
            continue
        if ref not in by_ref:
            raise FilterError(
                gettext("There is no clause '%(ref)s' in %(version)s.", ref=ref,
                        version=version.label),
                "clause",
            )  # fmt: skip
        stack = [by_ref[ref]]
        while stack:
            current = stack.pop()
            wanted.append(current)
            stack.extend(children.get(current, []))
    return wanted, general


def _where(scope: Scope, filters: ReportFilters) -> list[sa.ColumnElement]:
    """The conditions on comment (joined with administration and disposition) for a report."""
    conditions: list[sa.ColumnElement] = [Comment.version_id == scope.version.id]
    if scope.administration is not None:
        conditions.append(Comment.administration_id == scope.administration.id)
    if filters.clauses:
        ids, general = clause_ids(scope.version, filters.clauses)
        either = [Comment.clause_id.in_(ids)] if ids else []
        if general:
            either.append(Comment.clause_id.is_(None))
        conditions.append(sa.or_(*either))
    if filters.administrations:
        conditions.append(Administration.code.in_(filters.administrations))
    if filters.types:
        conditions.append(Comment.type.in_(filters.types))
    if filters.dispositions:
        if scope.dispositions_visible:
            chosen = [d for d in filters.dispositions if d != "open"]
            either = [Disposition.decision.in_(chosen)] if chosen else []
            if "open" in filters.dispositions:
                either.append(Comment.disposition_id.is_(None))
            conditions.append(sa.or_(*either))
        elif "open" not in filters.dispositions:
            # Unpublished decisions read as open: no other filter may reveal them.
            conditions.append(sa.false())
    if not filters.withdrawn:
        conditions.append(Comment.status == CommentStatus.OPEN)
    return conditions


def filtered(scope: Scope, filters: ReportFilters, *columns) -> sa.Select:
    """SELECT `columns` from the report's comments (joined to administration, clause and
    the disposition in force), filtered; statistics aggregate over it."""
    return (
        sa.select(*columns)
        .select_from(Comment)
        .join(Administration, Administration.id == Comment.administration_id)
        .outerjoin(Clause, Clause.id == Comment.clause_id)
        .outerjoin(Disposition, Disposition.id == Comment.disposition_id)
        .where(*_where(scope, filters))
    )


def _text(column) -> sa.ColumnElement:
    """An enum column read as its stored string: no enum object made per row."""
    return sa.type_coerce(column, sa.String)


def _ordered(scope: Scope, filters: ReportFilters) -> sa.Select:
    visible = scope.dispositions_visible
    return filtered(
        scope, filters,
        Comment.id, Comment.code, Administration.code, Clause.ref, Comment.locator,
        _text(Comment.type), Comment.body_html, _text(Comment.proposal_kind),
        Comment.proposal_text, Comment.proposal_html, _text(Comment.status),
        Comment.entered_by_id, Comment.created_at,
        _text(Disposition.decision) if visible else sa.null(),
        Disposition.observation_html if visible else sa.null(),
        Disposition.adopted_text if visible else sa.null(),
    ).order_by(sa.func.coalesce(Clause.position, 0), Administration.code, Comment.sequence)  # fmt: skip


def _item(row) -> ReportItem:
    """A row of _ordered(), by position (this runs 30,000 times for a round)."""
    (comment_id, code, member, ref, locator, kind, body_html, proposal_kind, proposal_text,
     proposal_html, state, entered_by, created_at, decision, observation_html, adopted) = row  # fmt: skip
    return ReportItem(
        comment_id, code, member, ref or words().general, locator, kind, body_html, proposal_kind,
        proposal_text, proposal_html, state == WITHDRAWN, entered_by is not None, decision,
        observation_html or "", adopted or "", created_at,
    )  # fmt: skip


def _attach_replies(items: list[ReportItem]) -> None:
    """One query for the replies of a batch, each put under its comment in thread order."""
    by_id = {item.comment_id: item for item in items}
    rows = db.session.execute(
        sa.select(Reply.comment_id, Reply.body_html, Reply.created_at, _text(User.role).label("role"),
                  Administration.code.label("member"))
        .join(User, User.id == Reply.author_id)
        .outerjoin(Administration, Administration.id == Reply.administration_id)
        .where(Reply.comment_id.in_(list(by_id)))
        .order_by(Reply.comment_id, Reply.id)
    )  # fmt: skip
    for row in rows:
        parent = by_id[row.comment_id]
        parent.replies.append(
            ReportItem(
                comment_id=parent.comment_id,
                code=gettext("%(code)s reply %(num)d", code=parent.code,
                             num=len(parent.replies) + 1),
                member=row.member or words().roles.get(row.role, ""),
                clause=parent.clause, type="reply", body_html=row.body_html,
                created_at=row.created_at, reply_of=parent.code,
            )
        )  # fmt: skip


def batches(
    scope: Scope, filters: ReportFilters, batch_size: int = BATCH_SIZE
) -> Iterator[list[ReportItem]]:
    """The report's comments in order, `batch_size` at a time, with replies when asked for."""
    query = _ordered(scope, filters).execution_options(yield_per=batch_size)
    # Plain rows from the connection: the ORM's result processing is not needed here.
    for partition in db.session.connection().execute(query).partitions(batch_size):
        items = [_item(row) for row in partition]
        if filters.replies and items:
            _attach_replies(items)
        yield items


def page(scope: Scope, filters: ReportFilters, offset: int, limit: int) -> list[ReportItem]:
    """One page of the report's comments (with replies when asked for)."""
    items = [
        _item(row)
        for row in db.session.connection().execute(
            _ordered(scope, filters).offset(offset).limit(limit)
        )
    ]
    if filters.replies and items:
        _attach_replies(items)
    return items


def count(scope: Scope, filters: ReportFilters) -> int:
    """How many comments the report holds (replies not counted)."""
    return db.session.scalar(filtered(scope, filters, sa.func.count(Comment.id))) or 0


def table_items(comment_batches) -> Iterator[ReportItem]:
    """Comments and, under each, its replies, numbered in order (the "Order" column)."""
    order = 0
    for batch in comment_batches:
        for item in batch:
            order += 1
            item.order = order
            yield item
            for reply in item.replies:
                order += 1
                reply.order = order
                yield reply


@dataclass(frozen=True)
class Header:
    """The block above the table: what the document is, when, and what it shows."""

    draft_title: str
    version_label: str
    period: str
    generated_at: datetime
    scope: str
    filters: list[str]


def header(scope: Scope, filters: ReportFilters) -> Header:
    version = scope.version
    if version.opens_at and version.closes_at:
        period = gettext("%(start)s to %(end)s", start=format_date(version.opens_at, long=True),
                         end=format_date(version.closes_at, long=True))  # fmt: skip
    elif version.closes_at:
        period = gettext("until %(end)s", end=format_date(version.closes_at, long=True))
    else:
        period = gettext("not set")
    administration = scope.administration
    if administration is not None and scope.dispositions_visible:
        who = gettext("Comments of %(name)s (%(code)s)", name=administration.name,
                      code=administration.code)  # fmt: skip
    elif administration is not None:
        who = gettext("Comments of %(name)s (%(code)s); decisions not yet published",
                      name=administration.name, code=administration.code)  # fmt: skip
    elif scope.dispositions_visible:
        who = gettext("All comments")
    else:
        who = gettext("All comments; decisions not yet published")
    return Header(version.draft.title, version.label, period, utcnow(), who, filters.describe())
