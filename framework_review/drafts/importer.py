"""Split an imported draft standard into the numbered clauses readers cite.

Drafts arrive as Word (.docx), Markdown (.md/.markdown) or plain text (.txt). Each source is
first read into a flat list of blocks (headings, paragraphs, list items, tables); one builder
then turns blocks into a clause tree, so the numbering and nesting rules are the same for all
three formats.

Number tokens (see ``_tokenize``) recognised at the start of a paragraph or heading:

* labelled numbers: ``Standard 3``, ``Principle 2``, ``Article 5``, ``Annex II``,
  ``Appendix A``, ``Part III``, ``Section 2``, ``Chapter 1`` (capitalised or upper case).
  In a paragraph they need ``:``, ``.`` or a dash (-, –, —) before the title, or must stand
  alone on the paragraph's first line; in a heading plain whitespace is enough.
* arabic numbers ``4``, ``4.``, ``1.2``, ``2.2.1.``: each component has at most 3 digits,
  so ``2026 figures`` is not a clause.
* roman part numbers with a dot, ``I.`` to ``XXXIX.``.
* annex-style numbers ``A1.``, ``B.2``, ``A1.2`` (a paragraph needs a dot in the token).
* items: ``(a)``, ``a)``, ``a.``, ``(iv)``, ``iv)``, ``(A)``, ``(1)``, ``1)``; multi-letter
  items must be roman numerals up to 50. Whether ``(i)``, ``(v)`` or ``(x)`` is a letter or a
  roman numeral follows from the open sibling lists (``_Builder._item_kind``).

A paragraph token must be followed by whitespace; a heading token may also end the heading.
In Markdown and text, a line inside a paragraph starts a new paragraph when it begins with a
"strong" token (trailing dot, item, roman part, label) or, for weak tokens such as ``3.2``,
when the paragraph itself began with a token (a run of numbered lines).

Title: the first ``#`` heading (or setext ``===``) seen before any clause, unless numbered;
in Word the first Title-styled paragraph before any clause, else a Heading 1 that opens the
document; in text the first non-empty line unless numbered. Later Title paragraphs are
headings above Heading 1. Text before the first clause is the introduction.

Nesting (``_Builder``): headings close clauses down to the nearest heading of a lower level;
a numbered clause goes under the nearest open clause whose number is a prefix of its own
(``Standard 3`` and ``3`` both prefix ``3.1``; ``Annex B`` prefixes ``B.2``), for paragraphs
searching no further up than the closest heading; otherwise it closes open items, other
arabic/annex numbers and labelled clauses of the same rank (Part/Annex/Appendix > Chapter >
Section > Article/Standard/Principle > roman part > arabic) and sits under what remains.
Items are siblings of the open item of their kind, or open a sub-list under the last clause.
An unnumbered heading's ref is its text, so repeated headings ("Notes") are duplicates.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import asdict, dataclass, field, replace

MAX_BYTES_DEFAULT = 5 * 1024 * 1024
# Rendering costs up to ~25 µs per character for dense markup (tables, emphasis runs), so the
# text a draft may hold bounds the confirm step's time: 150,000 characters is about twice a
# long standard with its annexes. The app's MAX_DRAFT_CHARS setting overrides it.
MAX_CHARS_DEFAULT = 150_000
SUPPORTED_EXTENSIONS = (".docx", ".md", ".markdown", ".txt")


@dataclass
class ParsedClause:
    """One citable clause: a heading or a numbered paragraph and the text that follows it."""

    ref: str
    number: str | None
    heading: str | None
    text: str
    level: int
    parent: int | None
    source_line: int


@dataclass
class ParsedDraft:
    """A parsed draft: title, unnumbered introduction and clauses in document order."""

    title: str | None
    introduction: str
    clauses: list[ParsedClause]

    def to_json(self) -> dict:
        """Plain values, kept with the upload so preview and confirm need not parse again."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ParsedDraft:
        clauses = [ParsedClause(**clause) for clause in data["clauses"]]
        return cls(data["title"], data["introduction"], clauses)


