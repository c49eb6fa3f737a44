"""Small helpers for views: safe redirects and the `next=` parameter."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def is_safe_redirect(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return False
    if any(ch in target for ch in ("\\", "\r", "\n", "\t")) or not target.startswith("/"):
        return False
    if target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def next_url(default: str) -> str:
    """The `next` value of the request when it is safe, else `default`."""
    target = request.values.get("next")
    return target if is_safe_redirect(target) else default
