"""The offline comment table: the blank table to download, the upload, its preview and confirm.

The file is kept (CommentTableUpload) between the preview and the confirmation, so any worker
can confirm it; nothing becomes a comment before the uploader confirms.
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from ..accounts.forms import ConfirmForm
from ..accounts.models import Administration
from ..comments.services import CommentError
from ..drafts.models import Clause, Version
from ..drafts.views import version_or_404
from ..extensions import db
from . import services, table_writer
from .forms import TableUploadForm
from .models import CommentTableUpload
from .table_reader import TableFileError
from .views import bp

BLANK_FORMATS = {"docx": services.FORMATS["docx"], "xlsx": services.FORMATS["xlsx"]}


def _table_version(draft_slug: str, version_slug: str) -> Version:
    version = version_or_404(draft_slug, version_slug)
    if not version.can_use_comment_table(current_user):
        abort(403, gettext("The comment table is for delegates of administrations that may "
                           "comment on this version, and for the secretariat."))  # fmt: skip
    return version


def clause_refs(version: Version) -> list[table_writer.ClauseRef]:
    """Every clause of the version with a title to recognise it by (one light query)."""
    rows = db.session.execute(
        sa.select(Clause.ref, Clause.heading, Clause.text)
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    )
    refs = []
    for ref, heading, text in rows:
        title = heading if heading and heading != ref else " ".join(text.split())[:100]
        refs.append(table_writer.ClauseRef(ref, title))
    return refs


def blank_table(version: Version, fmt: str, administration: Administration | None) -> bytes:
    build = table_writer.blank_docx if fmt == "docx" else table_writer.blank_xlsx
    code, name = (administration.code, administration.name) if administration else ("", "")
    return build(version.draft.title, version.label, code, name, clause_refs(version))


def blank_filename(version: Version, fmt: str, administration: Administration | None) -> str:
    code = f"-{administration.code.lower()}" if administration else ""
    return f"{version.draft.slug}-{version.slug}-comment-table{code}.{fmt}"


def _administrations() -> list[Administration]:
    return list(db.session.scalars(
        sa.select(Administration).where(Administration.active.is_(True))
        .order_by(Administration.code)
    ))  # fmt: skip


def _form(version: Version) -> TableUploadForm:
    form = TableUploadForm()
    if current_user.is_secretariat:
        form.administration.choices = [("", "Choose…")] + [
            (a.code, f"{a.code} — {a.name}") for a in _administrations()
        ]
    return form


@bp.route("/drafts/<draft_slug>/<version_slug>/comment-table", methods=["GET", "POST"])
@login_required
def comment_table(draft_slug: str, version_slug: str):
    """Download the blank table; upload a filled one (then the preview)."""
    version = _table_version(draft_slug, version_slug)
    form = _form(version)
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        filename = (upload.filename or "table")[:255]
        try:
            administration = services.table_administration(
                version, current_user, form.administration.data
            )
            services.ensure_accepting(version)
            services.read_upload(filename, data)
        except (CommentError, TableFileError) as error:
            status = getattr(error, "status", 422)
            target = (
                form.administration
                if getattr(error, "field", "") == "administration"
                else form.file
            )
            target.errors = [*target.errors, error.message]
        else:
            pending = CommentTableUpload(
                version_id=version.id, administration_id=administration.id,
                uploaded_by_id=current_user.id, filename=filename, data=data,
            )  # fmt: skip
            db.session.add(pending)
            db.session.commit()
            return redirect(url_for(".table_preview", draft_slug=draft_slug,
                                    version_slug=version_slug, upload_id=pending.id))  # fmt: skip
    elif form.is_submitted():
        status = 422
    return render_template(
        "reports/comment_table.html", version=version, draft=version.draft, form=form,
        refusal=services.comment_services.refusal(version, None),
    ), status  # fmt: skip


@bp.get("/drafts/<draft_slug>/<version_slug>/comment-table.<fmt>")
@login_required
def blank(draft_slug: str, version_slug: str, fmt: str):
    version = _table_version(draft_slug, version_slug)
    if fmt not in BLANK_FORMATS:
        abort(404)
    administration = current_user.administration
    if current_user.is_secretariat and request.args.get("administration"):
        administration = db.first_or_404(sa.select(Administration).where(
            Administration.code == request.args["administration"].strip().upper()
        ))  # fmt: skip
    data = blank_table(version, fmt, administration)
    return send_file(io.BytesIO(data), mimetype=BLANK_FORMATS[fmt], as_attachment=True,
                     download_name=blank_filename(version, fmt, administration))  # fmt: skip


def _pending(version: Version, upload_id: int) -> CommentTableUpload:
    """The uploader's own pending upload; anyone else's is not found."""
    upload = db.session.get(CommentTableUpload, upload_id)
    if (
        upload is None
        or upload.version_id != version.id
        or upload.uploaded_by_id != current_user.id
    ):
        abort(404)
    if upload.state != "pending":
        if upload.state == "imported":
            flash(gettext("This upload was already imported."), "info")
        else:
            flash(gettext("This upload was already cancelled."), "info")
        abort(redirect(url_for(".comment_table", draft_slug=version.draft.slug,
                               version_slug=version.slug)))  # fmt: skip
    return upload


def _evaluate(version: Version, upload: CommentTableUpload) -> services.Evaluation:
    table = services.read_upload(upload.filename, upload.data)
    return services.evaluate(version, upload.administration, table)


@bp.route("/drafts/<draft_slug>/<version_slug>/comment-table/<int:upload_id>",
          methods=["GET", "POST"])  # fmt: skip
@login_required
def table_preview(draft_slug: str, version_slug: str, upload_id: int):
    """Every row of the upload: what will be created and what cannot be read, and why."""
    version = _table_version(draft_slug, version_slug)
    upload = _pending(version, upload_id)
    form = ConfirmForm()
    status, error = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("action") == "cancel":
            upload.state = "cancelled"
            db.session.commit()
            flash(gettext("Upload cancelled; nothing was created."), "info")
            return redirect(url_for(".comment_table", draft_slug=draft_slug,
                                    version_slug=version_slug))  # fmt: skip
        replace = {int(v) for v in request.form.getlist("replace") if v.isdigit()}
        try:
            created = services.create_comments(
                version, current_user, upload.administration, _evaluate(version, upload),
                replace, upload.filename, upload,
            )  # fmt: skip
        except CommentError as refused:
            db.session.rollback()
            status, error = refused.status, refused.message
        else:
            db.session.commit()
            flash(_created_message(created), "success")
            return redirect(_after_upload(version))
    evaluation = _evaluate(version, upload)
    return render_template(
        "reports/table_preview.html", version=version, draft=version.draft, upload=upload,
        evaluation=evaluation, form=form, error=error,
    ), status  # fmt: skip


def _created_message(created) -> str:
    if not created:
        return gettext("No comment was created: every row was refused.")
    codes = ", ".join(c.code for c in created[:10]) + (" …" if len(created) > 10 else "")
    return ngettext("%(num)d comment created: %(codes)s.", "%(num)d comments created: %(codes)s.",
                    len(created), codes=codes)  # fmt: skip


def _after_upload(version: Version) -> str:
    args = {"draft_slug": version.draft.slug, "version_slug": version.slug}
    if current_user.is_delegate:
        return url_for("comments.mine", **args)
    return url_for(".report", **args)
