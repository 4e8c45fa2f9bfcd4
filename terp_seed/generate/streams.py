"""Keyed random streams: every draw comes from (seed, family, purpose), never global state.

Keying by purpose means adding a draw in one place never shifts the numbers drawn anywhere
else, so a change to invoices cannot silently reshuffle orders.
"""

import zlib

import numpy as np


def _key(name: str) -> int:
    # crc32 is stable across Python runs and platforms, unlike hash().
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, family: str, purpose: str) -> np.random.Generator:
    """The random generator for one purpose of one family under one seed.

    Args:
        seed: The run's root seed.
        family: The table family drawing (e.g. "clients").
        purpose: What the draws decide (e.g. "whale_weights").

    Returns:
        A fresh `numpy.random.Generator`; the same arguments always give the same sequence.
    """
    return np.random.default_rng([seed, _key(family), _key(purpose)])


def substream_seed(seed: int, family: str, purpose: str) -> int:
    """A 32-bit integer seed for libraries that take one (Faker), keyed like `stream`."""
    return int(stream(seed, family, purpose).integers(0, 2**31 - 1))
