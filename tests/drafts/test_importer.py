"""Tests for splitting drafts (Markdown, text, Word) into citable clauses.

Every document is built in the test, Word ones with python-docx, including automatic
numbering written as numbering.xml definitions attached to paragraphs through w:numPr.
"""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from framework_review.drafts.importer import (
    MAX_BYTES_DEFAULT,
    SUPPORTED_EXTENSIONS,
    DraftImportError,
    ParsedClause,
    ParsedDraft,
    parse_document,
    parse_docx,
    parse_text,
)
from tests.drafts import docx_builder as wb
from tests.drafts.docx_builder import Level

ROOT = Path(__file__).resolve().parents[2]


def md(source: str) -> ParsedDraft:
    return parse_text(textwrap.dedent(source).strip("\n"))


def txt(source: str) -> ParsedDraft:
    return parse_text(textwrap.dedent(source).strip("\n"), markdown=False)


def refs(draft: ParsedDraft) -> list[str]:
    return [c.ref for c in draft.clauses]


def tree(draft: ParsedDraft) -> list[tuple[str, str | None]]:
    """(ref, parent ref) pairs in document order."""
    return [
        (c.ref, draft.clauses[c.parent].ref if c.parent is not None else None)
        for c in draft.clauses
    ]


def clause(draft: ParsedDraft, ref: str) -> ParsedClause:
    return next(c for c in draft.clauses if c.ref == ref)


def assert_consistent(draft: ParsedDraft) -> None:
    """Parents precede children, levels follow parents and refs are unique."""
    assert len(set(refs(draft))) == len(draft.clauses)
    for index, c in enumerate(draft.clauses):
        if c.parent is None:
            assert c.level == 0
        else:
            assert c.parent < index
            assert c.level == draft.clauses[c.parent].level + 1


# --------------------------------------------------------------------------- interface


def test_public_constants() -> None:
    assert MAX_BYTES_DEFAULT == 5 * 1024 * 1024
    assert SUPPORTED_EXTENSIONS == (".docx", ".md", ".markdown", ".txt")


