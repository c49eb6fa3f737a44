"""Renumbering in each numbering style the importer knows, on drafts imported as the secretariat
would import them, and the numbering rules on their own."""

from __future__ import annotations

import pytest

from framework_review.drafts import services as drafts
from framework_review.drafts.importer import parse_text
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from framework_review.versions import services
from framework_review.versions.numbering import (
    Sibling,
    cross_references,
    parse,
    ref_for,
    ref_for_number,
    renumber,
)
from tests.conftest import clause_of
from tests.versions.helpers import amend, close, decide, refs, successor

STANDARDS = """# Numbering styles

## Standard 1 Data

1.1 First paragraph.

(a) item a;

(b) item b;

(c) item c.

1.2 Second paragraph.

(i) one;

(ii) two;

(iii) three.

## Standard 2 Risk

2.1 Risk paragraph.

## Annex A Data elements

A1. First element.

A2. Second element.

A3. Third element.
"""
STANDARDS_REFS = ["Standard 1", "1.1", "1.1(a)", "1.1(b)", "1.1(c)", "1.2", "1.2(i)", "1.2(ii)",
                  "1.2(iii)", "Standard 2", "2.1", "Annex A", "A1", "A2", "A3"]  # fmt: skip

PARTS = """# Parts

I. First part.

(A) upper a;

(B) upper b;

(C) upper c.

II. Second part.

(1) one;

(2) two.

III. Third part.

## Annex I Forms

## Annex II Tables
"""
PARTS_REFS = ["I", "I(A)", "I(B)", "I(C)", "II", "II(1)", "II(2)", "III", "Annex I", "Annex II"]


def imported(text: str):
    """The draft imported from Markdown, then opened for comment."""
    version = drafts.import_draft(parse_text(text), label="Draft 1")
    version.status = VersionStatus.OPEN
    db.session.commit()
    return version


# (draft, clause, change, refs of the next version, number the changed place shows)
CASES = {
    "decimal": (STANDARDS, "1.1", "insert",
                ["Standard 1", "1.1", "1.1(a)", "1.1(b)", "1.1(c)", "1.2", "1.3", "1.3(i)",
                 "1.3(ii)", "1.3(iii)", "Standard 2", "2.1", "Annex A", "A1", "A2", "A3"],
                ("1.3", "1.3")),
    "letters": (STANDARDS, "1.1(b)", "delete",
                ["Standard 1", "1.1", "1.1(a)", "1.1(b)", "1.2", "1.2(i)", "1.2(ii)", "1.2(iii)",
                 "Standard 2", "2.1", "Annex A", "A1", "A2", "A3"],
                ("1.1(b)", "(b)")),
    "roman": (STANDARDS, "1.2(i)", "insert",
              ["Standard 1", "1.1", "1.1(a)", "1.1(b)", "1.1(c)", "1.2", "1.2(i)", "1.2(ii)",
               "1.2(iii)", "1.2(iv)", "Standard 2", "2.1", "Annex A", "A1", "A2", "A3"],
              ("1.2(iv)", "(iv)")),
    "annex": (STANDARDS, "A1", "insert", [*STANDARDS_REFS[:12], "A1", "A2", "A3", "A4"],
              ("A4", "A4.")),
    "label and the numbers under it": (
        STANDARDS, "Standard 1", "insert",
        ["Standard 1", "1.1", "1.1(a)", "1.1(b)", "1.1(c)", "1.2", "1.2(i)", "1.2(ii)",
         "1.2(iii)", "Standard 2", "Standard 3", "3.1", "Annex A", "A1", "A2", "A3"],
        ("3.1", "3.1")),
    "label deleted with its numbers": (
        STANDARDS, "Standard 1", None,
        ["Standard 1", "1.1", "Annex A", "A1", "A2", "A3"], ("1.1", "1.1")),
    "roman parts": (PARTS, "II", None, ["I", "I(A)", "I(B)", "I(C)", "II", "Annex I", "Annex II"],
                    ("II", "II.")),
    "upper-case letters": (PARTS, "I(A)", "delete",
                           ["I", "I(A)", "I(B)", "II", "II(1)", "II(2)", "III", "Annex I",
                            "Annex II"], ("I(B)", "(B)")),
    "numbered items": (PARTS, "II(1)", "insert",
                       ["I", "I(A)", "I(B)", "I(C)", "II", "II(1)", "II(2)", "II(3)", "III",
                        "Annex I", "Annex II"], ("II(3)", "(3)")),
    "roman label": (PARTS, "Annex I", "insert", [*PARTS_REFS[:9], "Annex II", "Annex III"],
                    ("Annex III", "Annex III")),
}  # fmt: skip


