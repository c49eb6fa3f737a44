"""Rules for comments, proposed amendments, replies and support.

Every function takes model objects and plain values, checks the rule it owns (who may, and
whether the comment period allows it), changes state, flushes and writes an audit entry.
The view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..accounts.models import Administration, User
from ..core import audit
from ..core.markup import render_markdown
from ..core.time import utcnow
from ..drafts.models import Clause, Version
from ..extensions import db
from ..notifications import services as notify
from ..review.models import Disposition, Feedback
from .models import (
    Comment,
    CommentRevision,
    CommentStatus,
    CommentType,
    ProposalKind,
    Reply,
    ReplyRevision,
    Support,
)
from .redline import redline_html

OBSERVERS_NOT_ADMITTED = (
    "Observers may not comment on this version: the secretariat has not opened it to them."
)


class CommentError(ValueError):
    """A refused request; `status` and `code` say how the web page and the API report it."""

    status = 422
    code = "invalid"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(CommentError):
    status = 403
    code = "forbidden"


class PeriodClosed(CommentError):
    status = 409
    code = "period_closed"


class Withdrawn(CommentError):
    """The comment was withdrawn by its administration; it stays visible but cannot change."""

    status = 409
    code = "withdrawn"


class StaleEdit(CommentError):
    """Someone saved first; `current` is what they saved, to show instead of overwriting it."""

    status = 409
    code = "stale"

    def __init__(self, current: Comment | Reply):
        super().__init__(
            "Someone else saved a change in the meantime. Their text is shown below; nothing "
            "of yours was saved. Apply your change to it and save again.",
            field="body",
        )
        self.current = current


@dataclass
class CommentFields:
    """The writable fields of a comment, as a form or the API sends them."""

    type: str
    body: str
    locator: str = ""
    quote: str = ""
    proposal_kind: str | None = None
    proposal_text: str = ""


def _limit(name: str) -> int:
    return current_app.config[name]


def refusal(version: Version, clause: Clause | None) -> str | None:
    """Why the version or clause takes no comments now, with the dates; None when it does."""
    if not version.is_open_for_comment():
        return version.period_message()
    if clause is not None and clause.is_settled:
        settled = clause.settled_at.strftime("%d %B %Y %H:%M UTC")
        return f"Clause {clause.ref} was settled on {settled}: it takes no new comments or changes."
    return None


def _ensure_accepting(version: Version, clause: Clause | None) -> None:
    """Refuse with the reason and the dates when the version or clause takes no comments."""
    message = refusal(version, clause)
    if message:
        raise PeriodClosed(message)


def _clean(fields: CommentFields, clause: Clause | None) -> dict:
    """Validate and normalise fields; the first problem is raised with its field name."""
    try:
        comment_type = CommentType(fields.type)
    except ValueError:
        raise CommentError("Choose the type: general, technical or editorial.", "type") from None
    body = (fields.body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentError("Write the comment and its justification.", "body")
    if len(body) > _limit("COMMENT_MAX_CHARS"):
        raise CommentError(
            f"The comment is {len(body):,} characters long; the limit is "
            f"{_limit('COMMENT_MAX_CHARS'):,}.", "body",
        )  # fmt: skip
    locator = " ".join((fields.locator or "").split())
    if len(locator) > 200:
        raise CommentError(
            "The paragraph / table reference is limited to 200 characters.", "locator"
        )
    quote = (fields.quote or "").strip()
    if len(quote) > 2000:
        raise CommentError("The quoted passage is limited to 2,000 characters.", "quote")
    kind = None
    if fields.proposal_kind:
        try:
            kind = ProposalKind(fields.proposal_kind)
        except ValueError:
            raise CommentError("Unknown kind of proposed change.", "proposal_kind") from None
    text = (fields.proposal_text or "").replace("\r\n", "\n").strip()
    if kind is None and text:
        kind = ProposalKind.TEXT
    if kind is ProposalKind.DELETE:
        text = ""
    elif kind is not None and not text:
        raise CommentError(
            "Write the proposed text, or choose no proposed change.", "proposal_text"
        )
    if len(text) > _limit("PROPOSAL_MAX_CHARS"):
        raise CommentError(
            f"The proposed text is {len(text):,} characters long; the limit is "
            f"{_limit('PROPOSAL_MAX_CHARS'):,}.", "proposal_text",
        )  # fmt: skip
    if clause is None and kind not in (None, ProposalKind.TEXT):
        raise CommentError(
            "A comment on the whole document can describe a change, but not replace, insert or "
            "delete a clause.", "proposal_kind",
        )  # fmt: skip
    if kind in (ProposalKind.REPLACE, ProposalKind.INSERT) and text == clause.text.strip():
        raise CommentError(
            "The proposed text is the same as the clause text: edit it to say what should change.",
            "proposal_text",
        )
    return {
        "type": comment_type,
        "body": body,
        "body_html": render_markdown(body),
        "locator": locator,
        "quote": quote,
        "proposal_kind": kind,
        "proposal_text": text,
        "proposal_html": proposal_html(clause, kind, text),
    }


def proposal_html(clause: Clause | None, kind: ProposalKind | None, text: str) -> str:
    """The redline shown with an amendment, made once when the comment is saved."""
    if kind is None:
        return ""
    if kind is ProposalKind.TEXT:
        return render_markdown(text)
    original = clause.text if clause else ""
    if kind is ProposalKind.REPLACE:
        return redline_html(original, text)
    if kind is ProposalKind.INSERT:
        return redline_html("", text)
    return redline_html(original, "")


def _next_sequence(version: Version, administration: Administration) -> int:
    # Delegates of one administration writing at the same moment take their numbers one after
    # the other: the administration's row is locked until the request commits (PostgreSQL; on
    # SQLite writers are serialised anyway). NO KEY UPDATE leaves foreign-key checks unblocked.
    db.session.execute(
        sa.select(Administration.id)
        .where(Administration.id == administration.id)
        .with_for_update(key_share=True)
    )
    last = db.session.scalar(
        sa.select(sa.func.max(Comment.sequence)).where(
            Comment.version_id == version.id, Comment.administration_id == administration.id
        )
    )
    return (last or 0) + 1


def check_fields(clause: Clause | None, fields: CommentFields) -> None:
    """Raise the CommentError `add_comment` would raise for these fields, writing nothing."""
    _clean(fields, clause)


def _commenting_administration(
    version: Version, author: User, on_behalf_of: Administration | None
) -> Administration:
    """Who the comment speaks for: the delegate's administration, or the one the secretariat
    enters a comment for (received outside the site, e.g. by e-mail)."""
    if on_behalf_of is not None:
        if not author.is_secretariat:
            raise NotAllowed("Only the secretariat enters comments for an administration.")
        if on_behalf_of.is_observer and not version.observers_may_comment:
            raise NotAllowed(OBSERVERS_NOT_ADMITTED)
        return on_behalf_of
    if not author.is_delegate or author.administration is None:
        raise NotAllowed("Only delegates of an administration write comments.")
    if not version.admits_commenter(author):
        raise NotAllowed(OBSERVERS_NOT_ADMITTED)
    return author.administration


def add_comment(
    version: Version,
    clause: Clause | None,
    author: User,
    fields: CommentFields,
    *,
    on_behalf_of: Administration | None = None,
    fingerprint: str | None = None,
) -> Comment:
    """A delegate's new comment; its ID (`US-004`) is the administration's next number.

    The secretariat may enter one `on_behalf_of` an administration: it is recorded as entered
    by the secretariat and shown so. `fingerprint` marks a row read from an uploaded table.
    """
    administration = _commenting_administration(version, author, on_behalf_of)
    if clause is not None and clause.version_id != version.id:
        raise CommentError("That clause is not part of this version.", "clause")
    _ensure_accepting(version, clause)
    values = _clean(fields, clause)
    entered_by = author.id if on_behalf_of is not None else None
    for _attempt in range(5):
        sequence = _next_sequence(version, administration)
        comment = Comment(
            version=version, clause=clause, administration=administration, author=author,
            sequence=sequence, code=f"{administration.code}-{sequence:03d}",
            updated_by_id=author.id, entered_by_id=entered_by, fingerprint=fingerprint, **values,
        )  # fmt: skip
        try:
            with db.session.begin_nested():
                db.session.add(comment)
        except IntegrityError:
            continue  # another delegate of the same administration took this number first
        summary = f"{comment.code} on {comment.clause_ref}"
        if entered_by:
            summary += f", entered by the secretariat for {administration.code}"
            audit.record(
                author, "comment.create", comment, summary, on_behalf_of=administration.code
            )
        else:
            audit.record(author, "comment.create", comment, summary)
        notify.comment_added(comment)
        return comment
    raise CommentError("Could not number the comment; please send it again.")


def edit_comment(comment: Comment, editor: User, expected_revision: int, fields: CommentFields):
    """Save a new text, keeping the previous one; refuse if someone saved since `expected_revision`."""
    _ensure_may_change(comment, editor)
    if expected_revision != comment.revision:
        raise StaleEdit(comment)
    values = _clean(fields, comment.clause)
    if all(getattr(comment, key) == value for key, value in values.items()):
        return comment
    db.session.add(
        CommentRevision(
            comment=comment, revision=comment.revision, type=comment.type,
            locator=comment.locator, quote=comment.quote, body=comment.body,
            body_html=comment.body_html, proposal_kind=comment.proposal_kind,
            proposal_text=comment.proposal_text, proposal_html=comment.proposal_html,
            written_at=comment.updated_at, written_by_id=comment.updated_by_id or comment.author_id,
            replaced_by_id=editor.id,
        )
    )  # fmt: skip
    for key, value in values.items():
        setattr(comment, key, value)
    comment.updated_at = utcnow()
    comment.updated_by_id = editor.id
    comment.edit_count += 1
    _flush_or_stale(comment)
    audit.record(editor, "comment.edit", comment, f"{comment.code} edited (r{comment.revision})")
    return comment


def _ensure_may_change(comment: Comment, user: User) -> None:
    if not comment.is_own(user):
        raise NotAllowed("Only delegates of the administration that wrote a comment may change it.")
    if comment.is_withdrawn:
        raise Withdrawn(f"{comment.code} has been withdrawn; it can no longer change.")
    _ensure_accepting(comment.version, comment.clause)


def _flush_or_stale(obj: Comment | Reply) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        db.session.refresh(obj)
        raise StaleEdit(obj) from None


def withdraw_comment(comment: Comment, user: User) -> Comment:
    """Mark a comment withdrawn; it stays in the table, visibly withdrawn."""
    _ensure_may_change(comment, user)
    comment.status = CommentStatus.WITHDRAWN
    comment.withdrawn_at = utcnow()
    comment.updated_by_id = user.id
    _flush_or_stale(comment)
    audit.record(user, "comment.withdraw", comment, f"{comment.code} withdrawn")
    return comment


# -- replies -------------------------------------------------------------------------------
def _clean_reply(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentError("Write the reply.", "body")
    if len(body) > _limit("REPLY_MAX_CHARS"):
        raise CommentError(
            f"The reply is {len(body):,} characters long; the limit is "
            f"{_limit('REPLY_MAX_CHARS'):,}.", "body",
        )  # fmt: skip
    return body


def _ensure_may_reply(comment: Comment, user: User) -> None:
    if not comment.can_view(user):
        raise NotAllowed("You cannot see this comment.")
    if not comment.can_reply(user):
        if user.is_delegate and not comment.version.admits_commenter(user):
            raise NotAllowed(OBSERVERS_NOT_ADMITTED)
        if user.is_delegate:
            raise PeriodClosed(comment.version.period_message())
        raise NotAllowed("This thread no longer takes replies.")


def add_reply(comment: Comment, author: User, body: str) -> Reply:
    _ensure_may_reply(comment, author)
    body = _clean_reply(body)
    reply = Reply(
        comment=comment, author=author, administration_id=author.administration_id,
        body=body, body_html=render_markdown(body),
    )  # fmt: skip
    db.session.add(reply)
    db.session.flush()
    audit.record(author, "reply.create", reply, f"Reply on {comment.code}")
    notify.reply_added(reply)
    return reply


def edit_reply(reply: Reply, editor: User, expected_revision: int, body: str) -> Reply:
    if editor.id != reply.author_id:
        raise NotAllowed("Only the author of a reply may edit it.")
    _ensure_may_reply(reply.comment, editor)
    if expected_revision != reply.revision:
        raise StaleEdit(reply)
    body = _clean_reply(body)
    if body == reply.body:
        return reply
    db.session.add(
        ReplyRevision(
            reply=reply, revision=reply.revision, body=reply.body, body_html=reply.body_html,
            written_at=reply.updated_at, written_by_id=reply.author_id, replaced_by_id=editor.id,
        )
    )  # fmt: skip
    reply.body = body
    reply.body_html = render_markdown(body)
    reply.updated_at = utcnow()
    reply.edit_count += 1
    _flush_or_stale(reply)
    audit.record(editor, "reply.edit", reply, f"Reply on {reply.comment.code} edited")
    return reply


# -- support -------------------------------------------------------------------------------
def support_comment(comment: Comment, user: User) -> Support:
    """Co-sponsor another administration's comment (again, if support was taken back)."""
    if not user.is_delegate or user.administration_id == comment.administration_id:
        raise NotAllowed("Delegates of other administrations may support a comment.")
    if not comment.version.admits_commenter(user):
        raise NotAllowed(OBSERVERS_NOT_ADMITTED)
    if not comment.can_view(user):
        raise NotAllowed("You cannot see this comment.")
    if comment.is_withdrawn:
        raise Withdrawn(f"{comment.code} has been withdrawn.")
    _ensure_accepting(comment.version, comment.clause)
    support = next(
        (s for s in comment.supports if s.administration_id == user.administration_id), None
    )
    if support is None:
        try:
            with db.session.begin_nested():
                support = Support(
                    comment=comment, administration_id=user.administration_id, user_id=user.id
                )
                db.session.add(support)
        except IntegrityError:
            # A colleague's support of the same comment committed in the meantime: the
            # administration supports it, which is what this request asked for.
            db.session.expire(comment, ["supports"])
            return next(
                s for s in comment.supports if s.administration_id == user.administration_id
            )
    elif support.active:
        return support
    else:
        support.active, support.withdrawn_at, support.user_id = True, None, user.id
    db.session.flush()
    audit.record(
        user, "comment.support", comment, f"{user.administration.code} supports {comment.code}"
    )
    return support


