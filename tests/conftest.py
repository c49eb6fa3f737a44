"""Fixtures shared by every test: the app on a migrated database, users per role, a draft.

The database is SQLite (a file in a temporary folder) unless TEST_DATABASE_URL names another,
e.g. postgresql+psycopg://postgres@127.0.0.1:5432/framework_review_test. Its schema is built
by the Alembic migrations once per session; every test starts from empty tables.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from framework_review import create_app
from framework_review.accounts import services as accounts
from framework_review.accounts.models import Administration, Role, User
from framework_review.core.markup import render_markdown
from framework_review.core.time import utcnow
from framework_review.drafts.models import Clause, Draft, Version, VersionStatus
from framework_review.extensions import db as _db
from framework_review.extensions import limiter

PASSWORD = "correct horse battery"  # every test user's password
TRANSLATIONS = Path(__file__).resolve().parent.parent / "framework_review" / "translations"


def compile_catalogues() -> None:
    """Compile each .po whose .mo is missing or older: `make install` does it, and this keeps
    a test run right after a catalogue edit from reading the previous translations."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parent.parent.name)
        with mo.open("wb") as target:
            write_mo(target, catalogue)


compile_catalogues()


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class Client(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in a real server.

    Requests reuse the test's application context, and with it `g`, where Flask-Login caches
    the user and Flask-WTF the CSRF token: without this, a second client would be served
    as the first one's user, with the first one's token.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g).clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = Client
    with app.app_context():
        if url.startswith("postgresql"):
            with _db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade()  # the schema comes from the migrations, never create_all
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(app):
    """An application context with empty tables; rows are removed after the test."""
    with app.app_context():
        yield _db
        _db.session.remove()
        tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
        with _db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                connection.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    connection.execute(sa.text(f'DELETE FROM "{name}"'))


@pytest.fixture
def client(app):
    return app.test_client()


# -- people --------------------------------------------------------------------------------
@dataclass
class People:
    """One account per role, two delegates of FR (a delegation speaks as one) and one of KE."""

    fr: Administration
    ke: Administration
    upu: Administration
    delegate: User  # FR
    colleague: User  # FR as well
    other: User  # KE
    observer: User  # UPU
    chair: User
    secretariat: User

    def by_role(self, name: str) -> User | None:
        return {
            "anonymous": None,
            "delegate": self.delegate,
            "same_administration": self.colleague,
            "other_delegate": self.other,
            "observer": self.observer,
            "chair": self.chair,
            "secretariat": self.secretariat,
        }[name]


@pytest.fixture
def people(db) -> People:
    fr = accounts.create_administration("FR", "France")
    ke = accounts.create_administration("KE", "Kenya")
    upu = accounts.create_administration("UPU", "Universal Postal Union", observer=True)

    def user(name: str, role: Role, administration=None) -> User:
        return accounts.create_user(name, PASSWORD, role, administration, name.title())

    result = People(
        fr=fr, ke=ke, upu=upu,
        delegate=user("delegate", Role.DELEGATE, fr),
        colleague=user("colleague", Role.DELEGATE, fr),
        other=user("other", Role.DELEGATE, ke),
        observer=user("observer", Role.DELEGATE, upu),
        chair=user("chair", Role.CHAIR),
        secretariat=user("secretariat", Role.SECRETARIAT),
    )  # fmt: skip
    db.session.commit()
    return result


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real login form; login(None) logs out."""

    def do(user: User | None):
        client.post("/logout", data={"csrf_token": csrf_token(client)})
        if user is None:
            return None
        response = client.post(
            "/login",
            data={"username": user.username, "password": PASSWORD,
                  "csrf_token": csrf_token(client, "/login")},
        )  # fmt: skip
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do


def csrf_token(client, path: str = "/login") -> str:
    """Fetch a page (following redirects) and read the CSRF token of its forms (one per session)."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    return match.group(1) if match else ""


