"""Build the optional C speedups (``unspin._speedups``); everything else is in pyproject.toml.

The extension is optional: without a C compiler the build skips it and unspin runs its
pure-Python and numpy twins of the same functions (same results, slower).
"""

from pathlib import Path

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "unspin.native._speedups",
            sorted(str(path) for path in Path("src/unspin/native/csrc").glob("*.c")),
            depends=["src/unspin/native/csrc/speedups.h"],
            optional=True,
            # no fused multiply-add: the C loops give the Python twins' floating-point bits
            extra_compile_args=["-O2", "-ffp-contract=off"],
        )
    ]
)
