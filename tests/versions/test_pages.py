"""The pages: creating the next version through its conflicts, preparing and publishing it,
editing its clauses, the superseded version, and clause pages linking through time."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.core.models import AuditEntry
from framework_review.drafts.models import Clause, Version, VersionStatus
from framework_review.extensions import db as _db
from framework_review.versions import services
from tests.comments.helpers import clause_url, text_of, version_url
from tests.conftest import clause_of, make_version
from tests.versions.helpers import KE_TEXT, amend, close, compete, decide, refs, successor, texts

ROLES = ["anonymous", "delegate", "same_administration", "other_delegate", "observer", "chair",
         "secretariat"]  # fmt: skip


def words(html: str) -> str:
    """The page's text, without the spaces tags leave before punctuation."""
    return re.sub(r" ([:;.,)])", r"\1", text_of(html))


def count(model) -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def assert_officers_only(response, path: str, role: str) -> None:
    """Chair and secretariat: 200; anonymous: to the login page; everyone else: 403."""
    if role in ("chair", "secretariat"):
        assert response.status_code == 200, path
    elif role == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
    else:
        assert response.status_code == 403, path


@pytest.fixture
def conflicted(db, people, version):
    """Draft 1 closed with two accepted, different replacements of 1.2 and an accepted insert."""
    fr, ke = compete(version, people)
    decide(amend(version, "1.1", people.delegate, "insert", "Members should publish rules."))
    close(version)
    return fr, ke


@pytest.mark.parametrize("role", ROLES)
def test_successor_page_access(client, login, people, version, conflicted, role, csrf):
    login(people.by_role(role))
    path = f"{version_url(version)}/successor"
    assert_officers_only(client.get(path), path, role)
    if role not in ("chair", "secretariat"):
        token = csrf("/") if role != "anonymous" else ""
        client.post(path, data={"csrf_token": token, "label": "Mine"})
        assert count(Version) == 1


def test_the_chair_resolves_a_conflict_and_creates_the_version(client, login, people, version,
                                                               conflicted, csrf):  # fmt: skip
    fr, ke = conflicted
    login(people.chair)
    path = f"{version_url(version)}/successor"
    page = client.get(path).get_data(as_text=True)
    clause = clause_of(version, "1.2")
    assert "Conflicts to resolve" in page and f'name="choice-{clause.id}"' in page
    assert f'value="comment-{fr.id}"' in page and f'value="comment-{ke.id}"' in page
    assert 'placeholder="Draft 2"' in page
    text = text_of(page)
    assert "1 clause changed" not in text and "1 inserted" in text and "3 renumbered" in text
    # Without a choice: refused with the conflict named, nothing created.
    refused = client.post(path, data={"csrf_token": csrf(path), "label": ""})
    assert refused.status_code == 409
    assert "Choose one change or write the text." in refused.get_data(as_text=True)
    assert count(Version) == 1
    # With a choice: made, and the chair lands on its preparation page.
    made = client.post(path, data={"csrf_token": csrf(path), "label": "Second draft",
                                   f"choice-{clause.id}": f"comment-{ke.id}"})  # fmt: skip
    assert made.status_code == 302 and made.location.endswith("/second-draft/preparation")
    new = _db.session.scalar(sa.select(Version).where(Version.label == "Second draft"))
    assert texts(new)["1.3"] == KE_TEXT and refs(new)[3] == "1.2"


def test_the_chair_may_write_the_text_instead(client, login, people, version, conflicted, csrf):
    login(people.secretariat)
    clause = clause_of(version, "1.2")
    path = f"{version_url(version)}/successor"
    response = client.post(path, data={"csrf_token": csrf(path), f"choice-{clause.id}": "text",
                                       f"text-{clause.id}": "Members collect data."})  # fmt: skip
    assert response.status_code == 302
    new = _db.session.scalar(sa.select(Version).where(Version.number == 2))
    assert new.label == "Draft 2" and texts(new)["1.3"] == "Members collect data."


def test_a_choice_that_is_not_competing_is_refused(
    client, login, people, version, conflicted, csrf
):
    login(people.chair)
    clause = clause_of(version, "1.2")
    path = f"{version_url(version)}/successor"
    response = client.post(path, data={"csrf_token": csrf(path),
                                       f"choice-{clause.id}": "comment-999999"})  # fmt: skip
    assert response.status_code == 422
    assert "Comment 999999 is not one of the changes competing for 1.2." in text_of(
        response.get_data(as_text=True)
    )
    assert count(Version) == 1


def test_no_next_version_from_an_open_or_already_followed_one(client, login, people, version):
    login(people.chair)
    path = f"{version_url(version)}/successor"
    response = client.get(path)
    assert response.status_code == 409 and "Draft 1 is open" in response.get_data(as_text=True)
    assert "Create the next version" not in client.get(f"{version_url(version)}/").get_data(
        as_text=True
    )
    close(version)
    assert "Create the next version" in client.get(f"{version_url(version)}/").get_data(
        as_text=True
    )
    successor(version, people.chair)
    assert client.get(path).status_code == 409


@pytest.fixture
def draft2(db, people, version):
    decide(amend(version, "1.1", people.delegate, "replace", "Goods bought online."))
    close(version)
    return successor(version, people.chair)


@pytest.mark.parametrize("role", ROLES)
def test_preparation_and_edit_pages_are_for_officers(client, login, people, draft2, role, csrf):
    login(people.by_role(role))
    for path in (f"{version_url(draft2)}/preparation", f"{version_url(draft2)}/edit-clause/1.1"):
        assert_officers_only(client.get(path), path, role)
    if role not in ("chair", "secretariat", "anonymous"):
        token = csrf("/")
        client.post(f"{version_url(draft2)}/edit-clause/1.1",
                    data={"csrf_token": token, "text": "Mine.", "number": "1.1"})  # fmt: skip
        client.post(f"{version_url(draft2)}/publish", data={"csrf_token": token})
        assert clause_of(draft2, "1.1").text == "Goods bought online."
        assert draft2.status is VersionStatus.PREPARATION