class DraftImportError(ValueError):
    """The upload cannot be turned into clauses; ``message`` says why (and where)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- entry points


def parse_document(
    filename: str,
    data: bytes,
    max_bytes: int = MAX_BYTES_DEFAULT,
    max_chars: int = MAX_CHARS_DEFAULT,
) -> ParsedDraft:
    """Parse an uploaded file, choosing the reader from the file name's extension."""  # fmt: skip
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = f'"{ext}"' if ext else "without an extension"
        hint = " (save it as .docx first)" if ext == ".doc" else ""
        raise DraftImportError(
            f"Unsupported file type {shown}{hint}: upload a Word document (.docx), "
            "Markdown (.md, .markdown) or plain text (.txt) file."
        )
    if len(data) > max_bytes:
        raise DraftImportError(
            f"The file is too large ({_size(len(data))}); the limit is {_size(max_bytes)}."
        )
    if not data.strip():
        raise DraftImportError("The file is empty.")
    if ext == ".docx":
        return parse_docx(data, max_chars)
    text = _decode(data)
    _check_length(len(text), max_chars)
    return parse_text(text, markdown=ext != ".txt")


def _check_length(chars: int, max_chars: int) -> None:
    if chars > max_chars:
        raise DraftImportError(
            f"The draft holds {chars:,} characters of text; the limit is {max_chars:,}. "
            "Import it in parts, or ask the administrator to raise MAX_DRAFT_CHARS."
        )


def parse_text(text: str, markdown: bool = True) -> ParsedDraft:
    """Parse Markdown (``markdown=True``) or plain text into clauses."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DraftImportError("The file is empty.")
    return _Builder("line").build(_TextReader(text, markdown).read())


def parse_docx(data: bytes, max_chars: int = MAX_CHARS_DEFAULT) -> ParsedDraft:
    """Parse a Word document, resolving automatic numbering to the numbers Word displays."""
    # Imported here: importer_docx builds on this module, and text imports never load lxml.
    from framework_review.drafts.importer_docx import read_docx_blocks

    blocks = read_docx_blocks(data)
    _check_length(sum(len(block.plain) for block in blocks), max_chars)
    return _Builder("paragraph").build(blocks)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


def _decode(data: bytes) -> str:
    """Decode text bytes as UTF-8 (BOM allowed) or BOM-marked UTF-16, naming the bad line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DraftImportError("The file is not valid UTF-16 text.") from exc
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise DraftImportError(
            f"The file is not valid UTF-8 text: byte 0x{body[exc.start]:02X} at line {line} "
            "cannot be read. Save the file as UTF-8 and upload it again.",
            line,
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DraftImportError(
            f"The file is not a text file: it contains binary data at line {line}.", line
        )
    return text


# --------------------------------------------------------------------------- blocks


@dataclass
class _Run:
    """A piece of Word paragraph text with its direct bold/italic formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class _Block:
    """A unit of source content; ``plain`` is the raw text used for numbers and headings.

    kind is "heading", "para" (may start a clause), or "list"/"table"/"raw" (Markdown
    appended to the current clause as is). ``runs`` holds Word formatting; when it is None
    ``plain`` already is Markdown.
    """

    kind: str
    plain: str
    line: int
    level: int = 1
    title_rank: int = 0  # 2: Title style / first .txt line; 1: may be the title if first
    numbered: bool = True  # False for continuation paragraphs (never start a clause)
    starts_token: bool = False
    caps_title: bool = False  # .txt "1. SCOPE": the rest of the line is a heading
    label: str | None = None  # Word automatic number, as displayed
    label_roman: bool | None = None  # Word list format: roman (True) or letters (False)
    runs: list[_Run] | None = None

    def markdown(self, skip: int = 0) -> str:
        """Markdown of the block after its first ``skip`` characters of plain text."""
        if self.runs is None:
            return self.plain[skip:]
        return _render_runs(self.runs, skip)


def _escape(text: str) -> str:
    """Escape characters Word text may contain that Markdown would read as markup."""
    return re.sub(r"([\\`*_])", r"\\\1", text)


def _render_runs(runs: list[_Run], skip: int = 0) -> str:
    """Render Word runs as Markdown, wrapping bold/italic stretches in ``**``/``*``."""
    pieces: list[list] = []
    for run in runs:
        text = run.text
        if skip:
            if skip >= len(text):
                skip -= len(text)
                continue
            text, skip = text[skip:], 0
        if pieces and pieces[-1][1:] == [run.bold, run.italic]:
            pieces[-1][0] += text
        else:
            pieces.append([text, run.bold, run.italic])
    out = []
    for text, bold, italic in pieces:
        body = _escape(text).replace("\t", " ").replace("\n", "  \n")
        marker = "*" * (2 * bold + italic)
        core = body.strip()
        if marker and core:
            lead = body[: len(body) - len(body.lstrip())]
            trail = body[len(body.rstrip()) :]
            body = f"{lead}{marker}{core}{marker}{trail}"
        out.append(body)
    return "".join(out)


def _reflow(text: str) -> str:
    """Join a paragraph's lines with spaces, keeping Markdown hard breaks (two spaces)."""
    out = ""
    hard = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if out:
            out += "  \n" if hard else " "
        out += line
        hard = raw.endswith("  ")
    return out


def _collapse(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- number tokens

_LABEL_RANKS = {
    "part": 10,
    "annex": 10,
    "appendix": 10,
    "chapter": 11,
    "section": 12,
    "article": 13,
    "standard": 13,
    "principle": 13,
}
_LABEL_NAMES = "|".join(f"{n.capitalize()}|{n.upper()}" for n in _LABEL_RANKS)
_LABEL_RE = re.compile(
    rf"(?P<name>{_LABEL_NAMES})[ \t]+(?P<num>\d{{1,3}}(?:\.\d{{1,3}})*|[IVXLC]{{1,7}}|[A-Z])"
    r"(?=$|[\s:.\-\u2013\u2014])"
)
_LABEL_SEP_RE = re.compile(r"[ \t]*(?:[:\-\u2013\u2014]|\.(?=\s|$))[ \t]*")
_ITEM_RE = re.compile(
    r"(?:\((?P<p>[a-z]{1,6}|[A-Z]{1,6}|\d{1,3})\)"
    r"|(?P<b>[a-z]{1,6}|[A-Z]{1,6}|\d{1,3})\)"
    r"|(?P<d>[a-z]{1,6})\.)"
)
_PART_RE = re.compile(r"(?P<num>[IVX]{1,6})\.")
_ANNEX_RE = re.compile(r"(?P<num>[A-Z]\.?\d{1,3}(?:\.\d{1,3})*)(?P<dot>\.)?")
_DECIMAL_RE = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})*)(?P<dot>\.)?")


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv")):
        while n >= value:
            out, n = out + numeral, n - value
    return out + "i" * n