def test_importer_modules_do_not_import_flask_the_database_or_python_docx() -> None:
    """Loaded without the app's package __init__, the parser pulls in none of them."""
    code = textwrap.dedent(
        f"""
        import sys, types
        for name in ("framework_review", "framework_review.drafts"):
            package = types.ModuleType(name)
            package.__path__ = [str({str(ROOT)!r}) + "/" + name.replace(".", "/")]
            sys.modules[name] = package
        import framework_review.drafts.importer
        import framework_review.drafts.importer_docx
        loaded = {{"flask", "sqlalchemy", "docx"}} & set(sys.modules)
        assert not loaded, loaded
        """
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_error_is_a_value_error_with_message_and_line() -> None:
    error = DraftImportError("Something is wrong at line 4.", 4)
    assert isinstance(error, ValueError)
    assert error.message == "Something is wrong at line 4."
    assert error.line == 4
    assert str(error) == "Something is wrong at line 4."
    assert DraftImportError("No line.").line is None


# --------------------------------------------------------------------------- rule 1: title


def test_markdown_title_and_introduction() -> None:
    draft = md(
        """
        # Draft Framework on Parcel Data

        Prepared by the secretariat
        for the first consultation round.

        - comments by the end of the month

        ## 1. Scope

        1.1 This framework covers parcels.
        """
    )
    assert draft.title == "Draft Framework on Parcel Data"
    assert draft.introduction == (
        "Prepared by the secretariat for the first consultation round.\n\n"
        "- comments by the end of the month"
    )
    assert refs(draft) == ["1", "1.1"]


def test_markdown_without_title_heading() -> None:
    draft = md(
        """
        ## Preamble

        The parties agree.
        """
    )
    assert draft.title is None
    assert draft.introduction == ""
    assert refs(draft) == ["Preamble"]


def test_markdown_numbered_first_heading_is_a_clause_not_the_title() -> None:
    draft = md(
        """
        # 1. Scope

        Text.
        """
    )
    assert draft.title is None
    assert refs(draft) == ["1"]


def test_markdown_text_before_title_is_introduction_and_later_h1_is_a_clause() -> None:
    draft = md(
        """
        Restricted draft

        # Framework on Release Times

        # Annex I

        Forms.
        """
    )
    assert draft.title == "Framework on Release Times"
    assert draft.introduction == "Restricted draft"
    assert refs(draft) == ["Annex I"]
    assert clause(draft, "Annex I").text == "Forms."


def test_markdown_setext_title_and_heading() -> None:
    draft = md(
        """
        Framework on Release Times
        ==========================

        Scope
        -----

        1. Members measure release times.
        """
    )
    assert draft.title == "Framework on Release Times"
    assert tree(draft) == [("Scope", None), ("1", "Scope")]


def test_text_first_line_is_title() -> None:
    draft = txt(
        """

        Framework on Release Times
        ==========================
        Consultation copy.

        1. Members measure release times.
        """
    )
    assert draft.title == "Framework on Release Times"
    assert draft.introduction == "Consultation copy."
    assert refs(draft) == ["1"]


def test_text_numbered_first_line_is_not_a_title() -> None:
    draft = txt(
        """
        1. Members measure release times.
        2. Members publish the results.
        """
    )
    assert draft.title is None
    assert refs(draft) == ["1", "2"]


def test_docx_title_style_and_subtitle() -> None:
    document = wb.new_document()
    wb.add(document, "Framework on Release Times", style="Title")
    wb.add(document, "Consultation copy", style="Subtitle")
    document.add_heading("Preamble", level=1)
    wb.add(document, "The parties agree.")
    draft = parse_docx(wb.to_bytes(document))
    assert draft.title == "Framework on Release Times"
    assert draft.introduction == "Consultation copy"
    assert refs(draft) == ["Preamble"]
    assert clause(draft, "Preamble").text == "The parties agree."


def test_docx_first_heading_1_is_title_only_before_other_content() -> None:
    document = wb.new_document()
    document.add_heading("Framework on Release Times", level=1)
    document.add_heading("Scope", level=1)
    draft = parse_docx(wb.to_bytes(document))
    assert draft.title == "Framework on Release Times"
    assert refs(draft) == ["Scope"]

    document = wb.new_document()
    wb.add(document, "Draft for comment.")
    document.add_heading("Scope", level=1)
    draft = parse_docx(wb.to_bytes(document))
    assert draft.title is None
    assert draft.introduction == "Draft for comment."
    assert refs(draft) == ["Scope"]


def test_docx_title_style_after_title_is_an_outer_heading() -> None:
    document = wb.new_document()
    wb.add(document, "Framework on Release Times", style="Title")
    document.add_heading("Scope", level=1)
    wb.add(document, "Annex I", style="Title")
    document.add_heading("Forms", level=1)
    document.add_heading("Tables", level=2)
    draft = parse_docx(wb.to_bytes(document))
    assert draft.title == "Framework on Release Times"
    assert tree(draft) == [
        ("Scope", None),
        ("Annex I", None),
        ("Forms", "Annex I"),
        ("Tables", "Forms"),
    ]


# --------------------------------------------------------------------------- rule 2: headings


@pytest.mark.parametrize(
    ("line", "ref", "number", "heading"),
    [
        ("## 1. Scope", "1", "1.", "Scope"),
        ("## 4 Scope", "4", "4", "Scope"),
        ("## 2.2.1. Data elements", "2.2.1", "2.2.1.", "Data elements"),
        ("## 3", "3", "3", None),
        ("## II. Definitions", "II", "II.", "Definitions"),
        ("## Standard 3: Advance data", "Standard 3", "Standard 3", "Advance data"),
        ("## Standard 3 \u2013 Advance data", "Standard 3", "Standard 3", "Advance data"),
        ("## Principle 2 - Cooperation", "Principle 2", "Principle 2", "Cooperation"),
        ("## Article 5 \u2014 Review", "Article 5", "Article 5", "Review"),
        ("## Annex II", "Annex II", "Annex II", None),
        ("## Appendix A Model form", "Appendix A", "Appendix A", "Model form"),
        ("## PART III: GENERAL", "Part III", "PART III", "GENERAL"),
        ("## Section 4: Audits", "Section 4", "Section 4", "Audits"),
        ("## Chapter 1. Basics", "Chapter 1", "Chapter 1", "Basics"),
        ("## A1 Consignor", "A1", "A1", "Consignor"),
        ("## Preamble", "Preamble", None, "Preamble"),
        ("## Definitions:", "Definitions", None, "Definitions:"),
        ("## 2026 figures", "2026 figures", None, "2026 figures"),
        ("## Key principles ##", "Key principles", None, "Key principles"),
    ],
)
def test_markdown_heading_numbers(line: str, ref: str, number: str | None, heading: str) -> None:
    draft = md(f"# Title\n\n{line}\n")
    (only,) = draft.clauses
    assert (only.ref, only.number, only.heading, only.text) == (ref, number, heading, "")
    assert only.source_line == 3


def test_every_markdown_heading_level_starts_a_clause() -> None:
    lines = ["# Title"] + [f"{'#' * n} Level {n}" for n in range(2, 7)]
    draft = md("\n".join(lines))
    assert tree(draft) == [
        ("Level 2", None),
        ("Level 3", "Level 2"),
        ("Level 4", "Level 3"),
        ("Level 5", "Level 4"),
        ("Level 6", "Level 5"),
    ]


def test_docx_heading_styles_1_to_9() -> None:
    document = wb.new_document()
    wb.add(document, "Title", style="Title")
    for level in range(1, 10):
        document.add_heading(f"Level {level}", level=level)
    draft = parse_docx(wb.to_bytes(document))
    assert [c.level for c in draft.clauses] == list(range(9))
    assert [c.heading for c in draft.clauses] == [f"Level {n}" for n in range(1, 10)]


def test_docx_custom_style_based_on_heading_and_outline_level() -> None:
    document = wb.new_document()
    custom = document.styles.add_style("Clause Title", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    wb.add(document, "Framework", style="Title")
    document.add_heading("Scope", level=1)
    wb.add(document, "Purpose", style="Clause Title")
    outlined = wb.add(document, "Coverage")
    outline = OxmlElement("w:outlineLvl")  # an outline level set on the paragraph itself
    outline.set(qn("w:val"), "2")
    outlined._p.get_or_add_pPr().append(outline)
    draft = parse_docx(wb.to_bytes(document))
    assert tree(draft) == [("Scope", None), ("Purpose", "Scope"), ("Coverage", "Purpose")]


# --------------------------------------------------------------------------- rule 3: tokens


@pytest.mark.parametrize(
    ("paragraph", "ref", "number", "heading", "text"),
    [
        ("4 Members shall report.", "4", "4", None, "Members shall report."),
        ("4. Members shall report.", "4", "4.", None, "Members shall report."),
        ("1.2 Members shall report.", "1.2", "1.2", None, "Members shall report."),
        ("2.2.1. Members shall report.", "2.2.1", "2.2.1.", None, "Members shall report."),
        ("1.3\tMembers shall report.", "1.3", "1.3", None, "Members shall report."),
        ("II. General provisions", "II", "II.", None, "General provisions"),
        ("A1. The consignor is named.", "A1", "A1.", None, "The consignor is named."),
        ("B.2 The consignee is named.", "B.2", "B.2", None, "The consignee is named."),
        ("Standard 3 \u2013 Advance data", "Standard 3", "Standard 3", "Advance data", ""),
        ("Principle 2: Cooperation", "Principle 2", "Principle 2", "Cooperation", ""),
        ("Article 5 - Review", "Article 5", "Article 5", "Review", ""),
        ("Annex II \u2014 Forms", "Annex II", "Annex II", "Forms", ""),
        ("Appendix A: Codes", "Appendix A", "Appendix A", "Codes", ""),
        ("Part III. Transit", "Part III", "Part III", "Transit", ""),
        ("Section 2: Audits", "Section 2", "Section 2", "Audits", ""),
        ("Chapter 1 - Basics", "Chapter 1", "Chapter 1", "Basics", ""),
        ("Annex II", "Annex II", "Annex II", None, ""),
        ("(a) publish the rules;", "(a)", "(a)", None, "publish the rules;"),
        ("a) publish the rules;", "(a)", "a)", None, "publish the rules;"),
        ("(iv) publish the rules;", "(iv)", "(iv)", None, "publish the rules;"),
        ("ii) publish the rules;", "(ii)", "ii)", None, "publish the rules;"),
        ("(1) publish the rules;", "(1)", "(1)", None, "publish the rules;"),
        ("Members **shall** report.", None, None, None, None),
        ("2026 figures show a rise.", None, None, None, None),
        ("100000 parcels were sent.", None, None, None, None),
        ("Article 5 applies to transit.", None, None, None, None),
        ("B2 visas are out of scope.", None, None, None, None),
        ("4.Members shall report.", None, None, None, None),
        ("e.g. parcels and letters.", None, None, None, None),
        ("(see above) for details.", None, None, None, None),
        ("(a)", None, None, None, None),
    ],
)
def test_markdown_paragraph_number_tokens(
    paragraph: str, ref: str | None, number: str | None, heading: str | None, text: str | None
) -> None:
    draft = md(f"# Title\n\n## Start\n\n{paragraph}\n")
    if ref is None:
        assert refs(draft) == ["Start"]
        assert clause(draft, "Start").text == paragraph
        return
    ref = f"Start{ref}" if ref.startswith("(") else ref
    only = draft.clauses[1]
    assert (only.ref, only.number, only.heading, only.text) == (ref, number, heading, text)
    assert only.parent == 0
    assert only.source_line == 5


def test_labelled_paragraph_title_line_and_body() -> None:
    draft = md(
        """
        Standard 3 \u2013 Advance data
        Carriers transmit data
        before loading.

        3.1 Members should accept electronic data.
        """
    )
    standard = clause(draft, "Standard 3")
    assert standard.heading == "Advance data"
    assert standard.text == "Carriers transmit data before loading."
    assert tree(draft) == [("Standard 3", None), ("3.1", "Standard 3")]


def test_upper_case_label_reference_is_normalised() -> None:
    draft = txt(
        """
        Title

        ANNEX II: FORMS
        """
    )
    annex = draft.clauses[0]
    assert (annex.ref, annex.number, annex.heading) == ("Annex II", "ANNEX II", "FORMS")
    with pytest.raises(DraftImportError, match='Duplicate clause reference "Annex II"'):
        txt(
            """
            Title

            ANNEX II: FORMS

            Annex II: Forms again
            """
        )


def test_strong_tokens_split_lines_without_blank_lines() -> None:
    draft = md(
        """
        ## Obligations

        Members shall:
        (a) publish the rules;
        (b) consult traders.
        1. First point.
        2. Second point.
        """
    )
    assert tree(draft) == [
        ("Obligations", None),
        ("Obligations(a)", "Obligations"),
        ("Obligations(b)", "Obligations"),
        ("1", "Obligations"),
        ("2", "Obligations"),
    ]
    assert clause(draft, "Obligations").text == "Members shall:"


def test_weak_tokens_split_only_a_run_of_numbered_lines() -> None:
    draft = md(
        """
        ## Figures

        3.1 Members report volumes.
        3.2 Members report values.

        Volumes grew by
        1.5 million parcels, and by
        3 per cent in value.
        """
    )
    assert refs(draft) == ["Figures", "3.1", "3.2"]
    assert clause(draft, "3.2").text == (
        "Members report values.\n\nVolumes grew by 1.5 million parcels, and by 3 per cent in value."
    )


# ---- letters and roman numerals


def test_roman_sub_items_under_letters() -> None:
    draft = md(
        """
        3.2 Members shall:
        (a) publish the rules;
        (b) consult:
        (i) carriers; and
        (ii) postal operators;
        (c) review the rules.
        """
    )
    assert tree(draft) == [
        ("3.2", None),
        ("3.2(a)", "3.2"),
        ("3.2(b)", "3.2"),
        ("3.2(b)(i)", "3.2(b)"),
        ("3.2(b)(ii)", "3.2(b)"),
        ("3.2(c)", "3.2"),
    ]
    assert clause(draft, "3.2(b)(ii)").number == "(ii)"
    assert clause(draft, "3.2(b)(ii)").level == 2


def test_i_after_h_is_a_letter() -> None:
    letters = "abcdefghij"
    body = "\n".join(f"({letter}) item {letter};" for letter in letters)
    draft = md(f"1. Terms:\n{body}\n")
    assert refs(draft) == ["1"] + [f"1({letter})" for letter in letters]
    assert all(c.parent == 0 for c in draft.clauses[1:])
    assert clause(draft, "1(i)").text == "item i;"


def test_v_and_x_follow_their_siblings() -> None:
    romans = ["i", "ii", "iii", "iv", "v"]
    draft = md("1. Roman:\n(a) first:\n" + "\n".join(f"({r}) r{r}" for r in romans))
    assert tree(draft)[-1] == ("1(a)(v)", "1(a)")

    letters = "abcdefghijklmnopqrstuv"
    draft = md("1. Letters:\n" + "\n".join(f"({letter}) l{letter}" for letter in letters))
    assert tree(draft)[-1] == ("1(v)", "1")

    letters = "abcdefghijklmnopqrstuvwx"
    draft = md("1. Letters:\n" + "\n".join(f"({letter}) l{letter}" for letter in letters))
    assert tree(draft)[-1] == ("1(x)", "1")

    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    draft = md("1. Roman:\n(a) first:\n" + "\n".join(f"({r}) r{r}" for r in romans))
    assert tree(draft)[-1] == ("1(a)(x)", "1(a)")


def test_typed_i_after_h_is_a_letter_even_when_h_introduces_a_list() -> None:
    draft = md(
        """
        1. List:
        (h) eighth, namely:
        (i) read as the ninth letter, as the sequence says;
        (j) tenth.
        """
    )
    assert tree(draft) == [("1", None), ("1(h)", "1"), ("1(i)", "1"), ("1(j)", "1")]


def test_other_item_styles() -> None:
    draft = md(
        """
        Article 2 \u2013 Duties
        (1) The carrier shall:
        a. file data;
        b. keep records.
        (2) The operator shall:
        (A) register;
        (B) report.
        """
    )
    assert tree(draft) == [
        ("Article 2", None),
        ("Article 2(1)", "Article 2"),
        ("Article 2(1)(a)", "Article 2(1)"),
        ("Article 2(1)(b)", "Article 2(1)"),
        ("Article 2(2)", "Article 2"),
        ("Article 2(2)(A)", "Article 2(2)"),
        ("Article 2(2)(B)", "Article 2(2)"),
    ]
    assert clause(draft, "Article 2(1)(a)").number == "a."


def test_lettered_item_without_any_parent() -> None:
    draft = md("(a) First.\n(b) Second.\n")
    assert tree(draft) == [("(a)", None), ("(b)", None)]


# --------------------------------------------------------------------------- rule 4: nesting


def test_decimal_numbers_nest_by_prefix() -> None:
    draft = md(
        """
        2 General.

        2.1 First.

        2.2 Second.

        2.2.1 Detail.

        2.2.2 More detail.

        2.3 Third.

        3 Next.
        """
    )
    assert tree(draft) == [
        ("2", None),
        ("2.1", "2"),
        ("2.2", "2"),
        ("2.2.1", "2.2"),
        ("2.2.2", "2.2"),
        ("2.3", "2"),
        ("3", None),
    ]
    assert [c.level for c in draft.clauses] == [0, 1, 1, 2, 2, 1, 0]


def test_decimal_without_its_prefix_sits_under_the_heading() -> None:
    draft = md(
        """
        ## Scope

        1. First.

        2.1 Orphan sub-paragraph.
        """
    )
    assert tree(draft) == [("Scope", None), ("1", "Scope"), ("2.1", "Scope")]


def test_headings_nest_by_level() -> None:
    draft = md(
        """
        # Title
        ## Part one
        ### Chapter A
        #### Detail
        ### Chapter B
        ## Part two
        """
    )
    assert tree(draft) == [
        ("Part one", None),
        ("Chapter A", "Part one"),
        ("Detail", "Chapter A"),
        ("Chapter B", "Part one"),
        ("Part two", None),
    ]


def test_numbered_headings_nest_by_prefix_even_at_the_same_level() -> None:
    draft = md(
        """
        ## 1 Scope
        ## 1.1 Purpose
        ## 1.2 Coverage
        ## 2 Definitions
        """
    )
    assert tree(draft) == [("1", None), ("1.1", "1"), ("1.2", "1"), ("2", None)]


def test_standard_heading_holds_its_paragraphs_until_the_next_standard() -> None:
    draft = md(
        """
        ## Standard 3: Advance data

        3.1 Carriers transmit data.

        3.1.1 Data is transmitted electronically.

        1. An unprefixed paragraph.

        ## Standard 4: Risk management

        4.1 Members manage risk.
        """
    )
    assert tree(draft) == [
        ("Standard 3", None),
        ("3.1", "Standard 3"),
        ("3.1.1", "3.1"),
        ("1", "Standard 3"),
        ("Standard 4", None),
        ("4.1", "Standard 4"),
    ]


def test_labelled_paragraphs_nest_and_close_like_headings() -> None:
    draft = md(
        """
        ## Standards

        Standard 3 \u2013 Advance data

        3.1 Carriers transmit data.

        (a) before loading;

        1. A further paragraph.

        Standard 4 \u2013 Risk management

        4.1 Members manage risk.

        ## Annexes
        """
    )
    assert tree(draft) == [
        ("Standards", None),
        ("Standard 3", "Standards"),
        ("3.1", "Standard 3"),
        ("3.1(a)", "3.1"),
        ("1", "Standard 3"),
        ("Standard 4", "Standards"),
        ("4.1", "Standard 4"),
        ("Annexes", None),
    ]


def test_chapters_articles_and_roman_parts() -> None:
    draft = md(
        """
        Chapter I \u2013 General
        Article 1 \u2013 Scope
        Article 2 \u2013 Terms
        Chapter II \u2013 Procedures
        Article 3 \u2013 Filing
        """
    )
    assert tree(draft) == [
        ("Chapter I", None),
        ("Article 1", "Chapter I"),
        ("Article 2", "Chapter I"),
        ("Chapter II", None),
        ("Article 3", "Chapter II"),
    ]
    draft = md(
        """
        I. General.

        1. First.

        2. Second.

        II. Procedures.

        3. Third.
        """
    )
    assert tree(draft) == [("I", None), ("1", "I"), ("2", "I"), ("II", None), ("3", "II")]


def test_annex_letter_numbers_nest_under_their_annex() -> None:
    draft = md(
        """
        ## Annex A \u2013 Data

        A1. Consignor.

        A1.1 Name and address.

        A2. Consignee.

        ## Annex B \u2013 Formats

        B.1 Messages.

        B.2 Codes.
        """
    )
    assert tree(draft) == [
        ("Annex A", None),
        ("A1", "Annex A"),
        ("A1.1", "A1"),
        ("A2", "Annex A"),
        ("Annex B", None),
        ("B.1", "Annex B"),
        ("B.2", "Annex B"),
    ]


def test_numbered_paragraph_under_unrelated_heading_nests_under_the_closest_heading() -> None:
    draft = md(
        """
        ## 2 General

        ### Notes

        2.1 Nearest heading wins over the number prefix.
        """
    )
    assert tree(draft) == [("2", None), ("Notes", "2"), ("2.1", "Notes")]


def test_lettered_items_under_a_heading_take_its_ref() -> None:
    draft = md(
        """
        ## Definitions

        In this framework:

        (a) "carrier" means a transport operator;

        (b) "parcel" means a packet.
        """
    )
    assert tree(draft) == [
        ("Definitions", None),
        ("Definitions(a)", "Definitions"),
        ("Definitions(b)", "Definitions"),
    ]
    assert clause(draft, "Definitions").text == "In this framework:"


# --------------------------------------------------------------------------- rule 5: bodies


def test_continuation_paragraphs_lists_and_tables_belong_to_the_clause() -> None:
    draft = md(
        """
        ## Scope

        1.1 The framework applies
        to parcels.

        It also applies to letters.

          1.2 An indented line continues the clause even when it looks numbered.

        * first point
        + second point
            - nested point

        | Type | Covered |
        |------|:-------:|
        | Parcel | Yes |

        1.2 Next clause.
        """
    )
    assert refs(draft) == ["Scope", "1.1", "1.2"]
    assert clause(draft, "1.1").text == (
        "The framework applies to parcels.\n\n"
        "It also applies to letters.\n\n"
        "1.2 An indented line continues the clause even when it looks numbered.\n\n"
        "- first point\n"
        "- second point\n"
        "    - nested point\n\n"
        "| Type | Covered |\n"
        "|------|:-------:|\n"
        "| Parcel | Yes |"
    )
    assert clause(draft, "1.2").source_line == 18


def test_list_item_continuations_and_nested_ordered_lists() -> None:
    draft = md(
        """
        1. Members shall:

        - keep records
          for five years;
        - share them:
          1. on request;

          Only with consent.
        """
    )
    assert clause(draft, "1").text == (
        "Members shall:\n\n"
        "- keep records for five years;\n"
        "- share them:\n"
        "    1. on request;\n\n"
        "    Only with consent."
    )


def test_list_item_lazy_continuation_ends_only_at_a_strong_number() -> None:
    draft = md("1. Members count:\n\n- parcels of\n3 kilograms or less\n2. Next.\n")
    assert refs(draft) == ["1", "2"]
    assert clause(draft, "1").text == "Members count:\n\n- parcels of 3 kilograms or less"


def test_tab_indented_line_continues() -> None:
    draft = md("1. First.\n\t2. Not a clause.\n")
    assert refs(draft) == ["1"]
    assert clause(draft, "1").text == "First. 2. Not a clause."


def test_inline_markdown_hard_breaks_code_and_quotes_pass_through() -> None:
    source = "\n".join(
        [
            "1. Members **shall** report  ",  # two trailing spaces: a Markdown hard break
            "every _quarter_.",
            "",
            "```",
            "2. Not a clause inside code",
            "```",
            "",
            "> 3. Not a clause inside a quote",
            "> either.",
            "",
            "---",
            "",
            "2. Next.",
        ]
    )
    draft = parse_text(source)
    assert refs(draft) == ["1", "2"]
    assert clause(draft, "1").text == (
        "Members **shall** report  \nevery _quarter_.\n\n"
        "```\n2. Not a clause inside code\n```\n\n"
        "> 3. Not a clause inside a quote\n> either."
    )


def test_text_files_have_no_markdown_headings() -> None:
    draft = txt(
        """
        Framework
        # 1. Not a heading in a text file

        1. Clause.
        """
    )
    assert draft.introduction == "# 1. Not a heading in a text file"
    assert refs(draft) == ["1"]


def test_text_file_headings_and_bullets() -> None:
    draft = txt(
        """
        FRAMEWORK ON PARCEL DATA

        PREAMBLE

        The parties agree.

        1. SCOPE

        1.1 This applies to parcels:
        \u2022 sent by post;
        \u2022 sent by express carriers.

        KEY PRINCIPLES

        Standard 3: Advance data

        3.1 Data is sent early.

        NOTE: upper-case words inside a longer line are text.
        """
    )
    assert draft.title == "FRAMEWORK ON PARCEL DATA"
    assert tree(draft) == [
        ("PREAMBLE", None),
        ("1", "PREAMBLE"),
        ("1.1", "1"),
        ("KEY PRINCIPLES", None),
        ("Standard 3", "KEY PRINCIPLES"),
        ("3.1", "Standard 3"),
    ]
    scope = clause(draft, "1")
    assert (scope.number, scope.heading, scope.text) == ("1.", "SCOPE", "")
    assert clause(draft, "1.1").text == (
        "This applies to parcels:\n\n- sent by post;\n- sent by express carriers."
    )
    assert clause(draft, "3.1").text.endswith(
        "\n\nNOTE: upper-case words inside a longer line are text."
    )


# --------------------------------------------------------------------------- realistic Markdown

FRAMEWORK_MD = """\
# Draft Framework of Standards on Cross-Border Parcel Data

Working draft prepared by the secretariat for the consultation round.
Comments are invited before the next committee meeting.

## Preamble

The Members of the Organization,

Noting the growth of low-value parcels moving across borders,

Have agreed on the following framework.

## 1. Scope

1.1 This framework applies to parcels carried by postal operators and express carriers.

1.2 It does not apply to:

- diplomatic bags;
- consignments for armed forces.

## 2. Key principles

2.1 Members should apply the following principles:
(a) data is collected once and shared between agencies;
(b) controls are based on risk, which means that:
(i) risk profiles are reviewed regularly; and
(ii) low-risk parcels are released without delay;
(c) traders are consulted on changes.

2.2 In this framework:
(a) "carrier" means an operator that moves parcels;
(b) "consignee" means the person receiving a parcel;
(c) "consignor" means the person sending a parcel;
(d) "data set" means the agreed list of elements;
(e) "express carrier" means a carrier offering time-definite delivery;
(f) "low-value" means below the threshold set by a Member;
(g) "Member" means a member of the Organization;
(h) "parcel" means a packet sent through a network;
(i) "postal operator" means an operator designated for the universal service;
(j) "release" means permission to deliver.

## Standard 3: Advance electronic data

3.1 Carriers should transmit the data set before loading.

3.2 The data set contains at least:

| Element | Required |
| --- | --- |
| Consignor name | Yes |
| Declared value | Yes |

3.2.1 Members may accept a reduced data set for documents.

## Standard 4: Risk management

4.1 Members should screen the data before arrival.

4.2 When a parcel is selected, Members should:
(a) inform the carrier; and
(b) keep the delay short.

## Annex A \u2013 Data elements

A1. The consignor is identified by name and address.

A2. The consignee is identified by name and address.

## Annex B \u2013 Message formats

B.1 Messages follow an agreed structure.

B.2 Code lists are published.
"""


def test_realistic_markdown_framework() -> None:
    draft = parse_document("framework.md", FRAMEWORK_MD.encode())
    assert draft.title == "Draft Framework of Standards on Cross-Border Parcel Data"
    assert draft.introduction == (
        "Working draft prepared by the secretariat for the consultation round. "
        "Comments are invited before the next committee meeting."
    )
    letters = "abcdefghij"
    assert tree(draft) == [
        ("Preamble", None),
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", None),
        ("2.1", "2"),
        ("2.1(a)", "2.1"),
        ("2.1(b)", "2.1"),
        ("2.1(b)(i)", "2.1(b)"),
        ("2.1(b)(ii)", "2.1(b)"),
        ("2.1(c)", "2.1"),
        ("2.2", "2"),
        *[(f"2.2({letter})", "2.2") for letter in letters],
        ("Standard 3", None),
        ("3.1", "Standard 3"),
        ("3.2", "Standard 3"),
        ("3.2.1", "3.2"),
        ("Standard 4", None),
        ("4.1", "Standard 4"),
        ("4.2", "Standard 4"),
        ("4.2(a)", "4.2"),
        ("4.2(b)", "4.2"),
        ("Annex A", None),
        ("A1", "Annex A"),
        ("A2", "Annex A"),
        ("Annex B", None),
        ("B.1", "Annex B"),
        ("B.2", "Annex B"),
    ]
    assert_consistent(draft)
    assert clause(draft, "Preamble").text == (
        "The Members of the Organization,\n\n"
        "Noting the growth of low-value parcels moving across borders,\n\n"
        "Have agreed on the following framework."
    )
    assert clause(draft, "1.2").text == (
        "It does not apply to:\n\n- diplomatic bags;\n- consignments for armed forces."
    )
    assert clause(draft, "3.2").text == (
        "The data set contains at least:\n\n"
        "| Element | Required |\n| --- | --- |\n| Consignor name | Yes |\n| Declared value | Yes |"
    )
    standard = clause(draft, "Standard 3")
    assert (standard.number, standard.heading) == ("Standard 3", "Advance electronic data")
    assert clause(draft, "2.1(b)(ii)").text == "low-risk parcels are released without delay;"
    assert clause(draft, "2.2(i)").text.startswith('"postal operator"')
    assert clause(draft, "Annex B").heading == "Message formats"
    assert (
        clause(draft, "4.2").source_line
        == FRAMEWORK_MD.splitlines().index("4.2 When a parcel is selected, Members should:") + 1
    )


def test_markdown_and_text_agree_on_numbered_content() -> None:
    source = "Framework\n\n1. Scope of the text.\n\n1.1 Detail.\n(a) item.\n"
    as_md = parse_text(source)
    as_txt = parse_text(source, markdown=False)
    assert tree(as_md) == tree(as_txt) == [("1", None), ("1.1", "1"), ("1.1(a)", "1.1")]


# --------------------------------------------------------------------------- Word documents


def _heading_levels() -> list[Level]:
    return [
        Level("decimal", "%1."),
        Level("decimal", "%1.%2."),
        Level("lowerLetter", "(%3)"),
        Level("lowerRoman", "(%4)"),
    ]


# (kind, list level, typed number, text); kind "h" = Heading 1, "p" = Normal paragraph
FRAMEWORK_DOCX = [
    ("h", 0, "1.", "Scope"),
    ("p", 1, "1.1.", "This framework applies to parcels."),
    ("p", 1, "1.2.", "Members shall:"),
    ("p", 2, "(a)", "publish their rules;"),
    ("p", 2, "(b)", "consult, in particular:"),
    ("p", 3, "(i)", "carriers; and"),
    ("p", 3, "(ii)", "postal operators;"),
    ("p", 2, "(c)", "review the rules."),
    ("text", 0, "", "Reviews take place every year."),
    ("bullet", 0, "", "first review after one year"),
    ("table", 0, "", ""),
    ("h", 0, "2.", "Definitions"),
    ("p", 1, "2.1.", "In this framework:"),
    *[("p", 2, f"({letter})", f'"term {letter}" means something.') for letter in "abcdefghij"],
    ("p", 1, "2.2.", "Terms not defined keep their usual meaning."),
]


def _framework_docx(automatic: bool) -> bytes:
    """The same draft with typed numbers or with Word's automatic numbering."""
    document = wb.new_document()
    wb.add(document, "Framework on Parcel Data", style="Title")
    wb.add(document, "Issued for consultation.")
    document.add_heading("Preamble", level=1)
    wb.add(document, "", runs=[("The Members ", False, False), ("agree", True, False)])
    num_id = wb.add_list(document, _heading_levels()) if automatic else None
    for kind, ilvl, typed, text in FRAMEWORK_DOCX:
        shown = text if automatic else f"{typed} {text}"
        if kind == "h":
            paragraph = document.add_heading(shown, level=1)
        elif kind == "p":
            paragraph = wb.add(document, shown)
        elif kind == "text":
            wb.add(document, text)
            continue
        elif kind == "bullet":
            wb.add(document, text, style="List Bullet")
            continue
        else:
            table = document.add_table(rows=2, cols=2)
            for row, values in enumerate([("Review", "Due"), ("First", "Year 1")]):
                for col, value in enumerate(values):
                    table.cell(row, col).text = value
            continue
        if automatic:
            wb.number(paragraph, num_id, ilvl)
    return wb.to_bytes(document)


def test_word_document_with_typed_numbers() -> None:
    draft = parse_docx(_framework_docx(automatic=False))
    assert draft.title == "Framework on Parcel Data"
    assert draft.introduction == "Issued for consultation."
    letters = "abcdefghij"
    assert tree(draft) == [
        ("Preamble", None),
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
        ("1.2(a)", "1.2"),
        ("1.2(b)", "1.2"),
        ("1.2(b)(i)", "1.2(b)"),
        ("1.2(b)(ii)", "1.2(b)"),
        ("1.2(c)", "1.2"),
        ("2", None),
        ("2.1", "2"),
        *[(f"2.1({letter})", "2.1") for letter in letters],
        ("2.2", "2"),
    ]
    assert_consistent(draft)
    assert clause(draft, "Preamble").text == "The Members **agree**"
    assert clause(draft, "1").heading == "Scope"
    assert clause(draft, "1.2(c)").text == (
        "review the rules.\n\n"
        "Reviews take place every year.\n\n"
        "- first review after one year\n\n"
        "| Review | Due |\n| --- | --- |\n| First | Year 1 |"
    )
    assert clause(draft, "1.2(b)(i)").source_line == 10


def test_word_automatic_numbering_matches_typed_numbers() -> None:
    typed = parse_docx(_framework_docx(automatic=False))
    automatic = parse_docx(_framework_docx(automatic=True))
    assert automatic == typed
    assert clause(automatic, "1.1").number == "1.1."
    assert clause(automatic, "2.1(i)").number == "(i)"


def test_word_numbered_heading_styles() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document,
        [Level("decimal", "%1"), Level("decimal", "%1.%2"), Level("decimal", "%1.%2.%3")],
    )
    wb.number_style(document, "Heading 1", num_id, 0)
    wb.number_style(document, "Heading 2", num_id, 1)
    document.add_heading("Scope", level=1)
    document.add_heading("Purpose", level=2)
    document.add_heading("Coverage", level=2)
    wb.number(wb.add(document, "Parcels are covered."), num_id, 2)
    document.add_heading("Definitions", level=1)
    document.add_heading("Terms", level=2)
    draft = parse_docx(wb.to_bytes(document))
    assert tree(draft) == [
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
        ("1.2.1", "1.2"),
        ("2", None),
        ("2.1", "2"),
    ]
    assert clause(draft, "1.2").heading == "Coverage"
    assert clause(draft, "1.2.1").text == "Parcels are covered."


def test_word_style_numbering_level_from_the_lvl_pstyle() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document,
        [Level("decimal", "%1.", style="Heading1"), Level("decimal", "%1.%2.", style="Heading2")],
    )
    wb.number_style(document, "Heading 1", num_id, None)
    wb.number_style(document, "Heading 2", num_id, None)
    document.add_heading("Scope", level=1)
    document.add_heading("Purpose", level=2)
    assert tree(parse_docx(wb.to_bytes(document))) == [("1", None), ("1.1", "1")]


