"""The report page (on-screen overview and print view), downloads, release, statistics.

The offline comment table's pages are in table_views.py, on the same blueprint.
"""

from __future__ import annotations

import tempfile

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from ..accounts.forms import ConfirmForm
from ..accounts.models import Role
from ..core.permissions import role_required
from ..drafts.models import Version
from ..drafts.views import version_or_404
from ..extensions import db
from . import charts, csv_export, rows, services, statistics
from .rows import FilterError, ReportFilters, Scope

bp = Blueprint("reports", __name__)
SPOOL_BYTES = 16 * 1024 * 1024  # files above this are spooled to disk while they are sent


def _scope(version: Version) -> Scope:
    scope = Scope.for_user(version, current_user)
    if scope is None:
        abort(404)
    return scope


def _report_request(draft_slug: str, version_slug: str) -> tuple[Version, Scope, ReportFilters]:
    """The version, what the user may download of it, and the request's filters; a bad filter
    is refused (422) before anything is written."""
    version = version_or_404(draft_slug, version_slug)
    scope = _scope(version)
    try:
        filters = ReportFilters.from_args(request.args)
        rows.count(scope, filters)  # an unknown clause is only found against the version
    except FilterError as error:
        abort(422, error.message)
    return version, scope, filters


def _page_number() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and int(page) > 0 else 1


@bp.get("/drafts/<draft_slug>/<version_slug>/report")
@login_required
def report(draft_slug: str, version_slug: str):
    """Every comment in the table layout, a page at a time, with the filters and downloads."""
    version = version_or_404(draft_slug, version_slug)
    scope = _scope(version)
    try:
        filters, error = ReportFilters.from_args(request.args), None
        total = rows.count(scope, filters)
    except FilterError as bad:  # shown above the form, with the unfiltered report
        filters, error = ReportFilters(), bad
        total = rows.count(scope, filters)
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    pages = max(1, -(-total // per_page))
    page = min(_page_number(), pages)
    items = list(rows.table_items([rows.page(scope, filters, (page - 1) * per_page, per_page)]))
    return render_template(
        "reports/report.html", version=version, draft=version.draft, scope=scope,
        filters=filters, error=error, items=items, total=total, page=page, pages=pages,
        header=rows.header(scope, filters), args=filters.as_args(), confirm=ConfirmForm(),
        decisions=rows.DISPOSITION_FILTERS,
    ), (422 if error else 200)  # fmt: skip


@bp.get("/drafts/<draft_slug>/<version_slug>/report/print")
@login_required
def report_print(draft_slug: str, version_slug: str):
    """The whole report on one page for printing (A4 landscape), streamed as it is read."""
    version, scope, filters = _report_request(draft_slug, version_slug)
    return stream_template(
        "reports/print.html", version=version, draft=version.draft,
        header=rows.header(scope, filters), items=services.items(scope, filters),
    )  # fmt: skip


@bp.get("/drafts/<draft_slug>/<version_slug>/report.<fmt>")
@login_required
def download(draft_slug: str, version_slug: str, fmt: str):
    if fmt not in services.FORMATS:
        abort(404)
    _version, scope, filters = _report_request(draft_slug, version_slug)
    return send_report(scope, filters, fmt)


def send_report(scope: Scope, filters: ReportFilters, fmt: str) -> Response:
    """The report as a download: CSV streamed row by row, DOCX and XLSX built then sent."""
    name = services.filename(scope, fmt)
    if fmt == "csv":
        body = stream_with_context(csv_export.csv_bytes(services.items(scope, filters)))
        response = Response(body, mimetype=csv_export.MEDIA_TYPE)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - sent, then closed
    services.write_report(scope, filters, fmt, spool)
    spool.seek(0)
    return send_file(spool, mimetype=services.FORMATS[fmt], as_attachment=True, download_name=name)


@bp.post("/drafts/<draft_slug>/<version_slug>/report/release")
@role_required(Role.SECRETARIAT)
def release(draft_slug: str, version_slug: str):
    """The secretariat lets delegations download the full report, or takes that back."""
    version = version_or_404(draft_slug, version_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    released = request.form.get("released") == "1"
    services.set_report_released(version, released, current_user)
    db.session.commit()
    if released:
        flash(gettext("Delegations may now download the full report."), "success")
    else:
        flash(gettext("Delegations again see only their own administration's comments."),
              "success")  # fmt: skip
    return redirect(url_for(".report", draft_slug=draft_slug, version_slug=version_slug))


@bp.get("/drafts/<draft_slug>/<version_slug>/statistics")
@login_required
def statistics_page(draft_slug: str, version_slug: str):
    version = version_or_404(draft_slug, version_slug)
    if not version.can_see_statistics(current_user):
        abort(403, gettext("The statistics are for the chair and the secretariat until the "
                           "report and the decisions are released to the delegations."))  # fmt: skip
    scope = _scope(version)
    stats = statistics.compute(scope)
    top = sorted(stats.members, key=lambda m: (-m.counts["total"], m.key))[:20]
    return render_template(
        "reports/statistics.html", version=version, draft=version.draft, stats=stats,
        keys=statistics.COUNT_KEYS, titles=statistics.COUNT_TITLES,
        decision_keys=statistics.DECISION_KEYS, top=top, charts=_charts(stats, top),
    )  # fmt: skip


def _charts(stats: statistics.Statistics, top) -> dict[str, str]:
    series = charts.DECISION_SERIES
    return {
        "members": charts.stacked_bars(
            "chart-members", gettext("Decisions per member (the 20 with most comments)"),
            [(m.key, m.counts) for m in top], series),
        "types": charts.stacked_bars(
            "chart-types", gettext("Decisions per type of comment"),
            [(f"{t.name} ({t.key})", t.counts) for t in stats.types], series),
        "clauses": charts.heat_map("chart-clauses", stats.clauses),
        "time": charts.stacked_bars(
            "chart-time", gettext("Decisions per day"), stats.over_time, series[:4]),
        "feedback": charts.stacked_bars(
            "chart-feedback", gettext("Member feedback on decisions"),
            [(gettext("Comments"), stats.feedback)], charts.FEEDBACK_SERIES),
    }  # fmt: skip


from . import table_views  # noqa: E402, F401 - the offline comment table's routes
