"""Hostile uploads fail fast in bounded memory: zip members are inflated through a stream that
stops at a real limit (whatever the header declares), XML is parsed without entities and with
an element budget, the text a draft may hold is bounded; and an upload is parsed only once.

bench/import_limits.py measures the time and memory of the same uploads (docs/performance.md).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
import sqlalchemy as sa

from bench.import_limits import W, bomb, docx, tiny_elements
from framework_review.drafts.importer import DraftImportError, parse_document
from framework_review.drafts.importer_docx import MAX_PART_BYTES
from framework_review.drafts.models import Clause, DraftUpload
from tests.drafts.test_views import confirm, page, small_upload_app, upload

MB = 1024 * 1024


def _refused_within(data: bytes, message: str, peak_mb: int) -> None:
    """Parsing `data` is refused with `message`, having held under `peak_mb` of Python memory."""
    tracemalloc.start()
    try:
        with pytest.raises(DraftImportError, match=message):
            parse_document("draft.docx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < peak_mb * MB, f"{peak / MB:.0f} MB held"


def test_a_zip_bomb_is_inflated_only_up_to_the_limit():
    data = bomb(2 * MAX_PART_BYTES, lie=False)
    assert len(data) < MAX_PART_BYTES // 10  # small on the wire
    _refused_within(data, "too large once unpacked", peak_mb=8)


def test_a_zip_bomb_whose_header_lies_about_its_size_is_refused():
    data = bomb(2 * MAX_PART_BYTES, lie=True)
    member = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert member.file_size == 2000  # what a check of declared sizes would believe
    _refused_within(data, "not a readable Word document", peak_mb=8)


def test_too_many_xml_elements_are_refused():
    _refused_within(docx(tiny_elements(2_000_000)), "too complex", peak_mb=40)


def test_entities_are_never_expanded():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 9))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{laughs}'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>1.1 Data &l8; &secret;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    try:
        draft = parse_document("draft.docx", docx(xml.encode()))
    except DraftImportError:
        return  # refused outright: fine too
    text = " ".join(clause.text for clause in draft.clauses)
    assert "lollol" not in text and "root:" not in text


def test_the_text_of_a_draft_is_bounded():
    with pytest.raises(DraftImportError, match="characters of text; the limit is 1,000"):
        parse_document("draft.md", b"# T\n\n1.1 " + b"word " * 400, max_chars=1000)
    paragraphs = "".join(
        f"<w:p><w:r><w:t>1.{n} Members share data.</w:t></w:r></w:p>" for n in range(1, 200)
    )
    xml = f"<w:document {W}><w:body>{paragraphs}</w:body></w:document>".encode()
    with pytest.raises(DraftImportError, match="the limit is 1,000"):
        parse_document("draft.docx", docx(xml), max_chars=1000)
    assert len(parse_document("draft.docx", docx(xml)).clauses) == 199


def test_the_upload_form_applies_the_text_limit(app, people, db):
    client = small_upload_app(app, MAX_DRAFT_CHARS=50)
    response = upload(client, b"# Framework\n\n1.1 " + b"Members share data. " * 10)
    assert response.status_code == 200
    assert "the limit is 50" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(DraftUpload.id))) == 0


SIMPLE = b"# Simple framework\n\n1. Scope\n\n1.1 Members share data.\n\n1.2 Members assess risk.\n"


def test_an_upload_is_parsed_once(client, login, people, db):
    """Preview and confirm use the tree kept at upload: the file itself is not read again."""
    login(people.secretariat)
    location = upload(client, SIMPLE).location
    row = db.session.scalar(sa.select(DraftUpload))
    assert [c["ref"] for c in row.parsed["clauses"]] == ["1", "1.1", "1.2"]
    row.data = b"\x00 no longer a draft"
    db.session.commit()
    assert "Members assess risk." in page(client.get(location))
    assert confirm(client, location).status_code == 302
    texts = db.session.scalars(sa.select(Clause.text).order_by(Clause.position)).all()
    assert texts[1:] == ["Members share data.", "Members assess risk."]


def test_an_upload_from_before_the_tree_was_kept_is_parsed_when_shown(client, login, people, db):
    login(people.secretariat)
    location = upload(client, SIMPLE).location
    row = db.session.scalar(sa.select(DraftUpload))
    row.parsed = None
    db.session.commit()
    assert "Members assess risk." in page(client.get(location))
    db.session.expire_all()
    assert db.session.scalar(sa.select(DraftUpload.parsed)) is not None
