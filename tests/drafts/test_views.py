"""Reading a draft (list, contents, clause pages) and the secretariat's import and period pages."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import sqlalchemy as sa

from framework_review import create_app
from framework_review.comments import services as comments
from framework_review.core.models import AuditEntry
from framework_review.drafts.models import Clause, Draft, DraftUpload, Version, VersionStatus
from tests.conftest import PASSWORD, assert_secretariat_only, clause_of, csrf_token, make_version

BASE = "/drafts/test-framework/draft-1"

SIMPLE = b"""# Simple framework

An introductory note.

## 1. Scope

1.1 This text applies to parcels.

1.2 Members should:

(a) collect data;

(b) manage risk.

## Standard 2 Cooperation

2.1 Members should cooperate.
"""
SIMPLE_REFS = ["1", "1.1", "1.2", "1.2(a)", "1.2(b)", "Standard 2", "2.1"]


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def text(response) -> str:
    """The page's words without markup, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split()).replace(" .", ".")


def flashed(client) -> str:
    """The page after a redirect, where flashed messages show."""
    return page(client.get("/", follow_redirects=True))


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def add_comment(version, ref, author):
    comment = comments.add_comment(version, clause_of(version, ref), author,
                                   comments.CommentFields(type="te", body="A comment."))  # fmt: skip
    from framework_review.extensions import db

    db.session.commit()
    return comment


# -- reading -------------------------------------------------------------------------------
def test_drafts_index(client, people, login, version):
    make_version(status=VersionStatus.PREPARATION, label="Draft 2")
    login(people.secretariat)
    html = page(client.get("/"))
    assert "<h2>Test framework</h2>" in html
    assert f'href="{BASE}/"' in html and 'href="/drafts/test-framework/draft-2/"' in html
    assert html.index("Draft 2") < html.index("Draft 1")  # newest first
    assert "Open for comment" in html and "In preparation" in html
    assert "The comment period is open until" in html


def test_empty_index_invites_the_secretariat_to_import(client, people, login):
    login(people.secretariat)
    assert 'href="/admin/import"' in page(client.get("/"))
    login(people.delegate)
    html = page(client.get("/"))
    assert "No drafts yet." in html and 'href="/admin/import"' not in html


def test_draft_goes_to_its_latest_version(client, people, login, version):
    make_version(status=VersionStatus.OPEN, label="Draft 2")
    login(people.delegate)
    response = client.get("/drafts/test-framework/")
    assert response.status_code == 302
    assert response.location == "/drafts/test-framework/draft-2/"


def test_draft_without_versions_or_unknown_is_404(client, people, login, db):
    db.session.add(Draft(title="Empty", slug="empty"))
    db.session.commit()
    login(people.delegate)
    assert client.get("/drafts/empty/").status_code == 404
    assert client.get("/drafts/no-such-draft/").status_code == 404


