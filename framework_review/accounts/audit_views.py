"""The secretariat's audit log: every recorded change, filtered, by pages, or as CSV."""

from __future__ import annotations

from flask import Response, render_template, request, stream_with_context

from ..core import audit
from ..core.input import page_number
from ..core.permissions import role_required
from .forms import AuditFilterForm
from .models import Role
from .views import bp

PER_PAGE = 50


def _filters() -> tuple[AuditFilterForm, audit.AuditFilter | None]:
    """The form read from the query string, and its filters (None when a value is invalid)."""
    form = AuditFilterForm(request.args)
    if request.args and not form.validate():
        return form, None
    values = {name: form[name].data for name in audit.AuditFilter.__dataclass_fields__}
    return form, audit.AuditFilter(**{k: v for k, v in values.items() if v not in (None, "")})


def _invalid(form: AuditFilterForm):
    """The page with the form's messages and no entries."""
    return render_template("accounts/audit.html", form=form, entries=[], total=0, page=1,
                           pages=1, query={}), 422  # fmt: skip


@bp.get("/admin/audit")
@role_required(Role.SECRETARIAT)
def audit_log():
    form, filters = _filters()
    if filters is None:
        return _invalid(form)
    page = page_number(request.args.get("page"))
    found, total = audit.page_of(filters, page, PER_PAGE)
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "accounts/audit.html", form=form, entries=found, total=total, page=page,
        pages=max(1, -(-total // PER_PAGE)), query=query,
    )  # fmt: skip


@bp.get("/admin/audit.csv")
@role_required(Role.SECRETARIAT)
def audit_csv():
    form, filters = _filters()
    if filters is None:
        return _invalid(form)
    return Response(
        stream_with_context(audit.csv_lines(filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
