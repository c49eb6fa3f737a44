"""Login, logout, own password, and the secretariat's pages for administrations and users."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import joinedload

from ..core import i18n
from ..core.permissions import role_required
from ..core.throttling import password_change_limit, throttle_login
from ..core.web import is_safe_redirect, next_url
from ..extensions import db
from . import services
from .forms import (
    AdministrationForm,
    ChangePasswordForm,
    ConfirmForm,
    LoginForm,
    ResetPasswordForm,
    SettingsForm,
    TokenForm,
    UserForm,
)
from .models import Administration, ApiToken, Role, User

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@throttle_login
def login():
    if current_user.is_authenticated:
        return redirect(next_url(url_for("drafts.index")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            if user.timezone is None and i18n.is_zone(form.timezone.data):
                services.set_timezone(user, form.timezone.data)  # the browser's, until chosen
            db.session.commit()
            target = form.next.data
            return redirect(target if is_safe_redirect(target) else url_for("drafts.index"))
        flash(_("The username or password is not right, or the account is inactive."), "error")
    elif not form.is_submitted():
        form.next.data = next_url("")
    return render_template("accounts/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    services.log_out(current_user)
    db.session.commit()
    logout_user()
    language = session.get(i18n.SESSION_KEY)
    session.clear()  # nothing of the old session survives, not even its CSRF token
    if language:
        session[i18n.SESSION_KEY] = language  # the switch is about the reader, not the account
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@password_change_limit
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current.data, form.new.data, form.revoke_tokens.data
            )
        except services.AccountError as error:
            form.new.errors.append(str(error))
        else:
            login_user(current_user._get_current_object())  # keep this session; the others end
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("drafts.index"))
    return render_template("accounts/password.html", form=form, settings=_settings_form())


def _settings_form(formdata=None) -> SettingsForm:
    form = SettingsForm(obj=current_user, formdata=formdata)
    if formdata is None:
        form.language.data = current_user.language or ""
        form.timezone.data = current_user.timezone or i18n.DEFAULT_ZONE
    return form


@bp.post("/account/settings")
@login_required
def change_settings():
    form = SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_language(current_user, form.language.data or None)
        if form.timezone.data:  # absent from older forms: the zone stays as it is
            services.set_timezone(current_user, form.timezone.data)
    except services.AccountError as error:
        db.session.rollback()
        form.timezone.errors.append(str(error))
        change = ChangePasswordForm(formdata=None)
        return render_template("accounts/password.html", form=change, settings=form), 422
    services.set_email_notifications(current_user, form.email_notifications.data)
    db.session.commit()
    refresh()  # the message below is in the language just chosen
    if current_user.email_notifications:
        flash(_("Settings saved: you get your notifications also by e-mail."), "success")
    else:
        flash(_("Settings saved: you get your notifications in the app only."), "success")
    return redirect(url_for("accounts.change_password"))


@bp.post("/language")
def set_language():
    """The header's switch: works without JavaScript and without an account. A user who saved
    a language preference changes it; the others keep the choice in their session."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    language = request.form.get("language", "")
    if language not in i18n.LANGUAGES:
        abort(400)
    session[i18n.SESSION_KEY] = language
    if current_user.is_authenticated and current_user.language is not None:
        services.set_language(current_user, language)
        db.session.commit()
    return redirect(next_url(url_for("drafts.index")))


# -- API tokens: everyone's own, and the secretariat's view of anyone's --------------------
def _token_page(owner: User, form: TokenForm, new_token: str | None = None, status: int = 200):
    return render_template(
        "accounts/tokens.html", owner=owner, tokens=services.active_tokens(owner), form=form,
        new_token=new_token, confirm=ConfirmForm(), own=owner.id == current_user.id,
    ), status  # fmt: skip


