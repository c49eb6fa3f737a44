"""Tests for the word-level redline of proposed amendments."""

import re

import pytest

from framework_review.comments.redline import (
    changed_spans,
    redline_html,
    redline_stats,
    spans_overlap,
    tokenize,
)

DEL = '<del class="rl-del">'
INS = '<ins class="rl-ins">'


def wrap(inner: str) -> str:
    return f'<div class="redline">{inner}</div>'


# --- tokenize -------------------------------------------------------------------------------


def test_tokenize_splits_words_space_and_punctuation():
    assert tokenize("a, b") == ["a", ",", " ", "b"]


def test_tokenize_keeps_compound_words_and_numbers_whole():
    tokens = tokenize("non-binding, don't 3.1 end.Next")
    assert tokens == ["non-binding", ",", " ", "don't", " ", "3.1", " ", "end", ".", "Next"]


@pytest.mark.parametrize(
    "text",
    ["", "a, b", "  lead and trail  ", "x\r\ny\n\n\tz", "Art. 4(2)(b) — <i>&amp;</i> ünïcode…"],
)
def test_tokenize_round_trips(text):
    assert "".join(tokenize(text)) == text


# --- redline_html: basic shapes ---------------------------------------------------------------


def test_replace_single_word():
    html = redline_html("The Party may notify.", "The Party shall notify.")
    assert html == wrap(f"The Party {DEL}may</del>{INS}shall</ins> notify.")


def test_insert_word():
    html = redline_html("The Party shall notify.", "The Party shall promptly notify.")
    assert html == wrap(f"The Party shall {INS}promptly </ins>notify.")


def test_delete_word():
    html = redline_html("The Party shall not notify.", "The Party shall notify.")
    assert html == wrap(f"The Party shall {DEL}not </del>notify.")


def test_new_clause_is_all_inserted():
    assert redline_html("", "New clause.") == wrap(f"{INS}New clause.</ins>")


def test_deleted_clause_is_all_deleted():
    assert redline_html("Old clause.", "") == wrap(f"{DEL}Old clause.</del>")


def test_both_empty():
    assert redline_html("", "") == wrap("")


def test_identity_has_no_marks():
    text = "Each Party shall, within 30 days, notify the Secretariat.\nSee Art. 3.1."
    assert redline_html(text, text) == wrap(text)


def test_punctuation_change_is_marked():
    assert redline_html("a, b", "a; b") == wrap(f"a{DEL},</del>{INS};</ins> b")


# --- merging ----------------------------------------------------------------------------------


def test_adjacent_changed_words_merge_into_one_run():
    html = redline_html("The quick brown fox", "The slow red fox")
    assert html == wrap(f"The {DEL}quick brown</del>{INS}slow red</ins> fox")


def test_merged_deletion_of_several_words():
    html = redline_html("the quick brown fox jumps", "the fox jumps")
    assert html == wrap(f"the{DEL} quick brown</del> fox jumps")


def test_changes_separated_by_an_unchanged_word_stay_separate():
    html = redline_html("a b c d e", "a X c Y e")
    assert html == wrap(f"a {DEL}b</del>{INS}X</ins> c {DEL}d</del>{INS}Y</ins> e")


def test_merged_run_spans_a_line_break():
    html = redline_html("keep one\ntwo keep", "keep uno\ndos keep")
    assert html == wrap(f"keep {DEL}one\ntwo</del>{INS}uno\ndos</ins> keep")


# --- whitespace and newlines ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "proposed"),
    [
        ("a b c", "a  b c"),
        ("a b\r\nc", "a b\nc"),
        ("a b\rc", "a b\nc"),
        ("a b c", "a b c\n"),
        ("  a b c", "a b c"),
        ("a,b", "a, b"),
        ("a\tb", "a b"),
    ],
)
def test_whitespace_only_changes_are_not_marked(original, proposed):
    html = redline_html(original, proposed)
    assert "<ins" not in html and "<del" not in html
    assert changed_spans(original, proposed) == []
    assert redline_stats(original, proposed) == (0, 0)


def test_whitespace_only_change_shows_proposed_text_with_lf():
    assert redline_html("a  b\r\nc", "a b\r\nc") == wrap("a b\nc")


def test_multiline_keeps_newlines():
    original = "1. Scope\nThis standard applies to members.\n\n2. Terms\nAs defined."
    proposed = "1. Scope\nThis standard applies to all members.\n\n2. Terms\nAs defined."
    html = redline_html(original, proposed)
    assert html == wrap(
        f"1. Scope\nThis standard applies to {INS}all </ins>members.\n\n2. Terms\nAs defined."
    )
    assert "<br" not in html


def test_crlf_input_is_rendered_with_lf_only():
    html = redline_html("one\r\ntwo\r\nthree", "one\r\n2\r\nthree")
    assert html == wrap(f"one\n{DEL}two</del>{INS}2</ins>\nthree")
    assert "\r" not in html


# --- escaping ---------------------------------------------------------------------------------


def test_script_in_proposed_is_escaped():
    html = redline_html("Text here.", "Text <script>alert('x')</script> & here.")
    assert "<script" not in html
    assert "'" not in html
    assert html == wrap(
        f"Text{INS} &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;</ins> here."
    )


def test_script_in_original_is_escaped_when_deleted():
    html = redline_html("A <script>alert(1)</script> & B", "A B")
    assert "<script" not in html and "</script" not in html
    assert html == wrap(f"A {DEL}&lt;script&gt;alert(1)&lt;/script&gt; &amp; </del>B")