def test_word_labelled_numbering_start_values_and_restarts() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document,
        [Level("decimal", "Standard %1", start=3), Level("decimal", "%1.%2", start=1)],
    )
    for standard, paragraphs in (("Advance data", 2), ("Risk management", 1)):
        wb.number(document.add_heading(standard, level=2), num_id, 0)
        for n in range(paragraphs):
            wb.number(wb.add(document, f"Paragraph {n}."), num_id, 1)
    draft = parse_docx(wb.to_bytes(document))
    assert tree(draft) == [
        ("Standard 3", None),
        ("3.1", "Standard 3"),
        ("3.2", "Standard 3"),
        ("Standard 4", None),
        ("4.1", "Standard 4"),
    ]
    assert clause(draft, "Standard 4").heading == "Risk management"


def test_word_labelled_numbering_on_normal_paragraphs_needs_no_separator() -> None:
    document = wb.new_document()
    num_id = wb.add_list(document, [Level("upperRoman", "Annex %1")])
    wb.number(wb.add(document, "Model forms"), num_id, 0)
    wb.number(wb.add(document, "Code lists"), num_id, 0)
    draft = parse_docx(wb.to_bytes(document))
    assert [(c.ref, c.heading) for c in draft.clauses] == [
        ("Annex I", "Model forms"),
        ("Annex II", "Code lists"),
    ]


