"""Statistics against counts made by hand in the round, and the charts drawn from them."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from framework_review.core.time import utcnow
from framework_review.extensions import db
from framework_review.reports import charts, statistics
from framework_review.reports.rows import ReportFilters, Scope
from tests.comments.test_comment_performance import bulk_comments

KEYS = (
    statistics.COUNT_KEYS
)  # total ge te ed | accepted w/mod noted not_accepted | open withdrawn not_satisfied


def counts(line) -> list[int]:
    return [line.counts[k] for k in KEYS]


def test_per_member_per_type_and_totals(round_):
    stats = statistics.compute(Scope(round_.version))
    assert {m.key: counts(m) for m in stats.members} == {
        "FR": [3, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1],
        "KE": [2, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0],
        "UPU": [1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0],
    }
    assert [m.name for m in stats.members] == ["France", "Kenya", "Universal Postal Union"]
    assert {t.key: counts(t) for t in stats.types} == {
        "ge": [1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        "te": [3, 0, 3, 0, 1, 0, 1, 1, 0, 0, 1],
        "ed": [2, 0, 0, 2, 0, 1, 0, 0, 0, 1, 0],
    }
    assert [stats.totals[k] for k in KEYS] == [6, 1, 3, 2, 1, 1, 1, 1, 1, 1, 1]
    assert stats.feedback == {"satisfied": 1, "not_satisfied": 1, "awaiting": 2}


def test_per_clause_covers_the_whole_table_of_contents(round_):
    stats = statistics.compute(Scope(round_.version))
    table = {line.key: (line.counts["total"], line.counts["amendments"], line.counts["open"],
                        line.counts["withdrawn"], line.level) for line in stats.clauses}  # fmt: skip
    assert list(table) == ["General", "Preamble", "1", "1.1", "1.2", "1.2(a)", "1.2(b)",
                           "Standard 2", "2.1"]  # fmt: skip
    assert table["General"] == (1, 0, 1, 0, 0)
    assert table["1.2"] == (2, 1, 0, 0, 1)
    assert table["1.2(a)"] == (1, 0, 0, 1, 2)
    assert table["1.2(b)"] == (0, 0, 0, 0, 2)
    assert (
        next(line.name for line in stats.clauses if line.key == "Standard 2") == "Risk management"
    )


def test_decisions_over_time(round_):
    stats = statistics.compute(Scope(round_.version))
    today = utcnow().date().isoformat()
    assert stats.over_time == [(today, {"accepted": 1, "accepted_with_modifications": 1,
                                        "noted": 1, "not_accepted": 1})]  # fmt: skip


def test_unpublished_decisions_count_as_open_for_a_delegation(round_):
    round_.version.report_released = True
    db.session.commit()
    stats = statistics.compute(Scope.for_user(round_.version, round_.people.other))
    assert [stats.totals[k] for k in KEYS] == [6, 1, 3, 2, 0, 0, 0, 0, 5, 1, 0]
    assert stats.over_time == [] and stats.feedback == {"satisfied": 0, "not_satisfied": 0,
                                                        "awaiting": 0}  # fmt: skip


def test_filters_apply_to_the_statistics(round_):
    stats = statistics.compute(Scope(round_.version), ReportFilters(administrations=("KE",)))
    assert [m.key for m in stats.members] == ["KE"] and stats.totals["total"] == 2


def test_statistics_are_aggregates_whatever_the_number_of_comments(people, version, count_queries):
    def queries() -> int:
        db.session.expire_all()
        db.session.refresh(version)
        with count_queries() as counter:
            statistics.compute(Scope(version))
        return counter.count

    bulk_comments(version.id, "1.1", 1, 5)
    few = queries()
    bulk_comments(version.id, "1.1", 6, 300)
    assert queries() == few == 6  # members, types, totals, clauses (2), over time


def test_as_json_has_every_table(round_):
    data = statistics.as_json(statistics.compute(Scope(round_.version)))
    assert set(data) == {"members", "types", "clauses", "decisions_over_time", "feedback",
                         "totals"}  # fmt: skip
    assert data["members"][0] == {"key": "FR", "name": "France", "total": 3, "ge": 1, "te": 1,
                                  "ed": 1, "accepted": 1, "accepted_with_modifications": 0,
                                  "noted": 0, "not_accepted": 0, "open": 1, "withdrawn": 1,
                                  "not_satisfied": 1}  # fmt: skip


# -- charts -----------------------------------------------------------------------------------
def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own SVG; well-formed, or this raises


def test_bar_chart_is_labelled_and_patterned(round_):
    stats = statistics.compute(Scope(round_.version))
    svg = charts.stacked_bars("c", "Decisions per member", [(m.key, m.counts) for m in stats.members],
                              charts.DECISION_SERIES)  # fmt: skip
    root = parse(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.find(f"{ns}title").text == "Decisions per member"
    texts = [t.text for t in root.iter(f"{ns}text")]
    for label in ("Accepted", "Not accepted", "Open", "Withdrawn", "FR", "KE", "UPU"):
        assert label in texts
    assert texts.count("3") >= 1  # FR's total written after its bar
    patterns = {p.get("id") for p in root.iter(f"{ns}pattern")}
    assert patterns == {f"c-{s.key}" for s in charts.DECISION_SERIES}
    fills = {r.get("fill") for r in root.iter(f"{ns}rect") if r.get("fill", "").startswith("url")}
    assert "url(#c-accepted)" in fills and "url(#c-not_accepted)" in fills
    assert "style=" not in svg  # the Content-Security-Policy forbids inline styles


def test_heat_map_writes_the_count_in_each_clause_cell(round_):
    stats = statistics.compute(Scope(round_.version))
    svg = charts.heat_map("h", stats.clauses)
    root = parse(svg)
    ns = "{http://www.w3.org/2000/svg}"
    titles = [t.text for t in root.iter(f"{ns}title")]
    assert (
        "1.2: 2 comments" in titles
        and "1.2(b): 0 comments" in titles
        and "2.1: 1 comment" in titles
    )
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert {"General", "Preamble", "1", "Standard 2"} <= set(labels)
    assert re.search(r'fill="#ffffff"[^>]*/><text[^>]*>0<', svg)  # empty clauses stay white
