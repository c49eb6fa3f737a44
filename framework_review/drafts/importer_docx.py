"""Read a Word (.docx) draft into the importer's blocks.

Paragraph styles decide headings (Title, Heading 1-9 or an outline level) and bullets;
automatic numbering is resolved from the numbering part to the label Word displays, so an
auto-numbered "(a)" reads exactly like a typed one. Tables become pipe tables. Paragraph
numbers in messages count the body's paragraphs from 1, empty ones included, table cells not.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from framework_review.drafts.importer import DraftImportError, _Block, _escape, _render_runs, _Run

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# A real draft's document.xml is a few MB and a few hundred thousand elements at most; these
# bound what a hostile package can cost (see bench/import_limits.py for the measurements).
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_ELEMENTS = 500_000
_CHUNK = 256 * 1024
_INDENT = "    "


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(_w("val"))


def _on(element: etree._Element | None) -> bool:
    """Whether a Word on/off property (w:b, w:i, w:vanish, w:isLgl) is set."""
    return element is not None and _val(element) not in ("0", "false", "off", "none")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_docx_blocks(data: bytes) -> list[_Block]:
    """Read the document body into blocks, opening only the parts the reader needs.

    Every part is inflated through a stream that stops at MAX_PART_BYTES actually produced
    (a zip header's declared size is not trusted) and parsed without entities or DTDs, counting
    elements against MAX_ELEMENTS, so a hostile package fails fast in bounded memory.
    """
    package = _open_package(data)
    budget = _ElementBudget(MAX_ELEMENTS)
    document = _read_part(package, "word/document.xml", budget)
    if document is None:
        raise DraftImportError("The file is not a Word document (.docx): it has no document part.")
    body = document.find(_w("body"))
    if body is None:
        raise DraftImportError("The file is not a readable Word document (.docx).")
    related = _related_parts(package, budget)
    styles = _Styles(_read_part(package, related.get("styles"), budget))
    numbering = _read_part(package, related.get("numbering"), budget)
    reader = _DocxReader(styles, _Numbering(numbering, styles))
    reader.walk(body)
    return reader.blocks


def _open_package(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DraftImportError(
            "The file is not a readable Word document (.docx): it is not a valid package. "
            "Old .doc files must be saved as .docx first."
        ) from exc


class _ElementBudget:
    """How many more XML elements the parts of one document may hold together."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise DraftImportError(
                f"The Word document is too complex: it holds more than {MAX_ELEMENTS:,} XML "
                "elements. Split it, or save it as Markdown or plain text."
            )


def _read_part(
    package: zipfile.ZipFile, name: str | None, budget: _ElementBudget
) -> etree._Element | None:
    """Inflate and parse one XML part within the limits; None when the package lacks it."""
    if name is None:
        return None
    try:
        member = package.getinfo(name)
    except KeyError:
        return None
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    inflated = 0
    try:
        with package.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                inflated += len(chunk)
                if inflated > MAX_PART_BYTES:
                    raise DraftImportError(
                        "The Word document is too large once unpacked: "
                        f"{name} holds more than {MAX_PART_BYTES // (1024 * 1024)} MB of XML."
                    )
                parser.feed(chunk)
                budget.spend(sum(1 for _ in parser.read_events()))
        root = parser.close()
    except DraftImportError:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, OSError, EOFError) as exc:
        raise DraftImportError("The file is not a readable Word document (.docx).") from exc
    return root


_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships"
_PART_TYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles": "styles",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering": "numbering",
}


def _related_parts(package: zipfile.ZipFile, budget: _ElementBudget) -> dict[str, str]:
    """Where the document's styles and numbering parts are, from its relationships."""
    rels = _read_part(package, "word/_rels/document.xml.rels", budget)
    found: dict[str, str] = {}
    if rels is None:
        return found
    for relation in rels.findall(f"{{{_RELATIONSHIP}}}Relationship"):
        kind = _PART_TYPES.get(relation.get("Type", ""))
        target = relation.get("Target", "")
        if kind and target and relation.get("TargetMode") != "External":
            path = target.lstrip("/") if target.startswith("/") else f"word/{target}"
            found[kind] = posixpath.normpath(path)
    return found