def assert_secretariat_only(response, path: str, role: str) -> None:
    """A secretariat page: anonymous users go to login (coming back here), others get 403."""
    from urllib.parse import parse_qs, urlsplit

    if role == "anonymous":
        assert response.status_code == 302, path
        target = urlsplit(response.location)
        assert (target.path, parse_qs(target.query)["next"]) == ("/login", [path])
    elif role == "secretariat":
        assert response.status_code == 200, path
    else:
        assert response.status_code == 403, path


@pytest.fixture
def csrf(client):
    """csrf(path) gives a valid token for a form on `path` for the logged-in client."""
    return lambda path="/login": csrf_token(client, path)


@pytest.fixture
def throttled(app):
    """The app with rate limiting on and empty counters, for this test only."""
    app.config["RATE_LIMITING"] = True
    limiter.reset()
    yield app
    limiter.reset()
    app.config["RATE_LIMITING"] = False


# -- drafts --------------------------------------------------------------------------------
CLAUSES = [
    # ref, number, heading, text, parent ref
    ("Preamble", None, "Preamble", "Cross-border trade in small parcels keeps growing.", None),
    ("1", "1.", "Scope", "", None),
    ("1.1", "1.1", None, "This framework applies to goods ordered online and sent across a border.", "1"),
    ("1.2", "1.2", None, "Members should collect the data listed below before goods arrive.", "1"),
    ("1.2(a)", "(a)", None, "the name and address of the seller;", "1.2"),
    ("1.2(b)", "(b)", None, "a plain description of the goods.", "1.2"),
    ("Standard 2", "Standard 2", "Risk management", "", None),
    ("2.1", "2.1", None, "Members should use risk management for all low-value shipments.", "Standard 2"),
]  # fmt: skip


def make_version(status=VersionStatus.OPEN, title="Test framework", label="Draft 1",
                 clauses=CLAUSES, **period):  # fmt: skip
    """A draft version with `clauses` (rows as above), written straight to the database."""
    draft = _db.session.scalar(sa.select(Draft).where(Draft.title == title))
    if draft is None:
        draft = Draft(title=title, slug=re.sub(r"\W+", "-", title.lower()).strip("-"))
        _db.session.add(draft)
    number = len(draft.versions) + 1
    now = utcnow()
    version = Version(
        draft=draft, number=number, label=label, slug=f"draft-{number}", status=status,
        opens_at=period.get("opens_at", now - timedelta(days=1)),
        closes_at=period.get("closes_at", now + timedelta(days=30)),
        comments_visible_during_period=period.get("visible", True),
        observers_may_comment=period.get("observers", True),
    )  # fmt: skip
    _db.session.add(version)
    by_ref: dict[str, Clause] = {}
    for position, (ref, number_label, heading, text, parent) in enumerate(clauses, start=1):
        parent_clause = by_ref.get(parent) if parent else None
        clause = Clause(
            version=version, parent=parent_clause, position=position,
            level=(parent_clause.level + 1) if parent_clause else 0, ref=ref,
            number=number_label, heading=heading, text=text, text_html=render_markdown(text),
        )  # fmt: skip
        by_ref[ref] = clause
        _db.session.add(clause)
    _db.session.commit()
    return version


@pytest.fixture
def version(people) -> Version:
    """An open version of the test framework, with people already created."""
    return make_version()


def clause_of(version: Version, ref: str) -> Clause:
    return _db.session.scalar(
        sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
    )


# -- queries -------------------------------------------------------------------------------
@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ...; counter.count is the number of SQL statements."""

    @contextlib.contextmanager
    def counting():
        counter = type("Counter", (), {"count": 0, "statements": []})()

        def before(conn, cursor, statement, parameters, context, executemany):
            if statement == "BEGIN":  # SQLite's explicit BEGIN (extensions.py); implicit elsewhere
                return
            counter.count += 1
            counter.statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    return counting
