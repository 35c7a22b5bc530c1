#!/usr/bin/python3
"""Prints the storage of each dataset of a trace and the file's bytes per job.

Usage: /usr/bin/python3 results/trace_size.py TRACE.h5
The last line is machine-readable: `trace-size: bytes=... jobs=... bytes_per_job=...`.
"""
import os
import sys

import h5py


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    with h5py.File(path, "r") as f:
        rows = []
        f.visititems(lambda name, obj: rows.append((name, obj.shape[0] if obj.shape else 1, obj.id.get_storage_size(),
                                                    obj.compression or "-", obj.chunks[0] if obj.chunks else "-"))
                     if isinstance(obj, h5py.Dataset) else None)
        jobs = f["jobs"].shape[0]
    print("%-20s %10s %12s %8s %7s" % ("dataset", "rows", "bytes", "filter", "chunk"))
    for name, count, size, compression, chunk in rows:
        print("%-20s %10d %12d %8s %7s" % (name, count, size, compression, chunk))
    size = os.path.getsize(path)
    print("trace-size: bytes=%d jobs=%d bytes_per_job=%.1f" % (size, jobs, size / max(jobs, 1)))


if __name__ == "__main__":
    main()
