"""`flask import-draft` and `flask demo`."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import Administration, Role, User
from framework_review.comments.models import Comment
from framework_review.drafts.models import Clause, Draft, Version, VersionStatus
from tests.conftest import make_version
from tests.drafts.test_views import SIMPLE, SIMPLE_REFS


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args, input=None: runner.invoke(args=[str(a) for a in args], input=input)


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def simple_file(tmp_path):
    path = tmp_path / "simple.md"
    path.write_bytes(SIMPLE)
    return path


# -- import-draft --------------------------------------------------------------------------
def test_import_draft(cli, db, simple_file):
    result = cli("import-draft", simple_file)
    assert result.exit_code == 0, result.output
    assert "Read simple.md: 7 clauses." in result.output
    assert result.output.rstrip().endswith(
        "Imported 7 clauses into Simple framework, Draft 1 (/drafts/simple-framework/draft-1/)."
    )
    version = db.session.scalar(sa.select(Version))
    assert [c.ref for c in version.clauses] == SIMPLE_REFS
    assert version.status is VersionStatus.PREPARATION and version.source_filename == "simple.md"


def test_import_draft_with_title_and_label(cli, db, simple_file):
    result = cli("import-draft", simple_file, "--title", "Cross-border framework", "--label",
                 "Zero draft")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "into Cross-border framework, Zero draft (/drafts/cross-border-framework/zero-draft/)"
        in (result.output)
    )
    assert db.session.scalar(sa.select(Draft.title)) == "Cross-border framework"


def test_import_draft_again_replaces_the_version_in_preparation(cli, db, simple_file, tmp_path):
    cli("import-draft", simple_file)
    shorter = tmp_path / "shorter.md"
    shorter.write_text("# Simple framework\n\n## Scope\n\n1.1 Only this.\n")
    result = cli("import-draft", shorter)
    assert result.exit_code == 0, result.output
    assert "Imported 2 clauses into Simple framework, Draft 1" in result.output
    assert count(db, Version) == 1 and count(db, Clause) == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.md", b"", "Nothing was imported: The file is empty."),
        ("notes.pdf", SIMPLE, 'Nothing was imported: Unsupported file type ".pdf"'),
        ("latin1.md", b"# T\n\n1.1 Caf\xe9.\n", "byte 0xE9 at line 3"),
        ("untitled.md", b"1.1 Text.\n", "Nothing was imported: The document has no title"),
    ],
)
def test_import_draft_failing_file_writes_nothing(cli, db, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import-draft", path)
    assert result.exit_code == 1
    assert "Error:" in result.output and message in result.output
    assert count(db, Draft) == 0 and count(db, Version) == 0 and count(db, Clause) == 0


def test_import_draft_into_an_open_version_is_refused(cli, db, people, simple_file):
    make_version()
    result = cli("import-draft", simple_file, "--title", "Test framework", "--label", "Draft 1")
    assert result.exit_code == 1
    assert "Draft 1 of Test framework is open" in result.output
    assert count(db, Version) == 1 and count(db, Clause) == 8


def test_import_draft_too_large(app, cli, db, simple_file, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_DRAFT_BYTES", 100)
    result = cli("import-draft", simple_file)
    assert result.exit_code == 1
    assert f"simple.md is {len(SIMPLE):,} bytes; the limit is 100." in result.output
    assert count(db, Draft) == 0


def test_import_draft_missing_file(cli, db, tmp_path):
    result = cli("import-draft", tmp_path / "nowhere.md")
    assert result.exit_code == 2
    assert "does not exist" in result.output


# -- demo ----------------------------------------------------------------------------------
CREDENTIAL = re.compile(r"^  (\S+)\s+(\S+)\s+(.+)$", re.MULTILINE)


def test_demo_loads_a_usable_review(cli, db, client):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    assert "log in at http://127.0.0.1:5000/login" in result.output

    administrations = db.session.scalars(sa.select(Administration)).all()
    assert len(administrations) == 6
    assert sum(a.is_observer for a in administrations) == 1
    roles = {u.role for u in db.session.scalars(sa.select(User))}
    assert roles == set(Role)
    assert count(db, Clause) >= 200
    first, version = db.session.scalars(sa.select(Version).order_by(Version.number)).all()
    # A whole round: Draft 1 decided and superseded, Draft 2 made from it and open.
    assert first.status is VersionStatus.SUPERSEDED and first.dispositions_visible
    assert version.previous_version_id == first.id and version.is_open_for_comment()
    decided = db.session.scalars(sa.select(Comment).where(Comment.version_id == first.id)).all()
    assert decided and all(c.disposition is not None for c in decided)
    assert any(c.feedback is not None and not c.feedback.satisfied for c in decided)
    changed = db.session.scalars(
        sa.select(Clause)
        .where(Clause.version_id == version.id, Clause.ref.in_(["1.2", "3.5"]))
        .order_by(Clause.position)
    ).all()
    assert [c.ref for c in changed if c.origins] == ["1.2", "3.5"]
    assert "shall" in changed[0].text and "may treat it as higher risk" in changed[1].text
    assert count(db, Comment) > len(decided)

    credentials = {m[0]: m[1] for m in CREDENTIAL.findall(result.output)}
    assert set(credentials) == set(db.session.scalars(sa.select(User.username)))
    for username, password in credentials.items():
        assert len(password) >= 10
        assert db.session.scalar(sa.select(User).where(User.username == username)).check_password(
            password
        )
    # The printed credentials work on the login form.
    from tests.conftest import csrf_token

    response = client.post("/login", data={"username": "delegate.fr",
                                           "password": credentials["delegate.fr"],
                                           "csrf_token": csrf_token(client)})  # fmt: skip
    assert response.status_code == 302
    assert client.get(f"/drafts/{version.draft.slug}/{version.slug}/").status_code == 200


def test_demo_twice_does_not_duplicate_and_gives_new_passwords(cli, db):
    first = cli("demo")
    assert first.exit_code == 0, first.output
    before = (count(db, Administration), count(db, User), count(db, Draft), count(db, Version),
              count(db, Clause), count(db, Comment))  # fmt: skip

    second = cli("demo")
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    after = (count(db, Administration), count(db, User), count(db, Draft), count(db, Version),
             count(db, Clause), count(db, Comment))  # fmt: skip
    assert after == before

    old = dict((m[0], m[1]) for m in CREDENTIAL.findall(first.output))
    new = dict((m[0], m[1]) for m in CREDENTIAL.findall(second.output))
    assert set(new) == set(old)
    db.session.expire_all()
    for username, password in new.items():
        assert password != old[username]
        user = db.session.scalar(sa.select(User).where(User.username == username))
        assert user.check_password(password) and not user.check_password(old[username])
