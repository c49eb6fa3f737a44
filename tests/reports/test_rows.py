"""The report's rows: order, filters, who sees which comments and decisions, fixed queries."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from framework_review.extensions import db
from framework_review.reports import rows
from framework_review.reports.rows import FilterError, ReportFilters, Scope
from tests.comments.test_comment_performance import bulk_comments

ALL = ["FR-002", "KE-001", "FR-001", "KE-002", "FR-003", "UPU-001"]


def codes(scope, filters=ReportFilters(), batch_size=rows.BATCH_SIZE) -> list[str]:
    return [i.code for i in rows.table_items(rows.batches(scope, filters, batch_size))]


def test_rows_follow_the_document_then_member_then_id(round_):
    assert codes(Scope(round_.version)) == ALL
    assert codes(Scope(round_.version), batch_size=2) == ALL  # batches change nothing


def test_replies_come_under_their_comment_in_thread_order(round_):
    items = list(rows.table_items(rows.batches(Scope(round_.version), ReportFilters(replies=True))))
    assert [(i.order, i.code, i.member, i.type) for i in items[2:5]] == [
        (3, "FR-001", "FR", "te"), (4, "FR-001 reply 1", "Chair", "reply"),
        (5, "FR-001 reply 2", "KE", "reply"),
    ]  # fmt: skip
    assert items[3].body_html == "<p>Thanks, we will <em>look</em> at it.</p>"
    assert items[3].reply_of == "FR-001" and items[3].clause == "1.2"
    assert len(items) == len(ALL) + 2


def test_a_row_carries_the_comment_and_its_decision(round_):
    item = next(i for i in rows.table_items(rows.batches(Scope(round_.version), ReportFilters()))
                if i.code == "KE-002")  # fmt: skip
    comment = round_["KE-002"]
    assert (item.member, item.clause, item.type, item.body_html) == (
        "KE", "1.2", "ed", comment.body_html)  # fmt: skip
    assert item.decision == "accepted_with_modifications"
    assert item.decision_title == "Accepted with modifications"
    assert item.observation_html == "<p>Reworded.</p>"
    assert item.adopted_text == "Members collect the data."


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ReportFilters(clauses=("1.2",)), ["FR-001", "KE-002", "FR-003"]),  # with 1.2(a)
        (ReportFilters(clauses=("General", "2.1")), ["FR-002", "UPU-001"]),
        (ReportFilters(clauses=("1",)), ["KE-001", "FR-001", "KE-002", "FR-003"]),
        (ReportFilters(administrations=("KE",)), ["KE-001", "KE-002"]),
        (ReportFilters(types=("ed",)), ["KE-002", "FR-003"]),
        (ReportFilters(dispositions=("open",)), ["FR-002", "FR-003"]),
        (ReportFilters(dispositions=("accepted", "noted")), ["FR-001", "UPU-001"]),
        (ReportFilters(withdrawn=False), ["FR-002", "KE-001", "FR-001", "KE-002", "UPU-001"]),
        (ReportFilters(types=("te",), administrations=("FR", "UPU")), ["FR-001", "UPU-001"]),
    ],
)  # fmt: skip
def test_filters(round_, filters, expected):
    assert codes(Scope(round_.version), filters) == expected
    assert rows.count(Scope(round_.version), filters) == len(expected)


def test_filters_from_query_parameters_round_trip():
    args = MultiDict([("clause", "1.2, General"), ("administration", "fr"), ("type", "te"),
                      ("type", "ed"), ("disposition", "open"), ("replies", "1"),
                      ("withdrawn", "0")])  # fmt: skip
    filters = ReportFilters.from_args(args)
    assert filters == ReportFilters(("1.2", "General"), ("FR",), ("te", "ed"), ("open",),
                                    replies=True, withdrawn=False)  # fmt: skip
    assert ReportFilters.from_args(MultiDict(filters.as_args())) == filters
    assert ReportFilters.from_args(MultiDict()) == ReportFilters()


@pytest.mark.parametrize(
    ("args", "field"),
    [({"type": "xx"}, "type"), ({"disposition": "maybe"}, "disposition"),
     ({"replies": "perhaps"}, "replies"), ({"withdrawn": "2"}, "withdrawn")],
)  # fmt: skip
def test_unknown_filter_values_are_refused_with_the_parameter(args, field):
    with pytest.raises(FilterError) as refused:
        ReportFilters.from_args(MultiDict(args))
    assert refused.value.field == field and refused.value.status == 422


def test_an_unknown_clause_is_refused(round_):
    with pytest.raises(FilterError, match="no clause '9.9'"):
        rows.count(Scope(round_.version), ReportFilters(clauses=("9.9",)))


# -- who sees what ----------------------------------------------------------------------------
def scope_of(round_, who: str) -> Scope | None:
    return Scope.for_user(round_.version, getattr(round_.people, who))


def decisions(scope) -> dict[str, str | None]:
    return {i.code: i.decision for i in rows.table_items(rows.batches(scope, ReportFilters()))}


@pytest.mark.parametrize("who", ["chair", "secretariat"])
def test_officers_get_every_comment_with_its_decision(round_, who):
    scope = scope_of(round_, who)
    assert codes(scope) == ALL
    assert decisions(scope)["FR-001"] == "accepted"


def test_a_delegation_gets_its_own_comments_without_unpublished_decisions(round_):
    scope = scope_of(round_, "colleague")
    assert codes(scope) == ["FR-002", "FR-001", "FR-003"]
    assert set(decisions(scope).values()) == {None}
    assert codes(scope, ReportFilters(dispositions=("accepted",))) == []  # nothing leaks
    assert codes(scope, ReportFilters(dispositions=("open",))) == ["FR-002", "FR-001", "FR-003"]
    item = next(rows.table_items(rows.batches(scope, ReportFilters(clauses=("1.2",)))))
    assert (item.observation_html, item.adopted_text) == ("", "")


def test_published_decisions_show_to_the_delegation(round_):
    round_.version.dispositions_visible = True
    db.session.commit()
    assert decisions(scope_of(round_, "delegate"))["FR-001"] == "accepted"


def test_a_released_report_gives_delegations_every_comment(round_):
    round_.version.report_released = True
    db.session.commit()
    assert codes(scope_of(round_, "other")) == ALL
    assert codes(scope_of(round_, "observer")) == ALL


def test_blind_collection_still_applies_to_a_released_report(round_):
    round_.version.report_released = True
    round_.version.comments_visible_during_period = False
    db.session.commit()
    assert codes(scope_of(round_, "other")) == ["KE-001", "KE-002"]
    assert codes(scope_of(round_, "chair")) == ALL


def test_an_observer_gets_its_own_comments(round_):
    assert codes(scope_of(round_, "observer")) == ["UPU-001"]


# -- queries ----------------------------------------------------------------------------------
def test_queries_do_not_grow_with_the_rows(people, version, count_queries):
    """One query streams the comments; the replies of each batch are one more query."""
    filters = ReportFilters(replies=True)

    def queries() -> tuple[int, int]:
        db.session.expire_all()
        db.session.refresh(version)
        with count_queries() as counter:
            items = list(rows.table_items(rows.batches(Scope(version), filters, batch_size=100)))
        return counter.count, len(items)

    bulk_comments(version.id, "1.1", 1, 5)
    few, few_rows = queries()
    bulk_comments(version.id, "1.1", 6, 100)
    many, many_rows = queries()
    assert (few_rows, many_rows) == (10, 200)  # each comment has one reply
    assert few == many == 2, f"{few} queries for 5 comments, {many} for 100"
    bulk_comments(version.id, "1.1", 101, 250)
    three_batches, _ = queries()
    assert three_batches == 1 + 3


def test_a_page_of_rows(round_):
    scope = Scope(round_.version)
    assert [i.code for i in rows.page(scope, ReportFilters(), 2, 3)] == ALL[2:5]
