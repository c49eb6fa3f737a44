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
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_BLOCKS = {"p", "li", "blockquote", "pre", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "div"}
_HEADINGS = {"h3", "h4", "h5", "h6"}
# Characters XML 1.0 forbids (what a delegate's pasted text may still carry), to delete.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


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
    return text.translate(_NOT_XML)


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
        if not self.preserve and self.current is None and raw.isspace():
            return  # whitespace between blocks
        text = unescape(raw) if "&" in raw else raw
        if not self.preserve:
            text = _SPACES.sub(" ", text)
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
            current = self.current
            if not (tag == "p" and current is not None and current.marker and not current.runs):
                self.block(level=self.quote, heading=tag in _HEADINGS)  # (a loose list item's
            self.in_row = tag == "tr"  # first paragraph stays in the item's own block)
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


def block_text(block: Block) -> str:
    """A paragraph as plain text: a link keeps its address in brackets after its words, a
    redline its marks; a list item its marker."""
    parts: list[str] = []
    label = ""
    for index, run in enumerate(block.runs):
        text = run.text
        if run.change == "del":
            text = f"[-{text}-]"
        elif run.change == "ins":
            text = f"{{+{text}+}}"
        parts.append(text)
        if run.href:
            label += run.text
            following = block.runs[index + 1].href if index + 1 < len(block.runs) else None
            if following != run.href:  # the link's last run
                if run.href not in (label, f"mailto:{label}"):
                    parts.append(f" [{run.href.removeprefix('mailto:')}]")
                label = ""
    text = "".join(parts)
    indent = "  " * block.level
    return f"{indent}{block.marker} {text}" if block.marker else indent + text


def plain_text(html: str) -> str:
    """Readable plain text of a stored HTML fragment: one line per paragraph or list item.

    Characters XML cannot carry are left in: CSV and JSON take them; the XML writers pass
    every text through xml_safe()."""
    if not html:
        return ""
    plain = html.count("<") == 2 * html.count("<p>") and html.endswith("</p>")
    if plain and html.startswith("<p>"):  # paragraphs of plain text: most comments
        paragraphs = html[3:-4].split("</p>\n<p>")
        if "&" in html:
            paragraphs = [unescape(p) for p in paragraphs]
        return "\n".join(" ".join(p.split()) for p in paragraphs)
    fast = _common_text(html)
    if fast is not None:
        return fast
    return "\n".join(block_text(b) for b in blocks(html))


# What _common_text handles: paragraphs, flat lists, links, line breaks, inline emphasis.
_UNCOMMON = re.compile(r"<(?!/?(?:p|ul|ol|li|strong|em|b|i|u|s|code|sub|sup)>|a href=|/a>|br>)")
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_LIST = re.compile(r"<(ul|ol)>\n?(.*?)</\1>", re.DOTALL)
_ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)
BLOCK_END, LINE_BREAK = "\x00", "\x01"  # never in text that bleach has cleaned


def _common_text(html: str) -> str | None:
    """plain_text for what most rich comments hold, with regular expressions instead of the
    tokenizer (several times faster); None for anything else (nested or loose lists, quotes,
    tables, code blocks, redlines). tests/reports/test_richtext.py checks both agree."""
    if _UNCOMMON.search(html):
        return None

    def link(match: re.Match) -> str:
        href, label = match.group(1), match.group(2)
        shown = unescape(_TAG.sub("", label))
        target = unescape(href)
        if target in (shown, f"mailto:{shown}"):
            return label
        return f"{label} [{href.removeprefix('mailto:')}]"

    def listing(match: re.Match) -> str:
        ordered, inner = match.group(1) == "ol", match.group(2)
        return "".join(
            f"{BLOCK_END}{f'{n}.' if ordered else '•'} {item}{BLOCK_END}"
            for n, item in enumerate(_ITEM.findall(inner), start=1)
        )

    for match in _LIST.finditer(html):
        inner = match.group(2)
        if "<ul>" in inner or "<ol>" in inner or "<p>" in inner:
            return None
    text = _LINK.sub(link, html)
    text = _LIST.sub(listing, text)
    text = text.replace("</p>", BLOCK_END).replace("<br>", LINE_BREAK)
    text = _TAG.sub("", text)
    if "&" in text:
        text = unescape(text)
    lines = []
    for block in text.split(BLOCK_END):
        parts = [" ".join(part.split()) for part in block.split(LINE_BREAK)]
        if any(parts):
            lines.append("\n".join(parts))
    return "\n".join(lines)