def test_table_of_contents(client, people, login, version):
    login(people.delegate)
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    html = page(response)
    assert "Test framework" in html and "Draft 1" in html
    toc = html.split('<ol class="toc">', 1)[1].split("</ol>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">', toc)
    assert links[0] == f"{BASE}/general"
    assert "Comments on the whole document" in toc
    refs = [r for r, *_ in [("Preamble",), ("1",), ("1.1",), ("1.2",), ("1.2(a)",), ("1.2(b)",),
                            ("Standard 2",), ("2.1",)]]  # fmt: skip
    assert [unquote_clause(link) for link in links[1:]] == refs
    # Nesting shows through the level classes, in document order.
    levels = re.findall(r'class="toc__item level-(\d)', toc)
    assert levels == ["0", "0", "1", "1", "2", "2", "0", "1"]
    assert "Scope" in toc and "Risk management" in toc
    assert (
        "This framework applies to goods ordered online" in toc
    )  # excerpt of a clause with no heading


def unquote_clause(link: str) -> str:
    prefix = f"{BASE}/clauses/"
    assert link.startswith(prefix), link
    return unquote(link[len(prefix) :])


def test_every_clause_link_in_the_contents_works(client, people, login, version):
    login(people.delegate)
    toc = page(client.get(f"{BASE}/")).split('<ol class="toc">', 1)[1]
    for link in re.findall(r'<a href="([^"]+)">', toc):
        assert client.get(link).status_code == 200, link


def test_contents_of_an_empty_version(client, people, login, db):
    draft = Draft(title="Blank", slug="blank")
    db.session.add(Version(draft=draft, number=1, label="Draft 1", slug="draft-1"))
    db.session.commit()
    login(people.secretariat)
    html = page(client.get("/drafts/blank/draft-1/"))
    assert "No clauses imported yet." in html and "In preparation" in html


def test_contents_show_the_introduction(client, people, login, version, db):
    version.introduction_html = "<p>Read this <em>first</em>.</p>"
    db.session.commit()
    login(people.delegate)
    assert "<p>Read this <em>first</em>.</p>" in page(client.get(f"{BASE}/"))


def test_clause_page(client, people, login, version):
    login(people.delegate)
    response = client.get(f"{BASE}/clauses/1.2")
    assert response.status_code == 200
    html = page(response)
    assert "<title>1.2 — Draft 1 · Framework Review</title>" in html
    assert "Clause <strong>1.2</strong>" in html
    assert "Members should collect the data listed below before goods arrive." in html
    breadcrumb = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r"<li>(?:<a[^>]*>)?([^<]+)", breadcrumb) == [
        "Drafts", "Test framework, Draft 1", "1",
    ]  # fmt: skip
    assert '<li aria-current="page">1.2</li>' in breadcrumb
    assert re.search(r'rel="prev" href="[^"]*/clauses/1\.1">← 1\.1<', html)
    assert re.search(
        r'rel="next" href="[^"]*/clauses/1\.2%28a%29">1\.2\(a\) →<', html
    ) or re.search(r'rel="next" href="[^"]*/clauses/1\.2\(a\)">1\.2\(a\) →<', html)
    children = html.split('class="clause__children"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a>", children) == ["1.2(a)", "1.2(b)"]


def test_clause_page_with_heading_and_deep_breadcrumb(client, people, login, version):
    login(people.chair)
    html = page(client.get(f"{BASE}/clauses/Standard 2"))
    assert '<span class="clause__number">Standard 2</span> Risk management' in html
    html = page(client.get(f"{BASE}/clauses/1.2(a)"))
    assert "the name and address of the seller;" in html
    breadcrumb = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a>", breadcrumb)[-2:] == ["1", "1.2"]
    assert "clause__children" not in html


@pytest.mark.parametrize(
    "path", [f"{BASE}/clauses/Standard%202", f"{BASE}/clauses/1.2%28a%29", f"{BASE}/clauses/1.2(b)"]
)
def test_clause_urls_by_ref(client, people, login, version, path):
    login(people.delegate)
    assert client.get(path).status_code == 200


def test_first_and_last_clause_have_one_neighbour(client, people, login, version):
    login(people.delegate)
    first = page(client.get(f"{BASE}/clauses/Preamble"))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = page(client.get(f"{BASE}/clauses/2.1"))
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_general_page(client, people, login, version):
    login(people.delegate)
    html = page(client.get(f"{BASE}/general"))
    assert "<h1>General comments</h1>" in html
    assert '<li aria-current="page">General</li>' in html


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/clauses/9.9",
        f"{BASE}/clauses/1.2(z)",
        f"{BASE}/clauses/",
        "/drafts/test-framework/draft-7/",
        "/drafts/test-framework/draft-7/clauses/1.1",
        "/drafts/nothing/draft-1/clauses/1.1",
        "/drafts/test-framework/draft-7/general",
    ],
)
def test_unknown_ref_or_version_is_404(client, people, login, version, path):
    login(people.delegate)
    response = client.get(path)
    assert response.status_code == 404
    assert "Not found" in page(response)


