"""The optional C extension ``unspin.native._speedups``, or ``None`` where it is missing or
switched off.

``setup.py`` builds the extension wherever a C compiler is found; without one, ``pip install``
still succeeds and every caller runs its pure-Python or numpy twin of the same function, with
the same results (``tests/native/test_speedups.py`` holds each pair equal) and about 1.7x the scan
time. Setting ``UNSPIN_PURE_PYTHON=1`` switches the extension off, to compare the two paths or
to rule the extension out when debugging.
"""

from __future__ import annotations

import os

__all__ = ["speedups"]

try:
    if os.environ.get("UNSPIN_PURE_PYTHON"):
        raise ImportError("switched off by UNSPIN_PURE_PYTHON")
    from unspin.native import _speedups as speedups
except ImportError:  # pragma: no cover - exercised where the extension is not built
    speedups = None  # type: ignore[assignment]
"""The extension module, or ``None``."""