def _token_of(owner: User, token_id: int) -> ApiToken:
    """One of `owner`'s tokens still in use; 404 for anyone else's."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id or token.revoked_at is not None:
        abort(404)
    return token


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token = services.create_token(current_user, form.name.data.strip())
        except services.AccountError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            # Shown in this answer only (never in a redirect or the session cookie).
            return _token_page(current_user, TokenForm(formdata=None), new_token=token)
    return _token_page(current_user, form, status=422 if form.is_submitted() else 200)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_own_token(token_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = _token_of(current_user, token_id)
    services.revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token %(name)s revoked: it no longer opens the API.",
            name=token.name or token.prefix), "success")  # fmt: skip
    return redirect(url_for("accounts.tokens"))


@bp.get("/admin/users/<int:user_id>/tokens")
@role_required(Role.SECRETARIAT)
def user_tokens(user_id: int):
    return _token_page(db.get_or_404(User, user_id), TokenForm(formdata=None))


@bp.post("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke")
@role_required(Role.SECRETARIAT)
def revoke_user_token(user_id: int, token_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    owner = db.get_or_404(User, user_id)
    token = _token_of(owner, token_id)
    services.revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token %(name)s of %(username)s revoked.", name=token.name or token.prefix,
            username=owner.username), "success")  # fmt: skip
    return redirect(url_for("accounts.user_tokens", user_id=owner.id))


@bp.post("/admin/users/<int:user_id>/tokens/revoke")
@role_required(Role.SECRETARIAT)
def revoke_user_tokens(user_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    owner = db.get_or_404(User, user_id)
    revoked = services.revoke_tokens(owner, current_user)
    db.session.commit()
    flash(ngettext("%(num)d API token of %(username)s revoked.",
                   "%(num)d API tokens of %(username)s revoked.", revoked,
                   username=owner.username), "success")  # fmt: skip
    return redirect(url_for("accounts.user_tokens", user_id=owner.id))


# -- secretariat ---------------------------------------------------------------------------
@bp.route("/admin/administrations", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def administrations():
    form = AdministrationForm()
    if form.validate_on_submit():
        try:
            administration = services.create_administration(
                form.code.data, form.name.data, form.observer.data, actor=current_user
            )
        except services.AccountError as error:
            db.session.rollback()
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Administration %(code)s created.", code=administration.code), "success")
            return redirect(url_for("accounts.administrations"))
    rows = db.session.execute(
        sa.select(Administration, sa.func.count(User.id))
        .outerjoin(User, User.administration_id == Administration.id)
        .group_by(Administration.id)
        .order_by(Administration.kind, Administration.code)
    ).all()
    return render_template(
        "accounts/administrations.html", form=form, rows=rows, confirm=ConfirmForm()
    )


@bp.post("/admin/administrations/<int:administration_id>/active")
@role_required(Role.SECRETARIAT)
def toggle_administration(administration_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    administration = db.get_or_404(Administration, administration_id)
    services.set_administration_active(administration, not administration.active, current_user)
    db.session.commit()
    if administration.active:
        flash(_("Administration %(code)s reactivated.", code=administration.code), "success")
    else:
        flash(_("Administration %(code)s deactivated.", code=administration.code), "success")
    return redirect(url_for("accounts.administrations"))


def _administration_choices() -> dict[str, str]:
    codes = db.session.scalars(
        sa.select(Administration).where(Administration.active).order_by(Administration.code)
    )
    return {"": _("— none —")} | {a.code: f"{a.code} — {a.name}" for a in codes}


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def users():
    form = UserForm()
    form.administration.choices = _administration_choices()
    if form.validate_on_submit():
        administration = services.find_administration(form.administration.data or "")
        try:
            user = services.create_user(
                form.username.data,
                form.password.data,
                form.role.data,
                administration=administration,
                display_name=form.display_name.data or "",
                email=form.email.data or "",
                actor=current_user,
            )
        except services.AccountError as error:
            db.session.rollback()
            form.username.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Account %(username)s created.", username=user.username), "success")
            return redirect(url_for("accounts.users"))
    people = db.session.scalars(
        sa.select(User).options(joinedload(User.administration)).order_by(User.username)
    ).all()
    return render_template("accounts/users.html", form=form, users=people, confirm=ConfirmForm())


@bp.post("/admin/users/<int:user_id>/active")
@role_required(Role.SECRETARIAT)
def toggle_user(user_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = db.get_or_404(User, user_id)
    try:
        services.set_user_active(user, not user.active, current_user)
    except services.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.users"))
    db.session.commit()
    if user.active:
        flash(_("Account %(username)s reactivated.", username=user.username), "success")
    else:
        flash(_("Account %(username)s deactivated.", username=user.username), "success")
    return redirect(url_for("accounts.users"))


@bp.route("/admin/users/<int:user_id>/password", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user, form.new.data, current_user)
        except services.AccountError as error:
            form.new.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The password of %(username)s has been reset.", username=user.username),
                  "success")  # fmt: skip
            return redirect(url_for("accounts.users"))
    return render_template("accounts/reset_password.html", form=form, user=user)


# The audit log's routes live in their own module; importing it registers them on `bp`.
from . import audit_views  # noqa: E402, F401
