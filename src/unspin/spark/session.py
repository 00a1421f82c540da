"""The Spark session of a scan: found or built, with the fix named when Spark cannot start.

pyspark is an optional extra (``unspin[spark]``) and needs a Java runtime; both are checked
when the Spark engine is used, not at import, so that the core install never needs them.
In local mode the Python workers must run this interpreter (the one with unspin and its C
extension installed), which ``spark.pyspark.python`` pins; on a cluster the environment
archive does that (docs/spark.md).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from types import ModuleType
from typing import Any

from unspin.errors import MissingDependencyError

DEFAULT_MASTER = "local[2]"
"""Master used when none is given: two local cores, as the CI tests run."""

LOCAL_SHUFFLE_PARTITIONS = 8
"""Shuffle partitions of a session built here (Spark's 200 are made for clusters: on two
cores each of a scan's ten shuffles would start 200 small tasks, most of them Python)."""

INSTALL_HINT = "pip install 'unspin[spark]'"
JAVA_HINT = (
    "the Spark engine needs a Java runtime (17 or newer): install one (Debian/Ubuntu: "
    "apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
)


def require_pyspark() -> ModuleType:
    """The ``pyspark.sql`` module, or MissingDependencyError with the install command."""
    try:
        return importlib.import_module("pyspark.sql")
    except ImportError as exc:
        raise MissingDependencyError(
            f"the Spark engine needs pyspark and pandas; install them with: {INSTALL_HINT}"
        ) from exc


def require_java() -> None:
    """Fail with the fix when no Java runtime can be found (Spark would fail obscurely)."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return
    if shutil.which("java") is None:
        raise MissingDependencyError(JAVA_HINT)


def _defaults() -> dict[str, str]:
    """Settings of a session built here: no UI or console progress bars (a CLI prints its
    own), a shuffle partition count for one machine, a driver heap that holds a local run."""
    return {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(LOCAL_SHUFFLE_PARTITIONS),
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.driver.memory": os.environ.get("UNSPIN_SPARK_MEMORY", "2g"),
        "spark.driver.bindAddress": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"),
    }


def get_session(master: str | None = None, *, shuffle_partitions: int | None = None) -> Any:
    """The active SparkSession, or a new one on ``master`` (default ``local[2]``).

    An active session is reused as it is (a notebook's or a test run's); ``master`` then
    must not contradict it. Under ``spark-submit`` without ``master`` the session is built
    from spark-submit's options alone. Otherwise a new session's driver gets
    ``UNSPIN_SPARK_MEMORY`` of heap (default ``2g``: in local mode the executors are inside
    the driver's JVM) and the settings of :func:`_defaults`.
    ``shuffle_partitions`` sets ``spark.sql.shuffle.partitions`` (results never depend on it).
    """
    sql = require_pyspark()
    active = sql.SparkSession.getActiveSession()
    if active is None:
        require_java()
        builder = sql.SparkSession.builder.appName("unspin")
        # under spark-submit (which passes its gateway to this process) its options rule
        if master is not None or "PYSPARK_GATEWAY_PORT" not in os.environ:
            builder = builder.master(master or DEFAULT_MASTER)
            for key, value in _defaults().items():
                builder = builder.config(key, value)
            if (master or DEFAULT_MASTER).startswith("local"):
                # the workers must import this unspin (and its C extension), not a system
                # python's; Spark reads the variable when it starts its Python workers
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        try:
            active = builder.getOrCreate()
        except Exception as exc:  # py4j and Java report start-up failures as bare errors
            raise MissingDependencyError(f"Spark could not start ({exc}); {JAVA_HINT}") from exc
        active.sparkContext.setLogLevel("ERROR")
    if shuffle_partitions is not None:
        active.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return active