def withdraw_support(comment: Comment, user: User) -> Support | None:
    """Take an administration's support back; the row stays, marked inactive."""
    if not user.is_delegate or user.administration_id == comment.administration_id:
        raise NotAllowed("Delegates of other administrations may support a comment.")
    _ensure_accepting(comment.version, comment.clause)
    support = next(
        (s for s in comment.supports if s.administration_id == user.administration_id), None
    )
    if support is None or not support.active:
        return support
    support.active = False
    support.withdrawn_at = utcnow()
    db.session.flush()
    audit.record(
        user,
        "comment.unsupport",
        comment,
        f"{user.administration.code} withdrew support for {comment.code}",
    )
    return support


# -- reading -------------------------------------------------------------------------------
def visible_comments(version: Version, user: User) -> sa.Select:
    """Comments of `version` the user may read (blind collection hides others' until closing)."""
    query = sa.select(Comment).where(Comment.version_id == version.id)
    if version.comments_visible_to(user) == "own":
        query = query.where(Comment.administration_id == user.administration_id)
    return query


def with_thread(query: sa.Select) -> sa.Select:
    """Eager loading for a list of comments with their supporters, replies, the decision in
    force and the delegation's answer to it: a fixed number of queries."""
    return query.options(
        joinedload(Comment.administration),
        joinedload(Comment.author),
        joinedload(Comment.disposition).joinedload(Disposition.decided_by),
        joinedload(Comment.feedback).joinedload(Feedback.user),
        selectinload(Comment.supports).joinedload(Support.administration),
        selectinload(Comment.replies).options(
            joinedload(Reply.author), joinedload(Reply.administration)
        ),
    )