def test_word_lvl_restart_zero_keeps_paragraph_numbers_running() -> None:
    document = wb.new_document()
    num_id = wb.add_list(document, [Level("upperRoman", "%1."), Level("decimal", "%2.", restart=0)])
    for ilvl, text in [(0, "General"), (1, "One."), (1, "Two."), (0, "Procedures"), (1, "Three.")]:
        wb.number(wb.add(document, text), num_id, ilvl)
    draft = parse_docx(wb.to_bytes(document))
    assert tree(draft) == [("I", None), ("1", "I"), ("2", "I"), ("II", None), ("3", "II")]


def test_word_counters_are_shared_per_abstract_definition_and_start_override_restarts() -> None:
    document = wb.new_document()
    abstract = wb.add_abstract(document, [Level("decimal", "%1.")])
    first, second = wb.add_num(document, abstract), wb.add_num(document, abstract)
    restarted = wb.add_num(document, abstract, {0: 10})
    wb.number(wb.add(document, "One."), first)
    wb.number(wb.add(document, "Two."), first)
    wb.number(wb.add(document, "Three, via another num."), second)
    wb.number(wb.add(document, "Ten."), restarted)
    wb.number(wb.add(document, "Eleven."), restarted)
    assert refs(parse_docx(wb.to_bytes(document))) == ["1", "2", "3", "10", "11"]


