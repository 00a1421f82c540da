"""The FastAPI application: routes over one writer thread and a pool of readers.

Every route only validates, hands the work to the writer (:mod:`unspin.service.writer`) or
to a reader (:mod:`unspin.service.pool`), and encodes the answer: no index call, and so no
scan or verification, runs on the event loop or in a request thread. Errors are rendered
once (:mod:`unspin.service.http`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Path, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from unspin.errors import StoreError
from unspin.index import Index
from unspin.index.store import CHECK_ID
from unspin.ingest.base import valid_unicode
from unspin.ingest.records import as_document
from unspin.models import Document
from unspin.service import jobs, schemas
from unspin.service.config import ServiceConfig
from unspin.service.docs_page import render_docs
from unspin.service.http import (
    ApiError,
    ServiceMiddleware,
    bearer_auth,
    json_response,
    on_api_error,
    on_http_error,
    on_validation_error,
    reject_unknown_query,
    request_id_var,
    unavailable,
)
from unspin.service.payloads import SERVICE_LOCATION
from unspin.service.pool import Overloaded, ReadPool
from unspin.service.writer import QueueFull, Writer

T = TypeVar("T")

DESCRIPTION = (
    "Check news articles against a persistent unspin index, and add them to it. Every match "
    "says how the texts relate (duplicate, near_duplicate, spun, paraphrase, partial, "
    "same_story), which is the original and why, and which passages were reused, with "
    "character offsets and word substitutions."
)

ArticleId = Annotated[
    str,
    Path(alias="id", min_length=1, max_length=schemas.MAX_ID, description="The article's id."),
]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": schemas.ErrorBody} for s in (*statuses, 503)}


class Service:
    """The writer and the readers of one index, and the limits they run under."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.writer = Writer(config.db, queue_size=config.write_queue, max_chars=config.max_chars)
        self.readers = ReadPool(
            config.db,
            workers=config.workers,
            max_pending=config.max_pending_reads,
            max_chars=config.max_chars,
        )

    async def start(self) -> None:
        """Open the index (creating it when missing), then start and warm up the readers."""
        await asyncio.to_thread(self.writer.start)
        await self.readers.start()

    def stop(self) -> None:
        """Finish every accepted write, then stop the readers (blocking)."""
        self.writer.stop()
        self.readers.stop()

    async def read(self, call: Callable[..., T], *args: Any) -> T:
        """Run a read job in a reader; 503 when too many are waiting."""
        try:
            return await self.readers.run(call, *args)
        except Overloaded as exc:
            raise unavailable(str(exc), self.config.retry_after) from exc
        except StoreError as exc:
            raise ApiError(500, "store_error", str(exc)) from exc

    async def write(self, name: str, call: Callable[[Index], T]) -> T:
        """Queue a write job; its answer comes after the commit. 503 when the queue is full.

        The wait is shielded: a client that goes away does not cancel a write that was
        accepted, so what is queued is always done (and a retried PUT finds it unchanged).
        """
        try:
            future = self.writer.submit(name, call, request_id=request_id_var.get())
        except QueueFull as exc:
            raise unavailable(str(exc), self.config.retry_after) from exc
        try:
            return await asyncio.shield(asyncio.wrap_future(future))
        except StoreError as exc:
            raise ApiError(500, "store_error", str(exc)) from exc

    def document(self, doc_id: str, fields: schemas.ArticleFields, where: str = "") -> Document:
        """The :class:`Document` of a request body; 422 naming the field if it has no words."""
        title, url, source, published = (
            None if v is None else valid_unicode(v)
            for v in (fields.title, fields.url, fields.source, fields.published)
        )
        text = valid_unicode(fields.text)
        meta = _clean(fields.metadata or {})
        doc = Document(valid_unicode(doc_id), text, title, url, source, published, meta)
        checked = as_document(doc, SERVICE_LOCATION, max_chars=self.config.max_chars)
        if isinstance(checked, Document):
            return checked
        field = f"{where}text" if where else "text"
        raise ApiError(
            422,
            "invalid_request",
            f"{field}: the text cannot be analysed ({checked.reason})",
            fields=[{"field": field, "message": checked.reason, "type": "text_unusable"}],
        )


