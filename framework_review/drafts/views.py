"""Reading drafts (list, table of contents) and the secretariat's import and period pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.forms import ConfirmForm
from ..accounts.models import Role
from ..core.permissions import role_required
from ..extensions import db
from . import services
from .forms import ImportForm, PeriodForm
from .models import Clause, Draft, DraftUpload, Version

bp = Blueprint("drafts", __name__)


@bp.get("/")
@login_required
def index():
    drafts = db.session.scalars(
        sa.select(Draft).options(selectinload(Draft.versions)).order_by(Draft.title)
    ).all()
    return render_template("drafts/index.html", drafts=drafts)


@bp.get("/drafts/<draft_slug>/")
@login_required
def draft(draft_slug: str):
    found = db.first_or_404(sa.select(Draft).where(Draft.slug == draft_slug))
    visible = found.versions_visible_to(current_user)
    if not visible:
        abort(404)
    latest = visible[-1]
    return redirect(url_for("drafts.version", draft_slug=found.slug, version_slug=latest.slug))


def version_or_404(draft_slug: str, version_slug: str) -> Version:
    version = services.get_version(draft_slug, version_slug)
    if version is None or not version.can_view(current_user):
        abort(404)
    return version


def clause_or_404(clause_id: int) -> Clause:
    """A clause by id, with its version and draft, if the user may see its version."""
    clause = db.session.scalar(
        sa.select(Clause)
        .where(Clause.id == clause_id)
        .options(joinedload(Clause.version).joinedload(Version.draft))
    )
    if clause is None or not clause.version.can_view(current_user):
        abort(404)
    return clause


@bp.get("/drafts/<draft_slug>/<version_slug>/")
@login_required
def version(draft_slug: str, version_slug: str):
    from ..comments.services import clause_counts
    from ..review.listing import decision_counts

    found = version_or_404(draft_slug, version_slug)
    clauses = services.clause_tree(found)
    counts = clause_counts(found, current_user)
    # Officers see where the review stands, clause by clause.
    decisions = decision_counts(found) if found.can_see_review(current_user) else None
    return render_template(
        "drafts/version.html", version=found, draft=found.draft, clauses=clauses, counts=counts,
        decisions=decisions,
    )  # fmt: skip


@bp.route("/drafts/<draft_slug>/<version_slug>/period", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def period(draft_slug: str, version_slug: str):
    found = version_or_404(draft_slug, version_slug)
    form = PeriodForm(obj=found)
    if not form.is_submitted():
        form.status.data = found.status.value
    if found.status.value == "superseded":
        flash("This version is superseded; its period can no longer change.", "info")
    elif form.validate_on_submit():
        try:
            services.set_period(
                found,
                status=form.status.data,
                opens_at=form.opens_at.data,
                closes_at=form.closes_at.data,
                comments_visible_during_period=form.comments_visible_during_period.data,
                observers_may_comment=form.observers_may_comment.data,
                actor=current_user,
            )
        except services.DraftError as error:
            db.session.rollback()
            form.status.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{found.label}: {found.period_message()}", "success")
            return redirect(url_for(".version", draft_slug=draft_slug, version_slug=version_slug))
    return render_template("drafts/period.html", form=form, version=found, draft=found.draft)


# -- import --------------------------------------------------------------------------------
@bp.route("/admin/import", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        # Read it all (MAX_CONTENT_LENGTH bounds the request) so a refusal names the real size.
        data = upload.read()
        filename = upload.filename or "upload"
        try:
            parsed = services.parse_upload(filename, data, current_app.config["MAX_DRAFT_BYTES"])
            title = (form.title.data or parsed.title or "").strip()
            if not title:
                raise services.DraftError("The document has no title: type one in Draft title.")
            _draft, target = services.target_version(title, form.label.data or "")
        except services.DraftError as error:
            form.file.errors.append(str(error))
        else:
            pending = DraftUpload(
                filename=filename[:255], data=data, title=title, label=form.label.data or "",
                version_id=target.id if target else None, uploaded_by_id=current_user.id,
                parsed=parsed.to_json(),
            )  # fmt: skip
            db.session.add(pending)
            db.session.commit()
            return redirect(url_for(".import_preview", upload_id=pending.id))
    return render_template("drafts/import.html", form=form)


def _pending_upload(upload_id: int) -> DraftUpload:
    upload = db.get_or_404(DraftUpload, upload_id)
    if upload.state != "pending":
        flash(f"This upload was already {upload.state}.", "info")
        abort(redirect(url_for(".import_upload")))
    return upload


@bp.get("/admin/import/<int:upload_id>")
@role_required(Role.SECRETARIAT)
def import_preview(upload_id: int):
    upload = _pending_upload(upload_id)
    try:
        parsed = services.parsed_upload(upload)
    except services.DraftError as error:
        flash(f"This upload can no longer be read: {error}", "error")
        return redirect(url_for(".import_upload"))
    db.session.commit()  # an older upload's tree, parsed now, is kept
    return render_template(
        "drafts/import_preview.html", upload=upload, parsed=parsed, form=ConfirmForm()
    )


@bp.post("/admin/import/<int:upload_id>")
@role_required(Role.SECRETARIAT)
def import_confirm(upload_id: int):
    upload = _pending_upload(upload_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    from flask import request

    if request.form.get("action") == "cancel":
        upload.state = "cancelled"
        db.session.commit()
        flash("Import cancelled; nothing was changed.", "info")
        return redirect(url_for(".import_upload"))
    try:
        parsed = services.parsed_upload(upload)
        version = services.import_draft(
            parsed, title=upload.title, label=upload.label, version=upload.version,
            filename=upload.filename, actor=current_user,
        )  # fmt: skip
    except services.DraftError as error:
        db.session.rollback()
        flash(f"Nothing was imported: {error}", "error")
        return redirect(url_for(".import_upload"))
    upload.state = "imported"
    db.session.commit()
    flash(f"Imported {len(parsed.clauses)} clauses into {version.label}.", "success")
    return redirect(url_for(".version", draft_slug=version.draft.slug, version_slug=version.slug))
