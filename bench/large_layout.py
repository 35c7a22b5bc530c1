#!/usr/bin/env python3
"""Write a large synthetic layout (layout YAML, see topology/layouts/README.md) for scale tests.

  python3 bench/large_layout.py star N > star-N.yaml
  python3 bench/large_layout.py hub-spoke N [--hubs H] > hubs-N.yaml

star:      one EAST hub whose home site is the centre; N-1 WEST sites, each linked only to
           the centre (every link is a bridge, every route has at most 2 hops).
hub-spoke: H hubs (the first half east, the rest west); each hub has a home site linked to
           its other sites; the home sites form a ring, plus a chord to the hub opposite.
Sites lie on a grid of coordinates inside China (lat 22-45, lon 98-124), so great-circle
distances and `latency: auto` are realistic. Each site has one pool of 8 H800 GPUs, so the
platform's host count grows with N only. Not a real network: a load test.
"""
import argparse
import math
import sys


def coords(i, n):
    """A deterministic spread of n points over the box lat 22-45, lon 98-124."""
    side = max(1, math.ceil(math.sqrt(n)))
    row, col = divmod(i, side)
    lat = 22.0 + 23.0 * (row + 0.5) / side
    lon = 98.0 + 26.0 * (col + 0.5) / side
    return round(lat, 4), round(lon, 4)


def site(name, hub, lat, lon):
    return (f"  - name: {name}\n    hub: {hub}\n    province: Guizhou\n    lat: {lat}\n    lon: {lon}\n"
            f"    pue: 1.2\n    electricity:\n      price: 0.3515\n    pools:\n      - gpu: H800\n        gpus: 8\n        gpus_per_server: 8\n")


def link(a, b, bandwidth):
    return f"  - between: [{a}, {b}]\n    bandwidth: {bandwidth}\n    latency: auto\n"


def star(n):
    out = [f"name: star-{n}\ndescription: \"synthetic star of {n} sites (bench/large_layout.py)\"\n",
           "rules:\n  max_route_ratio: 100\n  hub_latency_budget: 1s\n",
           "hubs:\n  - name: EAST\n    side: east\n  - name: WEST\n    side: west\nsites:\n"]
    lat, lon = 31.2, 121.5
    out.append(site("s0", "EAST", lat, lon))
    for i in range(1, n):
        la, lo = coords(i - 1, n - 1)
        out.append(site(f"s{i}", "WEST", la, lo))
    out.append("links:\n")
    for i in range(1, n):
        out.append(link("s0", f"s{i}", "100Gbps"))
    return "".join(out)


def hub_spoke(n, hubs):
    hubs = max(2, min(hubs, n))
    out = [f"name: hubs-{n}\ndescription: \"synthetic hub-and-spoke of {n} sites in {hubs} hubs (bench/large_layout.py)\"\n",
           "rules:\n  max_route_ratio: 100\n  hub_latency_budget: 1s\n", "hubs:\n"]
    for h in range(hubs):
        out.append(f"  - name: H{h}\n    side: {'east' if h < (hubs + 1) // 2 else 'west'}\n")
    out.append("sites:\n")
    members = [[] for _ in range(hubs)]
    for i in range(n):
        members[i % hubs].append(i)
    # Home sites first so that each hub's first listed site is its centre.
    order = [m[0] for m in members] + [i for m in members for i in m[1:]]
    for i in order:
        la, lo = coords(i, n)
        out.append(site(f"s{i}", f"H{i % hubs}", la, lo))
    out.append("links:\n")
    for m in members:
        for i in m[1:]:
            out.append(link(f"s{m[0]}", f"s{i}", "100Gbps"))
    pairs = set()
    for h in range(hubs):
        for other in ((h + 1) % hubs, (h + hubs // 2) % hubs):
            if other != h:
                pairs.add(tuple(sorted((h, other))))
    for a, b in sorted(pairs):
        out.append(link(f"s{members[a][0]}", f"s{members[b][0]}", "800Gbps"))
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=["star", "hub-spoke"])
    parser.add_argument("sites", type=int)
    parser.add_argument("--hubs", type=int, default=8)
    args = parser.parse_args()
    if args.sites < 2:
        sys.exit("large_layout.py: need at least 2 sites")
    sys.stdout.write(star(args.sites) if args.shape == "star" else hub_spoke(args.sites, args.hubs))


if __name__ == "__main__":
    main()
