"""The review list: filters that combine, the count of each filter value, tabs, sorting,
paging by number and by cursor, and filters that mean nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from framework_review.comments import services as comments
from framework_review.extensions import db
from framework_review.review import listing
from framework_review.review.listing import FilterError, ReviewFilters
from tests.comments.helpers import add, page, reply_to, text_of
from tests.conftest import clause_of
from tests.review.helpers import decide, publish, review_url


@pytest.fixture
def world(version, people):
    """Six comments of three administrations over 1.1, 1.2(a), 2.1 and the whole document."""
    made = {
        "FR-001": add(version, "1.1", people.delegate, "Name the carriers.",
                      proposal_kind="replace", proposal_text="Parcels carried across a border."),
        "FR-002": add(version, "1.2(a)", people.delegate, "A comma; 100% editorial.", type="ed"),
        "KE-001": add(version, "1.2(a)", people.other, "Add the buyer's name.",
                      proposal_kind="replace", proposal_text="the name of seller and buyer;"),
        "KE-002": add(version, "2.1", people.other, "Risk engines differ.", type="ge"),
        "UPU-001": add(version, None, people.observer, "Postal operators welcome it.", type="ge"),
        "FR-003": add(version, "2.1", people.delegate, "Withdrawn thought."),
    }  # fmt: skip
    reply_to(made["FR-001"], people.chair, "Thanks.")
    decide(made["FR-001"], people.chair, "accepted", "")
    decide(made["KE-001"], people.chair, "not_accepted", "Out of scope.")
    decide(made["KE-002"], people.chair, "noted")
    publish(version)
    comments.withdraw_comment(made["FR-003"], people.delegate)
    db.session.commit()
    from framework_review.review import services

    services.give_feedback(made["KE-001"], people.other, False, "No.")
    services.give_feedback(made["KE-002"], people.other, True)
    db.session.commit()
    return made


def listed(version, **values) -> tuple[list[str], dict]:
    clauses = listing.clause_rows(version)
    filters, problems = ReviewFilters.parse({"tab": "all", **values}, clauses)
    assert not problems, problems
    rows = listing.rows(version, filters, page=1, per_page=50)
    return [c.code for c, _replies in rows], listing.counts(version, filters, clauses)


def test_everything_in_clause_order_general_first(version, world):
    codes, counts = listed(version)
    assert codes == ["UPU-001", "FR-001", "FR-002", "KE-001", "FR-003", "KE-002"]
    assert counts["tab"] == {"todo": 2, "decided": 3, "all": 6}
    assert counts["disposition"] == {"open": 2, "accepted": 1, "not_accepted": 1, "noted": 1,
                                     "withdrawn": 1}  # fmt: skip
    assert counts["administration"] == {"FR": 3, "KE": 2, "UPU": 1}
    assert counts["type"] == {"te": 3, "ed": 1, "ge": 2}
    assert counts["amendment"] == {"yes": 2, "no": 4}
    assert counts["replies"] == {"yes": 1, "no": 5}
    assert counts["feedback"] == {"none": 4, "satisfied": 1, "not_satisfied": 1}


def test_a_clause_filter_takes_its_sub_clauses(version, world):
    one_two = clause_of(version, "1.2")
    codes, counts = listed(version, clause=str(one_two.id))
    assert codes == ["FR-002", "KE-001"]
    by_clause = counts["clause"]
    assert by_clause[str(clause_of(version, "1").id)] == 3  # 1.1 and 1.2(a) below it
    assert by_clause[str(one_two.id)] == 2 and by_clause["general"] == 1
    assert listed(version, clause="general")[0] == ["UPU-001"]


def test_filters_combine_and_each_count_keeps_the_others(version, world):
    codes, counts = listed(version, administration="KE", amendment="yes")
    assert codes == ["KE-001"]
    # With KE chosen, the amendment counts are KE's; with "has an amendment" chosen, the
    # administration counts are those of amendments.
    assert counts["amendment"] == {"yes": 1, "no": 1}
    assert counts["administration"] == {"FR": 1, "KE": 1}
    assert counts["tab"] == {"todo": 0, "decided": 1, "all": 1}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"type": "ge"}, ["UPU-001", "KE-002"]),
        ({"disposition": "open"}, ["UPU-001", "FR-002"]),
        ({"disposition": "withdrawn"}, ["FR-003"]),
        ({"disposition": "accepted"}, ["FR-001"]),
        ({"replies": "yes"}, ["FR-001"]),
        ({"feedback": "not_satisfied"}, ["KE-001"]),
        ({"feedback": "satisfied"}, ["KE-002"]),
        ({"tab": "todo"}, ["UPU-001", "FR-002"]),
        ({"tab": "decided"}, ["FR-001", "KE-001", "KE-002"]),
        ({"q": "ke-00"}, ["KE-001", "KE-002"]),
        ({"q": "buyer name"}, ["KE-001"]),  # every word, in the comment or its proposal
        ({"q": "100%"}, ["FR-002"]),  # % and _ are letters here, not wildcards
        ({"q": "_"}, []),
        ({"sort": "administration"}, ["FR-001", "FR-002", "FR-003", "KE-001", "KE-002",
                                      "UPU-001"]),
    ],
)  # fmt: skip
def test_each_filter(version, world, values, expected):
    assert listed(version, **values)[0] == expected


def test_newest_first(version, world):
    for n, code in enumerate(["FR-001", "FR-002", "KE-001", "KE-002", "UPU-001", "FR-003"]):
        world[code].created_at -= timedelta(hours=10 - n)
    db.session.commit()
    assert listed(version, sort="date")[0] == ["FR-003", "UPU-001", "KE-002", "KE-001",
                                               "FR-002", "FR-001"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"),
    [("tab", "later"), ("sort", "colour"), ("clause", "999999"), ("clause", "1.1"),
     ("type", "xx"), ("disposition", "rejected"), ("feedback", "angry"), ("q", "x" * 201),
     ("administration", "X" * 13)],
)  # fmt: skip
def test_filters_that_mean_nothing_are_reported(version, world, name, value):
    filters, problems = ReviewFilters.parse({name: value}, listing.clause_rows(version))
    assert [p.field for p in problems] == [name]
    assert getattr(filters, name) == getattr(ReviewFilters(), name)


@pytest.mark.parametrize("sort", ["clause", "administration", "date"])
def test_the_cursor_walks_the_whole_list_in_order(version, world, sort):
    filters, _ = ReviewFilters.parse({"sort": sort}, listing.clause_rows(version))
    everything = [c.code for c, _ in listing.rows(version, filters, page=1, per_page=50)]
    walked, cursor = [], None
    while True:
        found, cursor = listing.after(version, filters, cursor, 2)
        walked += [c.code for c in found]
        if cursor is None:
            break
    assert walked == everything and len(walked) == 6


@pytest.mark.parametrize("cursor", ["x", "W10", "WyJjbGF1c2UiLFsxLCJGUiIsMSwxXV0", "e30",
                                    "WyJjbGF1c2UiLFsiYSIsIkZSIiwxLDFdXQ",
                                    "WyJjbGF1c2UiLFs5OTk5OTk5OTk5OTk5OTk5OTk5OSwiRlIiLDEsMV1d"])  # fmt: skip
def test_a_forged_cursor_is_refused(version, world, cursor):
    filters, _ = ReviewFilters.parse({"sort": "date"}, listing.clause_rows(version))
    with pytest.raises(FilterError) as refused:
        listing.after(version, filters, cursor, 2)
    assert refused.value.field == "cursor"


def test_the_screen_shows_counts_flags_and_keeps_filters_when_paging(app, client, login, version,
                                                                     people, world):  # fmt: skip
    app.config["REVIEW_PER_PAGE"] = 2
    try:
        login(people.chair)
        html = page(client, f"{review_url(version)}?tab=all&type=te")
        assert re.search(r'<option value="KE"[^>]*>KE \(1\)</option>', html)
        assert re.search(r'<option value="FR"[^>]*>FR \(2\)</option>', html)
        assert re.search(r'<option value="ge"[^>]*>General \(2\)</option>', html)
        assert 'To decide <span class="count">0</span>' in html
        assert 'Decided <span class="count">2</span>' in html
        assert 'id="KE-001" class=" row--objection"' in html  # not satisfied is flagged
        link = re.search(r'href="([^"]*)#results">2</a>', html).group(1).replace("&amp;", "&")
        assert parse_qs(urlsplit(link).query) == {"tab": ["all"], "type": ["te"], "page": ["2"]}
        second = page(client, f"{review_url(version)}?tab=all&type=te&page=2")
        assert re.findall(r'<tr id="([^"]+)"', second) == ["FR-003"]
        assert text_of(second).count("page 2 of 2") == 1
    finally:
        app.config["REVIEW_PER_PAGE"] = 50


def test_the_screen_reports_a_filter_it_cannot_use(client, login, version, people, world):
    login(people.chair)
    response = client.get(f"{review_url(version)}?tab=all&disposition=rejected")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The disposition filter takes one of" in html and "That filter was left out." in html
    assert len(re.findall(r'<tr id="', html)) == 6


def test_the_contents_show_officers_where_the_review_stands(client, login, version, people,
                                                            world):  # fmt: skip
    login(people.chair)
    html = page(client, f"{version_url(version)}/")
    item = html.split('clauses/1.2(a)"', 1)[1].split("</li>", 1)[0]
    assert "1 open" in item and "1 decided" in item
    login(people.delegate)
    assert "decided</span>" not in page(client, f"{version_url(version)}/")


def version_url(version):
    from tests.comments.helpers import version_url as url

    return url(version)
