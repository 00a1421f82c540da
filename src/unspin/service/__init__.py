"""REST service over the persistent index: check and add articles over HTTP.

``unspin serve DB`` runs it on uvicorn; :func:`create_app` builds the same ASGI application
for any other ASGI server, and :func:`app_from_env` does so from environment variables (for
servers that take a factory by name, such as ``uvicorn --factory unspin.service:app_from_env``).
Run one server process per index: it holds the index's one writer, and ``workers`` reader
processes do the checks. The optional extra ``unspin[service]`` (FastAPI, uvicorn) is needed;
without it these functions raise :class:`~unspin.errors.MissingDependencyError` with the
install command. Endpoints, limits and examples: ``docs/service.md``.

Layout: :mod:`~unspin.service.app` (routes), :mod:`~unspin.service.writer` (the writer
thread), :mod:`~unspin.service.pool` (readers), :mod:`~unspin.service.jobs` (what each
endpoint asks of the index), :mod:`~unspin.service.http` (request ids, body limit, errors,
token), :mod:`~unspin.service.schemas` (the OpenAPI models).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspin.errors import ConfigError, MissingDependencyError
from unspin.service.config import DEFAULT_MAX_BODY, ServiceConfig, parse_size, read_token

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["DEFAULT_MAX_BODY", "ServiceConfig", "app_from_env", "create_app", "require"]


def require(*modules: str) -> None:
    """Import ``modules`` or raise :class:`MissingDependencyError` saying how to install them."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise MissingDependencyError(
                f"{module!r} is required for the REST service; install it with: "
                "pip install 'unspin[service]'"
            ) from exc


def create_app(db: str | Path, **settings: Any) -> FastAPI:
    """The ASGI application serving the index ``db``.

    Parameters
    ----------
    db : str or Path
        The index file; created empty when missing.
    **settings
        Any field of :class:`ServiceConfig`: ``token``, ``max_body``, ``workers``,
        ``write_queue``, ``max_pending_reads``, ``max_batch``, ``retry_after``, ``max_chars``.

    Returns
    -------
    fastapi.FastAPI
        Start it with any ASGI server; the index opens and the readers start in its
        lifespan start-up, and every accepted write is committed at shutdown.

    Raises
    ------
    MissingDependencyError
        FastAPI is not installed.
    ConfigError
        A setting is out of range.
    """
    require("fastapi")
    from unspin.service.app import build_app

    try:
        config = ServiceConfig(Path(db), **settings)
    except TypeError as exc:
        fields = ", ".join(ServiceConfig.__dataclass_fields__)
        raise ConfigError(f"{exc}; the settings are: {fields}") from exc
    return build_app(config)


def app_from_env() -> FastAPI:
    """:func:`create_app` configured by ``UNSPIN_DB`` (required), ``UNSPIN_TOKEN_FILE``,
    ``UNSPIN_MAX_BODY`` (``2MiB``), ``UNSPIN_WORKERS``, ``UNSPIN_WRITE_QUEUE`` and
    ``UNSPIN_MAX_BATCH``."""
    env = os.environ
    if not env.get("UNSPIN_DB"):
        raise ConfigError("set UNSPIN_DB to the index file the service should serve")
    settings: dict[str, Any] = {}
    if env.get("UNSPIN_TOKEN_FILE"):
        settings["token"] = read_token(Path(env["UNSPIN_TOKEN_FILE"]))
    if env.get("UNSPIN_MAX_BODY"):
        settings["max_body"] = parse_size(env["UNSPIN_MAX_BODY"])
    for name in ("workers", "write_queue", "max_batch"):
        value = env.get(f"UNSPIN_{name.upper()}")
        if value:
            try:
                settings[name] = int(value)
            except ValueError as exc:
                raise ConfigError(
                    f"UNSPIN_{name.upper()} must be an integer, got {value!r}"
                ) from exc
    return create_app(env["UNSPIN_DB"], **settings)