def test_word_formats_and_legal_numbering() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document,
        [
            Level("upperLetter", "Part %1"),
            Level("upperRoman", "%1.%2.", legal=True),
            Level("upperLetter", "(%3)"),
            Level("decimalZero", "%4)"),
            Level("none", ""),
        ],
    )
    for ilvl, text in [(0, "Intro"), (1, "Legal"), (2, "Upper"), (3, "Zero"), (4, "Plain")]:
        wb.number(wb.add(document, text), num_id, ilvl)
    draft = parse_docx(wb.to_bytes(document))
    assert [(c.ref, c.number) for c in draft.clauses] == [
        ("Part A", "Part A"),
        ("1.1", "1.1."),
        ("1.1(A)", "(A)"),
        ("1.1(A)(01)", "01)"),
    ]
    assert clause(draft, "1.1(A)(01)").text == "Zero\n\nPlain"


def test_word_bullet_levels_become_list_items() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document, [Level("decimal", "%1."), Level("bullet", "\u2022"), Level("bullet", "o")]
    )
    wb.number(wb.add(document, "Members shall consider:"), num_id, 0)
    wb.number(wb.add(document, "volumes;"), num_id, 1)
    wb.number(wb.add(document, "seasonal peaks;"), num_id, 2)
    wb.number(wb.add(document, "values."), num_id, 1)
    wb.number(wb.add(document, "Members shall report."), num_id, 0)
    draft = parse_docx(wb.to_bytes(document))
    assert refs(draft) == ["1", "2"]
    assert clause(draft, "1").text == (
        "Members shall consider:\n\n- volumes;\n    - seasonal peaks;\n- values."
    )


