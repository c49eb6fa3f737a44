"""`flask create-administration`, `create-user` and `create-token`."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import Administration, ApiToken, Role, User
from framework_review.core.models import AuditEntry

STRONG = "a perfectly fine passphrase"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args, input=None: runner.invoke(args=list(args), input=input)


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_administration(cli, db):
    result = cli("create-administration", "fr", "France — Customs")
    assert result.exit_code == 0, result.output
    assert result.output == "Created member FR: France — Customs\n"
    france = db.session.scalar(sa.select(Administration))
    assert (france.code, france.is_observer) == ("FR", False)
    assert db.session.scalar(sa.select(AuditEntry.action)) == "administration.create"


def test_create_observer(cli, db):
    result = cli("create-administration", "UPU", "Universal Postal Union", "--observer")
    assert result.exit_code == 0, result.output
    assert result.output == "Created observer UPU: Universal Postal Union\n"
    assert db.session.scalar(sa.select(Administration)).is_observer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["FRA", "France"], "two-letter ISO 3166 code"),
        (["F", "France"], "ISO 3166 alpha-2"),
        (["FR", " "], "needs a name"),
    ],
)
def test_create_administration_errors(cli, db, args, message):
    result = cli("create-administration", *args)
    assert result.exit_code == 1
    assert "Error:" in result.output and message in result.output
    assert count(db, Administration) == 0


def test_create_administration_twice(cli, db):
    cli("create-administration", "FR", "France")
    result = cli("create-administration", "fr", "France again")
    assert result.exit_code == 1
    assert "An administration with the code FR already exists." in result.output
    assert count(db, Administration) == 1


def test_create_user_with_password_on_stdin(cli, db):
    cli("create-administration", "KE", "Kenya")
    result = cli("create-user", "amina", "--role", "delegate", "--administration", "ke",
                 "--name", "Amina Otieno", "--email", "amina@example.org", "--password-stdin",
                 input=STRONG + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "Created delegate amina\n"
    user = db.session.scalar(sa.select(User))
    assert (user.display_name, user.email, user.administration.code) == (
        "Amina Otieno", "amina@example.org", "KE",
    )  # fmt: skip
    assert user.password_hash.startswith("scrypt:") and user.check_password(STRONG)


def test_create_user_with_a_prompt(cli, db):
    result = cli("create-user", "secretary", "--role", "secretariat", input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert STRONG not in result.output  # hidden input
    user = db.session.scalar(sa.select(User))
    assert user.role is Role.SECRETARIAT and user.check_password(STRONG)


def test_create_user_prompt_asks_again_when_passwords_differ(cli, db):
    result = cli("create-user", "chair", "--role", "chair",
                 input=f"{STRONG}\nsomething else\n{STRONG}\n{STRONG}\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert db.session.scalar(sa.select(User)).check_password(STRONG)


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["bob", "--role", "delegate"], STRONG, 1, "A delegate must belong to an administration."),
        (["bob", "--role", "delegate", "--administration", "XX"], STRONG, 1,
         "No administration with the code XX."),
        (["bob", "--role", "chair"], "short", 1, "at least 10 characters"),
        (["bob", "--role", "chair"], "", 1, "at least 10 characters"),
        (["Bob Smith", "--role", "chair"], STRONG, 1, "The username must be 2 to 80"),
        (["bob", "--role", "king"], STRONG, 2, "'king' is not one of"),
        (["bob"], STRONG, 2, "Missing option '--role'"),
    ],
)  # fmt: skip
def test_create_user_errors(cli, db, args, stdin, code, message):
    result = cli("create-user", *args, "--password-stdin", input=stdin + "\n")
    assert result.exit_code == code
    assert message in result.output
    assert count(db, User) == 0


def test_create_user_taken(cli, db):
    cli("create-user", "chair", "--role", "chair", "--password-stdin", input=STRONG)
    result = cli("create-user", "CHAIR", "--role", "chair", "--password-stdin", input=STRONG)
    assert result.exit_code == 1
    assert "The username chair is taken." in result.output
    assert count(db, User) == 1


def test_create_token(cli, db, people):
    result = cli("create-token", "delegate", "--name", "macro")
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("frt_")
    row = db.session.scalar(sa.select(ApiToken))
    assert row.user_id == people.delegate.id and row.name == "macro"
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    # The token itself is nowhere in the database.
    stored = db.session.execute(sa.select(ApiToken.__table__)).one()
    assert all(token not in str(value) for value in stored)
    assert all(token not in str(value) for value in db.session.execute(
        sa.select(AuditEntry.summary, AuditEntry.data)).all())  # fmt: skip


def test_token_works_on_the_api(cli, client, people):
    token = cli("create-token", "delegate").output.strip()
    assert (
        client.get("/api/v1/drafts", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    assert (
        client.get("/api/v1/drafts", headers={"Authorization": "Bearer frt_wrong"}).status_code
        == 401
    )


def test_create_token_for_unknown_user(cli, db):
    result = cli("create-token", "nobody")
    assert result.exit_code == 1
    assert "No user nobody." in result.output
    assert count(db, ApiToken) == 0
