"""Reads gzipped IDX files (MNIST, Fashion-MNIST) for the reference scripts in this folder.

IDX: a big-endian uint32 magic whose low byte is the number of dimensions, then one big-endian uint32 per
dimension, then the uint8 data in row-major order.
"""
import gzip
import struct

import numpy as np


def idx(path):
    """The array stored in the gzipped IDX file at path (uint8, shape from the header)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    nd = magic & 0xFF
    dims = struct.unpack(">" + "I" * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)