def comments_on(
    version: Version, clause: Clause | None, user: User, page: int = 1, per_page: int = 100
) -> tuple[list[Comment], int]:
    """One page of the comments on a clause (None: on the whole document) in ID order, and the total."""
    base = visible_comments(version, user).where(
        Comment.clause_id == clause.id if clause else Comment.clause_id.is_(None)
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    query = (
        with_thread(base)
        .join(Comment.administration)
        .order_by(Administration.code, Comment.sequence)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(db.session.scalars(query).unique()), total


def clause_counts(version: Version, user: User) -> dict[int | None, tuple[int, int]]:
    """(comments, amendments) per clause id, None for the whole document; withdrawn not counted."""
    visible = visible_comments(version, user).where(Comment.status == CommentStatus.OPEN).subquery()
    amendment = sa.case((visible.c.proposal_kind.in_(["replace", "insert", "delete"]), 1), else_=0)
    rows = db.session.execute(
        sa.select(visible.c.clause_id, sa.func.count(), sa.func.sum(amendment)).group_by(
            visible.c.clause_id
        )
    )
    return {clause_id: (count, int(amendments or 0)) for clause_id, count, amendments in rows}


def administration_comments(version: Version, administration_id: int) -> list[Comment]:
    """Everything one administration wrote on a version, in ID order, for its overview page."""
    query = (
        with_thread(sa.select(Comment))
        .options(joinedload(Comment.clause))
        .where(Comment.version_id == version.id, Comment.administration_id == administration_id)
        .order_by(Comment.sequence)
    )
    return list(db.session.scalars(query).unique())


def amendments_on(version: Version, clause: Clause, user: User) -> list[Comment]:
    """The open amendments proposed for a clause, for the side-by-side view."""
    query = (
        with_thread(visible_comments(version, user))
        .join(Comment.administration)
        .where(
            Comment.clause_id == clause.id,
            Comment.status == CommentStatus.OPEN,
            Comment.proposal_kind.in_(
                [ProposalKind.REPLACE, ProposalKind.INSERT, ProposalKind.DELETE]
            ),
        )
        .order_by(Administration.code, Comment.sequence)
    )
    return list(db.session.scalars(query).unique())


def comment_history(comment: Comment) -> list[CommentRevision]:
    return list(
        db.session.scalars(
            sa.select(CommentRevision)
            .where(CommentRevision.comment_id == comment.id)
            .options(
                joinedload(CommentRevision.written_by), joinedload(CommentRevision.replaced_by)
            )
            .order_by(CommentRevision.revision)
        )
    )
