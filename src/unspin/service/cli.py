"""``unspin serve``: the REST service on uvicorn, a thin wrapper over :func:`create_app`.

Registered onto the ``unspin`` typer app when :mod:`unspin.cli` imports this module; it
imports neither FastAPI nor uvicorn until the command runs, so the rest of the CLI works
without the ``service`` extra, and the command itself says how to install it.
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from unspin.cli import app, stderr
from unspin.index import Index
from unspin.service import ServiceConfig, require
from unspin.service.config import parse_size, read_token

GRACEFUL_SHUTDOWN_S = 30
"""After SIGTERM, requests in flight get this long to finish; writes already queued are
committed in any case (their clients just get no answer past this)."""


def _log_to_stderr(level: str) -> None:
    """The service's lines (one per request, with its id) on standard error."""
    logger = logging.getLogger("unspin.service")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


def _exit_after_shutdown(signum: int, _: object) -> None:
    """Exit with code 0. uvicorn handles SIGTERM and SIGINT itself while it serves (a
    graceful shutdown), then raises the signal again under the handler it found: this one,
    so that a stop asked for ends the command normally instead of killing it or printing
    a KeyboardInterrupt."""
    raise SystemExit(0)


@app.command()
def serve(
    db: Annotated[
        Path, typer.Argument(metavar="DB", help="The index file (SQLite); created if missing.")
    ],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(help="File holding the bearer token every /v1 request must carry."),
    ] = None,
    max_body: Annotated[
        str, typer.Option(help="Largest request body (2MiB, 512k, bytes); larger ones get 413.")
    ] = "2MiB",
    workers: Annotated[
        int,
        typer.Option(min=0, help="Processes that run checks (0: two threads of the server)."),
    ] = 1,
    write_queue: Annotated[
        int, typer.Option(min=1, help="Writes that may wait; beyond that 503 + Retry-After.")
    ] = 64,
    max_batch: Annotated[int, typer.Option(min=1, help="Articles in one batch request.")] = 1000,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
) -> None:
    """Serve the index DB over HTTP: check articles, add, get and remove them (JSON, /v1).

    One server process holds the index's only writer; --workers processes run the checks,
    each on its own read-only connection. SIGTERM or Ctrl-C stops it after the requests in
    flight, and every write it accepted is committed. Endpoints: /openapi.json and /docs.

    Example: unspin serve news.sqlite --port 8000 --token-file ~/.unspin-token
    """
    require("fastapi", "uvicorn")
    import uvicorn

    config = ServiceConfig(
        db,
        token=read_token(token_file) if token_file is not None else None,
        max_body=parse_size(max_body),
        workers=workers,
        write_queue=write_queue,
        max_batch=max_batch,
    ).validated()
    with Index(db) as index:  # a bad or foreign file fails here, with exit code 2
        count = len(index)
    _log_to_stderr(log_level)
    auth = (
        "bearer token required" if config.token else "no token: anyone who can connect may use it"
    )
    stderr.print(f"serving {count} articles of {db} on http://{host}:{port} ({auth})")
    from unspin.service.app import build_app

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _exit_after_shutdown)
    uvicorn.run(
        build_app(config),
        host=host,
        port=port,
        log_level=log_level.lower(),
        access_log=False,  # the service logs each request itself, with its request id
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
