"""The stored, sanitised HTML of comments as paragraphs of formatted runs, or as plain text.

Exports never show Markdown syntax: DOCX gets the runs (bold, italic, links, list items,
redline insertions and deletions), spreadsheets and CSV get plain text with list markers and
link addresses in brackets. The HTML comes from `core.markup` or `comments.redline`, so a small
tokenizer is enough (and much faster than a general HTML parser over 30,000 comments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
# Paragraphs with at most inline emphasis (most comments) read as text without the tokenizer.
_NOT_SIMPLE = re.compile(r"<(?!/?(?:p|strong|em|b|i|u|s|code|sub|sup)>)")
_TAG = re.compile(r"<[^>]*>")
_BLOCKS = {"p", "li", "blockquote", "pre", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "div"}
_HEADINGS = {"h3", "h4", "h5", "h6"}
# Characters XML 1.0 forbids (what a delegate's pasted text may still carry).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True)
class Run:
    """Text with one set of formatting; "\\n" in the text is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    code: bool = False
    href: str | None = None
    change: str | None = None  # "ins" or "del" in a redline


@dataclass(slots=True)
class Block:
    """A paragraph: its runs, and its list marker and indent level when it is a list item."""

    runs: list[Run] = field(default_factory=list)
    marker: str = ""
    level: int = 0
    heading: bool = False


def xml_safe(text: str) -> str:
    """Drop the control characters XML cannot carry (Word and Excel refuse such files)."""
    return _NOT_XML.sub("", text)


class _Builder:
    """Turns the tag and text tokens into blocks of runs, tracking the open inline formats."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.formats: dict[str, int] = {}
        self.href: list[str] = []
        self.lists: list[list] = []  # [ordered, next number] per open list
        self.marks: list[str] = []  # what each open <ins>/<del> stands for
        self.preserve = 0  # inside <pre> or a redline: newlines are kept
        self.quote = 0
        self.cells = 0
        self.in_row = self.in_cell = False

    def block(self, **kwargs) -> Block:
        self.current = Block(**kwargs)
        self.blocks.append(self.current)
        self.cells = 0
        return self.current

    def close_block(self) -> None:
        self.current = None

    def text(self, raw: str) -> None:
        if self.in_row and not self.in_cell:
            return  # layout whitespace between table cells
        text = unescape(raw)
        if not self.preserve:
            if self.current is None and not text.strip():
                return  # whitespace between blocks
            text = re.sub(r"\s+", " ", text)
        block = self.current or self.block()
        if not self.preserve and (not block.runs or block.runs[-1].text.endswith("\n")):
            text = text.lstrip()  # a paragraph or a line does not start with a space
            if not text:
                return
        on = self.formats.get
        change = "del" if on("rl-del") else "ins" if on("rl-ins") else None
        run = Run(
            text, bold=bool(on("b")), italic=bool(on("i")), underline=bool(on("u")),
            strike=bool(on("s")), code=bool(on("code")), href=self.href[-1] if self.href else None,
            change=change,
        )  # fmt: skip
        last = block.runs[-1] if block.runs else None
        if last is not None and _same_format(last, run):
            last.text += run.text
        else:
            block.runs.append(run)

    def open(self, tag: str, attributes: str) -> None:
        attrs = dict(_ATTRIBUTE.findall(attributes)) if attributes else {}
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 1])
            self.close_block()
        elif tag == "li":
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            marker = f"{number}." if ordered else "•"
            if self.lists:
                self.lists[-1][1] += 1
            self.block(marker=marker, level=max(len(self.lists) - 1, 0))
        elif tag == "blockquote":
            self.close_block()
            self.quote += 1
        elif tag in ("td", "th"):
            self.in_cell = True
            if self.cells:
                self.text(" | ")
            self.cells += 1
        elif tag in _BLOCKS:
            self.block(level=self.quote, heading=tag in _HEADINGS)
            self.in_row = tag == "tr"
            if tag in ("pre", "div"):
                self.preserve += 1
        elif tag == "br":
            self.text("\n") if self.preserve else self._line_break()
        elif tag == "hr":
            self.block().runs.append(Run("—"))
            self.close_block()
        else:
            self._inline(tag, attrs, +1)

    def close(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.close_block()
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
            self.close_block()
        elif tag in _BLOCKS:
            if tag in ("pre", "div"):
                self.preserve = max(self.preserve - 1, 0)
            self.in_row = False
            self.close_block()
        elif tag in ("td", "th"):
            self.in_cell = False
        else:
            self._inline(tag, {}, -1)

    def _line_break(self) -> None:
        block = self.current or self.block()
        block.runs.append(Run("\n"))

    def _inline(self, tag: str, attrs: dict[str, str], step: int) -> None:
        key = {"strong": "b", "b": "b", "em": "i", "i": "i", "u": "u", "s": "s", "code": "code"}
        if tag == "a":
            if step > 0:
                self.href.append(unescape(attrs.get("href", "")))
            elif self.href:
                self.href.pop()
            return
        if tag in ("del", "ins"):
            if step > 0:
                css = attrs.get("class", "")  # a redline's marks, or plain struck / underlined
                name = "rl-del" if "rl-del" in css else "rl-ins" if "rl-ins" in css else None
                name = name or ("s" if tag == "del" else "u")
                self.marks.append(name)
            elif self.marks:
                name = self.marks.pop()
            else:
                return
            self.formats[name] = max(self.formats.get(name, 0) + step, 0)
            return
        if tag in key:
            name = key[tag]
            self.formats[name] = max(self.formats.get(name, 0) + step, 0)


def _same_format(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.underline, a.strike, a.code, a.href, a.change) == (
        b.bold, b.italic, b.underline, b.strike, b.code, b.href, b.change,
    )  # fmt: skip


def blocks(html: str) -> list[Block]:
    """The paragraphs of a stored HTML fragment, each a list of formatted runs."""
    if not html:
        return []
    builder = _Builder()
    for closing, tag, attributes, text in _TOKEN.findall(html):
        if text:
            builder.text(text)
        elif closing:
            builder.close(tag.lower())
        else:
            builder.open(tag.lower(), attributes)
    for block in builder.blocks:  # a trailing space or line break adds nothing to a paragraph
        while len(block.runs) > 1 and not block.runs[-1].text.strip(" \n"):
            block.runs.pop()
        if block.runs:
            block.runs[-1].text = block.runs[-1].text.rstrip(" \n")
    return [b for b in builder.blocks if any(r.text.strip() for r in b.runs)]


def run_text(run: Run) -> str:
    """A run as plain text: a link keeps its address in brackets, a redline its marks."""
    text = run.text
    if run.href and run.href not in (text, f"mailto:{text}"):
        text = f"{text} [{run.href.removeprefix('mailto:')}]"
    if run.change == "del":
        return f"[-{text}-]"
    if run.change == "ins":
        return f"{{+{text}+}}"
    return text


def block_text(block: Block) -> str:
    text = "".join(run_text(r) for r in block.runs)
    if block.marker:
        return "  " * block.level + f"{block.marker} {text}"
    return "  " * block.level + text if block.level else text


def plain_text(html: str) -> str:
    """Readable plain text of a stored HTML fragment: one line per paragraph or list item."""
    if not html:
        return ""
    if not _NOT_SIMPLE.search(html):
        paragraphs = _TAG.sub("", html.replace("</p>", "\x00")).split("\x00")
        return xml_safe(
            "\n".join(t for t in (" ".join(unescape(p).split()) for p in paragraphs) if t)
        )
    return xml_safe("\n".join(block_text(b) for b in blocks(html)))