_ROMAN_VALUES = {_to_roman(n): n for n in range(1, 51)}


@dataclass(frozen=True)
class _Token:
    """A number token at the start of a text: how it prints, what it cites, how it nests."""

    kind: str  # "label" | "part" | "num" | "item"
    number: str  # as printed: "4.", "Standard 3", "(a)"
    ref: str  # own reference: "4", "Standard 3", "a" (items get the parent's ref prefixed)
    key: tuple[str, ...] | None  # components for prefix nesting: ("2", "2", "1")
    rank: int  # outer clauses have lower ranks
    consumed: int  # characters of the text taken by the token and following separator
    strong: bool


def _key(num: str) -> tuple[str, ...]:
    parts = re.findall(r"[A-Z]+|\d+", num)
    return tuple(str(int(p)) if p.isdigit() else p for p in parts)


def _tokenize(text: str, heading: bool = False) -> _Token | None:
    """Recognise the number token that starts ``text`` (already left-stripped)."""

    def after(end: int) -> int | None:
        """Index after the whitespace following a token, or None if no whitespace follows."""
        if end == len(text):
            return end if heading else None
        if not text[end].isspace():
            return None
        return len(text) - len(text[end:].lstrip())

    m = _LABEL_RE.match(text)
    if m:
        rest = text[m.end() :]
        sep = _LABEL_SEP_RE.match(rest)
        if rest.split("\n", 1)[0].strip() == "":
            consumed = m.end() + len(rest) - len(rest.lstrip(" \t"))
        elif sep and sep.group().strip():
            consumed = m.end() + sep.end()
        elif heading and rest[0].isspace():
            consumed = m.end() + len(rest) - len(rest.lstrip())
        else:
            consumed = None
        if consumed is not None:
            name, num = m.group("name"), m.group("num")
            return _Token(
                "label",
                f"{name} {num}",
                f"{name.capitalize()} {num}",
                _key(num),
                _LABEL_RANKS[name.lower()],
                consumed,
                True,
            )
    m = _ITEM_RE.match(text)
    if m:
        letters = m.group("p") or m.group("b") or m.group("d")
        valid = letters.isdigit() or len(letters) == 1 or letters.lower() in _ROMAN_VALUES
        end = after(m.end())
        if valid and end is not None:
            return _Token("item", m.group(), letters, None, 100, end, True)
    m = _PART_RE.match(text)
    if m and _ROMAN_VALUES.get(m.group("num").lower(), 99) <= 39:
        end = after(m.end())
        if end is not None:
            num = m.group("num")
            return _Token("part", m.group(), num, (num,), 20, end, True)
    for regex in (_ANNEX_RE, _DECIMAL_RE):
        m = regex.match(text)
        if not m:
            continue
        end = after(m.end())
        num = m.group("num")
        strong = bool(m.group("dot"))
        if regex is _ANNEX_RE and not (heading or strong or "." in num):
            continue
        if end is not None:
            key = _key(num)
            return _Token("num", m.group(), num, key, 30 + len(key), end, strong)
    return None