def test_word_list_format_decides_between_letter_and_roman() -> None:
    document = wb.new_document()
    num_id = wb.add_list(
        document,
        [Level("decimal", "%1."), Level("lowerLetter", "(%2)"), Level("lowerRoman", "(%3)")],
    )
    wb.number(wb.add(document, "Terms:"), num_id, 0)
    for letter in "abcdefgh":
        wb.number(wb.add(document, f"term {letter};"), num_id, 1)
    wb.number(wb.add(document, "first roman under (h);"), num_id, 2)
    wb.number(wb.add(document, "second roman under (h);"), num_id, 2)
    wb.number(wb.add(document, "the ninth letter."), num_id, 1)
    draft = parse_docx(wb.to_bytes(document))
    assert tree(draft)[-3:] == [("1(h)(i)", "1(h)"), ("1(h)(ii)", "1(h)"), ("1(i)", "1")]
    assert clause(draft, "1(i)").text == "the ninth letter."


def test_word_num_id_zero_switches_off_style_numbering() -> None:
    document = wb.new_document()
    num_id = wb.add_list(document, [Level("decimal", "%1.")])
    wb.number_style(document, "Heading 1", num_id, 0)
    document.add_heading("Scope", level=1)
    wb.number(document.add_heading("Unnumbered", level=1), "0", 0)
    document.add_heading("Terms", level=1)
    assert refs(parse_docx(wb.to_bytes(document))) == ["1", "Unnumbered", "2"]


