"""Money at cent precision: where sums must be exact, families count integer cents."""

import numpy as np
import pandas as pd


def cents(values: pd.Series | np.ndarray) -> np.ndarray:
    """Amounts in dollars (DECIMAL(…,2) values, as floats) as int64 cents."""
    return np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)