def _clean(value: Any) -> Any:
    """JSON metadata with lone surrogates (valid JSON escapes, not text) replaced."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, Mapping):
        return {valid_unicode(str(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _not_found(article_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no article with id {article_id!r} in the index")


def _articles_router(service: Service, auth: list[Any]) -> APIRouter:
    """The ``/v1`` routes: the token (when one is set) and no unknown query parameter."""
    checks = [*auth, Depends(reject_unknown_query)]
    router = APIRouter(prefix="/v1", dependencies=checks, tags=["articles"])
    bad = (401, 413, 422) if auth else (413, 422)
    _read_routes(router, service, bad)
    _write_routes(router, service, bad)
    return router


def _read_routes(router: APIRouter, service: Service, bad: tuple[int, ...]) -> None:
    """Check, get, matches: run by a reader."""

    @router.post("/check", response_model=schemas.CheckOut, responses=_errors(*bad))
    async def check(body: schemas.CheckRequest) -> Response:
        """Check an article against the index; nothing is stored.

        Every indexed article it copies or is copied by, or that reports the same story,
        with the evidence. With an ``id`` that is indexed, that article is left out (a new
        version is compared with the others).
        """
        doc = service.document(body.id or CHECK_ID, body)
        return json_response(await service.read(jobs.check, doc))

    @router.get("/articles/{id}", response_model=schemas.ArticleOut, responses=_errors(*bad, 404))
    async def get_article(article_id: ArticleId) -> Response:
        """The indexed article with this id, with its text and metadata."""
        found = await service.read(jobs.get, article_id)
        if found is None:
            raise _not_found(article_id)
        return json_response(found)

    @router.get(
        "/articles/{id}/matches", response_model=schemas.CheckOut, responses=_errors(*bad, 404)
    )
    async def article_matches(article_id: ArticleId) -> Response:
        """The indexed articles related to this indexed article, with the evidence."""
        found = await service.read(jobs.matches, article_id)
        if found is None:
            raise _not_found(article_id)
        return json_response(found)


def _write_routes(router: APIRouter, service: Service, bad: tuple[int, ...]) -> None:
    """Put, delete, batch: run by the writer, answered after the commit."""

    @router.put(
        "/articles/{id}",
        response_model=schemas.PutOut,
        responses={201: {"model": schemas.PutOut}, **_errors(*bad)},
    )
    async def put_article(
        article_id: ArticleId,
        body: schemas.ArticleFields,
        check: Annotated[
            bool, Query(description="Also check the article against the index, atomically.")
        ] = False,
    ) -> Response:
        """Add an article or replace the one with this id (idempotent).

        201 when it is new, 200 when it replaced another version or was already there
        unchanged. With ``?check=true`` the article is checked against the index and added
        in one transaction, and the matches are returned.
        """
        doc = service.document(article_id, body)
        result = await service.write("put", functools.partial(jobs.put, doc=doc, with_check=check))
        if result["status"] == "added":
            location = {"Location": f"/v1/articles/{quote(article_id, safe='')}"}
            return json_response(result, 201, location)
        return json_response(result)

    @router.delete("/articles/{id}", status_code=204, responses=_errors(*bad, 404))
    async def delete_article(article_id: ArticleId) -> Response:
        """Remove the article with this id, its postings and its cached verdicts."""
        if not await service.write("delete", functools.partial(jobs.delete, article_id=article_id)):
            raise _not_found(article_id)
        return Response(status_code=204)

    @router.post("/articles:batch", response_model=schemas.BatchOut, responses=_errors(*bad))
    async def add_batch(body: schemas.BatchRequest) -> Response:
        """Add or replace up to the batch limit of articles in one transaction.

        All or nothing: an article without usable text or a repeated id rejects the batch
        (422 naming it) and nothing is written.
        """
        docs = _batch_documents(service, body)
        call = functools.partial(jobs.batch, docs=docs, with_check=body.check)
        return json_response(await service.write("batch", call))


def _batch_documents(service: Service, body: schemas.BatchRequest) -> list[Document]:
    limit = service.config.max_batch
    if len(body.articles) > limit:
        message = f"a batch holds at most {limit} articles, got {len(body.articles)}"
        raise ApiError(
            422,
            "invalid_request",
            f"articles: {message}",
            fields=[{"field": "articles", "message": message, "type": "too_long"}],
        )
    seen: dict[str, int] = {}
    for k, item in enumerate(body.articles):
        if item.id in seen:
            message = f"repeats the id of articles.{seen[item.id]}"
            field = f"articles.{k}.id"
            raise ApiError(
                422,
                "invalid_request",
                f"{field}: {message}",
                fields=[{"field": field, "message": message, "type": "duplicate_id"}],
            )
        seen[item.id] = k
    return [service.document(a.id, a, f"articles.{k}.") for k, a in enumerate(body.articles)]


def _health_router(service: Service) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/livez", response_model=schemas.Health)
    async def livez() -> Response:
        """200 while the process answers."""
        return json_response({"status": "alive"})

    @router.get(
        "/readyz", response_model=schemas.Health, responses={503: {"model": schemas.Health}}
    )
    async def readyz() -> Response:
        """200 when the index is open, the writer runs and a reader answers; else 503."""
        checks = {"writer": service.writer.running, "readers": service.readers.running}
        documents = None
        try:
            documents = await asyncio.wait_for(service.readers.run(jobs.count), timeout=5)
            checks["index"] = True
        except (Overloaded, StoreError, TimeoutError):
            checks["index"] = False
        ready = all(checks.values())
        body = {"status": "ready" if ready else "not_ready", "checks": checks}
        return json_response({**body, "documents": documents}, 200 if ready else 503)

    return router


def build_app(config: ServiceConfig) -> FastAPI:
    """The application for ``config`` (validated); see :func:`unspin.service.create_app`."""
    import unspin

    service = Service(config.validated())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await asyncio.to_thread(service.stop)

    app = FastAPI(
        title="unspin",
        version=unspin.__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    auth = [Depends(bearer_auth(config.token))] if config.token else []
    app.include_router(_articles_router(service, auth))
    app.include_router(_health_router(service))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(ApiError, on_api_error)
    app.add_middleware(ServiceMiddleware, max_body=config.max_body)
    return app