def test_word_skips_table_of_contents_hidden_and_empty_paragraphs() -> None:
    document = wb.new_document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    wb.add(document, "Framework", style="Title")
    wb.add(document, "1. Scope\t3", style="toc 1")
    wb.add(document, "")
    paragraph = wb.add(document, "1. Scope")
    hidden = paragraph.add_run(" (hidden note)")
    hidden.font.hidden = True
    draft = parse_docx(wb.to_bytes(document))
    assert [(c.ref, c.text, c.source_line) for c in draft.clauses] == [("1", "Scope", 4)]


def test_word_table_as_pipe_table() -> None:
    document = wb.new_document()
    wb.add(document, "1. Rates:")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "Kind"
    table.cell(0, 1).text = "Rate"
    table.cell(0, 2).text = "Note"
    table.cell(1, 0).text = "Parcel"
    table.cell(1, 1).text = "A|B"
    table.cell(1, 2).text = "see *notes*"
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Merged"
    draft = parse_docx(wb.to_bytes(document))
    assert clause(draft, "1").text == (
        "Rates:\n\n"
        "| Kind | Rate | Note |\n"
        "| --- | --- | --- |\n"
        "| Parcel | A\\|B | see \\*notes\\* |\n"
        "| Merged |  |  |"
    )


def test_word_bold_and_italic_runs_become_markdown() -> None:
    document = wb.new_document()
    wb.add(
        document,
        "",
        runs=[
            ("1.2 ", False, False),
            ("Members ", False, False),
            ("shall", True, False),
            (" report ", False, False),
            ("each year", False, True),
            (".", False, False),
        ],
    )
    draft = parse_docx(wb.to_bytes(document))
    assert clause(draft, "1.2").text == "Members **shall** report *each year*."


