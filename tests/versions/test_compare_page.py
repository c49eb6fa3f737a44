"""The compare page: any two versions, the changed-only filter, links to the decisions, and a
fixed number of queries for versions of 300 clauses."""

from __future__ import annotations

import re

import pytest

from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db as _db
from framework_review.versions import services
from tests.comments.helpers import text_of
from tests.conftest import make_version
from tests.versions.helpers import amend, close, decide, successor

COMPARE = "/drafts/test-framework/compare"


@pytest.fixture
def published(db, people, version):
    """Draft 1 (superseded) and Draft 2 (open): 1.1 reworded by FR-001, 2.1 deleted by KE-001."""
    decide(amend(version, "1.1", people.delegate, "replace", "Goods bought online."))
    decide(amend(version, "2.1", people.other, "delete"))
    version.dispositions_visible = True
    close(version)
    draft2 = successor(version, people.chair)
    services.publish(draft2, people.chair)
    _db.session.commit()
    return version, draft2


def rows(html: str) -> list[str]:
    return re.findall(r'<li class="compare__row compare__row--(\w+)">', html)


def test_anyone_logged_in_compares_what_they_can_read(client, login, people, published):
    assert client.get(COMPARE).status_code == 302  # to the login page
    login(people.observer)
    html = client.get(COMPARE).get_data(as_text=True)  # defaults: the last two versions
    assert "Draft 1 compared with Draft 2" in html
    assert rows(html) == ["unchanged", "unchanged", "changed", "unchanged", "unchanged",
                          "unchanged", "unchanged", "removed"]  # fmt: skip
    assert '<ins class="rl-ins">Goods bought</ins> online<del class="rl-del">' in html
    text = text_of(html)
    assert "Changed by: FR-001 (Accepted)" in text and "Changed by: KE-001 (Accepted)" in text
    assert "1 changed" in text and "1 removed" in text and "6 unchanged" in text


def test_changed_only_and_backwards(client, login, people, published):
    login(people.delegate)
    html = client.get(f"{COMPARE}?from=draft-2&to=draft-1&changed=1").get_data(as_text=True)
    assert rows(html) == ["changed", "added"]
    assert 'name="changed" value="1" checked' in html
    assert '<option value="draft-2" selected>' in html


def test_decisions_not_yet_published_are_not_shown_to_delegates(client, login, people, published):
    version, _draft2 = published
    version.dispositions_visible = False
    _db.session.commit()
    login(people.delegate)
    text = text_of(client.get(COMPARE).get_data(as_text=True))
    assert "Changed by: FR-001" in text and "(Accepted)" not in text
    login(people.chair)
    assert "(Accepted)" in text_of(client.get(COMPARE).get_data(as_text=True))


def test_a_version_in_preparation_is_not_compared_by_delegates(client, login, people, version):
    close(version)
    successor(version, people.chair)
    login(people.delegate)
    assert client.get(f"{COMPARE}?to=draft-2").status_code == 404
    assert client.get(f"{COMPARE}?from=nothing").status_code == 404
    assert client.get("/drafts/no-draft/compare").status_code == 404
    login(people.secretariat)
    assert client.get(f"{COMPARE}?to=draft-2").status_code == 200


def _big(db, people, clauses: int):
    """A draft of `clauses` clauses in its second version: four changed, one inserted."""
    rows = [("Standard 1", "Standard 1", "Rules", "The rules.", None)]
    rows += [(f"1.{n}", f"1.{n}", None, f"Members should do thing {n}.", "Standard 1")
             for n in range(1, clauses)]  # fmt: skip
    title = f"Big {clauses}"
    first = make_version(title=title, clauses=rows)
    for n in (1, 2, 3):
        decide(amend(first, f"1.{n}", people.delegate, "replace", f"Members must do thing {n}."))
    decide(amend(first, "1.4", people.other, "insert", "Members should report."))
    close(first)
    second = successor(first, people.chair)
    services.publish(second, people.chair)
    _db.session.commit()
    return f"/drafts/big-{clauses}/compare"


def test_the_compare_page_costs_the_same_for_300_clauses(client, login, people, count_queries):
    urls = {size: _big(_db, people, size) for size in (5, 300)}
    login(people.other)
    counts = {}
    for size, url in urls.items():
        _db.session.remove()
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert len(rows(html)) == size + 1
        assert rows(html).count("changed") == 3 and rows(html).count("added") == 1
        counts[size] = counter.count
    assert counts[5] == counts[300], counts
    assert counts[5] <= 10, counts


def test_the_version_page_links_to_the_comparison(client, login, people, published):
    _version, draft2 = published
    login(people.other)
    html = client.get("/drafts/test-framework/draft-2/").get_data(as_text=True)
    assert 'href="/drafts/test-framework/compare?from=draft-1&amp;to=draft-2"' in html
    assert draft2.status is VersionStatus.OPEN
