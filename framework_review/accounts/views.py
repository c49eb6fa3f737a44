"""Login, logout, own password, and the secretariat's pages for administrations and users."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import joinedload

from ..core.permissions import role_required
from ..core.web import is_safe_redirect, next_url
from ..extensions import db
from . import services
from .forms import (
    AdministrationForm,
    ChangePasswordForm,
    ConfirmForm,
    LoginForm,
    NotificationSettingsForm,
    ResetPasswordForm,
    UserForm,
)
from .models import Administration, Role, User

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(next_url(url_for("drafts.index")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            target = form.next.data
            return redirect(target if is_safe_redirect(target) else url_for("drafts.index"))
        flash("The username or password is not right, or the account is inactive.", "error")
    elif not form.is_submitted():
        form.next.data = next_url("")
    return render_template("accounts/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.new.data)
        except services.AccountError as error:
            form.new.errors.append(str(error))
        else:
            login_user(current_user)  # keep this session; the others end
            db.session.commit()
            flash("Your password has been changed.", "success")
            return redirect(url_for("drafts.index"))
    settings = NotificationSettingsForm(obj=current_user, formdata=None)
    return render_template("accounts/password.html", form=form, settings=settings)


@bp.post("/account/settings")
@login_required
def change_settings():
    form = NotificationSettingsForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_email_notifications(current_user, form.email_notifications.data)
    db.session.commit()
    state = "also by e-mail" if current_user.email_notifications else "in the app only"
    flash(f"Settings saved: you get your notifications {state}.", "success")
    return redirect(url_for("accounts.change_password"))


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
            flash(f"Administration {administration.code} created.", "success")
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
    state = "reactivated" if administration.active else "deactivated"
    flash(f"Administration {administration.code} {state}.", "success")
    return redirect(url_for("accounts.administrations"))


def _administration_choices() -> dict[str, str]:
    codes = db.session.scalars(
        sa.select(Administration).where(Administration.active).order_by(Administration.code)
    )
    return {"": "— none —"} | {a.code: f"{a.code} — {a.name}" for a in codes}


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
            flash(f"Account {user.username} created.", "success")
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
    flash(f"Account {user.username} {'reactivated' if user.active else 'deactivated'}.", "success")
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
            flash(f"The password of {user.username} has been reset.", "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/reset_password.html", form=form, user=user)