def tokenize_number(number: str) -> _Token | None:
    """The token of a clause number as stored ("3.2", "(b)", "Standard 3"), or None.

    Public for versions/numbering.py, which renumbers clauses by these same rules.
    """
    text = (number or "").strip()
    token = _tokenize(text, heading=True)
    return token if token is not None and token.consumed >= len(text) else None


NumberToken = _Token
ROMAN_VALUES = _ROMAN_VALUES
to_roman = _to_roman
number_key = _key


# --------------------------------------------------------------------------- text reader

_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_RULE_RE = re.compile(r" {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"[ \t]*[-*+\u2022\u25e6\u25aa\u2023][ \t]+(?P<text>\S.*)$")
_ORDERED_RE = re.compile(r"(?:\d{1,3}[.)]|\(?[a-z]{1,4}\))[ \t]")
_CELL_SEP_RE = re.compile(r":?-+:?")
_INDENT = "    "  # nested list indentation Python-Markdown and CommonMark both accept


def _indent_width(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4
        else:
            break
    return width


def _is_table_separator(line: str) -> bool:
    stripped = line.strip()
    if "|" not in stripped:
        return False
    cells = stripped.strip("|").split("|")
    return all(_CELL_SEP_RE.fullmatch(cell.strip()) for cell in cells)


def _is_caps_heading(line: str) -> bool:
    """An upper-case short line such as "KEY PRINCIPLES" (plain-text heading)."""
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= 3
        and line == line.upper()
        and len(line) <= 100
        and len(line.split()) <= 12
        and not line.endswith((".", ",", ";"))
    )


class _TextReader:
    """Read Markdown or plain text into blocks, line by line (a small CommonMark subset).

    Plain text differs from Markdown in having no ``#``/setext headings, code fences or
    quotes; its first non-empty line is the title, and a single-line paragraph in upper case
    is a heading ("SCOPE"), or when numbered, the clause's heading ("1. SCOPE").
    """

    def __init__(self, text: str, markdown: bool) -> None:
        self.lines = text.split("\n")
        self.md = markdown
        self.blocks: list[_Block] = []
        self.open: str | None = None  # "para" or "list" while the last block can grow
        self.blank = False
        self.list_indents: list[int] = []
        self.seen = False

    def read(self) -> list[_Block]:
        i = 0
        while i < len(self.lines):
            i = self._line(i)
        self._close()
        return self.blocks

    def _emit(self, block: _Block, open_as: str | None = None) -> None:
        self.blocks.append(block)
        self.open = open_as
        self.blank = False
        if block.kind != "list":
            self.list_indents = []

    def _close(self) -> None:
        """End the open paragraph; in text files decide whether it was a heading line."""
        block = self.blocks[-1] if self.blocks else None
        if self.open == "para" and block and not self.md and block.numbered:
            line = block.plain.strip()
            if "\n" not in line:
                token = _tokenize(line)
                if token is None and _is_caps_heading(line):
                    block.kind = "heading"
                elif token and token.kind != "label" and _is_caps_heading(line[token.consumed :]):
                    block.caps_title = True
        if self.open == "para":
            self.open = None

    def _line(self, i: int) -> int:
        """Handle line ``i``; return the index of the next unread line."""
        raw = self.lines[i]
        stripped = raw.strip()
        lineno = i + 1
        if not stripped:
            self._close()
            self.blank = True
            return i + 1
        if self.md and _FENCE_RE.match(raw):
            fence = _FENCE_RE.match(raw).group(1)
            end = i + 1
            while end < len(self.lines) and not self.lines[end].strip().startswith(fence):
                end += 1
            self._close()
            self._emit(_Block("raw", "\n".join(self.lines[i : end + 1]).strip(), lineno))
            return end + 1
        if not self.seen:
            self.seen = True
            if not self.md and _tokenize(stripped) is None and not _BULLET_RE.match(raw):
                self._emit(_Block("heading", stripped, lineno, title_rank=2))
                return i + 1
        if self.md and (m := _ATX_RE.match(raw)):
            self._close()
            level = len(m.group(1))
            title_rank = 1 if level == 1 else 0
            self._emit(_Block("heading", m.group(2) or "", lineno, level, title_rank))
            return i + 1
        if self.md and self.open == "para" and _SETEXT_RE.match(raw):
            block = self.blocks[-1]
            if "\n" not in block.plain.strip() and block.numbered:
                level = 1 if "=" in stripped else 2
                block.kind, block.level, block.title_rank = "heading", level, 2 - level
                self.open = None
                return i + 1
        if _RULE_RE.match(raw):
            self._close()
            self.open = None
            return i + 1
        if i + 1 < len(self.lines) and "|" in stripped and _is_table_separator(self.lines[i + 1]):
            end = i + 2
            while end < len(self.lines) and "|" in self.lines[end] and self.lines[end].strip():
                end += 1
            self._close()
            rows = [line.strip() for line in self.lines[i:end]]
            self._emit(_Block("table", "\n".join(rows), lineno))
            return end
        if self.md and stripped.startswith(">") and _indent_width(raw) < 4:
            end = i + 1
            while end < len(self.lines) and self.lines[end].strip():
                end += 1
            self._close()
            rows = [line.strip() for line in self.lines[i:end]]
            self._emit(_Block("raw", "\n".join(rows), lineno))
            return end
        if m := _BULLET_RE.match(raw):
            self._close()
            self._bullet(_indent_width(raw), m.group("text"), lineno)
        elif _indent_width(raw) >= 2:
            self._indented(raw, stripped, lineno)
        else:
            self._plain_line(raw, stripped, lineno)
        return i + 1

    def _bullet(self, indent: int, text: str, lineno: int) -> None:
        indents = self.list_indents if self.open == "list" else []
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1] + 1:
            indents.append(indent)
        depth = len(indents) - 1
        self._emit(_Block("list", f"{_INDENT * depth}- {text.strip()}", lineno), "list")
        self.list_indents = indents

    def _indented(self, raw: str, stripped: str, lineno: int) -> None:
        """An indented line continues the paragraph, the list, or the clause above."""
        if self.open == "para":
            self.blocks[-1].plain += "\n" + raw.lstrip()
            return
        if self.open == "list":
            depth = len(self.list_indents)
            block = self.blocks[-1]
            if _ORDERED_RE.match(stripped):
                self.blocks.append(_Block("list", f"{_INDENT * depth}{stripped}", lineno))
            elif self.blank:
                block.plain += f"\n\n{_INDENT * depth}{stripped}"
            else:
                block.plain += f" {stripped}"
            self.blank = False
            return
        self._emit(_Block("para", raw.lstrip(), lineno, numbered=False), "para")

    def _plain_line(self, raw: str, stripped: str, lineno: int) -> None:
        token = _tokenize(stripped)
        if self.open == "para":
            block = self.blocks[-1]
            if token is None or not (token.strong or block.starts_token):
                block.plain += "\n" + raw.lstrip()
                return
            self._close()
        elif self.open == "list" and not self.blank and not (token and token.strong):
            self.blocks[-1].plain += f" {stripped}"  # lazy continuation of the list item
            return
        para = _Block("para", raw.lstrip(), lineno, starts_token=token is not None)
        self._emit(para, "para")


