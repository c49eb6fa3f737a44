"""The clause page with its comments, and the actions delegates and officers take on them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ..accounts.forms import ConfirmForm
from ..accounts.models import Role
from ..core.input import page_number
from ..core.permissions import role_required
from ..core.web import next_url
from ..drafts.models import Clause, Version
from ..drafts.views import version_or_404
from ..extensions import db
from ..versions.services import clause_lineage
from . import services
from .forms import CommentForm, ReplyForm
from .models import Comment, Reply
from .redline import changed_spans, spans_overlap

bp = Blueprint("comments", __name__)


def clause_url(comment: Comment, **kwargs) -> str:
    """Where a comment is shown: its clause page (or the General page), at its anchor."""
    version = comment.version
    args = {"draft_slug": version.draft.slug, "version_slug": version.slug, **kwargs}
    if comment.clause is None:
        return url_for("comments.general", **args, _anchor=comment.code)
    return url_for("comments.clause", ref=comment.clause.ref, **args, _anchor=comment.code)


def _fields(form: CommentForm, clause: Clause | None) -> services.CommentFields:
    kind, text = form.proposal_for_service(on_clause=clause is not None)
    return services.CommentFields(
        type=form.type.data or "",
        body=form.body.data or "",
        locator=form.locator.data or "",
        quote=form.quote.data or "",
        proposal_kind=kind,
        proposal_text=text,
    )


def _clause_neighbours(version: Version, clause: Clause):
    """Breadcrumb, previous and next from one light query over the version's clauses."""
    rows = db.session.execute(
        sa.select(Clause.id, Clause.ref, Clause.parent_id, Clause.number, Clause.heading)
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    ).all()
    by_id = {row.id: row for row in rows}
    index = next(i for i, row in enumerate(rows) if row.id == clause.id)
    trail, parent_id = [], clause.parent_id
    while parent_id is not None:
        trail.insert(0, by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    previous = rows[index - 1] if index > 0 else None
    following = rows[index + 1] if index + 1 < len(rows) else None
    children = [row for row in rows if row.parent_id == clause.id]
    return trail, previous, following, children


def _page_number() -> int:
    return page_number(request.args.get("page"))


def _comment_page(version: Version, clause: Clause | None, form: CommentForm, status: int = 200):
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    page = _page_number()
    comments, total = services.comments_on(version, clause, current_user, page, per_page)
    context = {
        "version": version,
        "draft": version.draft,
        "clause": clause,
        "comments": comments,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // per_page)),
        "form": form,
        "reply_form": ReplyForm(formdata=None),
        "confirm": ConfirmForm(),
        "refusal": services.refusal(version, clause),
        "may_comment": current_user.is_delegate,
        "admitted": version.admits_commenter(current_user),
        "observers_refusal": services.OBSERVERS_NOT_ADMITTED,
        "blind": version.comments_visible_to(current_user) == "own",
    }
    if clause is not None:
        context["trail"], context["previous"], context["following"], context["children"] = (
            _clause_neighbours(version, clause)
        )
        context["lineage"] = clause_lineage(clause, current_user)
    return render_template("comments/clause.html", **context), status


def _clause_or_404(version: Version, ref: str) -> Clause:
    clause = db.session.scalar(
        sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
    )
    if clause is None:
        abort(404)
    return clause


def _new_comment_form(clause: Clause | None) -> CommentForm:
    form = CommentForm()
    if clause is None:
        _word_for_whole_document(form)
    elif not form.is_submitted():
        form.proposal_text.data = clause.text
    return form


def _word_for_whole_document(form: CommentForm) -> None:
    """On the General page the proposal is a described change, so say so."""
    form.proposal_text.label.text = "Proposed change"
    form.proposal_text.description = (
        "Optional: the change you propose to the document as a whole, in words."
    )


def _submit(version: Version, clause: Clause | None, form: CommentForm):
    """Shared by the clause page and the General page: add the comment or show why not."""
    if form.validate_on_submit():
        try:
            comment = services.add_comment(version, clause, current_user, _fields(form, clause))
        except services.CommentError as error:
            db.session.rollback()
            _attach_error(form, error)
            return _comment_page(version, clause, form, error.status)
        db.session.commit()
        flash(f"Comment {comment.code} saved.", "success")
        return redirect(clause_url(comment))
    return _comment_page(version, clause, form, 422 if form.is_submitted() else 200)


def _attach_error(form, error: services.CommentError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    flash(error.message, "error")


@bp.route("/drafts/<draft_slug>/<version_slug>/clauses/<path:ref>", methods=["GET", "POST"])
@login_required
def clause(draft_slug: str, version_slug: str, ref: str):
    version = version_or_404(draft_slug, version_slug)
    found = _clause_or_404(version, ref)
    form = _new_comment_form(found)
    if request.method == "POST":
        return _submit(version, found, form)
    return _comment_page(version, found, form)


@bp.route("/drafts/<draft_slug>/<version_slug>/general", methods=["GET", "POST"])
@login_required
def general(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    form = _new_comment_form(None)
    if request.method == "POST":
        return _submit(version, None, form)
    return _comment_page(version, None, form)


@bp.get("/drafts/<draft_slug>/<version_slug>/amendments/<path:ref>")
@login_required
def amendments(draft_slug: str, version_slug: str, ref: str):
    version = version_or_404(draft_slug, version_slug)
    found = _clause_or_404(version, ref)
    items = services.amendments_on(version, found, current_user)
    spans = {
        c.id: changed_spans(
            found.text, c.proposal_text if c.proposal_kind.value == "replace" else ""
        )
        for c in items
        if c.proposal_kind.value in ("replace", "delete")
    }
    overlaps = {
        c.id: [o.code for o in items if o.id != c.id and c.id in spans and o.id in spans
               and spans_overlap(spans[c.id], spans[o.id])]
        for c in items
    }  # fmt: skip
    return render_template(
        "comments/amendments.html", version=version, draft=version.draft, clause=found,
        amendments=items, overlaps=overlaps,
    )  # fmt: skip


@bp.get("/drafts/<draft_slug>/<version_slug>/mine")
@role_required(Role.DELEGATE)
def mine(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    comments = services.administration_comments(version, current_user.administration_id)
    return render_template(
        "comments/mine.html", version=version, draft=version.draft, comments=comments
    )


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session.scalar(
        sa.select(Comment)
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.version).joinedload(Version.draft), joinedload(Comment.clause))
    )
    if comment is None or not comment.can_view(current_user):
        abort(404)
    return comment


@bp.get("/comments/<int:comment_id>")
@login_required
def show(comment_id: int):
    return redirect(clause_url(_comment_or_404(comment_id)))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not comment.is_own(current_user):
        abort(403, "Only delegates of the administration that wrote this comment can change it.")
    form = CommentForm(data=_edit_values(comment))
    if comment.clause is None:
        _word_for_whole_document(form)
    if not form.is_submitted():
        form.revision.data = str(comment.revision)  # a post without it counts as stale
    status, current = 200, None
    if form.validate_on_submit():
        try:
            services.edit_comment(
                comment, current_user, _int(form.revision.data), _fields(form, comment.clause)
            )
        except services.StaleEdit as error:
            current, status = error.current, 409
            form.revision.data = str(error.current.revision)
            _attach_error(form, error)
        except services.CommentError as error:
            db.session.rollback()
            status = error.status
            _attach_error(form, error)
        else:
            db.session.commit()
            flash(f"Comment {comment.code} updated.", "success")
            return redirect(clause_url(comment))
    elif form.is_submitted():
        status = 422
    if not comment.can_edit(current_user) and status == 200:
        flash(_why_not_editable(comment), "info")
    return render_template(
        "comments/edit.html", comment=comment, form=form, current=current,
        version=comment.version, draft=comment.version.draft,
    ), status  # fmt: skip


def _edit_values(comment: Comment) -> dict:
    """The comment as plain form values; fields a post leaves out keep these.

    Not `obj=comment`: a missing proposal kind would become None, which the radio refuses
    (the General page has no radio, so that refusal could not even be shown).
    """
    proposal_text = comment.proposal_text
    if not comment.proposal_kind and comment.clause:
        proposal_text = comment.clause.text  # a replacement starts from the clause text
    return {
        "type": comment.type.value, "locator": comment.locator, "quote": comment.quote,
        "body": comment.body, "proposal_text": proposal_text,
        "proposal_kind": comment.proposal_kind.value if comment.proposal_kind else "",
    }  # fmt: skip


def _why_not_editable(comment: Comment) -> str:
    if comment.is_withdrawn:
        return f"{comment.code} has been withdrawn."
    return services.refusal(comment.version, comment.clause) or ""


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@bp.post("/comments/<int:comment_id>/withdraw")
@login_required
def withdraw(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _act(comment, lambda: services.withdraw_comment(comment, current_user),
                f"Comment {comment.code} withdrawn. It stays visible as withdrawn.")  # fmt: skip


@bp.post("/comments/<int:comment_id>/support")
@login_required
def support(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "withdraw":
        if comment.is_supported_by(current_user.administration_id):
            done = f"Your administration no longer supports {comment.code}."
        else:
            done = f"Your administration did not support {comment.code}; nothing changed."
        return _act(comment, lambda: services.withdraw_support(comment, current_user), done)
    return _act(comment, lambda: services.support_comment(comment, current_user),
                f"Your administration supports {comment.code}.")  # fmt: skip


def _act(comment: Comment, action, success: str):
    """Run a one-button action; refusals come back as a message on the comment's page."""
    try:
        action()
    except services.CommentError as error:
        db.session.rollback()
        if isinstance(error, services.NotAllowed):
            abort(403, error.message)
        flash(error.message, "error")
        return redirect(clause_url(comment))
    db.session.commit()
    flash(success, "success")
    return redirect(clause_url(comment))


@bp.post("/comments/<int:comment_id>/replies")
@login_required
def reply(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            services.add_reply(comment, current_user, form.body.data or "")
        except services.CommentError as error:
            db.session.rollback()
            if isinstance(error, services.NotAllowed):
                abort(403, error.message)
            flash(error.message, "error")
            return render_template(
                "comments/reply.html", comment=comment, form=form, reply=None,
                version=comment.version, draft=comment.version.draft,
            ), error.status  # fmt: skip
        db.session.commit()
        flash(f"Reply added to {comment.code}.", "success")
        return redirect(next_url(clause_url(comment)))
    abort(400)


@bp.route("/replies/<int:reply_id>/edit", methods=["GET", "POST"])
@login_required
def edit_reply(reply_id: int):
    item = db.get_or_404(Reply, reply_id)
    comment = _comment_or_404(item.comment_id)
    if item.author_id != current_user.id:
        abort(403, "Only the author of a reply may edit it.")
    form = ReplyForm(obj=item)
    if not form.is_submitted():
        form.revision.data = str(item.revision)
    status, current = 200, None
    if form.validate_on_submit():
        try:
            services.edit_reply(item, current_user, _int(form.revision.data), form.body.data or "")
        except services.StaleEdit as error:
            current, status = error.current, 409
            form.revision.data = str(error.current.revision)
            flash(error.message, "error")
        except services.CommentError as error:
            db.session.rollback()
            status = error.status
            flash(error.message, "error")
        else:
            db.session.commit()
            flash("Reply updated.", "success")
            return redirect(clause_url(comment))
    return render_template(
        "comments/reply.html", comment=comment, form=form, reply=item, current=current,
        version=comment.version, draft=comment.version.draft,
    ), status  # fmt: skip


@bp.get("/comments/<int:comment_id>/history")
@login_required
def history(comment_id: int):
    comment = _comment_or_404(comment_id)
    replies = db.session.scalars(
        sa.select(Reply)
        .where(Reply.comment_id == comment.id)
        .options(joinedload(Reply.author), sa.orm.selectinload(Reply.revisions))
        .order_by(Reply.id)
    ).all()
    from ..review import services as review

    decisions = []
    if comment.version.dispositions_visible_to(current_user):
        decisions = review.disposition_history(comment)
    answers = review.feedback_history(comment) if comment.can_see_feedback(current_user) else []
    return render_template(
        "comments/history.html", comment=comment, revisions=services.comment_history(comment),
        replies=replies, version=comment.version, draft=comment.version.draft,
        history=decisions, answers=answers,
    )  # fmt: skip