def test_clause_of_another_version_is_not_reachable(client, people, login, version, db):
    other = make_version(title="Other framework")
    db.session.execute(sa.update(Clause).where(Clause.version_id == other.id, Clause.ref == "2.1")
                       .values(ref="9.1"))  # fmt: skip
    db.session.commit()
    login(people.delegate)
    assert client.get(f"{BASE}/clauses/9.1").status_code == 404


READING = ["/", "/drafts/test-framework/", f"{BASE}/", f"{BASE}/clauses/1.2(a)",
           f"{BASE}/clauses/Standard 2", f"{BASE}/general"]  # fmt: skip


@pytest.mark.parametrize("role", ["anonymous", "delegate", "observer", "chair", "secretariat"])
def test_only_logged_in_users_read_drafts(client, people, login, version, role):
    login(people.by_role(role))
    for path in READING:
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            target = urlsplit(response.location)
            assert target.path == "/login"
            assert unquote(parse_qs(target.query)["next"][0]) == path
        else:
            assert response.status_code in (200, 302), path
            assert urlsplit(response.location or "").path != "/login"


def test_login_redirect_says_why(client, version):
    client.get(f"{BASE}/")
    assert "Please log in to see the draft." in page(client.get("/login"))


# -- import --------------------------------------------------------------------------------
def upload(client, data: bytes, filename="framework.md", title="", label=""):
    return client.post("/admin/import", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), filename), "title": title, "label": label,
        "csrf_token": csrf_token(client, "/admin/import"),
    })  # fmt: skip


def confirm(client, location: str, action="confirm"):
    return client.post(
        location, data={"action": action, "csrf_token": csrf_token(client, location)}
    )


def nothing_imported(db):
    assert count(db, Draft) == 0 and count(db, Version) == 0 and count(db, Clause) == 0


def test_import_page(client, people, login):
    login(people.secretariat)
    html = page(client.get("/admin/import"))
    assert "<h1>Import a draft</h1>" in html
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html


def test_upload_preview_confirm(client, people, login, db):
    login(people.secretariat)
    response = upload(client, SIMPLE, label="Draft 1")
    assert response.status_code == 302
    preview_url = response.location
    assert re.fullmatch(r"/admin/import/\d+", preview_url)
    nothing_imported(db)  # only the pending upload is kept until confirmed

    html = page(client.get(preview_url))
    assert "Preview: Simple framework" in html
    assert "framework.md gives 7 clauses. It will be stored as a new version, Draft 1." in text(
        client.get(preview_url)
    )
    assert "An introductory note." in html
    refs = re.findall(r'<span class="preview__ref">([^<]+)</span>', html)
    assert refs == SIMPLE_REFS
    assert re.findall(r'<th scope="row" class="level-(\d)"', html) == [
        "0",
        "1",
        "1",
        "2",
        "2",
        "0",
        "1",
    ]
    assert "line 5" in html  # where each clause was found

    response = confirm(client, preview_url)
    assert response.status_code == 302
    assert response.location == "/drafts/simple-framework/draft-1/"
    assert "Imported 7 clauses into Draft 1." in page(client.get(response.location))

    version = db.session.scalar(sa.select(Version))
    assert (version.draft.title, version.label, version.status) == (
        "Simple framework", "Draft 1", VersionStatus.PREPARATION,
    )  # fmt: skip
    assert version.source_filename == "framework.md"
    assert [c.ref for c in version.clauses] == SIMPLE_REFS
    by_ref = {c.ref: c for c in version.clauses}
    assert by_ref["1.2(b)"].parent.ref == "1.2" and by_ref["1.2"].parent.ref == "1"
    assert by_ref["1.1"].text_html == "<p>This text applies to parcels.</p>"
    assert "An introductory note." in version.introduction_html
    assert db.session.scalar(sa.select(DraftUpload.state)) == "imported"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.import"))
    assert entry.actor_id == people.secretariat.id and entry.data["clauses"] == 7

    # The same upload cannot be confirmed twice.
    response = confirm(client, preview_url)
    assert response.location == "/admin/import"
    assert "This upload was already imported." in flashed(client)
    assert count(db, Version) == 1