@pytest.mark.parametrize("style", CASES)
def test_renumbering_in_each_style(db, people, style):
    draft, ref, kind, expected, (shown_ref, shown_number) = CASES[style]
    version = imported(draft)
    assert refs(version) == (STANDARDS_REFS if draft is STANDARDS else PARTS_REFS)
    if kind == "insert":
        decide(amend(version, ref, people.delegate, "insert", "A new clause."))
    elif kind == "delete":
        decide(amend(version, ref, people.delegate, "delete"))
    else:  # delete a clause with every clause under it
        parent = clause_of(version, ref)
        for clause in [parent, *(c for c in version.clauses if _under(c, parent))]:
            decide(amend(version, clause.ref, people.delegate, "delete"))
    close(version)
    new = successor(version, people.chair)
    assert refs(new) == expected
    assert clause_of(new, shown_ref).number == shown_number
    for clause in new.clauses:
        if clause.parent is not None:
            assert clause.level == clause.parent.level + 1


def _under(clause, parent) -> bool:
    while clause.parent is not None:
        if clause.parent is parent:
            return True
        clause = clause.parent
    return False


def test_an_insert_after_the_last_label_continues_its_series(db, people):
    version = imported(STANDARDS)
    decide(amend(version, "Standard 2", people.delegate, "insert", "Cooperation."))
    close(version)
    new = successor(version, people.chair)
    inserted = clause_of(new, "Standard 3")
    assert (inserted.number, inserted.heading, inserted.text) == (
        "Standard 3",
        None,
        "Cooperation.",
    )
    assert refs(new)[9:13] == ["Standard 2", "2.1", "Standard 3", "Annex A"]


def test_an_insert_after_an_unnumbered_clause_is_unnumbered_and_listed(db, people, version):
    decide(amend(version, "Preamble", people.delegate, "insert", "A second preamble."))
    close(version)
    new = successor(version, people.chair)
    assert refs(new)[:3] == ["Preamble", "Preamble (inserted)", "1"]
    assert clause_of(new, "Preamble (inserted)").number is None
    assert "Preamble (inserted) has neither a number nor a heading — give it one." in (
        services.preparation_checks(new)
    )


# -- the rules on their own ----------------------------------------------------------------
@pytest.mark.parametrize(
    "number",
    ["3.2", "4.", "(b)", "b)", "b.", "(ii)", "(B)", "(IV)", "(1)", "1)", "Standard 3",
     "STANDARD 3", "Annex II", "Appendix A", "II.", "A1.", "A1.2", "B.2", "Principle 2.1"],
)  # fmt: skip
def test_numbers_print_back_as_they_were(number):
    assert parse(number).printed == number


@pytest.mark.parametrize("number", [None, "", "Preamble", "3.2 bis", "(ab)", "2026 figures"])
def test_what_is_not_a_number(number):
    assert parse(number) is None


def _renumbered(numbers: list[str], states: list[str]) -> list[str | None]:
    siblings = [Sibling(parse(n), s) for n, s in zip(numbers, states, strict=True)]
    return [n.printed if n else None for n in renumber(siblings)]


def test_series_count_apart_and_keep_their_punctuation():
    numbers = ["1.", "Standard 2", "2.", "2.", "Standard 3", "3.", "(h)", "(i)", "(j)"]
    states = ["kept", "kept", "kept", "inserted", "kept", "deleted", "kept", "deleted", "kept"]
    assert _renumbered(numbers, states) == [
        "1.", "Standard 2", "2.", "3.", "Standard 3", None, "(h)", None, "(i)",
    ]  # fmt: skip


def test_letters_and_roman_numerals_are_told_apart_by_their_series():
    assert _renumbered(["(i)", "(i)"], ["kept", "inserted"]) == ["(i)", "(ii)"]
    assert _renumbered(["(v)", "(v)"], ["kept", "inserted"]) == ["(v)", "(w)"]
    assert _renumbered(["(z)", "(z)"], ["kept", "inserted"]) == ["(z)", "(aa)"]
    assert _renumbered(["(X)", "(X)"], ["kept", "inserted"]) == ["(X)", "(Y)"]
    assert _renumbered(["(ix)", "(x)"], ["kept", "deleted"]) == ["(ix)", None]


def test_refs_follow_numbers():
    assert ref_for(parse("(c)"), "4.3") == "4.3(c)"
    assert ref_for(parse("STANDARD 4"), None) == "Standard 4"
    assert ref_for(parse("4."), None) == "4"
    assert ref_for_number("A2.", None) == "A2"
    assert ref_for_number("3.2 bis", "3") == "3.2 bis"
    key_change = [(("3",), ("4",)), (("3", "2"), ("4", "3"))]
    assert parse("3.2.1").with_prefix(key_change).printed == "4.3.1"
    assert parse("Standard 3").with_prefix(key_change).printed == "Standard 3"


def test_cross_references_name_cited_refs_only():
    texts = [("2.1", "See 1.2, 1.2(a), 1.20, 11.2 and 1.2.3; chapter 1 and Standard 3."),
             ("2.2", "Nothing here.")]  # fmt: skip
    found = cross_references(texts, {"1.2": "1.3", "1.2(a)": "1.3(a)", "1": "2"}, ["Standard 3"])
    assert found == [
        "2.1 refers to 1.2 (now 1.3) — check.",
        "2.1 refers to 1.2(a) (now 1.3(a)) — check.",
        "2.1 refers to Standard 3 (deleted) — check.",
    ]
