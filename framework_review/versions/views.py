"""Pages for the next version: creating it, editing its clauses, publishing it, comparing."""

from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401 - registers ClauseOrigin with the mapper

bp = Blueprint("versions", __name__)
