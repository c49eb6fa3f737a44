"""Pages for the next version: creating it, editing its clauses, publishing it, comparing."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ..accounts.models import Role
from ..comments.redline import redline_html
from ..comments.services import CommentError, NotAllowed
from ..core.permissions import role_required
from ..drafts.models import Clause, Draft, Version
from ..drafts.views import version_or_404
from ..extensions import db
from . import services
from .compare import STATUSES, compare_versions
from .forms import ClauseForm, PublishForm, SuccessorForm, choice_name, resolutions_from, text_name

bp = Blueprint("versions", __name__)
OFFICERS = (Role.CHAIR, Role.SECRETARIAT)


def _version_url(version: Version, endpoint: str = "drafts.version", **kwargs) -> str:
    return url_for(endpoint, draft_slug=version.draft.slug, version_slug=version.slug, **kwargs)


# -- creating the next version -------------------------------------------------------------
@bp.route("/drafts/<draft_slug>/<version_slug>/successor", methods=["GET", "POST"])
@role_required(*OFFICERS)
def successor(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    try:
        services.ensure_may_create_successor(version, current_user)
    except CommentError as error:
        abort(error.status, error.message)
    form = SuccessorForm()
    next_label = f"Draft {max(v.number for v in version.draft.versions) + 1}"
    form.label.render_kw = {"placeholder": next_label}
    plan = services.plan_for(version)
    status, resolutions, errors = 200, {}, {}
    if form.validate_on_submit():
        resolutions = resolutions_from(request.form, plan.conflicts)
        try:
            new = services.create_successor(version, current_user, form.label.data, resolutions)
        except services.Unresolved as error:
            db.session.rollback()
            status = 409
            errors = {c.clause.id: "Choose one change or write the text." for c in error.conflicts}
            flash(error.message, "error")
        except CommentError as error:
            db.session.rollback()
            status = error.status
            clause_id = (error.field or "").removeprefix("resolutions.")
            errors = {int(clause_id): error.message} if clause_id.isdigit() else {}
            if error.field == "label":
                form.label.errors = [error.message]
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(new)s was made from %(version)s; it is in preparation.", new=new.label,
                    version=version.label), "success")  # fmt: skip
            return redirect(_version_url(new, "versions.preparation"))
        plan = services.plan_for(version, {k: v for k, v in resolutions.items() if k not in errors})
    elif form.is_submitted():
        status = 422
    return render_template(
        "versions/successor.html", version=version, draft=version.draft, form=form, plan=plan,
        chosen=request.form if form.is_submitted() else {}, errors=errors,
        choice_name=choice_name, text_name=text_name, redline=redline_html,
    ), status  # fmt: skip


# -- preparing and publishing --------------------------------------------------------------
@bp.get("/drafts/<draft_slug>/<version_slug>/preparation")
@role_required(*OFFICERS)
def preparation(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    return render_template(
        "versions/preparation.html", version=version, draft=version.draft,
        checks=services.preparation_checks(version), form=PublishForm(),
    )  # fmt: skip


@bp.post("/drafts/<draft_slug>/<version_slug>/publish")
@role_required(*OFFICERS)
def publish(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(_version_url(version, "versions.preparation"))
    previous = version.previous_version
    try:
        services.publish(version, current_user, form.closes_at.data)
    except CommentError as error:
        db.session.rollback()
        if isinstance(error, NotAllowed):
            abort(403, error.message)
        flash(error.message, "error")
        return redirect(_version_url(version, "versions.preparation"))
    db.session.commit()
    flash(_("%(version)s is published: %(period)s %(previous)s is superseded.",
            version=version.label, period=version.period_message(), previous=previous.label),
          "success")  # fmt: skip
    return redirect(_version_url(version))


@bp.route("/drafts/<draft_slug>/<version_slug>/edit-clause/<path:ref>", methods=["GET", "POST"])
@role_required(*OFFICERS)
def edit_clause(draft_slug: str, version_slug: str, ref: str):
    version = version_or_404(draft_slug, version_slug)
    clause = db.first_or_404(
        sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
    )
    if not version.can_edit_clauses(current_user):
        abort(409, _("%(version)s is %(phase)s: its text no longer changes.",
                     version=version.label, phase=services.phase_name(version)))  # fmt: skip
    form = ClauseForm(obj=clause)
    if not form.is_submitted():
        form.seen.data = services.fingerprint(clause)
    status = 200
    if form.validate_on_submit():
        edit = services.ClauseEdit(text=form.text.data or "", heading=form.heading.data,
                                   number=form.number.data, expected=form.seen.data or "")  # fmt: skip
        try:
            services.edit_clause(clause, current_user, edit)
        except CommentError as error:
            db.session.rollback()
            status = error.status
            field = getattr(form, error.field or "text", form.text)
            field.errors = [*field.errors, error.message]
            if isinstance(error, services.ClauseChanged):
                db.session.refresh(clause)
                form.seen.data = services.fingerprint(clause)
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Clause %(ref)s saved.", ref=clause.ref), "success")
            return redirect(url_for("comments.clause", draft_slug=draft_slug,
                                    version_slug=version_slug, ref=clause.ref))  # fmt: skip
    elif form.is_submitted():
        status = 422
    return render_template(
        "versions/edit_clause.html", version=version, draft=version.draft, clause=clause,
        form=form,
    ), status  # fmt: skip


# -- comparing -----------------------------------------------------------------------------
@bp.get("/drafts/<draft_slug>/compare")
@login_required
def compare(draft_slug: str):
    draft = db.first_or_404(
        sa.select(Draft).where(Draft.slug == draft_slug).options(selectinload(Draft.versions))
    )
    visible = draft.versions_visible_to(current_user)
    if not visible:
        abort(404)
    by_slug = {v.slug: v for v in visible}

    def chosen(name: str, default: Version) -> Version:
        slug = request.args.get(name)
        if slug is None:
            return default
        if slug not in by_slug:
            abort(404, _("%(draft)s has no version “%(slug)s” that you can read.",
                         draft=draft.title, slug=slug))  # fmt: skip
        return by_slug[slug]

    first = chosen("from", visible[-2] if len(visible) > 1 else visible[-1])
    second = chosen("to", visible[-1])
    changed_only = request.args.get("changed") == "1"
    return render_template(
        "versions/compare.html", draft=draft, versions=visible, first=first, second=second,
        comparison=compare_versions(first, second, changed_only), changed_only=changed_only,
        statuses=STATUSES,
    )  # fmt: skip
