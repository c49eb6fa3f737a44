"""Word-level redline of a proposed amendment against a clause's current text.

Pure Python (difflib only), so it can be used from views, templates and tests alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

# A word may carry inner apostrophes/hyphens ("don't", "non-binding") and, between digits,
# number separators ("3.1", "1,000", "10:30"), so such items change as one unit in the redline.
_TOKEN_RE = re.compile(
    r"\s+"
    r"|\w+(?:(?:['\u2019\u2010-]|(?<=\d)[.,:](?=\d))\w+)*"
    r"|[^\w\s]"
)
_WORD_RE = re.compile(r"\w")
_WS_KEY = " "  # every whitespace token compares equal to every other one


@dataclass(frozen=True)
class _Op:
    """One run of the diff: tokens ``a[i1:i2]`` of the original became ``b[j1:j2]``."""

    changed: bool
    i1: int
    i2: int
    j1: int
    j2: int


def tokenize(text: str) -> list[str]:
    """Split text into words, whitespace runs and single punctuation marks.

    The tokens join back to exactly ``text``, so a diff over them loses nothing.
    """
    return _TOKEN_RE.findall(text)


def _is_space(token: str) -> bool:
    """True for a whitespace token, which the diff treats as interchangeable with any other."""
    return token.isspace()


def _is_word(token: str) -> bool:
    """True for a token that counts as a word in stats (has a letter or digit)."""
    return _WORD_RE.search(token) is not None


def _normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF so line endings never show up as changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _diff(a: list[str], b: list[str]) -> list[_Op]:
    """Diff two token lists into equal/changed runs, merging changes split only by whitespace.

    Merging keeps "quick brown" -> "slow red" as one deletion and one insertion, not confetti.
    """
    keys_a = [_WS_KEY if _is_space(t) else t for t in a]
    keys_b = [_WS_KEY if _is_space(t) else t for t in b]
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    raw = [_Op(tag != "equal", i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]

    merged: list[_Op] = []
    for k, op in enumerate(raw):
        if not op.changed:
            between_changes = 0 < k < len(raw) - 1  # opcodes alternate, so neighbours changed
            if between_changes and all(_is_space(t) for t in a[op.i1 : op.i2]):
                op = _Op(True, op.i1, op.i2, op.j1, op.j2)
        if op.changed and merged and merged[-1].changed:
            last = merged.pop()
            op = _Op(True, last.i1, op.i2, last.j1, op.j2)
        merged.append(op)
    return merged


def _has_content(tokens: list[str]) -> bool:
    """True when the tokens hold more than whitespace, i.e. a change worth marking."""
    return any(not _is_space(t) for t in tokens)


def redline_html(original: str, proposed: str) -> str:
    """Render ``proposed`` against ``original`` as escaped HTML with <del>/<ins> marks.

    Whitespace-only differences are shown as plain (proposed) text; newlines stay as "\\n".
    """
    a = tokenize(_normalize_newlines(original))
    b = tokenize(_normalize_newlines(proposed))
    parts: list[str] = ['<div class="redline">']
    for op in _diff(a, b):
        old, new = a[op.i1 : op.i2], b[op.j1 : op.j2]
        if not op.changed:
            parts.append(escape("".join(new)))
            continue
        if _has_content(old):
            parts.append(f'<del class="rl-del">{escape("".join(old))}</del>')
        if _has_content(new):
            parts.append(f'<ins class="rl-ins">{escape("".join(new))}</ins>')
        else:
            parts.append(escape("".join(new)))
    parts.append("</div>")
    return "".join(parts)


def changed_spans(original: str, proposed: str) -> list[tuple[int, int]]:
    """Half-open ranges of the original's word tokens that the proposal deletes or replaces.

    Word tokens are the non-whitespace tokens (words and punctuation); an insertion gives (i, i).
    """
    a = tokenize(original)
    b = tokenize(proposed)
    # word_index[k] = number of word tokens in a[:k], mapping token offsets to word offsets.
    word_index = [0]
    for token in a:
        word_index.append(word_index[-1] + (not _is_space(token)))
    spans: list[tuple[int, int]] = []
    for op in _diff(a, b):
        if op.changed and (_has_content(a[op.i1 : op.i2]) or _has_content(b[op.j1 : op.j2])):
            spans.append((word_index[op.i1], word_index[op.i2]))
    return spans


def _touch(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """True when two spans intersect; an insertion point may also sit on the other's edge."""
    (s1, e1), (s2, e2) = x, y
    if s1 == e1:
        return s2 <= s1 <= e2
    if s2 == e2:
        return s1 <= s2 <= e1
    return s1 < e2 and s2 < e1


def spans_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    """True when two amendments (as changed_spans) touch the same part of the original."""
    return any(_touch(x, y) for x in a for y in b)


def redline_stats(original: str, proposed: str) -> tuple[int, int]:
    """Count (words inserted, words deleted) for a "+5 / -3 words" summary.

    Only tokens with a letter or digit count as words; punctuation and whitespace do not.
    """
    a = tokenize(original)
    b = tokenize(proposed)
    inserted = deleted = 0
    for op in _diff(a, b):
        if op.changed:
            deleted += sum(_is_word(t) for t in a[op.i1 : op.i2])
            inserted += sum(_is_word(t) for t in b[op.j1 : op.j2])
    return inserted, deleted
