"""API routes of the report, statistics and the offline comment table (added to `bp`)."""

from __future__ import annotations

import base64
import io

from flask import abort, current_app, request, send_file
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm.attributes import set_committed_value

from ..comments.services import CommentError
from ..core.errors import json_error
from ..reports import rows, services, statistics
from ..reports.rows import FilterError, ReportFilters, Scope
from ..reports.table_reader import TableFileError
from ..reports.table_views import BLANK_FORMATS, blank_filename, blank_table
from ..reports.views import send_report
from .report_serializers import report_row_json, table_upload_json
from .views import _version_or_404, bp

DEFAULT_LIMIT, MAX_LIMIT = 100, 500


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; a cursor we did not make raises FilterError."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("o") or not text[1:].isdigit():
            raise ValueError
        return int(text[1:])
    except ValueError:
        raise FilterError(gettext("This cursor was not given by this API."), "cursor") from None


@bp.errorhandler(FilterError)
def filter_refused(error: FilterError):
    return json_error(422, error.message, "invalid", field=error.field)


@bp.errorhandler(TableFileError)
def table_refused(error: TableFileError):
    return json_error(422, error.message, "invalid", field="file")


def _scope_and_filters(version_id: int) -> tuple[Scope, ReportFilters]:
    version = _version_or_404(version_id)
    scope = Scope.for_user(version, current_user)
    if scope is None:  # cannot happen for a version the caller may see; kept as a guard
        abort(404, gettext("There is no version %(id)d.", id=version_id))
    filters = ReportFilters.from_args(request.args)
    rows.count(scope, filters)  # an unknown clause is refused before any file is written
    return scope, filters


def _limit() -> int:
    raw = request.args.get("limit", str(DEFAULT_LIMIT))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise FilterError(
            gettext("limit must be a whole number from 1 to %(most)d.", most=MAX_LIMIT), "limit"
        )
    return int(raw)


@bp.get("/versions/<int:version_id>/report")
def report_rows(version_id: int):
    """The report's comments as JSON, a page at a time (cursor), with the filters."""
    scope, filters = _scope_and_filters(version_id)
    limit = _limit()
    offset = decode_cursor(request.args.get("cursor"))
    items = rows.page(scope, filters, offset, limit + 1)
    more = len(items) > limit
    return {
        "rows": [
            report_row_json(item, offset + n) for n, item in enumerate(items[:limit], start=1)
        ],
        "next_cursor": encode_cursor(offset + limit) if more else None,
    }


def _download(version_id: int, fmt: str):
    scope, filters = _scope_and_filters(version_id)
    return send_report(scope, filters, fmt)


@bp.get("/versions/<int:version_id>/report.docx")
def report_docx(version_id: int):
    return _download(version_id, "docx")


@bp.get("/versions/<int:version_id>/report.xlsx")
def report_xlsx(version_id: int):
    return _download(version_id, "xlsx")


@bp.get("/versions/<int:version_id>/report.csv")
def report_csv(version_id: int):
    return _download(version_id, "csv")


@bp.get("/versions/<int:version_id>/statistics")
def version_statistics(version_id: int):
    version = _version_or_404(version_id)
    if not version.can_see_statistics(current_user):
        abort(403, gettext("The statistics are for the chair and the secretariat until the "
                           "report and the decisions are released to the delegations."))  # fmt: skip
    filters = ReportFilters.from_args(request.args)
    return statistics.as_json(statistics.compute(Scope.for_user(version, current_user), filters))


# -- the offline comment table -------------------------------------------------------------
def _table_version(version_id: int):
    version = _version_or_404(version_id)
    if not version.can_use_comment_table(current_user):
        abort(403, gettext("The comment table is for delegates of administrations that may "
                           "comment on this version, and for the secretariat."))  # fmt: skip
    return version


def _blank(version_id: int, fmt: str):
    version = _table_version(version_id)
    code = request.args.get("administration")
    administration = current_user.administration
    if current_user.is_secretariat and code:
        administration = services.table_administration(version, current_user, code)
    data = blank_table(version, fmt, administration)
    return send_file(io.BytesIO(data), mimetype=BLANK_FORMATS[fmt], as_attachment=True,
                     download_name=blank_filename(version, fmt, administration))  # fmt: skip


@bp.get("/versions/<int:version_id>/comment-table.docx")
def blank_table_docx(version_id: int):
    return _blank(version_id, "docx")


@bp.get("/versions/<int:version_id>/comment-table.xlsx")
def blank_table_xlsx(version_id: int):
    return _blank(version_id, "xlsx")


@bp.post("/versions/<int:version_id>/comment-table")
def upload_table(version_id: int):
    """Read a filled-in table: every row accepted or refused with its reason; with
    ?dry_run=1 nothing is written, otherwise the accepted rows become comments."""
    request.max_content_length = current_app.config["MAX_CONTENT_LENGTH"]
    version = _table_version(version_id)
    administration = services.table_administration(
        version, current_user, request.form.get("administration")
    )
    services.ensure_accepting(version)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise CommentError(gettext("Send the table as the multipart field “file”."), "file")
    table = services.read_upload(upload.filename, upload.read())
    evaluation = services.evaluate(version, administration, table)
    dry_run = request.args.get("dry_run", "") in ("1", "true", "yes")
    replace = {int(v) for raw in request.form.getlist("replace") for v in raw.split(",")
               if v.strip().isdigit()}  # fmt: skip
    created = []
    if not dry_run:
        created = services.create_comments(version, current_user, administration, evaluation,
                                           replace, upload.filename)  # fmt: skip
        for comment in created:  # new comments have no replies or support: no query for them
            set_committed_value(comment, "replies", [])
            set_committed_value(comment, "supports", [])
    return table_upload_json(evaluation, replace, created), (201 if created else 200)