def test_title_typed_in_the_form_wins(client, people, login, db):
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Cross-border framework")
    assert "Preview: Cross-border framework" in page(client.get(response.location))
    confirm(client, response.location)
    assert db.session.scalar(sa.select(Draft.title)) == "Cross-border framework"
    assert db.session.scalar(sa.select(Version.label)) == "Draft 1"


def test_cancel_writes_nothing(client, people, login, db):
    login(people.secretariat)
    preview_url = upload(client, SIMPLE).location
    response = confirm(client, preview_url, action="cancel")
    assert response.location == "/admin/import"
    assert "Import cancelled; nothing was changed." in flashed(client)
    nothing_imported(db)
    assert db.session.scalar(sa.select(DraftUpload.state)) == "cancelled"
    assert client.get(preview_url).location == "/admin/import"  # the preview is gone


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "framework.md", "The file is empty."),
        (b"  \n\n ", "framework.md", "The file is empty."),
        (SIMPLE, "framework.pdf", 'Unsupported file type ".pdf"'),
        (SIMPLE, "framework.doc", "save it as .docx first"),
        (SIMPLE, "framework", "without an extension"),
        (b"# Title\n\n1.1 Caf\xe9 au lait.\n", "framework.md", "The file is not valid UTF-8 text"),
        (b"# Title\n\n1.1 Text\x00.\n", "framework.txt", "binary data at line 3"),
        (b"PK\x03\x04 not really a zip", "framework.docx", "Word"),
    ],
)
def test_bad_file_is_refused_with_a_reason(client, people, login, db, data, filename, message):
    login(people.secretariat)
    response = upload(client, data, filename)
    assert response.status_code == 200
    assert message in page(response)
    nothing_imported(db)
    assert count(db, DraftUpload) == 0


def test_invalid_utf8_names_the_line(client, people, login, db):
    login(people.secretariat)
    html = page(upload(client, b"# Title\n\n1.1 Caf\xe9 au lait.\n"))
    assert "byte 0xE9 at line 3" in html and "Save the file as UTF-8" in html


def test_no_file_chosen(client, people, login, db):
    login(people.secretariat)
    response = client.post("/admin/import", data={"title": "x",
                                                  "csrf_token": csrf_token(client, "/admin/import")})  # fmt: skip
    assert response.status_code == 200
    assert "Choose a .docx, .md or .txt file." in page(response)
    assert count(db, DraftUpload) == 0


def test_document_without_a_title_needs_one(client, people, login, db):
    login(people.secretariat)
    html = page(upload(client, b"1.1 Some text.\n\n1.2 More text.\n"))
    assert "The document has no title: type one in Draft title." in html
    assert count(db, DraftUpload) == 0
    response = upload(client, b"1.1 Some text.\n\n1.2 More text.\n", title="Untitled framework")
    assert response.status_code == 302


