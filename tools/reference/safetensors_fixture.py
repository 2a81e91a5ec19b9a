#!/usr/bin/env python3
"""Writes tests/fixtures/training/reference.safetensors straight from the format spec with NumPy (the
safetensors package is not in Debian): 8-byte little-endian header length, JSON header, raw data.
Also writes reference.json with the same values so the C# test can compare.

    /usr/bin/python3 tools/reference/safetensors_fixture.py
"""
import json
import struct
import numpy as np

rng = np.random.default_rng(7)
tensors = {
    "fc1.weight": rng.standard_normal((3, 4)).astype(np.float32),
    "fc1.bias": rng.standard_normal(3).astype(np.float32),
    "step": np.array([42], dtype=np.int64),
    "w64": rng.standard_normal((2, 2)).astype(np.float64),
}
codes = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}
header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
for name, arr in tensors.items():
    b = arr.tobytes()  # little-endian on x86-64
    header[name] = {"dtype": codes[arr.dtype], "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
    blobs.append(b)
    off += len(b)
h = json.dumps(header).encode()
with open("tests/fixtures/training/reference.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(h)))
    f.write(h)
    for b in blobs:
        f.write(b)
with open("tests/fixtures/training/reference.json", "w") as f:
    json.dump({k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in tensors.items()}, f)
