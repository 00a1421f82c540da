"""The service's endpoints and status codes, against a real ``unspin serve`` on loopback
(issue 19): token, body limit, validation, add/replace/get/delete, check, batch, errors."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import MAX_BODY, TOKEN
from .helpers import Server, newsroom

pytestmark = pytest.mark.issue(19)


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The JSON error body of ``response``, checked for shape and for no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert "Traceback" not in response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status
    assert error["request_id"] == response.headers["x-request-id"]
    return error


@pytest.fixture
def client(server: Server, auth: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base, headers=auth, timeout=30) as c:
        yield c


def test_health_needs_no_token(server: Server) -> None:
    assert httpx.get(f"{server.base}/livez").json() == {"status": "alive"}
    ready = httpx.get(f"{server.base}/readyz").json()
    assert ready["status"] == "ready"
    assert ready["checks"] == {"writer": True, "readers": True, "index": True}


@pytest.mark.parametrize(
    ("header", "challenge"),
    [
        (None, 'Bearer realm="unspin"'),
        ("Bearer wrong-token", 'Bearer realm="unspin", error="invalid_token"'),
        (f"Basic {TOKEN}", 'Bearer realm="unspin"'),
        (f"Bearer {TOKEN}x", 'Bearer realm="unspin", error="invalid_token"'),
    ],
)
def test_missing_or_wrong_token_is_401_with_a_challenge(
    server: Server, header: str | None, challenge: str
) -> None:
    headers = {"Authorization": header} if header else {}
    for method, path in [
        ("POST", "/v1/check"),
        ("GET", "/v1/articles/x"),
        ("PUT", "/v1/articles/x"),
    ]:
        r = httpx.request(method, server.base + path, headers=headers, json={"text": "Some words."})
        error = _error(r, 401)
        assert r.headers["www-authenticate"] == challenge
        assert error["code"] == "unauthorized"


def _raw(server: Server, head: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send a raw request and read the answer; the body may be left unsent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head_part, _, rest = data.partition(b"\r\n\r\n")
    lines = head_part.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, rest


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def test_oversize_body_is_413_before_it_is_sent(server: Server) -> None:
    """The request announces 100 MB and sends none of it: the answer comes anyway."""
    head = (
        "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: 100000000\r\n"
    )
    status, headers, body = _raw(server, head)
    assert status == 413
    assert headers["connection"] == "close"
    error = json.loads(body)["error"]
    assert error["code"] == "payload_too_large"
    assert str(MAX_BODY) in error["message"]


def test_oversize_chunked_body_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(MAX_BODY // 4096 + 2):
            yield b"word " * 819

    r = client.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert _error(r, 413)["code"] == "payload_too_large"


def test_body_just_under_the_limit_is_accepted(client: httpx.Client) -> None:
    text = "Harbour fire words. " * ((MAX_BODY - 200) // 20)
    r = client.post("/v1/check", json={"text": text})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("body", "field", "type_"),
    [
        (b'{"text": "unterminated', "body", "json_invalid"),
        (b"{}", "text", "missing"),
        (b'{"title": "no text"}', "text", "missing"),
        (b'{"text": 42}', "text", "string_type"),
        (b'{"text": "   \\n\\t"}', "text", "string_pattern_mismatch"),
        (b'{"text": "ok words", "titel": "typo"}', "titel", "extra_forbidden"),
        (b'{"text": "ok words", "metadata": [1]}', "metadata", "dict_type"),
        (b"[]", "body", "model_attributes_type"),
    ],
)
def test_malformed_input_is_422_naming_the_field(
    client: httpx.Client, body: bytes, field: str, type_: str
) -> None:
    r = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    error = _error(r, 422)
    assert error["code"] == "invalid_request"
    assert {"field": field, "type": type_} in [
        {"field": f["field"], "type": f["type"]} for f in error["fields"]
    ]
    assert field in error["message"]


def test_query_and_batch_fields_are_named(client: httpx.Client) -> None:
    r = client.put("/v1/articles/q1?check=maybe", json={"text": "Some words here."})
    assert _error(r, 422)["fields"][0]["field"] == "check"
    r = client.post("/v1/articles:batch", json={"articles": [{"id": "b1", "text": 5}]})
    assert _error(r, 422)["fields"][0]["field"] == "articles.0.text"
    twice = [{"id": "b1", "text": "One text."}, {"id": "b1", "text": "Two texts."}]
    r = client.post("/v1/articles:batch", json={"articles": twice})
    error = _error(r, 422)
    assert error["fields"][0] == {
        "field": "articles.1.id",
        "message": "repeats the id of articles.0",
        "type": "duplicate_id",
    }
    nul = [{"id": "b2", "text": "Fine text."}, {"id": "b3", "text": "\u0000\u0000"}]
    assert _error(client.post("/v1/articles:batch", json={"articles": nul}), 422)
    assert client.get("/v1/articles/b2").status_code == 404  # all or nothing


def test_put_get_replace_delete(client: httpx.Client) -> None:
    body = {"text": "The council approved the budget on Tuesday.", "title": "Budget"}
    body |= {"published": "2026-03-11T05:30:00Z", "metadata": {"desk": "city", "n": [1, 2]}}
    r = client.put("/v1/articles/city-1", json=body)
    assert r.status_code == 201
    assert r.headers["location"] == "/v1/articles/city-1"
    assert r.json() == {"id": "city-1", "status": "added"}
    again = client.put("/v1/articles/city-1", json=body)
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    got = client.get("/v1/articles/city-1").json()
    assert got == {"id": "city-1", "url": None, "source": None, **body}
    changed = client.put("/v1/articles/city-1", json={**body, "title": "Budget passes"})
    assert (changed.status_code, changed.json()["status"]) == (200, "replaced")
    assert client.get("/v1/articles/city-1").json()["title"] == "Budget passes"
    assert client.delete("/v1/articles/city-1").status_code == 204
    for r in (client.get("/v1/articles/city-1"), client.delete("/v1/articles/city-1")):
        assert _error(r, 404)["code"] == "not_found"
    assert _error(client.get("/v1/articles/city-1/matches"), 404)["code"] == "not_found"


def test_check_reports_the_spun_copy_with_evidence(client: httpx.Client) -> None:
    docs = newsroom()
    wire, spun = docs["harbor-fire-wire"], docs["harbor-fire-spun"]
    fields = {k: wire[k] for k in ("text", "title", "source", "published")}
    assert client.put("/v1/articles/harbor-fire-wire", json=fields).status_code == 201
    posted = {k: spun[k] for k in ("text", "title", "source", "published")}
    r = client.post("/v1/check", json=posted)
    assert r.status_code == 200
    assert r.json()["id"] == "<check>"
    (m,) = [m for m in r.json()["matches"] if m["id"] == "harbor-fire-wire"]
    assert (m["relation"], m["copy"], m["original"]) == ("spun", True, "match")
    assert "published earlier" in m["reason"]
    assert m["document"]["title"] == wire["title"]
    assert m["coverage"]["article"] > 0.9
    span = m["spans"][0]
    assert span["substitutions"]
    word_in_article, word_in_match = span["substitutions"][0]
    passage = spun["text"][span["article_start"] : span["article_end"]]
    assert word_in_article.split()[0] in passage
    assert word_in_match.split()[0] in wire["text"][span["match_start"] : span["match_end"]]
    assert client.get("/v1/articles/<check>").status_code == 404  # nothing stored


def test_put_with_check_is_atomic_and_repeatable(client: httpx.Client) -> None:
    docs = newsroom()
    for name in ("council-budget", "council-budget-rewrite"):
        assert client.put(f"/v1/articles/{name}", json={"text": docs[name]["text"]}).is_success
    local = docs["harbor-fire-local"]
    client.put("/v1/articles/harbor-fire-radio", json={"text": docs["harbor-fire-radio"]["text"]})
    first = client.put("/v1/articles/harbor-fire-local?check=true", json={"text": local["text"]})
    assert first.status_code == 201
    related = {m["id"]: m["relation"] for m in first.json()["matches"]}
    assert related.get("harbor-fire-radio") == "same_story"
    again = client.put("/v1/articles/harbor-fire-local?check=true", json={"text": local["text"]})
    assert again.json()["status"] == "unchanged"
    assert again.json()["matches"] == first.json()["matches"]
    matches = client.get("/v1/articles/council-budget/matches").json()["matches"]
    assert [(m["id"], m["relation"]) for m in matches] == [("council-budget-rewrite", "paraphrase")]


def test_batch_adds_in_one_transaction_and_checks(client: httpx.Client) -> None:
    docs = newsroom()
    articles = [
        {"id": f"batch-{k}", "text": docs[k]["text"]} for k in ("marathon", "harbor-fire-repost")
    ]
    articles.append({"id": "batch-copy", "text": docs["marathon"]["text"]})
    r = client.post("/v1/articles:batch", json={"articles": articles, "check": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["added"] == ["batch-marathon", "batch-harbor-fire-repost", "batch-copy"]
    assert [m["id"] for m in body["matches"]["batch-copy"] if m["relation"] == "duplicate"] == [
        "batch-marathon"
    ]
    plain = client.post("/v1/articles:batch", json={"articles": articles})
    assert plain.json() == {"added": [], "replaced": [], "unchanged": [a["id"] for a in articles]}


def test_request_ids_are_echoed_and_logged(server: Server, client: httpx.Client) -> None:
    r = client.get("/v1/articles/missing-one", headers={"X-Request-ID": "trace-abc.123"})
    assert r.headers["x-request-id"] == "trace-abc.123"
    assert _error(r, 404)["request_id"] == "trace-abc.123"
    odd = client.get("/livez", headers={"X-Request-ID": "bad id\twith spaces"})
    assert len(odd.headers["x-request-id"]) == 16
    client.put(
        "/v1/articles/logged", json={"text": "A logged article."}, headers={"X-Request-ID": "put-1"}
    )
    get_line = "request_id=trace-abc.123 method=GET path=/v1/articles/missing-one status=404"
    put_line = "request_id=put-1 method=PUT path=/v1/articles/logged status=201"
    log = server.log_with(get_line, put_line)
    assert get_line in log
    assert put_line in log


def test_unknown_path_and_method_are_json(client: httpx.Client) -> None:
    assert _error(client.get("/v2/nothing"), 404)["code"] == "not_found"
    r = client.patch("/v1/articles/x", json={})
    assert _error(r, 405)["code"] == "method_not_allowed"


def test_openapi_and_docs(server: Server) -> None:
    spec = httpx.get(f"{server.base}/openapi.json").json()
    assert set(spec["paths"]) == {
        "/v1/check",
        "/v1/articles/{id}",
        "/v1/articles/{id}/matches",
        "/v1/articles:batch",
        "/livez",
        "/readyz",
    }
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    put = spec["paths"]["/v1/articles/{id}"]["put"]
    assert {"200", "201", "401", "413", "422", "503"} <= set(put["responses"])
    page = httpx.get(f"{server.base}/docs")
    assert page.status_code == 200
    assert "/v1/articles:batch" in page.text and "<script" not in page.text