def small_upload_app(app, **limits):
    """An app with a small upload limit, on the test database, with the secretariat logged in."""
    small = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                   **limits})  # fmt: skip
    client = small.test_client()
    client.post("/login", data={"username": "secretariat", "password": PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    return client


def test_too_large_file_is_refused(app, people, db):
    client = small_upload_app(app, MAX_DRAFT_BYTES=1000)
    data = SIMPLE + b"\n2.2 " + b"More words. " * 250
    response = upload(client, data)
    assert response.status_code == 200
    assert "The file is too large (3 KB); the limit is 1 KB." in page(response)
    nothing_imported(db)
    assert count(db, DraftUpload) == 0
    assert upload(client, SIMPLE).status_code == 302  # a file under the limit goes through


def test_request_over_the_body_limit_gets_a_friendly_413(app, people, db):
    client = small_upload_app(app, MAX_DRAFT_BYTES=1000, MAX_CONTENT_LENGTH=2000)
    response = upload(client, SIMPLE + b"x" * 5000)
    assert response.status_code == 413
    assert "larger than this site accepts" in page(response)
    assert count(db, DraftUpload) == 0


def test_reimport_into_a_version_in_preparation_replaces_its_clauses(client, people, login, db):
    prepared = make_version(status=VersionStatus.PREPARATION)
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework", label="Draft 1")
    html = text(client.get(response.location))
    assert "It will replace the clauses of Draft 1 (in preparation)." in html
    confirm(client, response.location)
    db.session.expire_all()
    version = db.session.get(Version, prepared.id)
    assert [c.ref for c in version.clauses] == SIMPLE_REFS
    assert version.clauses[1].text_html == "<p>This text applies to parcels.</p>"
    assert count(db, Version) == 1 and count(db, Clause) == 7
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.import"))
    assert entry.data["replaced"] == 8


def test_reimport_without_label_goes_to_the_latest_version_in_preparation(
    client, people, login, db
):
    make_version(status=VersionStatus.CLOSED)
    prepared = make_version(status=VersionStatus.PREPARATION, label="Draft 2")
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework")
    assert "replace the clauses of Draft 2" in page(client.get(response.location))
    confirm(client, response.location)
    db.session.expire_all()
    assert [c.ref for c in db.session.get(Version, prepared.id).clauses] == SIMPLE_REFS


def test_import_next_to_an_open_version_adds_a_new_one(client, people, login, db, version):
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework")
    assert "It will be stored as a new version." in page(client.get(response.location))
    response = confirm(client, response.location)
    assert response.location == "/drafts/test-framework/draft-2/"
    db.session.expire_all()
    assert [v.label for v in db.session.get(Draft, version.draft_id).versions] == [
        "Draft 1",
        "Draft 2",
    ]
    assert len(db.session.get(Version, version.id).clauses) == 8  # the open version is untouched


def test_reimport_into_an_open_version_is_refused(client, people, login, db, version):
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework", label="Draft 1")
    assert response.status_code == 200
    assert ("Draft 1 of Test framework is open: only a version in preparation can be imported "
            "again. Choose a new label.") in page(response)  # fmt: skip
    assert count(db, DraftUpload) == 0 and count(db, Clause) == 8


def test_reimport_into_a_version_with_comments_is_refused(client, people, login, db, version):
    add_comment(version, "1.1", people.delegate)
    version.status = VersionStatus.PREPARATION  # e.g. data from before the rule existed
    db.session.commit()
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework", label="Draft 1")
    response = confirm(client, response.location)
    assert response.location == "/admin/import"
    assert "Nothing was imported: Draft 1 already has comments; it cannot be imported again." in (
        flashed(client)
    )
    db.session.expire_all()
    assert [c.ref for c in db.session.get(Version, version.id).clauses][:2] == ["Preamble", "1"]
    assert count(db, Clause) == 8
    assert db.session.scalar(sa.select(DraftUpload.state)) == "pending"


def test_version_opened_between_upload_and_confirm_is_not_replaced(client, people, login, db):
    prepared = make_version(status=VersionStatus.PREPARATION)
    login(people.secretariat)
    response = upload(client, SIMPLE, title="Test framework", label="Draft 1")
    prepared.status = VersionStatus.OPEN
    db.session.commit()
    confirm(client, response.location)
    assert "only a version in preparation can be imported again" in flashed(client)
    assert count(db, Clause) == 8


def test_unknown_upload_is_404(client, people, login):
    login(people.secretariat)
    assert client.get("/admin/import/999").status_code == 404
    assert confirm(client, "/admin/import/999").status_code == 404


# -- comment period ------------------------------------------------------------------------
def period_url(version) -> str:
    return f"/drafts/{version.draft.slug}/{version.slug}/period"


def set_period(client, version, **fields):
    url = period_url(version)
    data = {"status": version.status.value, "opens_at": "", "closes_at": "", **fields,
            "csrf_token": csrf_token(client, url)}  # fmt: skip
    if data.get("comments_visible_during_period") is False:
        del data["comments_visible_during_period"]
    return client.post(url, data=data)


def test_period_page_shows_the_current_settings(client, people, login, version):
    login(people.secretariat)
    html = page(client.get(period_url(version)))
    assert "Comment period of Test framework, Draft 1" in html
    assert '<option selected value="open">Open</option>' in html
    assert "superseded" not in html.lower().split("<select", 1)[1].split("</select>", 1)[0]
    assert re.search(r'name="comments_visible_during_period" type="checkbox" value="y"', html)
    assert version.closes_at.strftime("%Y-%m-%dT%H:%M") in html


def test_secretariat_opens_the_period(client, people, login, db):
    version = make_version(status=VersionStatus.PREPARATION)
    login(people.secretariat)
    response = set_period(client, version, status="open", opens_at="2030-03-01T09:00",
                          closes_at="2030-04-30T17:00", comments_visible_during_period=False)  # fmt: skip
    assert response.status_code == 302
    assert response.location == f"{BASE}/"
    assert (
        "Draft 1: The comment period has not opened yet: it opens on 01 March 2030 09:00 UTC."
        in (flashed(client))
    )
    db.session.expire_all()
    version = db.session.get(Version, version.id)
    assert version.status is VersionStatus.OPEN
    assert (version.opens_at.isoformat(), version.closes_at.isoformat()) == (
        "2030-03-01T09:00:00", "2030-04-30T17:00:00",
    )  # fmt: skip
    assert version.comments_visible_during_period is False
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.period"))
    assert entry.actor_id == people.secretariat.id
    assert entry.data["before"]["status"] == "preparation"


def test_secretariat_closes_the_period(client, people, login, db, version):
    login(people.secretariat)
    set_period(client, version, status="closed", comments_visible_during_period="y")
    db.session.expire_all()
    version = db.session.get(Version, version.id)
    assert version.status is VersionStatus.CLOSED and version.closes_at is None
    assert "The comment period is closed." in page(client.get(f"{BASE}/"))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"opens_at": "2030-05-01T09:00", "closes_at": "2030-04-01T09:00"},
         "The comment period must close after it opens."),
        ({"opens_at": "2030-05-01T09:00", "closes_at": "2030-05-01T09:00"},
         "The comment period must close after it opens."),
        ({"opens_at": "not a date"}, "Not a valid datetime value."),
        ({"status": "superseded"}, "Not a valid choice."),
    ],
)  # fmt: skip
def test_period_validation(client, people, login, db, version, fields, message):
    before = (version.status, version.opens_at, version.closes_at)
    login(people.secretariat)
    response = set_period(client, version, comments_visible_during_period="y", **fields)
    assert response.status_code == 200
    assert message in page(response)
    db.session.expire_all()
    version = db.session.get(Version, version.id)
    assert (version.status, version.opens_at, version.closes_at) == before


