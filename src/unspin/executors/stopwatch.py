"""Per-stage timing of a scan, logged for ``unspin scan --verbose`` and the benchmarks."""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("unspin.executors.local")


class Stopwatch:
    """Logs each stage's wall time, item count, this process's CPU time in it (the rest of
    the work runs in the workers) and its peak memory so far (``unspin`` logger, INFO)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self, stage: str, items: int) -> None:
        """Log the stage that just ended and start timing the next one."""
        now, cpu = time.perf_counter(), time.process_time()
        log.info(
            "stage %s: %.2f s (%d items, main process CPU %.2f s%s)",
            stage,
            now - self.last,
            items,
            cpu - self.cpu,
            peak_memory(),
        )
        self.last, self.cpu = now, cpu


def peak_memory() -> str:
    """``", peak RSS N MB"`` of this process where the platform tells (Linux, macOS)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return f", peak RSS {peak // (1 << 20 if sys.platform == 'darwin' else 1 << 10)} MB"
