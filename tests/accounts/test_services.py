"""The rules for administrations, accounts, passwords and API tokens, without HTTP."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from framework_review.accounts import services
from framework_review.accounts.models import AdministrationKind, ApiToken, Role, User
from framework_review.accounts.services import AccountError
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from tests.conftest import PASSWORD

STRONG = "a perfectly fine passphrase"


def test_create_administration_normalises_and_audits(db):
    member = services.create_administration(" jp ", "  Japan Customs ")
    observer = services.create_administration("wco2", "Observer body", observer=True)
    db.session.commit()
    assert (member.code, member.name, member.kind) == (
        "JP",
        "Japan Customs",
        AdministrationKind.MEMBER,
    )
    assert observer.is_observer and observer.code == "WCO2"
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.object_id, e.actor_id) for e in entries] == [
        ("administration.create", member.id, None),
        ("administration.create", observer.id, None),
    ]


@pytest.mark.parametrize(
    ("code", "name", "observer", "message"),
    [
        ("", "Nowhere", False, "ISO 3166 alpha-2"),
        ("1A", "Digits first", False, "ISO 3166 alpha-2"),
        ("ABCDEFGHIJKLM", "Too long", True, "ISO 3166 alpha-2"),
        ("FRA", "Alpha-3", False, "two-letter ISO 3166 code"),
        ("JP", "   ", False, "needs a name"),
    ],
)
def test_create_administration_rules(db, code, name, observer, message):
    with pytest.raises(AccountError, match=message):
        services.create_administration(code, name, observer)


def test_administration_codes_are_unique(people):
    with pytest.raises(AccountError, match="already exists"):
        services.create_administration("ke", "Kenya again")
    with pytest.raises(AccountError, match="already exists"):
        services.create_administration("UPU", "Twice", observer=True)


def test_find_administration(people):
    assert services.find_administration(" fr ") == people.fr
    assert services.find_administration("XX") is None


def test_create_user(people, db):
    user = services.create_user(" New.Person ", STRONG, "delegate", people.ke, " Ann ", " a@b.org ",
                                actor=people.secretariat)  # fmt: skip
    db.session.commit()
    assert (user.username, user.display_name, user.email) == ("new.person", "Ann", "a@b.org")
    assert user.role is Role.DELEGATE and user.administration == people.ke
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password(STRONG) and not user.check_password(PASSWORD)
    assert user.session_version == 1 and user.active
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.create"
                                                           ).order_by(AuditEntry.id.desc()))  # fmt: skip
    assert (entry.actor_id, entry.object_id) == (people.secretariat.id, user.id)
    assert entry.summary == "Created delegate new.person for KE"


def test_display_name_defaults_to_username(people):
    assert services.create_user("plain", STRONG, Role.CHAIR).display_name == "plain"


def test_officers_speak_for_no_administration(people):
    chair = services.create_user("chair2", STRONG, Role.CHAIR, people.fr)
    assert chair.administration is None


@pytest.mark.parametrize(
    ("username", "password", "role", "with_administration", "message"),
    [
        ("x", STRONG, "delegate", True, "The username must be 2 to 80"),
        ("has space", STRONG, "delegate", True, "The username must be 2 to 80"),
        ("delegate", STRONG, "delegate", True, "The username delegate is taken."),
        ("DELEGATE", STRONG, "chair", False, "The username delegate is taken."),
        ("newbie", STRONG, "delegate", False, "A delegate must belong to an administration."),
        ("newbie", "too short", "chair", False, "at least 10 characters"),
        ("newbie", "x" * 201, "chair", False, "at most 200 characters"),
        ("newbie", "my-NEWBIE-password", "chair", False, "must not contain the username"),
    ],
)
def test_create_user_rules(people, username, password, role, with_administration, message):
    administration = people.fr if with_administration else None
    with pytest.raises(AccountError, match=message):
        services.create_user(username, password, role, administration)


def test_unknown_role_is_refused(people):
    with pytest.raises(ValueError, match="king"):
        services.create_user("newbie", STRONG, "king", None)


def test_delegate_needs_an_administration_in_the_database_too(people, db):
    """The check constraint backs up the service rule."""
    db.session.add(User(username="rogue", display_name="Rogue", password_hash="x",
                        role=Role.DELEGATE))  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_authenticate(people, db):
    user = services.authenticate(" DELEGATE ", PASSWORD)
    assert user == people.delegate
    assert user.last_login_at is not None
    assert db.session.scalar(
        sa.select(AuditEntry.action).where(AuditEntry.actor_id == user.id)
    ) == ("user.login")


def test_authenticate_refuses(people, db):
    assert services.authenticate("nobody", PASSWORD) is None
    assert services.authenticate("delegate", "wrong password") is None
    people.colleague.active = False
    assert services.authenticate("colleague", PASSWORD) is None
    people.ke.active = False
    assert services.authenticate("other", PASSWORD) is None
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "user.login")) == 0  # fmt: skip


def test_change_password(people, db):
    user = people.delegate
    services.change_password(user, PASSWORD, STRONG)
    assert user.check_password(STRONG)
    assert user.session_version == 2
    with pytest.raises(AccountError, match="current password is not right"):
        services.change_password(user, PASSWORD, "another fine passphrase")
    with pytest.raises(AccountError, match="at least 10"):
        services.change_password(user, STRONG, "short")
    assert user.check_password(STRONG) and user.session_version == 2


def test_reset_password(people, db):
    services.reset_password(people.chair, STRONG, people.secretariat)
    assert people.chair.check_password(STRONG)
    assert people.chair.session_version == 2
    with pytest.raises(AccountError, match="must not contain the username"):
        services.reset_password(people.chair, "chair chair chair", people.secretariat)


def test_set_user_active(people, db):
    services.set_user_active(people.other, False, people.secretariat)
    assert not people.other.active and not people.other.is_active
    assert people.other.session_version == 2
    services.set_user_active(people.other, True, people.secretariat)
    assert people.other.is_active and people.other.session_version == 2
    with pytest.raises(AccountError, match="your own account"):
        services.set_user_active(people.secretariat, False, people.secretariat)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "user", AuditEntry.object_id == people.other.id)).all()  # fmt: skip
    assert actions[-2:] == ["user.deactivate", "user.activate"]


def test_inactive_administration_makes_its_delegates_inactive(people):
    services.set_administration_active(people.fr, False, people.secretariat)
    assert not people.delegate.is_active and not people.colleague.is_active
    assert people.other.is_active and people.chair.is_active
    assert people.delegate.session_version == 2 and people.other.session_version == 1
    services.set_administration_active(people.fr, True, people.secretariat)
    assert people.delegate.is_active and people.delegate.session_version == 2


def test_session_loader_checks_the_session_version(people, db):
    user = people.delegate
    assert services.load_user_from_session(user.get_id()) == user
    assert user.is_authenticated
    assert services.load_user_from_session(f"{user.id}.999") is None
    assert services.load_user_from_session("nonsense") is None
    assert services.load_user_from_session("9999.1") is None
    people.fr.active = False  # Flask-Login then treats the session as logged out
    assert not services.load_user_from_session(user.get_id()).is_authenticated


def test_tokens_are_stored_only_as_a_hash(people, db):
    token = services.create_token(people.delegate, "spreadsheet macro")
    db.session.commit()
    row = db.session.scalar(sa.select(ApiToken))
    assert token.startswith("frt_") and len(token) > 40
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:10] and row.name == "spreadsheet macro"
    assert services.user_for_token(token) == people.delegate
    assert row.last_used_at is not None
    assert services.user_for_token(token + "x") is None


def test_tokens_of_inactive_or_revoked_accounts_do_not_work(people, db):
    token = services.create_token(people.delegate)
    people.delegate.active = False
    assert services.user_for_token(token) is None
    people.delegate.active = True
    db.session.scalar(sa.select(ApiToken)).revoked_at = utcnow()
    assert services.user_for_token(token) is None


def test_token_lookup_is_one_query_and_records_use_every_few_minutes(db, people, count_queries):
    token = services.create_token(people.delegate)
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as counter:
        user = services.user_for_token(token)
    assert user.username == "delegate" and user.administration.code == "FR"
    assert counter.count == 1  # token, user and administration in one query
    row = db.session.scalar(sa.select(ApiToken))
    first_use = row.last_used_at
    assert first_use is not None
    services.user_for_token(token)
    assert row.last_used_at == first_use  # not rewritten on every request
    row.last_used_at = first_use - timedelta(minutes=10)
    services.user_for_token(token)
    assert row.last_used_at > first_use - timedelta(minutes=10)
