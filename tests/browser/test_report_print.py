"""The report prints on landscape A4, as the comment table of every standards body."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in, release
from tests.comments.helpers import add

pytestmark = pytest.mark.browser


def test_the_print_view_prints_on_landscape_a4_without_the_site_around_it(db, people, version,
                                                                           webpage):  # fmt: skip
    add(version, "1.1", people.delegate, "Name the **carriers**.")
    release(db)
    log_in(webpage, people.secretariat)
    webpage.goto(f"/drafts/{version.draft.slug}/{version.slug}/report/print")
    assert webpage.locator("table.report tbody tr").count() == 1
    webpage.emulate_media(media="print")
    assert not webpage.locator(".site-header").is_visible()
    pdf = webpage.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes, "no page in the PDF"
    width, height = (float(v) for v in boxes[0])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