def test_word_bold_number_is_still_a_number() -> None:
    document = wb.new_document()
    wb.add(document, "", runs=[("3.1", True, False), (" Members ", False, False)])
    draft = parse_docx(wb.to_bytes(document))
    assert (draft.clauses[0].ref, draft.clauses[0].text) == ("3.1", "Members")


def test_word_line_breaks_are_markdown_hard_breaks() -> None:
    document = wb.new_document()
    paragraph = wb.add(document, "1. First line")
    paragraph.add_run().add_break()
    paragraph.add_run("second line")
    draft = parse_docx(wb.to_bytes(document))
    assert draft.clauses[0].text == "First line  \nsecond line"


# --------------------------------------------------------------------------- rule 7: errors


def test_duplicate_reference_in_markdown() -> None:
    source = "# T\n\n3.1 First.\n\n3.2 Second.\n\n3.1 Again.\n"
    with pytest.raises(DraftImportError) as caught:
        parse_text(source)
    assert str(caught.value) == (
        'Duplicate clause reference "3.1" at line 7 (first used at line 3).'
    )
    assert caught.value.line == 7


def test_duplicate_heading_text_and_duplicate_items() -> None:
    with pytest.raises(DraftImportError, match='"Notes" at line 3'):
        md("## Notes\n\n## Notes\n")
    with pytest.raises(DraftImportError, match=r'"1\(a\)" at line 3 \(first used at line 2\)'):
        md("1. Rules:\n(a) one;\n(a) again.\n")


def test_duplicate_reference_in_word_names_the_paragraph() -> None:
    document = wb.new_document()
    wb.add(document, "Framework", style="Title")
    wb.add(document, "1. First.")
    wb.add(document, "")
    wb.add(document, "1. Again.")
    with pytest.raises(DraftImportError) as caught:
        parse_docx(wb.to_bytes(document))
    assert str(caught.value) == (
        'Duplicate clause reference "1" at paragraph 4 (first used at paragraph 2).'
    )
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("name", "data"),
    [
        *[(name, b"") for name in ("draft.md", "draft.txt", "draft.docx")],
        ("draft.docx", b"  \n"),
        ("draft.md", b"   \n\n"),
        ("draft.md", codecs.BOM_UTF8),
        ("draft.txt", codecs.BOM_UTF8 + b"\r\n\t\r\n"),
    ],
)
def test_empty_files(name: str, data: bytes) -> None:
    with pytest.raises(DraftImportError, match="empty"):
        parse_document(name, data)


def test_text_without_clauses() -> None:
    with pytest.raises(DraftImportError, match="No clauses found"):
        parse_document("draft.md", b"# Title\n\nJust some prose.\n")
    with pytest.raises(DraftImportError, match="No clauses found"):
        parse_document("draft.txt", b"Title\n\nJust some prose.\n")


def test_word_without_clauses() -> None:
    document = wb.new_document()
    wb.add(document, "Framework", style="Title")
    wb.add(document, "Only prose.")
    with pytest.raises(DraftImportError, match="No clauses found"):
        parse_document("draft.docx", wb.to_bytes(document))


def test_unreadable_word_files() -> None:
    with pytest.raises(DraftImportError, match="not a readable Word document"):
        parse_document("draft.docx", b"PK\x03\x04 this is not really a zip")
    with pytest.raises(DraftImportError, match="not a readable Word document"):
        parse_document("draft.docx", b"plain text renamed to docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("notes.txt", "hello")
    with pytest.raises(DraftImportError, match="not a Word document"):
        parse_document("draft.docx", buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<broken")
        package.writestr("word/document.xml", "<broken")
    with pytest.raises(DraftImportError, match="not a readable Word document"):
        parse_document("draft.docx", buffer.getvalue())


def test_invalid_utf8_names_the_line() -> None:
    data = "# Title\n\n1. Café\n".encode() + b"2. Bad \xff byte\n"
    with pytest.raises(DraftImportError) as caught:
        parse_document("draft.md", data)
    assert "not valid UTF-8" in str(caught.value)
    assert "line 4" in str(caught.value)
    assert caught.value.line == 4


def test_binary_data_in_a_text_file() -> None:
    with pytest.raises(DraftImportError, match="binary data at line 2"):
        parse_document("draft.txt", b"Title\n\x00\x01\x02")


@pytest.mark.parametrize("name", ["draft.pdf", "draft.doc", "draft", "draft.docx.exe"])
def test_unsupported_extensions(name: str) -> None:
    with pytest.raises(DraftImportError, match="Unsupported file type"):
        parse_document(name, b"1. Scope\n")


def test_size_limit() -> None:
    data = b"1. Scope of the draft.\n"
    assert refs(parse_document("draft.txt", data, max_bytes=len(data))) == ["1"]
    with pytest.raises(DraftImportError, match="too large"):
        parse_document("draft.txt", data, max_bytes=len(data) - 1)
    with pytest.raises(DraftImportError, match="too large"):
        parse_document("draft.docx", b"x" * (MAX_BYTES_DEFAULT + 1))


# --------------------------------------------------------------------------- encodings, routing


def test_bom_and_crlf_are_accepted() -> None:
    data = codecs.BOM_UTF8 + b"# Title\r\n\r\n1. Scope\r\ncontinued\r\n\r\n2. Next\r\n"
    draft = parse_document("draft.md", data)
    assert draft.title == "Title"
    assert [(c.ref, c.text, c.source_line) for c in draft.clauses] == [
        ("1", "Scope continued", 3),
        ("2", "Next", 6),
    ]


def test_utf16_text_with_bom_is_accepted() -> None:
    data = "Title\n\n1. Scope\n".encode("utf-16")
    assert refs(parse_document("draft.txt", data)) == ["1"]


def test_extension_routing_is_case_insensitive() -> None:
    source = b"# Title\n\n## Scope\n"
    assert refs(parse_document("Draft.MD", source)) == ["Scope"]
    assert refs(parse_document("draft.markdown", source)) == ["Scope"]
    with pytest.raises(DraftImportError, match="No clauses found"):
        parse_document("draft.TXT", source)  # a text file has no "#" headings
    docx_data = _framework_docx(automatic=True)
    assert parse_document("C:\\drafts\\Framework.DOCX", docx_data) == parse_docx(docx_data)
