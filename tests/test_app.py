"""The application as a whole: configuration, health check, error pages, security headers."""

from __future__ import annotations

import re
import stat

import pytest
import sqlalchemy as sa
from flask import abort

import config
from framework_review import create_app
from framework_review.accounts.services import find_administration
from framework_review.api.openapi import OPENAPI
from framework_review.extensions import db as _db
from tests.api.helpers import Document
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No configuration from the caller's environment; the instance folder is a temp folder."""
    for name in ("DATABASE_URL", "SECRET_KEY", "FLASK_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRAMEWORK_REVIEW_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


def other_app(app, **overrides):
    """A second app on the test database, for routes and settings the shared app must not get."""
    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                  **overrides})  # fmt: skip


# -- configuration -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:pw@db.example:5432/review", "postgresql+psycopg://u:pw@db.example:5432/review"),
        ("postgresql://u:pw@db.example/review", "postgresql+psycopg://u:pw@db.example/review"),
        ("postgresql+psycopg://u@h/review", "postgresql+psycopg://u@h/review"),
        ("sqlite:////srv/review.db", "sqlite:////srv/review.db"),
    ],
)  # fmt: skip
def test_database_url_comes_from_the_environment(clean_env, monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    for name in ("development", "production"):
        assert create_app(name).config["SQLALCHEMY_DATABASE_URI"] == expected


def test_default_database_is_sqlite_in_the_instance_folder(clean_env):
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_env / 'framework_review.db'}"
    assert app.instance_path == str(clean_env)


def test_flask_config_picks_the_class(clean_env, monkeypatch):
    monkeypatch.setenv("FLASK_CONFIG", "testing")
    app = create_app()
    assert app.config["TESTING"] is True
    assert app.config["ENV_NAME"] == "testing"
    monkeypatch.setenv("FLASK_CONFIG", "staging")
    with pytest.raises(config.ConfigurationError, match="Unknown FLASK_CONFIG 'staging'"):
        create_app()


