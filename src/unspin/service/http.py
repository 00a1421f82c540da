"""HTTP plumbing shared by every endpoint: request ids, the body limit, errors, the token.

:class:`ServiceMiddleware` is plain ASGI and sits outside the routes, so it sees every
request, including those no route matches: it names the request (``X-Request-ID``, taken
from the client when it sent a sane one), refuses an oversize body before reading it,
writes one log line per request, and turns an unexpected exception into a JSON 500 that
holds the request id and no traceback (the log has the traceback, under the same id).
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from http import HTTPStatus
from typing import Annotated, Any

import msgspec
from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("unspin.service")
request_id_var: ContextVar[str] = ContextVar("unspin_request_id", default="-")

_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_encode = msgspec.json.Encoder().encode


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route and rendered once."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        fields: Iterable[Mapping[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.fields = [dict(f) for f in fields]


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """``body`` encoded once with msgspec (the dicts of :mod:`unspin.service.payloads`)."""
    return Response(_encode(body), status, dict(headers or {}), media_type="application/json")


def error_response(error: ApiError) -> Response:
    """The JSON error body (:class:`unspin.service.schemas.ErrorBody`) of ``error``."""
    body = {
        "error": {
            "status": error.status,
            "code": error.code,
            "message": error.message,
            "request_id": request_id_var.get(),
            "fields": error.fields,
        }
    }
    return json_response(body, error.status, error.headers)


def unavailable(message: str, retry_after: int) -> ApiError:
    """503 with ``Retry-After``: a queue is full or the service is stopping."""
    headers = {"Retry-After": str(retry_after)}
    return ApiError(503, "unavailable", message, headers=headers)


def _field_name(loc: Iterable[Any]) -> str:
    """``('body', 'articles', 3, 'text')`` -> ``articles.3.text``; the body itself -> ``body``."""
    parts = list(loc)
    if parts and parts[0] == "body" and len(parts) > 1 and isinstance(parts[1], int):
        parts = ["body"]  # a JSON syntax error at a character position
    elif parts and parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def _message(error: Mapping[str, Any]) -> str:
    """Pydantic's message, with the JSON parser's reason and position when there is one."""
    message = str(error.get("msg", ""))
    detail = (error.get("ctx") or {}).get("error")
    if error.get("type") == "json_invalid" and detail:
        loc = list(error.get("loc", ()))
        at = f" (character {loc[1]})" if len(loc) > 1 and isinstance(loc[1], int) else ""
        message = f"{message}: {detail}{at}"
    return message


async def on_validation_error(_: Request, exc: Exception) -> Response:
    """422 naming every invalid field, most useful message first."""
    assert isinstance(exc, RequestValidationError)
    fields = [
        {
            "field": _field_name(e.get("loc", ())),
            "message": _message(e),
            "type": e["type"],
        }
        for e in exc.errors()
    ]
    message = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    return error_response(ApiError(422, "invalid_request", message, fields=fields))


async def on_http_error(_: Request, exc: Exception) -> Response:
    """Starlette's own errors (404 for an unknown path, 405) in the same JSON shape."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.__cause__ is not None:
        # FastAPI's answer to a body it cannot decode (not UTF-8): malformed input, as bad
        # JSON is, so the same 422 naming the body
        message = f"the body is not JSON in UTF-8 ({type(exc.__cause__).__name__})"
        fields = [{"field": "body", "message": message, "type": "json_invalid"}]
        return error_response(ApiError(422, "invalid_request", f"body: {message}", fields=fields))
    code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    error = ApiError(exc.status_code, code, str(exc.detail), headers=exc.headers)
    return error_response(error)


async def on_api_error(_: Request, exc: Exception) -> Response:
    """Errors raised by the service itself."""
    assert isinstance(exc, ApiError)
    return error_response(exc)


BearerCredentials = Annotated[
    HTTPAuthorizationCredentials | None,
    Depends(HTTPBearer(auto_error=False, description="The token of `unspin serve --token-file`.")),
]
"""The ``Authorization: Bearer`` credentials, or None (module level: FastAPI resolves the
postponed annotations of a dependency in its module's globals)."""


