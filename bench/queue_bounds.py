#!/usr/bin/env python3
"""Largest queue per site over a run, from the site samples of its trace.h5.

  python3 bench/queue_bounds.py RUN_DIR/trace.h5 [--quarters]

Reads /sites/samples and /sites/catalog through `h5dump` (Debian's hdf5-tools; no h5py
needed), and prints, per site: the largest queued_jobs over the run, the largest in each
quarter of the run (--quarters), and the queue at the last sample. A stable load shows a
last-quarter maximum of the same order as the first; a growing backlog shows it rising.
The last line is machine-readable: `queue-bounds: max_queued=N site=NAME last_quarter_max=N`.
"""
import re
import subprocess
import sys


def dump(path, dataset):
    text = subprocess.run(["h5dump", "-y", "-w", "0", "-d", dataset, path], check=True,
                          capture_output=True, text=True).stdout
    return text


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit("usage: queue_bounds.py TRACE.h5 [--quarters]")
    path = args[0]
    names = re.findall(r'"([^"]*)"', dump(path, "/sites/catalog"))
    # catalog rows are (index, name, hub, side, ...): keep every string that follows an index.
    catalog_text = dump(path, "/sites/catalog")
    rows = re.findall(r'\{\s*(\d+),\s*"([^"]*)"', catalog_text)
    site_name = {int(i): n for i, n in rows} if rows else dict(enumerate(names))
    text = dump(path, "/sites/samples")
    body = text[text.find("DATA {") + 6:]
    numbers = re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", body)
    fields = 7  # time_s, site, busy_gpus, total_gpus, running_jobs, queued_jobs, queued_gpus
    samples = [numbers[i:i + fields] for i in range(0, len(numbers) - fields + 1, fields)]
    if not samples:
        sys.exit(f"queue_bounds: no site samples in {path}")
    end = max(float(s[0]) for s in samples)
    per_site = {}
    for s in samples:
        t, site, queued = float(s[0]), int(s[1]), int(s[5])
        q = min(3, int(4 * t / end)) if end > 0 else 0
        entry = per_site.setdefault(site, {"max": 0, "quarters": [0, 0, 0, 0], "last": 0, "last_t": -1.0})
        entry["max"] = max(entry["max"], queued)
        entry["quarters"][q] = max(entry["quarters"][q], queued)
        if t >= entry["last_t"]:
            entry["last"], entry["last_t"] = queued, t
    print(f"{'site':<24} {'max_queued':>10} {'q1':>8} {'q2':>8} {'q3':>8} {'q4':>8} {'at_end':>8}")
    worst = None
    for site in sorted(per_site):
        e = per_site[site]
        name = site_name.get(site, str(site)).replace("\\000", "")
        print(f"{name:<24} {e['max']:>10} " + " ".join(f"{v:>8}" for v in e["quarters"]) + f" {e['last']:>8}")
        if worst is None or e["max"] > worst[1]["max"]:
            worst = (name, e)
    print(f"queue-bounds: max_queued={worst[1]['max']} site={worst[0]} last_quarter_max={worst[1]['quarters'][3]}")


if __name__ == "__main__":
    main()
