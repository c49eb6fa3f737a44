"""The notifications page (read once seen) and following a clause."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.forms import ConfirmForm
from ..comments.services import NotAllowed
from ..core.web import next_url
from ..drafts.views import clause_or_404
from ..extensions import db
from . import links, messages, services

bp = Blueprint("notifications", __name__)
PER_PAGE = 50


@bp.app_context_processor
def header_count():
    """The header's unread count: one query, made only when a page shows the header."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return services.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
@login_required
def index():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    found, total = services.page_for(current_user, page, PER_PAGE)
    unread = {n.id for n in found if not n.is_read}
    # Shown is read: the page marks what it shows (and still highlights it this once). The
    # page is made before the commit, which would expire what it shows.
    if unread:
        services.mark_read(current_user, unread)
    html = render_template(
        "notifications/index.html", notifications=found, unread=unread, total=total, page=page,
        pages=max(1, -(-total // PER_PAGE)), target=links.target, sentence=messages.sentence,
    )  # fmt: skip
    db.session.commit()
    return html


@bp.post("/clauses/<int:clause_id>/follow")
@login_required
def follow(clause_id: int):
    clause = clause_or_404(clause_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    following = request.form.get("action") != "unfollow"
    try:
        services.set_following(clause, current_user, following)
    except NotAllowed as error:
        abort(403, error.message)
    db.session.commit()
    if following:
        flash(_("You follow clause %(ref)s: each new comment on it is notified.", ref=clause.ref),
              "success")  # fmt: skip
    else:
        flash(_("You no longer follow clause %(ref)s.", ref=clause.ref), "success")
    version = clause.version
    default = url_for("comments.clause", draft_slug=version.draft.slug,
                      version_slug=version.slug, ref=clause.ref)  # fmt: skip
    return redirect(next_url(default))
