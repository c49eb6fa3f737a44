"""API writes are throttled per token: 429 "too_many_requests" with Retry-After."""

from __future__ import annotations


def test_api_writes_are_throttled_per_token(throttled, api, version, people):
    throttled.config["API_WRITE_LIMIT"] = "3/minute"
    try:
        comment = api.post(f"/clauses/{version.clauses[2].id}/comments", people.delegate,
                           json={"type": "te", "body": "One."}).json  # fmt: skip
        url = f"/comments/{comment['id']}/support"
        assert api.post(url, people.other).status_code == 200
        assert api.delete(url, people.other).status_code == 200
        assert api.post(url, people.other).status_code == 200
        refused = api.delete(url, people.other)
        assert (refused.status_code, refused.json["error"]["code"]) == (429, "too_many_requests")
        assert int(refused.headers["Retry-After"]) >= 1
        assert api.get(f"/comments/{comment['id']}", people.other).status_code == 200  # reads
        assert api.delete(url, people.observer).status_code == 200  # another token
    finally:
        throttled.config["API_WRITE_LIMIT"] = "300/minute"