# --------------------------------------------------------------------------- clause builder


@dataclass
class _Open:
    """A clause that later clauses may still nest under."""

    index: int
    ref: str
    level: int
    heading_level: int | None
    family: str  # "heading" | "label" | "part" | "num" | "item"
    rank: int
    key: tuple[str, ...] | None
    item_kind: str | None = None  # "a", "A", "i", "I" or "1"
    item_value: int = 0


def _is_prefix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and long[: len(short)] == short


@dataclass
class _Builder:
    """Turn blocks into a ParsedDraft, nesting clauses by headings and numbers."""

    unit: str  # "line" or "paragraph", for messages
    title: str | None = None
    intro: list[tuple[str, str]] = field(default_factory=list)
    clauses: list[ParsedClause] = field(default_factory=list)
    bodies: list[list[tuple[str, str]]] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    refs: dict[str, int] = field(default_factory=dict)

    def build(self, blocks: list[_Block]) -> ParsedDraft:
        for block in blocks:
            if block.kind == "heading":
                self._heading(block)
            elif block.kind == "para":
                self._para(block)
            else:
                self._append(block.kind, block.markdown())
        if not self.clauses:
            raise DraftImportError(
                "No clauses found: the draft has no headings or numbered paragraphs."
            )
        for clause, body in zip(self.clauses, self.bodies, strict=True):
            clause.text = _join(body)
        return ParsedDraft(self.title, _join(self.intro), self.clauses)

    def _append(self, kind: str, text: str) -> None:
        if text.strip():
            (self.bodies[-1] if self.bodies else self.intro).append((kind, text.strip("\n")))

    def _token(self, block: _Block, text: str, heading: bool) -> _Token | None:
        """The block's number token: its Word number if it reads as one, else typed text."""
        if not block.numbered:
            return None
        if block.label:
            token = _tokenize(block.label, heading=True)
            if token and token.consumed >= len(block.label):
                return replace(token, consumed=len(block.label) + 1)
        return _tokenize(text, heading)

    def _heading(self, block: _Block) -> None:
        text = _collapse(block.plain)
        if not text:
            return
        token = self._token(block, text, heading=True)
        if token is None and block.title_rank and self.title is None and not self.clauses:
            self.title = text
            return
        heading = (text[token.consumed :].strip() or None) if token else text
        self._clause(token, heading, "", block, block.level)

    def _para(self, block: _Block) -> None:
        plain = block.plain
        lead = len(plain) - len(plain.lstrip())
        token = self._token(block, plain.lstrip(), heading=False)
        if token is None:
            self._append("para", _reflow(block.markdown()))
            return
        skip = lead + token.consumed
        if token.kind == "label" or block.caps_title:
            first = plain[skip:].split("\n", 1)[0]
            heading = _collapse(first) or None
            body = _reflow(block.markdown(skip + len(first) + 1))
        else:
            heading, body = None, _reflow(block.markdown(skip))
        self._clause(token, heading, body, block, None)

    def _clause(
        self,
        token: _Token | None,
        heading: str | None,
        body: str,
        block: _Block,
        heading_level: int | None,
    ) -> None:
        item_kind, item_value = None, 0
        if heading_level is not None:
            parent = self._place_heading(token.key if token else None, heading_level)
            family, rank = "heading", 0
        elif token.kind == "item":
            hint = block.label_roman if block.label else None
            item_kind, item_value = self._item_kind(token.ref, hint)
            parent = self._place_item(item_kind)
            family, rank = "item", token.rank
        else:
            parent = self._place_para(token.kind, token.rank, token.key)
            family, rank = token.kind, token.rank
        if token is None:
            ref = heading.rstrip(" .:") or heading
        elif token.kind == "item":
            ref = f"{parent.ref if parent else ''}({token.ref})"
        else:
            ref = token.ref
        if ref in self.refs:
            raise DraftImportError(
                f'Duplicate clause reference "{ref}" at {self.unit} {block.line} '
                f"(first used at {self.unit} {self.refs[ref]}).",
                block.line,
            )
        self.refs[ref] = block.line
        level = parent.level + 1 if parent else 0
        index = len(self.clauses)
        self.clauses.append(
            ParsedClause(
                ref=ref,
                number=token.number if token else None,
                heading=heading,
                text="",
                level=level,
                parent=parent.index if parent else None,
                source_line=block.line,
            )
        )
        self.bodies.append([("para", body)] if body.strip() else [])
        self.stack.append(
            _Open(
                index,
                ref,
                level,
                heading_level,
                family,
                rank,
                token.key if token else None,
                item_kind,
                item_value,
            )
        )

    def _place_heading(self, key: tuple[str, ...] | None, level: int) -> _Open | None:
        """Headings nest by level, or under an open clause whose number prefixes theirs."""
        if key:
            for j in range(len(self.stack) - 1, -1, -1):
                if self.stack[j].key and _is_prefix(self.stack[j].key, key):
                    del self.stack[j + 1 :]
                    return self.stack[j]
        while self.stack and not (
            self.stack[-1].heading_level is not None and self.stack[-1].heading_level < level
        ):
            self.stack.pop()
        return self.stack[-1] if self.stack else None

    def _place_para(self, family: str, rank: int, key: tuple[str, ...] | None) -> _Open | None:
        """Numbered paragraphs nest under a number prefix, else under the closest outer clause.

        The prefix search stops at the closest heading; without a prefix, open items, other
        arabic/annex numbers and clauses of the same or a lower rank are closed.
        """
        if key:
            for j in range(len(self.stack) - 1, -1, -1):
                candidate = self.stack[j]
                if candidate.key and _is_prefix(candidate.key, key):
                    del self.stack[j + 1 :]
                    return candidate
                if candidate.heading_level is not None:
                    break
        while self.stack:
            top = self.stack[-1]
            if top.heading_level is not None:
                break
            if top.family == "item" or top.rank >= rank or family == top.family == "num":
                self.stack.pop()
                continue
            break
        return self.stack[-1] if self.stack else None

    def _open_items(self) -> list[_Open]:
        items = []
        for entry in reversed(self.stack):
            if entry.family != "item":
                break
            items.append(entry)
        return items  # nearest first

    def _item_kind(self, letters: str, roman_hint: bool | None = None) -> tuple[str, int]:
        """Decide whether an item is a letter, roman numeral or number, and its value.

        ``(i)``, ``(v)`` and ``(x)`` continue whichever open list they follow in sequence
        (roman after ``(iv)``, letter after ``(h)``); otherwise ``(i)`` opens a roman list.
        A Word list level's number format, when known, settles it.
        """
        if letters.isdigit():
            return "1", int(letters)
        upper = letters.isupper()
        alpha_kind, roman_kind = ("A", "I") if upper else ("a", "i")
        low = letters.lower()
        if len(low) > 1:
            return roman_kind, _ROMAN_VALUES[low]
        alpha = ord(low) - ord("a") + 1
        if low not in "ivx":
            return alpha_kind, alpha
        roman = _ROMAN_VALUES[low]
        if roman_hint is not None:
            return (roman_kind, roman) if roman_hint else (alpha_kind, alpha)
        for entry in self._open_items():
            if entry.item_kind == roman_kind and entry.item_value + 1 == roman:
                return roman_kind, roman
            if entry.item_kind == alpha_kind and entry.item_value + 1 == alpha:
                return alpha_kind, alpha
        return (roman_kind, roman) if roman == 1 else (alpha_kind, alpha)

    def _place_item(self, kind: str) -> _Open | None:
        """An item is a sibling of the open item of its kind, else it opens a sub-list."""
        for entry in self._open_items():
            if entry.item_kind == kind:
                del self.stack[self.stack.index(entry) :]
                break
        return self.stack[-1] if self.stack else None


def _join(pieces: list[tuple[str, str]]) -> str:
    """Join body pieces with blank lines, keeping consecutive list items together."""
    out = ""
    previous = None
    for kind, text in pieces:
        if out:
            out += "\n" if kind == previous == "list" else "\n\n"
        out += text
        previous = kind
    return out.strip()