class _Styles:
    """Paragraph style lookups that follow w:basedOn inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default: str | None = None
        for style in root.findall(_w("style")) if root is not None else ():
            style_id = style.get(_w("styleId"))
            self.by_id[style_id] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default = style_id

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            yield self.by_id[style_id]
            style_id = _val(self.by_id[style_id].find(_w("basedOn")))

    def role(self, style_id: str | None) -> tuple[str, int]:
        """("title"|"heading"|"toc"|"bullet"|"body", heading level) for a paragraph style."""
        for style in self.chain(style_id):
            name = (_val(style.find(_w("name"))) or "").strip().lower()
            if name == "title":
                return "title", 0
            if m := re.fullmatch(r"heading\s*([1-9])", name):
                return "heading", int(m.group(1))
            if re.fullmatch(r"toc\s*\d|toc heading", name):
                return "toc", 0
            if name.startswith("list bullet"):
                return "bullet", 0
        for style in self.chain(style_id):
            outline = _int(_val(style.find(f"{_w('pPr')}/{_w('outlineLvl')}")), 9)
            if outline < 9:
                return "heading", outline + 1
        return "body", 0

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The (numId, ilvl) a style (or one it is based on) attaches to its paragraphs."""
        for style in self.chain(style_id):
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(_w("numId")))
                ilvl = _val(num_pr.find(_w("ilvl")))
                return num_id, None if ilvl is None else _int(ilvl, 0)
        return None, None


@dataclass
class _Level:
    """One w:lvl of a numbering definition."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    style: str | None = None

    @classmethod
    def parse(cls, element: etree._Element) -> _Level:
        restart = _val(element.find(_w("lvlRestart")))
        return cls(
            start=_int(_val(element.find(_w("start"))), 0),
            fmt=_val(element.find(_w("numFmt"))) or "decimal",
            text=_val(element.find(_w("lvlText"))) or "",
            restart=None if restart is None else _int(restart, 0),
            legal=_on(element.find(_w("isLgl"))),
            style=_val(element.find(_w("pStyle"))),
        )


def _format(value: int, fmt: str) -> str:
    """Format a counter the way Word's w:numFmt displays it."""
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        numerals = (
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        )  # fmt: skip
        out = ""
        for amount, numeral in numerals:
            while value >= amount:
                out, value = out + numeral, value - amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


