"""unspin: find who copied whom in the news.

Compare two articles with :func:`compare`, or a whole corpus with :func:`scan`::

    >>> import unspin
    >>> c = unspin.compare("The army said on Monday it won.", "The army said on Monday it won.")
    >>> c.relation
    'duplicate'
"""

from unspin.errors import (
    ConfigError,
    IncompatibleIndexError,
    IngestError,
    MissingDependencyError,
    SpillError,
    StoreError,
    UnspinError,
)
from unspin.executors.local import scan
from unspin.ingest.pages import extract_html
from unspin.models import (
    COPY_RELATIONS,
    RELATIONS,
    Comparison,
    Document,
    PairResult,
    Relation,
    ScanResult,
    Skipped,
    Span,
)
from unspin.verify.compare import compare

__version__ = "0.1.0"

__all__ = [
    "COPY_RELATIONS",
    "RELATIONS",
    "Comparison",
    "ConfigError",
    "Document",
    "IncompatibleIndexError",
    "IngestError",
    "MissingDependencyError",
    "PairResult",
    "Relation",
    "ScanResult",
    "Skipped",
    "Span",
    "SpillError",
    "StoreError",
    "UnspinError",
    "__version__",
    "compare",
    "extract_html",
    "scan",
]
