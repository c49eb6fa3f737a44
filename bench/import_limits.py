"""What a hostile upload can cost: time and peak memory of parsing it and rendering its clauses.

Each upload is made here (zip bombs, huge or element-dense Word XML, long pathological Markdown)
and imported in a fresh process (`parse_document` then `render_markdown` on every clause, as the
confirm step does), which reports its wall time and peak resident memory. The goal is that any
file within MAX_DRAFT_BYTES fails or succeeds within 5 s and 300 MB. Results go to stdout as a
Markdown table for docs/performance.md.

    .venv/bin/python bench/import_limits.py
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 5 * 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from framework_review.core.markup import render_markdown
from framework_review.drafts.importer import DraftImportError, parse_document
name, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
start = time.perf_counter()
try:
    draft = parse_document(name, data, max_bytes={max_bytes})
    render_markdown(draft.introduction)
    for clause in draft.clauses:
        render_markdown(clause.text)
    outcome = f"imported, {{len(draft.clauses)}} clauses"
except DraftImportError as error:
    outcome = "refused: " + str(error)[:70]
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "outcome": outcome}}))
"""


def docx(document_xml: bytes) -> bytes:
    """A minimal package holding `document_xml`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def bomb(inflated: int, *, lie: bool) -> bytes:
    """A package whose document.xml inflates to `inflated` bytes of XML paragraphs; with `lie`, its
    headers declare 2,000 bytes instead (the check of declared sizes is fooled)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=False) as member:
            member.write(f"<w:document {W}><w:body>".encode())
            paragraph = b"<w:p><w:r><w:t>" + b"x" * 1000 + b"</w:t></w:r></w:p>"
            chunk = paragraph * 1000
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    data = bytearray(buffer.getvalue())
    if lie:
        for info in zipfile.ZipFile(io.BytesIO(bytes(data))).infolist():
            if info.filename == "word/document.xml":
                struct.pack_into("<I", data, info.header_offset + 22, 2000)
        position = 0
        while (position := data.find(b"PK\x01\x02", position)) != -1:
            name_length = struct.unpack_from("<H", data, position + 28)[0]
            if data[position + 46 : position + 46 + name_length] == b"word/document.xml":
                struct.pack_into("<I", data, position + 24, 2000)
            position += 4
    return bytes(data)


def paragraphs(count: int, text: str = "1.1 Members should share data.") -> bytes:
    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return f"<w:document {W}><w:body>{para * count}</w:body></w:document>".encode()


def tiny_elements(count: int) -> bytes:
    return f"<w:document {W}><w:body><w:p>{'<w:r/>' * count}</w:p></w:body></w:document>".encode()


def markdown(unit: str, chars: int) -> bytes:
    body = (unit * (chars // len(unit) + 1))[:chars]
    return ("# Framework\n\n1.1 " + body + "\n").encode()


def cases() -> list[tuple[str, str, bytes]]:
    gigabyte = 1024 * 1024 * 1024
    return [
        ("zip bomb: 1 GB of XML, honest header", "bomb.docx", bomb(gigabyte, lie=False)),
        ("zip bomb: 1 GB of XML, header claims 2,000 bytes", "liar.docx", bomb(gigabyte, lie=True)),
        ("60 MB of valid Word XML (1.5 M paragraphs)", "big.docx", docx(paragraphs(1_500_000))),
        ("30 MB of Word XML in 500,000 elements", "long.docx",
         docx(paragraphs(125_000, "1.1 " + "word " * 48))),
        ("2 million empty runs", "dense.docx", docx(tiny_elements(2_000_000))),
        ("Markdown, 5 MB of prose", "long.md",
         ("# Framework\n\n" + "Members should share data. " * 200_000).encode()[:MAX_BYTES]),
        ("Markdown, 150,000 '['", "brackets.md", markdown("[", 149_000)),
        ("Markdown, 150,000 characters of tables", "table.md",
         b"# Framework\n\n1.1 Data\n\n|a|b|\n|-|-|\n" + b"|x|y|\n" * 24_800),
        ("Markdown, 150,000 characters of '*a*' paragraphs", "emph.md",
         markdown("*a*\n\n", 149_000)),
        ("Markdown, 150,000 characters of prose in 3,000 clauses", "prose.md",
         ("# Framework\n\n" + "".join(f"{n}. Members should share data with the others, "
                                        "in advance and in a common format.\n\n"
                                        for n in range(1, 1700))).encode()),
    ]  # fmt: skip


def run(name: str, filename: str, data: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=filename) as file:
        file.write(data)
        file.flush()
        code = CHILD.format(root=str(ROOT), max_bytes=MAX_BYTES)
        result = subprocess.run([sys.executable, "-c", code, filename, file.name],
                                capture_output=True, text=True, timeout=600, check=True)  # fmt: skip
    return {"case": name, "bytes": len(data), **json.loads(result.stdout)}


def main() -> None:
    print("| upload | file size | time | peak memory | outcome |")
    print("|---|---|---|---|---|")
    for name, filename, data in cases():
        row = run(name, filename, data)
        print(f"| {row['case']} | {row['bytes'] / 1024:,.0f} KB | {row['seconds']:.2f} s | "
              f"{row['peak_mb']:.0f} MB | {row['outcome']} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
