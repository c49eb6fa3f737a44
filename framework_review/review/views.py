"""The chair's pages: the review screen, a clause's thread view, decisions, feedback, settling."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ..accounts.forms import ConfirmForm
from ..comments import services as comments
from ..comments.models import Comment
from ..comments.views import clause_url
from ..core.web import is_safe_redirect, next_url
from ..drafts.models import Clause, Version
from ..drafts.views import clause_or_404, version_or_404
from ..extensions import db
from ..notifications import services as notifications
from . import listing, services
from .forms import (
    BulkDecisionForm,
    DecisionForm,
    FeedbackForm,
    ReviewSettingsForm,
    SettleForm,
    seen_value,
)
from .models import Decision

bp = Blueprint("review", __name__)


def _page_number() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


def _reviewed_version(draft_slug: str, version_slug: str) -> Version:
    version = version_or_404(draft_slug, version_slug)
    if not version.can_see_review(current_user):
        abort(403, _("The review screen is for the working group chair and the secretariat."))
    return version


def here() -> str:
    """This page's address with its query string, to come back to after an action."""
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


# -- the review screen ---------------------------------------------------------------------
@bp.get("/drafts/<draft_slug>/<version_slug>/review")
@login_required
def screen(draft_slug: str, version_slug: str):
    version = _reviewed_version(draft_slug, version_slug)
    clauses = listing.clause_rows(version)
    filters, problems = listing.ReviewFilters.parse(request.args, clauses, default_tab="todo")
    counts = listing.counts(version, filters, clauses)
    total = listing.total(filters, counts)
    per_page = current_app.config["REVIEW_PER_PAGE"]
    pages = max(1, -(-total // per_page))
    page = min(_page_number(), pages)
    rows = listing.rows(version, filters, page=page, per_page=per_page)
    return render_template(
        "review/screen.html", version=version, draft=version.draft, clauses=clauses,
        filters=filters, problems=problems, counts=counts, total=total, rows=rows, page=page,
        pages=pages, listing=listing, here=here(), bulk=BulkDecisionForm(formdata=None),
        settings=ReviewSettingsForm(obj=version, formdata=None),
        may_decide=version.can_review(current_user),
    ), (400 if problems else 200)  # fmt: skip


@bp.post("/drafts/<draft_slug>/<version_slug>/review/settings")
@login_required
def settings(draft_slug: str, version_slug: str):
    version = _reviewed_version(draft_slug, version_slug)
    form = ReviewSettingsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_review_settings(
            version, current_user, dispositions_visible=form.dispositions_visible.data,
            secretariat_may_decide=form.secretariat_may_decide.data,
        )  # fmt: skip
    except services.CommentError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if version.dispositions_visible:
            flash(_("Review settings saved: the decisions are published."), "success")
        else:
            flash(_("Review settings saved: the decisions are not published."), "success")
    return redirect(next_url(url_for(".screen", draft_slug=draft_slug, version_slug=version_slug)))


def _selected(version: Version, ids: list[int]) -> list[Comment]:
    found = db.session.scalars(
        sa.select(Comment)
        .where(Comment.version_id == version.id, Comment.id.in_(ids))
        .options(*listing.row_options())
    ).all()
    return sorted(found, key=lambda c: ids.index(c.id))


@bp.post("/drafts/<draft_slug>/<version_slug>/review/decide")
@login_required
def bulk_decide(draft_slug: str, version_slug: str):
    """One decision for the comments ticked on the review screen, each with its own record."""
    version = _reviewed_version(draft_slug, version_slug)
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(v) for v in request.form.getlist("comment") if v.isdigit()][:500]
    selected = _selected(version, ids)
    seen = {c.id: seen_value(request.form.get(f"seen-{c.id}")) for c in selected}
    back = next_url(url_for(".screen", draft_slug=draft_slug, version_slug=version_slug))
    try:
        if len(selected) != len(set(ids)):
            raise services.CommentError(_("Some selected comments are not part of this version."))
        services.decide_many(selected, current_user, form.decision.data or "",
                             form.observation.data or "", seen=seen)  # fmt: skip
    except services.StaleDecision as error:
        db.session.rollback()
        selected = _selected(version, ids)
        seen = {c.id: c.disposition_id for c in selected}
        return _bulk_page(version, form, selected, seen, back, error, current=error.current)
    except services.CommentError as error:
        db.session.rollback()
        if isinstance(error, services.NotAllowed):
            abort(403, error.message)
        return _bulk_page(version, form, _selected(version, ids), seen, back, error)
    db.session.commit()
    codes = ", ".join(c.code for c in selected)
    flash(_("%(decision)s: %(codes)s.", decision=Decision(form.decision.data).title, codes=codes),
          "success")  # fmt: skip
    return redirect(back)


def _bulk_page(version, form, selected, seen, back, error, current=None):
    _attach_error(form, error)
    return render_template(
        "review/bulk.html", version=version, draft=version.draft, form=form, selected=selected,
        seen=seen, back=back, current=current,
    ), error.status  # fmt: skip


def _attach_error(form, error: services.CommentError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    flash(error.message, "error")


# -- a clause's thread view ----------------------------------------------------------------
def _thread(version: Version, clause: Clause | None):
    per_page = current_app.config["REVIEW_PER_PAGE"]
    page = _page_number()
    found, total = comments.comments_on(version, clause, current_user, page, per_page)
    back = next_url(url_for(".screen", draft_slug=version.draft.slug, version_slug=version.slug))
    return render_template(
        "review/thread.html", version=version, draft=version.draft, clause=clause,
        comments=found, total=total, page=page, pages=max(1, -(-total // per_page)),
        forms={c.id: DecisionForm.for_comment(c) for c in found}, back=back,
        following=clause is not None and notifications.is_following(clause, current_user),
        settle_form=SettleForm(formdata=None), confirm=ConfirmForm(), here=here(),
    )  # fmt: skip


@bp.get("/drafts/<draft_slug>/<version_slug>/review/clauses/<path:ref>")
@login_required
def thread(draft_slug: str, version_slug: str, ref: str):
    version = _reviewed_version(draft_slug, version_slug)
    clause = db.session.scalar(
        sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
    )
    if clause is None:
        abort(404)
    return _thread(version, clause)


@bp.get("/drafts/<draft_slug>/<version_slug>/review/general")
@login_required
def thread_general(draft_slug: str, version_slug: str):
    return _thread(_reviewed_version(draft_slug, version_slug), None)


def thread_url(comment: Comment, **kwargs) -> str:
    version = comment.version
    args = {"draft_slug": version.draft.slug, "version_slug": version.slug, **kwargs}
    if comment.clause is None:
        return url_for("review.thread_general", **args, _anchor=comment.code)
    return url_for("review.thread", ref=comment.clause.ref, **args, _anchor=comment.code)


# -- one decision --------------------------------------------------------------------------
def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session.scalar(
        comments.with_thread(sa.select(Comment))
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.version).joinedload(Version.draft), joinedload(Comment.clause))
    )
    if comment is None or not comment.can_view(current_user):
        abort(404)
    return comment


def _back(comment: Comment) -> str:
    """Where to go after acting on a comment: the `next` sent with the form, or its thread."""
    target = request.values.get("next")
    return target if is_safe_redirect(target) else thread_url(comment)


@bp.route("/comments/<int:comment_id>/disposition", methods=["GET", "POST"])
@login_required
def decide(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not comment.can_decide(current_user):
        abort(403, _("Only the working group chair records decisions (the secretariat too, where "
                     "the version allows it)."))  # fmt: skip
    if request.method == "GET":
        form = DecisionForm.for_comment(comment)
        return _decide_page(comment, form, 200)
    form = DecisionForm.for_comment(comment, formdata=request.form)
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide(comment, current_user, form.decision.data or "", form.observation.data,
                        form.adopted_for_service(), expected=seen_value(form.seen.data))  # fmt: skip
    except services.StaleDecision as error:
        db.session.rollback()
        comment = _comment_or_404(comment_id)
        form.seen.data = str(comment.disposition_id or "")
        _attach_error(form, error)
        return _decide_page(comment, form, 409, stale=True)
    except services.CommentError as error:
        db.session.rollback()
        _attach_error(form, error)
        return _decide_page(_comment_or_404(comment_id), form, error.status)
    db.session.commit()
    flash(_("Decision on %(code)s saved: %(decision)s.", code=comment.code,
            decision=comment.disposition.decision.title), "success")  # fmt: skip
    return redirect(_back(comment))


def _decide_page(comment: Comment, form: DecisionForm, status: int, stale: bool = False):
    return render_template(
        "review/decide.html", comment=comment, form=form, stale=stale, back=_back(comment),
        version=comment.version, draft=comment.version.draft, confirm=ConfirmForm(),
        history=services.disposition_history(comment),
    ), status  # fmt: skip


@bp.post("/comments/<int:comment_id>/disposition/revert")
@login_required
def revert(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.revert(comment, current_user, expected=seen_value(request.form.get("seen")))
    except services.CommentError as error:
        db.session.rollback()
        if isinstance(error, services.NotAllowed):
            abort(403, error.message)
        flash(error.message, "error")
        return redirect(_back(comment))
    db.session.commit()
    flash(_("%(code)s is open again; the earlier decision stays in its history.",
            code=comment.code), "success")  # fmt: skip
    return redirect(_back(comment))


# -- members' feedback ---------------------------------------------------------------------
@bp.route("/comments/<int:comment_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(comment_id: int):
    comment = _comment_or_404(comment_id)
    if not comment.is_own(current_user):
        abort(403, _("Only the delegation that wrote a comment answers the decision on it."))
    form = FeedbackForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        answer = {"yes": True, "no": False}.get(form.satisfied.data or "")
        try:
            services.give_feedback(comment, current_user, answer, form.note.data or "",
                                   answering=seen_value(form.answering.data))  # fmt: skip
        except services.CommentError as error:
            db.session.rollback()
            comment = _comment_or_404(comment_id)
            _attach_error(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(_("Your answer on %(code)s is saved.", code=comment.code), "success")
            return redirect(next_url(clause_url(comment)))
    disposition = comment.visible_disposition(current_user)
    # After a stale answer the form answers the decision now shown, knowingly.
    form.answering.data = str(disposition.id) if disposition else ""
    return render_template(
        "review/feedback.html", comment=comment, form=form, disposition=disposition,
        version=comment.version, draft=comment.version.draft,
        history=services.feedback_history(comment),
    ), status  # fmt: skip


# -- settling clauses ----------------------------------------------------------------------
@bp.post("/clauses/<int:clause_id>/settle")
@login_required
def settle(clause_id: int):
    clause = clause_or_404(clause_id)
    form = SettleForm()
    if not form.validate_on_submit():
        abort(400)
    unsettle = request.form.get("action") == "unsettle"
    action = services.unsettle_clause if unsettle else services.settle_clause
    try:
        changed = action(clause, current_user, form.with_subclauses.data)
    except services.CommentError as error:
        db.session.rollback()
        if isinstance(error, services.NotAllowed):
            abort(403, error.message)
        flash(error.message, "error")
    else:
        db.session.commit()
        refs = ", ".join(c.ref for c in changed)
        if not changed:
            flash(_("Nothing changed: the clause was already in that state."), "info")
        elif unsettle:
            flash(_("Open to comments again: %(refs)s.", refs=refs), "success")
        else:
            flash(_("Settled: %(refs)s. No new comments or amendments are taken there.",
                    refs=refs), "success")  # fmt: skip
    default = url_for("review.thread", draft_slug=clause.version.draft.slug,
                      version_slug=clause.version.slug, ref=clause.ref)  # fmt: skip
    return redirect(next_url(default))