def test_development_secret_key_is_generated_once_and_kept(clean_env):
    first = create_app("development")
    key_file = clean_env / "secret_key"
    assert key_file.read_text() == first.config["SECRET_KEY"]
    assert re.fullmatch(r"[0-9a-f]{64}", first.config["SECRET_KEY"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app("development").config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_empty_secret_key_file_is_replaced(clean_env):
    clean_env.mkdir()
    (clean_env / "secret_key").write_text("\n")
    key = create_app("development").config["SECRET_KEY"]
    assert len(key) == 64 and (clean_env / "secret_key").read_text() == key


def test_development_secret_key_from_the_environment_wins(clean_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment-1234")
    assert create_app("development").config["SECRET_KEY"] == "from-the-environment-1234"
    assert not (clean_env / "secret_key").exists()


def test_production_refuses_to_start_without_a_secret_key(clean_env):
    with pytest.raises(config.ConfigurationError, match="SECRET_KEY is not set"):
        create_app("production")
    assert not (clean_env / "secret_key").exists()  # never generated in production


def test_production_refuses_a_short_secret_key(clean_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(config.ConfigurationError, match="too short"):
        create_app("production")


def test_production_settings(clean_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-enough-random-secret")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "a-long-enough-random-secret"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.config.get("DEBUG")


# -- health check --------------------------------------------------------------------------
def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/unreachable?connect_timeout=2",
        "sqlite:////nonexistent-folder/for/sure/review.db",
    ],
)
def test_healthz_is_503_when_the_database_does_not_answer(url):
    broken = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}


# -- error pages ---------------------------------------------------------------------------
def assert_error_page(response, status: int, *phrases: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"Error {status}" in html
    assert 'class="site-header"' in html  # shown in the site's layout
    assert "Back to the drafts" in html
    for phrase in phrases:
        assert phrase in html
    return html


def test_404_page(client, people, login):
    login(people.delegate)
    assert_error_page(client.get("/no/such/page"), 404, "Not found", "no page at this address")


def test_403_page(client, people, login):
    login(people.delegate)
    assert_error_page(client.get("/admin/users"), 403, "Not allowed", "not allowed to do this")


def test_405_page(client):
    assert_error_page(client.get("/logout"), 405, "does not accept that kind of request")


def test_500_page_hides_the_error(app, caplog):
    broken = other_app(app)

    @broken.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = broken.test_client().get("/boom")
    html = assert_error_page(response, 500, "Something went wrong")
    assert "secret internals" not in html
    assert "RuntimeError" in caplog.text  # logged for the operators


def test_500_page_after_a_database_error_while_logged_in(app, people):
    """The failed transaction is rolled back, so the layout can still load the user."""
    broken = other_app(app)

    @broken.get("/bad-query")
    def bad_query():
        _db.session.execute(sa.text("SELECT * FROM no_such_table"))

    client = broken.test_client()
    client.post("/login", data={"username": "delegate", "password": PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    html = assert_error_page(client.get("/bad-query"), 500, "Something went wrong")
    assert "Delegate" in html  # the layout still shows who is logged in


# -- the database is down ------------------------------------------------------------------
NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/unreachable?connect_timeout=2"


def _session_cookie(app, username: str) -> str:
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    return client.get_cookie("session").value


def test_pages_say_503_in_the_sites_layout_when_the_database_is_down(app, people):
    cookie = _session_cookie(app, "delegate")  # logged in while the database answered
    broken = other_app(app, SQLALCHEMY_DATABASE_URI=NOWHERE)
    client, visitor = broken.test_client(), broken.test_client()
    client.set_cookie("session", cookie)
    login = {"username": "delegate", "password": PASSWORD, "csrf_token": csrf_token(visitor)}
    for response in (client.get("/"), client.get("/account/tokens"),
                     visitor.post("/login", data=login)):  # fmt: skip
        html = assert_error_page(response, 503, "Temporarily unavailable")
        assert int(response.headers["Retry-After"]) >= 1
        assert "Traceback" not in html and "psycopg" not in html


def test_the_api_says_503_unavailable_when_the_database_is_down(app, people):
    client = other_app(app, SQLALCHEMY_DATABASE_URI=NOWHERE).test_client()
    response = client.get("/api/v1/drafts", headers={"Authorization": "Bearer frt_anything"})
    assert response.status_code == 503
    assert response.json["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) >= 1
    Document(app, OPENAPI).validate(response.json, "/components/schemas/Error")


def test_the_site_recovers_alone_when_the_database_returns(app, people):
    """Connections refused for a while (the database restarting), then accepted again."""
    cookie = _session_cookie(app, "delegate")
    flaky = other_app(app)
    client = flaky.test_client()
    client.set_cookie("session", cookie)
    down = {"now": False}

    with flaky.app_context():
        engine = _db.engine

    @sa.event.listens_for(engine, "do_connect")
    def refuse(dialect, conn_rec, cargs, cparams):
        if down["now"]:
            raise dialect.loaded_dbapi.OperationalError("connection refused (simulated)")

    assert client.get("/").status_code == 200
    down["now"] = True
    engine.pool.dispose()  # the restart closed every connection
    assert client.get("/").status_code == 503
    assert client.get("/").status_code == 503
    down["now"] = False
    assert client.get("/").status_code == 200


def test_abort_with_a_message_shows_that_message(app):
    other = other_app(app)

    @other.get("/refuse")
    def refuse():
        abort(403, "Only the chair settles clauses.")

    assert_error_page(other.test_client().get("/refuse"), 403, "Only the chair settles clauses.")


def test_csrf_failure_says_the_form_expired(client, people):
    response = client.post("/login", data={"username": "delegate", "password": PASSWORD})
    assert_error_page(response, 400, "Form expired", "Your form expired")
    assert client.get("/").status_code == 302  # not logged in


def test_csrf_failure_on_an_admin_form_changes_nothing(client, people, login):
    login(people.secretariat)
    response = client.post("/admin/administrations", data={"code": "JP", "name": "Japan",
                                                           "csrf_token": "forged"})  # fmt: skip
    assert_error_page(response, 400, "Form expired")
    assert "Japan" not in client.get("/admin/administrations").get_data(as_text=True)
    assert find_administration("JP") is None


# -- headers and other hosts ---------------------------------------------------------------
def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert not re.search(r"https?:|\*|//", csp)  # no other host is trusted
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/account/password", "/account/tokens", "/nowhere"])
def test_pages_for_a_logged_in_user_are_never_stored(client, people, login, path):
    login(people.delegate)
    assert "no-store" in client.get(path).headers["Cache-Control"]


def test_anonymous_pages_and_static_files_keep_their_caching(client):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_hsts_only_in_production(clean_env, monkeypatch, app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setenv("SECRET_KEY", "a-long-enough-random-secret")
    production = create_app(
        "production", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    response = production.test_client().get("/login", base_url="https://review.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    production = create_app(  # HSTS_MAX_AGE=0: the proxy sets it instead
        "production",
        {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "HSTS_MAX_AGE": 0},
    )
    assert "Strict-Transport-Security" not in production.test_client().get("/login").headers


def test_error_pages_carry_the_security_headers(client):
    response = client.get("/nowhere")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


RESOURCE = re.compile(r"<(?:link|script|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?([^\"' >]+)",
                      re.IGNORECASE)  # fmt: skip


@pytest.mark.parametrize("who", ["anonymous", "delegate", "secretariat"])
def test_no_page_loads_anything_from_other_hosts(client, version, people, login, who):
    login(people.by_role(who))
    pages = ["/login", "/nowhere"]
    if who != "anonymous":
        pages += ["/", "/drafts/test-framework/draft-1/", "/drafts/test-framework/draft-1/clauses/1.2(a)",
                  "/drafts/test-framework/draft-1/general", "/account/password"]  # fmt: skip
    if who == "secretariat":
        pages += ["/admin/users", "/admin/administrations", "/admin/import",
                  "/drafts/test-framework/draft-1/period"]  # fmt: skip
    for page in pages:
        html = client.get(page, follow_redirects=True).get_data(as_text=True)
        resources = RESOURCE.findall(html)
        assert resources, page  # at least the stylesheet and the script
        for url in resources:
            assert url.startswith("/") and not url.startswith("//"), (page, url)


def test_migrations_build_exactly_the_models_schema(app):
    """The schema comes from migrations/: the migrated database must match the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from framework_review.extensions import db

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