def test_editing_a_clause_on_its_page(client, login, people, draft2, csrf):
    login(people.secretariat)
    clause_page = client.get(clause_url(draft2, "1.2")).get_data(as_text=True)
    assert "Edit this clause" in clause_page
    path = f"{version_url(draft2)}/edit-clause/1.2"
    form = client.get(path).get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post(path, data={"csrf_token": csrf(path), "number": "1.5", "heading": "",
                                       "text": "Members *should* collect data.", "seen": seen})  # fmt: skip
    assert response.status_code == 302 and response.location.endswith("/clauses/1.5")
    assert refs(draft2)[3:6] == ["1.5", "1.5(a)", "1.5(b)"]
    assert clause_of(draft2, "1.5").text_html == "<p>Members <em>should</em> collect data.</p>"
    # The same form again: someone saved since, so it is refused and the clause shown anew.
    stale = client.post(f"{version_url(draft2)}/edit-clause/1.5",
                        data={"csrf_token": csrf(path), "number": "1.6", "text": "x", "seen": seen})  # fmt: skip
    assert stale.status_code == 409 and clause_of(draft2, "1.5") is not None
    taken = client.get(f"{version_url(draft2)}/edit-clause/1.5")
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', taken.get_data(as_text=True))
    clash = client.post(f"{version_url(draft2)}/edit-clause/1.5",
                        data={"csrf_token": csrf(path), "number": "1.1", "text": "x",
                              "seen": seen.group(1)})  # fmt: skip
    assert clash.status_code == 422
    assert "1.1 is already the reference" in clash.get_data(as_text=True)


def test_an_open_version_is_not_edited(client, login, people, version):
    login(people.chair)
    assert client.get(f"{version_url(version)}/edit-clause/1.1").status_code == 409
    assert "Edit this clause" not in client.get(clause_url(version, "1.1")).get_data(as_text=True)


def test_publishing_supersedes_and_the_old_version_is_read_only(client, login, people, version,
                                                                 draft2, csrf):  # fmt: skip
    login(people.chair)
    preparation = f"{version_url(draft2)}/preparation"
    page = client.get(preparation).get_data(as_text=True)
    assert "Publish Draft 2" in page and "Changes since Draft 1" in page
    response = client.post(f"{version_url(draft2)}/publish",
                           data={"csrf_token": csrf(preparation), "closes_at": "2099-01-31T17:00"})  # fmt: skip
    assert response.status_code == 302
    _db.session.expire_all()
    assert draft2.status is VersionStatus.OPEN and version.status is VersionStatus.SUPERSEDED
    assert (
        _db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "version.supersede")
        ).object_id
        == version.id
    )
    login(people.other)
    for path in (f"{version_url(version)}/", clause_url(version, "1.1"), clause_url(version, None)):
        html = client.get(path).get_data(as_text=True)
        assert "This version has been superseded by" in text_of(html), path
        assert f'href="/drafts/test-framework/{draft2.slug}/"' in html
        assert 'id="new-comment"' not in html or "takes no more comments" in text_of(html)
    assert "Save comment" not in client.get(clause_url(version, "1.1")).get_data(as_text=True)


def test_clause_pages_link_back_and_forward(client, login, people, version, draft2):
    services.publish(draft2, people.chair)
    _db.session.commit()
    login(people.other)
    new_page = words(client.get(clause_url(draft2, "1.1")).get_data(as_text=True))
    assert "Came from 1.1 of Draft 1: the discussion on Draft 1; changed by FR-001." in new_page
    old_html = client.get(clause_url(version, "1.1")).get_data(as_text=True)
    assert "This clause in Draft 2" in old_html
    assert 'href="/drafts/test-framework/draft-2/clauses/1.1"' in old_html


def test_the_clause_page_costs_one_more_query_at_most(client, login, people, version, draft2,
                                                      count_queries):  # fmt: skip
    login(people.chair)
    counts = []
    for page in (clause_url(version, "1.2"), clause_url(draft2, "1.2")):
        _db.session.remove()
        with count_queries() as counter:
            assert client.get(page).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] and counts[0] <= 13


def test_superseded_clause_is_marked_on_every_page(client, login, people, version, draft2):
    services.publish(draft2, people.chair)
    _db.session.commit()
    login(people.secretariat)
    html = client.get(f"{version_url(version)}/amendments/1.1").get_data(as_text=True)
    assert "This version has been superseded" in html
    assert _db.session.scalar(sa.select(sa.func.count(Clause.id))) == 16


def test_the_successor_page_costs_the_same_with_many_decisions(client, login, people, version,
                                                                count_queries):  # fmt: skip
    """Three and thirty accepted replacements of one clause: one conflict, same queries."""
    bigger = make_version(title="Other framework")
    for target, many in ((version, 3), (bigger, 30)):
        for n in range(many):
            decide(amend(target, "1.1", people.delegate, "replace", f"Text number {n}."))
        close(target)
    urls = [f"{version_url(target)}/successor" for target in (version, bigger)]
    login(people.chair)
    counts = []
    for url, many in zip(urls, (3, 30), strict=True):
        _db.session.remove()
        with count_queries() as counter:
            html = client.get(url).get_data(as_text=True)
        counts.append(counter.count)
        assert html.count('type="radio" name="choice-') == many + 1
    assert counts[0] == counts[1], counts