def test_back_to_preparation_with_comments_is_refused(client, people, login, db, version):
    add_comment(version, "1.1", people.delegate)
    login(people.secretariat)
    response = set_period(client, version, status="preparation")
    assert "This version has comments: it cannot go back to preparation." in page(response)
    db.session.expire_all()
    assert db.session.get(Version, version.id).status is VersionStatus.OPEN


def test_back_to_preparation_without_comments(client, people, login, db, version):
    login(people.secretariat)
    assert set_period(client, version, status="preparation").status_code == 302
    db.session.expire_all()
    assert db.session.get(Version, version.id).status is VersionStatus.PREPARATION


def test_opening_an_empty_version_is_refused(client, people, login, db):
    draft = Draft(title="Blank", slug="blank")
    empty = Version(draft=draft, number=1, label="Draft 1", slug="draft-1")
    db.session.add(empty)
    db.session.commit()
    login(people.secretariat)
    response = set_period(client, empty, status="open")
    assert "Import the text before opening the comment period." in page(response)


def test_superseded_version_period_cannot_change(client, people, login, db):
    old = make_version(status=VersionStatus.SUPERSEDED)
    login(people.secretariat)
    assert "its period can no longer change" in page(client.get(period_url(old)))
    set_period(client, old, status="open")
    db.session.expire_all()
    assert db.session.get(Version, old.id).status is VersionStatus.SUPERSEDED


