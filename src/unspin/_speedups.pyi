from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

def content_words(
    texts: Sequence[bytes], slots: NDArray[np.uint64], /
) -> tuple[bytearray, bytearray, bytearray]: ...
def tokenize_ascii(text: str, /) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]: ...
