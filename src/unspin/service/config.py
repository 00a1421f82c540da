"""Settings of the REST service, checked in one place, and the parsing of their CLI forms.

A :class:`ServiceConfig` is plain data: :func:`unspin.service.create_app` validates it once
(:meth:`ServiceConfig.validated`) and every part of the service reads it without checking
again. Sizes on the command line are written as people write them (``2MiB``, ``512k``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from unspin.errors import ConfigError
from unspin.ingest.base import DEFAULT_MAX_CHARS

DEFAULT_MAX_BODY = 2 * 1024 * 1024
"""2 MiB: a long article is about 50 KB of JSON, a batch of 40 of them fits."""

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 10**6, "mb": 10**6}
_UNITS |= {"mib": 1024**2, "g": 10**9, "gb": 10**9, "gib": 1024**3}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """What one service instance serves and the limits it enforces.

    Parameters
    ----------
    db : Path
        The index file (:class:`unspin.index.Index`); created empty when missing.
    token : str or None, default=None
        Bearer token every ``/v1`` request must carry; None serves without authentication.
    max_body : int, default=2 MiB
        Largest request body in bytes; a larger one is answered 413 without being read.
    workers : int, default=1
        Processes that run checks and reads, each with its own read-only connection.
        0 runs them in two threads of the server process instead (no start-up cost; checks
        then share the server's interpreter lock).
    write_queue : int, default=64
        Write requests waiting for the writer thread; beyond that a write is answered 503
        with ``Retry-After``.
    max_pending_reads : int, default=64
        Checks and reads waiting for a worker; beyond that 503 with ``Retry-After``.
    max_batch : int, default=1000
        Articles in one ``POST /v1/articles:batch``.
    retry_after : int, default=1
        Seconds put in ``Retry-After`` when a queue is full.
    max_chars : int
        Longer texts are truncated, as :func:`unspin.scan` does.
    """

    db: Path
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    workers: int = 1
    write_queue: int = 64
    max_pending_reads: int = 64
    max_batch: int = 1000
    retry_after: int = 1
    max_chars: int = DEFAULT_MAX_CHARS

    def validated(self) -> ServiceConfig:
        """This configuration, or ``ConfigError`` naming the first bad setting."""
        for name, low in (
            ("max_body", 1),
            ("workers", 0),
            ("write_queue", 1),
            ("max_pending_reads", 1),
            ("max_batch", 1),
            ("retry_after", 0),
            ("max_chars", 1),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or value < low:
                raise ConfigError(
                    f"The {name!r} setting of the service must be an integer >= {low}. "
                    f"Got {value!r} instead."
                )
        if self.token is not None and not _usable_token(self.token):
            raise ConfigError(
                "The service token must be 1-4096 visible ASCII characters without spaces "
                "(what an HTTP Authorization header can carry)."
            )
        return replace(self, db=Path(self.db))


def _usable_token(token: str) -> bool:
    return 0 < len(token) <= 4096 and all(33 <= ord(c) <= 126 for c in token)


def parse_size(text: str) -> int:
    """Bytes in a size such as ``2MiB``, ``512k``, ``1048576`` (k, M, G are powers of 1000;
    KiB, MiB, GiB of 1024).

    Examples
    --------
    >>> parse_size("2MiB"), parse_size("512k"), parse_size("100")
    (2097152, 512000, 100)
    """
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ConfigError(
            f"Expected a size such as 2MiB, 512k or 1048576, got {text!r}. "
            "Units: B, k, KiB, M, MiB, G, GiB (in any case)."
        )
    return int(float(match.group(1)) * _UNITS[unit])


def read_token(path: Path) -> str:
    """The token in ``path`` (surrounding whitespace and a final newline ignored).

    The file should be readable by its owner only; a token file that others can read is
    refused, as ssh refuses such a key, because anyone who can read it can use the service.
    """
    try:
        mode = path.stat().st_mode
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the token file {path}: {exc}") from exc
    if os.name == "posix" and mode & 0o077:
        raise ConfigError(
            f"the token file {path} can be read by other users (mode {mode & 0o777:o}); "
            f"run: chmod 600 {path}"
        )
    if not _usable_token(token):
        raise ConfigError(
            f"the token file {path} must hold one token of 1-4096 visible ASCII characters"
        )
    return token
