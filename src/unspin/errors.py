"""Exceptions raised by unspin.

* UnspinError                   base class; the CLI maps it to exit code 2
  + ConfigError                 invalid or inconsistent parameters
  + IngestError                 a source cannot be read at all (carries path and line)
  + StoreError                  the persistent index cannot be opened or written
    - IncompatibleIndexError    index built with other parameters or schema version
  + SpillError                  a scan's temporary files cannot be written (disk full, no access)
  + MissingDependencyError      an optional extra is not installed

Malformed *records* inside a readable source are never raised: they are reported as
:class:`unspin.models.Skipped` so that a run always accounts for every record.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""


class ConfigError(UnspinError, ValueError):
    """A parameter is out of range or inconsistent with another."""


class IngestError(UnspinError):
    """A source (file, folder) cannot be read at all."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class StoreError(UnspinError):
    """The persistent index cannot be opened or written."""


class IncompatibleIndexError(StoreError):
    """The index was built with other parameters or another schema version."""


class SpillError(UnspinError):
    """A scan's temporary spill files cannot be created or written."""


class MissingDependencyError(UnspinError, ImportError):
    """An optional extra is needed for this feature; the message says how to install it."""