def test_unchanged_markup_like_text_is_escaped():
    text = 'R&D <b>bold</b> "quoted"'
    html = redline_html(text, text)
    assert html == wrap("R&amp;D &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;")


def test_existing_entity_is_escaped_again_not_trusted():
    html = redline_html("x", "&amp;")
    assert html == wrap(f"{DEL}x</del>{INS}&amp;amp;</ins>")


def test_only_our_own_tags_appear():
    html = redline_html("<i>a</i> & <b>b</b>", "<u>c</u> & <img src=x onerror=alert(1)>")
    tags = set(re.findall(r"</?([a-zA-Z]+)", html))
    assert tags <= {"div", "del", "ins"}


# --- changed_spans ----------------------------------------------------------------------------

ORIGINAL = "The Party shall notify the Secretariat within 30 days."
# word tokens: The(0) Party(1) shall(2) notify(3) the(4) Secretariat(5) within(6) 30(7)
# days(8) .(9)


def test_spans_for_replacement():
    proposed = "The Party must notify the Secretariat within 30 days."
    assert changed_spans(ORIGINAL, proposed) == [(2, 3)]


def test_spans_for_merged_replacement():
    proposed = "The Party shall notify the Committee promptly within 30 days."
    assert changed_spans(ORIGINAL, proposed) == [(5, 6)]
    proposed = "The Party shall inform everyone within 30 days."
    assert changed_spans(ORIGINAL, proposed) == [(3, 6)]


def test_spans_for_deletion():
    proposed = "The Party shall notify the Secretariat."
    assert changed_spans(ORIGINAL, proposed) == [(6, 9)]


def test_spans_for_insertion_point():
    proposed = "The Party shall promptly notify the Secretariat within 30 days."
    assert changed_spans(ORIGINAL, proposed) == [(3, 3)]


def test_spans_for_insertion_at_start_and_end():
    assert changed_spans("a b", "x a b") == [(0, 0)]
    assert changed_spans("a b", "a b c") == [(2, 2)]


def test_spans_for_several_changes():
    proposed = "A Party shall notify the Secretariat within 60 days."
    assert changed_spans(ORIGINAL, proposed) == [(0, 1), (7, 8)]


def test_spans_identity_and_empty():
    assert changed_spans(ORIGINAL, ORIGINAL) == []
    assert changed_spans("", "") == []
    assert changed_spans("", "New text") == [(0, 0)]
    assert changed_spans("Old text.", "") == [(0, 3)]


# --- spans_overlap ----------------------------------------------------------------------------


def test_overlapping_amendments():
    a = changed_spans(ORIGINAL, "The Party must inform the Secretariat within 30 days.")
    b = changed_spans(ORIGINAL, "The Party shall inform the Committee within 30 days.")
    assert a == [(2, 4)] and b == [(3, 4), (5, 6)]
    assert spans_overlap(a, b)
    assert spans_overlap(b, a)


def test_disjoint_amendments():
    a = changed_spans(ORIGINAL, "The Party must notify the Secretariat within 30 days.")
    b = changed_spans(ORIGINAL, "The Party shall notify the Secretariat within 60 days.")
    assert not spans_overlap(a, b)
    assert not spans_overlap(b, a)


def test_adjacent_ranges_do_not_overlap():
    assert not spans_overlap([(0, 2)], [(2, 4)])


def test_insertion_point_inside_or_on_edge_overlaps():
    assert spans_overlap([(3, 3)], [(2, 5)])
    assert spans_overlap([(2, 2)], [(2, 5)])
    assert spans_overlap([(5, 5)], [(2, 5)])
    assert spans_overlap([(2, 5)], [(5, 5)])


def test_insertion_point_outside_does_not_overlap():
    assert not spans_overlap([(1, 1)], [(2, 5)])
    assert not spans_overlap([(6, 6)], [(2, 5)])


def test_insertion_points_overlap_only_at_same_place():
    assert spans_overlap([(3, 3)], [(3, 3)])
    assert not spans_overlap([(3, 3)], [(4, 4)])


def test_amendment_insertion_against_replacement():
    insert = changed_spans(
        ORIGINAL, "The Party shall promptly notify the Secretariat within 30 days."
    )
    replace = changed_spans(ORIGINAL, "The Party shall inform the Secretariat within 30 days.")
    far = changed_spans(ORIGINAL, "The Party shall notify the Secretariat within 30 days!")
    assert insert == [(3, 3)] and replace == [(3, 4)]
    assert spans_overlap(insert, replace)
    assert not spans_overlap(insert, far)


def test_empty_span_lists_never_overlap():
    assert not spans_overlap([], [(0, 3)])
    assert not spans_overlap([], [])


# --- redline_stats ----------------------------------------------------------------------------


def test_stats_replace_insert_delete():
    assert redline_stats("The quick brown fox", "The slow red fox") == (2, 2)
    assert redline_stats("shall notify", "shall promptly notify") == (1, 0)
    assert redline_stats("shall not notify", "shall notify") == (0, 1)


def test_stats_new_and_deleted_clause():
    assert redline_stats("", "Three new words.") == (3, 0)
    assert redline_stats("Two words.", "") == (0, 2)


def test_stats_identity_and_punctuation():
    assert redline_stats(ORIGINAL, ORIGINAL) == (0, 0)
    # punctuation is marked in the redline but is not counted as a word
    assert redline_stats("a, b", "a; b") == (0, 0)