def bearer_auth(token: str) -> Callable[..., Awaitable[None]]:
    """A dependency that lets a request through only with ``Authorization: Bearer <token>``.

    FastAPI's ``HTTPBearer()`` answers 403 to a missing header; RFC 6750 says 401 with
    ``WWW-Authenticate``, which clients expect, so the check is made here. The comparison
    takes the same time whatever the given token is.
    """
    expected = token.encode()

    async def check(credentials: BearerCredentials) -> None:
        if credentials is None:
            raise ApiError(
                401,
                "unauthorized",
                "this service needs an 'Authorization: Bearer <token>' header",
                headers={"WWW-Authenticate": 'Bearer realm="unspin"'},
            )
        if not hmac.compare_digest(credentials.credentials.encode(), expected):
            raise ApiError(
                401,
                "unauthorized",
                "the bearer token is not this service's token",
                headers={"WWW-Authenticate": 'Bearer realm="unspin", error="invalid_token"'},
            )

    return check


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(request: Request) -> None:
    """422 for a query parameter the route does not take: a misspelt ``?chek=true`` would
    otherwise be ignored in silence, and the article added without the check asked for."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    known = _query_names(dependant) if dependant is not None else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        listed = ", ".join(repr(k) for k in unknown)
        taken = ", ".join(sorted(known)) or "none"
        raise ApiError(
            422,
            "invalid_request",
            f"unknown query parameter {listed}; this endpoint takes: {taken}",
            fields=[
                {"field": k, "message": "unknown query parameter", "type": "extra_forbidden"}
                for k in unknown
            ],
        )


class _TooLarge(Exception):
    """Raised inside the middleware only: the body passed the limit."""


class ServiceMiddleware:
    """Request id, body limit, access log and last-resort error handling (pure ASGI)."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = given if _CLIENT_ID.match(given) else secrets.token_hex(8)
        request_id_var.set(rid)
        start = time.perf_counter()
        status = [0]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                MutableHeaders(scope=message).append("X-Request-ID", rid)
            await send(message)

        try:
            await self._serve(scope, receive, send_with_id, headers)
        except Exception:
            log.exception("request_id=%s unexpected error", rid)
            if status[0]:
                raise  # the answer has begun: the server closes the connection
            message = f"internal error; the server log has the details under request id {rid}"
            await error_response(ApiError(500, "internal", message))(scope, receive, send_with_id)
        finally:
            took = (time.perf_counter() - start) * 1000
            log.info(
                "request_id=%s method=%s path=%s status=%d ms=%.1f",
                rid,
                scope["method"],
                scope["path"],
                status[0],
                took,
            )

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]
    ) -> None:
        """Refuse a declared or streamed body over the limit, else run the app."""
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._refuse(scope, receive, send, 400, "invalid Content-Length header")
            elif int(declared) > self.max_body:
                await self._refuse(scope, receive, send, 413, self._too_large(int(declared)))
            else:
                await self.app(scope, receive, send)  # the server reads no more than declared
            return
        if b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body
            return
        try:
            body = await self._read_limited(receive)
        except _TooLarge:
            await self._refuse(scope, receive, send, 413, self._too_large(None))
            return
        if body is not None:  # None: the client went away before the end of its body
            await self.app(scope, _replay(body, receive), send)

    def _too_large(self, size: int | None) -> str:
        given = f" ({size} bytes)" if size is not None else ""
        return f"the request body{given} is over this service's limit of {self.max_body} bytes"

    async def _read_limited(self, receive: Receive) -> bytes | None:
        """A chunked body, read until its end or until it passes the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
        """Answer without reading the body, and close the connection (its body is unread)."""
        code = "payload_too_large" if status == 413 else "bad_request"
        error = ApiError(status, code, text, headers={"Connection": "close"})
        await error_response(error)(scope, receive, send)


def _replay(body: bytes, rest: Receive) -> Receive:
    """A ``receive`` that gives the buffered body once, then whatever the client sends."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await rest()

    return receive