# -- who may import and set periods --------------------------------------------------------
ROLES = ["anonymous", "delegate", "observer", "chair", "secretariat"]


def pending_upload(db, people) -> DraftUpload:
    row = DraftUpload(filename="simple.md", data=SIMPLE, title="Simple framework",
                      uploaded_by_id=people.secretariat.id)  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


@pytest.mark.parametrize("role", ROLES)
def test_import_and_period_pages_access(client, people, login, db, version, role):
    pending = pending_upload(db, people)
    login(people.by_role(role))
    for path in ["/admin/import", f"/admin/import/{pending.id}", f"{BASE}/period"]:
        response = client.get(path)
        assert_secretariat_only(response, path, role)


def drafts_state(db) -> tuple:
    db.session.expire_all()
    return (
        tuple(db.session.execute(sa.select(Version.id, Version.status, Version.opens_at,
                                           Version.closes_at)).all()),
        tuple(db.session.execute(sa.select(Clause.id, Clause.ref)).all()),
        tuple(db.session.execute(sa.select(DraftUpload.id, DraftUpload.state)).all()),
    )  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_import_and_period_posts_access(client, people, login, db, version, role):
    pending = pending_upload(db, people)
    login(people.by_role(role))
    token = csrf_token(client, "/login" if role == "anonymous" else "/")
    before = drafts_state(db)
    posts = [
        ("/admin/import", {"file": (io.BytesIO(SIMPLE), "simple.md"), "title": "Another"}),
        (f"/admin/import/{pending.id}", {"action": "confirm"}),
        (f"{BASE}/period", {"status": "closed"}),
    ]
    for path, data in posts:
        response = client.post(path, data={**data, "csrf_token": token},
                               content_type="multipart/form-data")  # fmt: skip
        if role == "anonymous":
            assert response.status_code == 302, path
            assert urlsplit(response.location).path == "/login"
        elif role == "secretariat":
            assert response.status_code == 302, (path, page(response))
        else:
            assert response.status_code == 403, path
    if role == "secretariat":
        assert drafts_state(db) != before
    else:
        assert drafts_state(db) == before


def test_a_version_in_preparation_is_seen_by_officers_only(client, login, people, version):
    """The secretariat's working copy stays out of delegates' sight until it is opened."""
    make_version(status=VersionStatus.PREPARATION, label="Draft 2", opens_at=None, closes_at=None)
    base = "/drafts/test-framework/draft-2/"
    for officer in (people.secretariat, people.chair):
        login(officer)
        assert client.get(base).status_code == 200
        assert client.get(base + "clauses/1.1").status_code == 200
        assert "Draft 2" in client.get("/").get_data(as_text=True)
    login(people.delegate)
    assert client.get(base).status_code == 404
    assert client.get(base + "clauses/1.1").status_code == 404
    assert "Draft 2" not in client.get("/").get_data(as_text=True)
    # The draft's own address leads a delegate to the newest version they may read.
    response = client.get("/drafts/test-framework/")
    assert response.headers["Location"].endswith("/drafts/test-framework/draft-1/")