class _Numbering:
    """Word list counters: one set per abstract definition, shared by the nums using it."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        if root is not None:
            for element in root.findall(_w("abstractNum")):
                self.abstracts[element.get(_w("abstractNumId"))] = element
            for element in root.findall(_w("num")):
                self.nums[element.get(_w("numId"))] = element
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        """The abstract definition of a num, following w:numStyleLink to a numbering style."""
        num = self.nums.get(num_id)
        abstract_id = _val(num.find(_w("abstractNumId"))) if num is not None else None
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return None
        link = _val(abstract.find(_w("numStyleLink")))
        if link and depth < 3:
            linked_num, _ = self.styles.num_pr(link)
            if linked_num and linked_num != num_id:
                return self._abstract_id(linked_num, depth + 1) or abstract_id
        return abstract_id

    def _levels(self, num_id: str, abstract_id: str) -> dict[int, _Level]:
        levels = {
            _int(lvl.get(_w("ilvl")), 0): _Level.parse(lvl)
            for lvl in self.abstracts[abstract_id].findall(_w("lvl"))
        }
        for override in self.nums[num_id].findall(_w("lvlOverride")):
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                levels[_int(override.get(_w("ilvl")), 0)] = _Level.parse(lvl)
        return levels

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The level a numbered style uses when its numPr gives no w:ilvl."""
        abstract_id = self._abstract_id(num_id)
        if abstract_id and style_id:
            for ilvl, level in self._levels(num_id, abstract_id).items():
                if level.style == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> tuple[str | None, str]:
        """Advance the list and return (displayed label, the level's w:numFmt)."""
        abstract_id = self._abstract_id(num_id) if num_id in self.nums else None
        if abstract_id is None:
            return None, "none"
        levels = self._levels(num_id, abstract_id)
        level = levels.get(ilvl)
        if level is None:
            return None, "none"
        if level.fmt == "bullet":
            return None, "bullet"
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for override in self.nums[num_id].findall(_w("lvlOverride")):
                start = _val(override.find(_w("startOverride")))
                index = _int(override.get(_w("ilvl")), 0)
                if start is not None and 0 <= index < 9:
                    counters[index] = _int(start, 1) - 1
                    counters[index + 1 :] = [None] * (8 - index)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            restart = deeper if restart is None else restart
            if ilvl < restart:
                counters[deeper] = None

        def shown(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            other = levels.get(index)
            if other is None:
                return ""
            value = counters[index] if counters[index] is not None else other.start
            return _format(value, "decimal" if level.legal else other.fmt)

        label = re.sub(r"%([1-9])", shown, level.text).strip()
        return label or None, level.fmt


def _runs(paragraph: etree._Element) -> list[_Run]:
    """The visible runs of a paragraph (no deleted, hidden or text-box text)."""
    skip = {_w("del"), _w("moveFrom"), _w("txbxContent"), f"{{{_MC}}}Fallback"}
    runs: list[_Run] = []
    for run in paragraph.iter(_w("r")):
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not paragraph and ancestor.tag not in skip:
            ancestor = ancestor.getparent()
        if ancestor is not paragraph:
            continue
        props = run.find(_w("rPr"))
        if props is not None and _on(props.find(_w("vanish"))):
            continue
        parts = []
        for child in run:
            if child.tag == _w("t"):
                parts.append(child.text or "")
            elif child.tag in (_w("tab"), _w("ptab")):
                parts.append("\t")
            elif child.tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif child.tag == _w("noBreakHyphen"):
                parts.append("-")
        text = "".join(parts)
        if text:
            bold = props is not None and _on(props.find(_w("b")))
            italic = props is not None and _on(props.find(_w("i")))
            runs.append(_Run(text, bold, italic))
    return runs


class _DocxReader:
    """Walk the document body in order, turning paragraphs and tables into blocks."""

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[_Block] = []
        self.count = 0  # paragraph number, for messages
        self.bullet_base: int | None = None  # list level of the current bullet list's top

    def walk(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == _w("p"):
                self.count += 1
                self._paragraph(child)
            elif child.tag == _w("tbl"):
                self._table(child)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                gallery = _val(child.find(f".//{_w('docPartGallery')}")) or ""
                if content is None:
                    continue
                if gallery.startswith("Table of Content"):
                    self.count += len(content.findall(_w("p")))
                else:
                    self.walk(content)
            elif child.tag == _w("customXml"):
                self.walk(child)

    def _number(
        self, paragraph: etree._Element, style_id: str | None
    ) -> tuple[str | None, int, str]:
        """The paragraph's (label, level, format) from its own numPr or its style's."""
        num_pr = paragraph.find(f"{_w('pPr')}/{_w('numPr')}")
        num_id = _val(num_pr.find(_w("numId"))) if num_pr is not None else None
        ilvl_text = _val(num_pr.find(_w("ilvl"))) if num_pr is not None else None
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = num_id or style_num
        if not num_id or num_id == "0":
            return None, 0, "none"
        if ilvl_text is not None:
            ilvl = _int(ilvl_text, 0)
        elif style_ilvl is not None:
            ilvl = style_ilvl
        else:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        label, fmt = self.numbering.next_label(num_id, max(0, min(ilvl, 8)))
        return label, ilvl, fmt

    def _paragraph(self, paragraph: etree._Element) -> None:
        style_id = _val(paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")) or self.styles.default
        role, level = self.styles.role(style_id)
        if role == "toc":
            return
        outline = _int(_val(paragraph.find(f"{_w('pPr')}/{_w('outlineLvl')}")), 9)
        if role == "body" and outline < 9:
            role, level = "heading", outline + 1
        runs = _runs(paragraph)
        text = "".join(run.text for run in runs)
        label, ilvl, fmt = self._number(paragraph, style_id)
        if fmt == "bullet" or (label is None and role == "bullet"):
            if text.strip():
                if self.bullet_base is None or ilvl < self.bullet_base:
                    self.bullet_base = ilvl
                depth = ilvl - self.bullet_base  # lists start flush left, as Markdown needs
                item = f"{_INDENT * depth}- {_render_runs(runs).strip()}"
                self.blocks.append(_Block("list", item, self.count))
            return
        if not text.strip() and not label:
            return
        self.bullet_base = None
        if label:
            runs = [_Run(label + " "), *runs]
            text = f"{label} {text}"
        if role in ("title", "heading"):
            first = not self.blocks
            rank = 2 if role == "title" else int(level == 1 and first)
            block = _Block("heading", text, self.count, level, rank, label=label)
        else:
            block = _Block("para", text, self.count, label=label, runs=runs)
        if fmt.endswith(("Roman", "Letter")):
            block.label_roman = fmt.endswith("Roman")
        self.blocks.append(block)

    def _table(self, table: etree._Element) -> None:
        """A Word table as a pipe table whose first row is the header."""
        rows: list[list[str]] = []
        for row in table.findall(_w("tr")):
            cells: list[str] = []
            for cell in row.findall(_w("tc")):
                lines = []
                for paragraph in cell.findall(_w("p")):
                    style_id = _val(paragraph.find(f"{_w('pPr')}/{_w('pStyle')}"))
                    label, _, _ = self._number(paragraph, style_id)
                    content = _render_runs(_runs(paragraph)).strip()
                    if label:
                        content = f"{_escape(label)} {content}".strip()
                    if content:
                        lines.append(content.replace("  \n", "<br>").replace("\n", " "))
                span = _int(_val(cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")), 1)
                cells.append("<br>".join(lines).replace("|", "\\|"))
                cells.extend([""] * (max(span, 1) - 1))
            if any(cells):
                rows.append(cells)
        self.bullet_base = None
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
        self.blocks.append(_Block("table", "\n".join(lines), self.count))
