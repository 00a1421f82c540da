"""One Spark session (``local[2]``) for the whole test run: starting one takes seconds.

Skipped when pyspark or Java is missing, except in CI, where a missing engine is a failure
(``.ci/run`` installs Java).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pyspark is missing: pip install -e '.[dev]'")
        pytest.skip("pyspark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("java is missing (.ci/run installs openjdk-17-jre-headless)")
        pytest.skip("no Java runtime")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from unspin.spark.session import get_session

    session = get_session("local[2]")
    yield session
    session.stop()
