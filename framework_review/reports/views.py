"""The report page, statistics, downloads and the offline comment table."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401 - the upload table is part of the schema

bp = Blueprint("reports", __name__)
