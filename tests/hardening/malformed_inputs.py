#!/usr/bin/env python3
"""The malformed-input table: aicn fed inputs a new user, a CI pipeline or a planner might
write by mistake, across every surface (scenario keys, layouts, overlays, CSV/SWF/openb traces,
command-line options and subcommands, policy libraries, output folders).

Each case writes its files into a fresh scratch folder, runs aicn there and asserts that
  * the exit code is not 0 (a silent accept) and aicn was not ended by a signal (a crash),
  * it finished within 30 s (else: a hang),
  * the first line of stderr starts with `aicn: error:` (or `aicn:` for a usage error) and
    contains every expected substring: the file/option, the key and the bad value.
It prints a markdown table (case | surface | exit code | first message line) and a summary
line `malformed: N cases, crashes=C hangs=H silent=S unclear=U`; the exit status is 1 when any
counted case failed.

Cases marked pending="BRANCH" wait for a fix on another branch; they are skipped unless --all.

    python3 tests/hardening/malformed_inputs.py --aicn build/aicn --plugin-dir build/tests \
        [--data-dir ../shared/data] [--all] [--only SUBSTRING]
"""
import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT_S = 30

# A small valid scenario the cases break one key at a time (2 h, a handful of jobs).
BASE = """name: t
seed: 1
horizon: 2h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 2
"""

LAYOUT = """name: mini
hubs:
  - {name: E, side: east}
  - {name: W, side: west}
sites:
  - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: 16, gpus_per_server: 8}]}
  - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: 64, gpus_per_server: 8}]}
links:
  - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}
"""

CSV_HEADER = "id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes"
CSV_ROW = "0,training,EAST,60,A100-80GB,8,1e18,0.45,1e9"
SWF_ROW = "1 0 -1 100 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1"
OPENB_HEADER = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time"
OPENB_ROW = "openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0"
OPENB_NODES = "sn,cpu_milli,memory_mib,gpu,model\nopenb-node-0000,64000,262144,2,P100\n"

CASES = []


def case(name, surface, argv, expect, files=None, pending=None, parallel=False, setup=None):
    """argv: the words after `aicn`; {dir}, {plugins} and {data} are replaced. expect: the
    substrings the first stderr line must hold. files: name -> text or bytes, in the scratch
    folder. setup(dir) may prepare more and returns a reason to skip, or None."""
    CASES.append(dict(name=name, surface=surface, argv=argv, expect=expect if isinstance(expect, list) else [expect],
                      files=files or {}, pending=pending, parallel=parallel, setup=setup))


def scenario(extra="", base=BASE, replace=None):
    text = base
    if replace:
        for old, new in replace:
            assert old in text, old
            text = text.replace(old, new)
    return {"s.yaml": text + extra}


def run_case_scenario(name, surface, extra="", expect=(), replace=None, pending=None, more_files=None, options=""):
    files = scenario(extra, replace=replace)
    files.update(more_files or {})
    case(name, surface, "run s.yaml -q --out out " + options, list(expect), files, pending)


def trace_scenario(source, path, extra=""):
    return BASE.replace("workload:\n  source: poisson-training\n  arrivals_per_hour: 2\n",
                        "workload:\n  source: %s\n  path: %s\n%s" % (source, path, extra))


# ---------------------------------------------------------------- scenario keys
S = "scenario"
run_case_scenario("unknown top-level key", S, "horzon: 1d\n", ["s.yaml:8", "horzon"])
run_case_scenario("seed negative", S, replace=[("seed: 1", "seed: -1")], expect=["seed", "-1"])
run_case_scenario("seed not a number", S, replace=[("seed: 1", "seed: abc")], expect=["seed", "abc"])
run_case_scenario("seed beyond 64 bits", S, replace=[("seed: 1", "seed: 99999999999999999999999")],
                  expect=["seed", "99999999999999999999999"])
run_case_scenario("seed fractional", S, replace=[("seed: 1", "seed: 1.5")], expect=["seed", "1.5"])
run_case_scenario("horizon without unit", S, replace=[("horizon: 2h", "horizon: 10")], expect=["horizon", "10"])
run_case_scenario("horizon negative", S, replace=[("horizon: 2h", "horizon: -1d")], expect=["horizon", "-1d"])
run_case_scenario("horizon zero", S, replace=[("horizon: 2h", "horizon: 0s")], expect=["horizon", "0s"])
run_case_scenario("horizon 1e300 days", S, replace=[("horizon: 2h", "horizon: 1e300d")], expect=["horizon", "1e300d"])
run_case_scenario("horizon unknown unit", S, replace=[("horizon: 2h", "horizon: 2fortnights")],
                  expect=["horizon", "2fortnights"])
run_case_scenario("drain not a boolean", S, "drain: maybe\n", ["drain", "maybe"])
run_case_scenario("max_jobs zero", S, "max_jobs: 0\n", ["max_jobs", "0"])
run_case_scenario("max_jobs negative", S, "max_jobs: -5\n", ["max_jobs", "-5"])
run_case_scenario("max_jobs fractional", S, "max_jobs: 2.5\n", ["max_jobs", "2.5"])
run_case_scenario("max_jobs 1e30", S, "max_jobs: 1e30\n", ["max_jobs", "1e30"])
run_case_scenario("compute_model unknown", S, "compute_model: gpu\n", ["compute_model", "gpu"])
run_case_scenario("sample_interval zero", S, "sample_interval: 0s\n", ["sample_interval", "0s"])
run_case_scenario("sample_interval 1ns floods the trace", S, "sample_interval: 1ns\n", ["sample_interval", "1ns"])
run_case_scenario("dispatch_tick 1ns spins", S, "dispatch_tick: 1ns\n", ["dispatch_tick", "1ns"])
run_case_scenario("dispatch_tick not a duration", S, "dispatch_tick: often\n", ["dispatch_tick", "often"])
run_case_scenario("checkpoint_interval not a duration", S, "checkpoint_interval: abc\n", ["checkpoint_interval", "abc"])
run_case_scenario("network sharing unknown", S, "network: {sharing: fair}\n", ["network.sharing", "fair"])
run_case_scenario("network background all of the link", S, "network: {background: 1.0}\n", ["network.background", "1.0"])
run_case_scenario("network diurnal background too high at the peak", S,
                  "network: {background: {share: 0.6, diurnal: helios-venus}}\n", ["network.background", "0.95"])
run_case_scenario("network site capacity of an unknown site", S, "network: {site_transfer_capacity: {nowhere: 1Gbps}}\n",
                  ["network.site_transfer_capacity.nowhere", "nowhere"])
run_case_scenario("max-min sharing with a latency factor", S,
                  "network: {sharing: max-min}\nsimgrid: {network/latency-factor: 2}\n",
                  ["simgrid.network/latency-factor", "2"])
run_case_scenario("data checkpoints unknown target", S, "data: {checkpoints: cloud}\n", ["data.checkpoints", "cloud"])
run_case_scenario("data storage negative", S, "data: {storage: -1TB}\n", ["data.storage", "-1TB"])
run_case_scenario("cross_site scheme unknown", S, "cross_site: {scheme: diloco}\n", ["cross_site.scheme", "diloco"])
run_case_scenario("cross_site overlap above 1", S, "cross_site: {overlap: 1.5}\n", ["cross_site.overlap", "1.5"])
run_case_scenario("cross_site local_steps zero", S, "cross_site: {local_steps: 0}\n", ["cross_site.local_steps", "0"])
run_case_scenario("cross_site unknown key", S, "cross_site: {h: 500}\n", ["cross_site", "h"])
run_case_scenario("cross_site fabric_latency not a duration", S, "cross_site: {fabric_latency: fast}\n",
                  ["cross_site.fabric_latency", "fast"])
run_case_scenario("cross_site pipeline without activations", S, "cross_site: {scheme: pipeline}\n",
                  ["cross_site", "activation_bytes"])
run_case_scenario("policy unknown", S, "policy: fastest\n", ["policy", "fastest"])
run_case_scenario("policy mistyped", S, "policy: local-frist\n", ["policy", "local-frist", "did you mean 'local-first'"])
run_case_scenario("policy params unknown key", S, "policy: {name: least-loaded, params: {bogus: 1}}\n", ["policy.params", "bogus"])
run_case_scenario("policy mapping unknown key", S, "policy: {nme: least-loaded}\n", ["policy", "nme"])
run_case_scenario("policy external without a scheduler", S, "policy: external\n",
                  ["policy 'external' needs a scheduler", "policy.params.command"])
run_case_scenario("policy external with two schedulers", S,
                  "policy: {name: external, params: {command: 'true', endpoint: 'tcp://127.0.0.1:1'}}\n",
                  ["s.yaml:8", "policy.params", "not both"])
run_case_scenario("policy external timeout zero", S, "policy: {name: external, params: {command: 'true', timeout: 0s}}\n",
                  ["timeout", "0s"])
run_case_scenario("queue unknown", S, "queue: lifo\n", ["queue", "lifo"])
run_case_scenario("layout missing", S, replace=[("layout: tiny-3site\n", "")], expect=["layout"])
run_case_scenario("workload missing", S, replace=[("workload:\n  source: poisson-training\n  arrivals_per_hour: 2\n", "")],
                  expect=["workload"])
run_case_scenario("workload source unknown", S, replace=[("source: poisson-training", "source: nope")], expect=["source", "nope"])
run_case_scenario("arrivals_per_hour negative", S, replace=[("arrivals_per_hour: 2", "arrivals_per_hour: -2")],
                  expect=["arrivals_per_hour", "-2"])
run_case_scenario("arrivals_per_hour text", S, replace=[("arrivals_per_hour: 2", "arrivals_per_hour: many")],
                  expect=["arrivals_per_hour", "many"])
run_case_scenario("max_gpus 1e12", S, "  max_gpus: 1e12\n", ["max_gpus", "1e12"])
run_case_scenario("max_gpus negative", S, "  max_gpus: -64\n", ["max_gpus", "-64"])
run_case_scenario("workload unknown key", S, "  gpu_count: 8\n", ["gpu_count"])
run_case_scenario("simgrid model not a model", S, "simgrid:\n  network/model: NotAModel\n",
                  ["s.yaml:9", "simgrid.network/model", "'NotAModel' is not a valid value", "CM02"])
run_case_scenario("simgrid unknown key", S, "simgrid:\n  no/such/key: 1\n", ["simgrid.no/such/key", "unknown SimGrid setting"])
run_case_scenario("simgrid mistyped key", S, "simgrid:\n  network/modle: CM02\n",
                  ["simgrid.network/modle", "did you mean 'network/model'"])
run_case_scenario("simgrid number not a number", S, "simgrid:\n  network/TCP-gamma: abc\n", ["simgrid.network/TCP-gamma", "abc"])
run_case_scenario("simgrid boolean not a boolean", S, "simgrid:\n  network/crosstraffic: maybe\n",
                  ["simgrid.network/crosstraffic", "maybe"])
run_case_scenario("simgrid value help", S, "simgrid:\n  network/model: help\n", ["simgrid.network/model", "help"])
run_case_scenario("simgrid value with a comma", S, "simgrid:\n  network/model: 'CM02,LV08'\n", ["simgrid.network/model", "CM02,LV08"])
run_case_scenario("simgrid not a mapping", S, "simgrid: [a, b]\n", ["simgrid", "a, b"])
run_case_scenario("simgrid int overflow", S, "simgrid:\n  maxmin/concurrency-limit: 99999999999\n",
                  ["maxmin/concurrency-limit", "99999999999"])
run_case_scenario("economics unknown key", S, "economics: {bogus: 1}\n", ["economics", "bogus"])
run_case_scenario("outage on unknown site", S, "outages:\n  - {at: 1h, site_down: nowhere}\n", ["site_down", "nowhere"])
run_case_scenario("outage at negative time", S, "outages:\n  - {at: -1h, link_down: [east-a, west-a]}\n", ["at", "-1h"])
run_case_scenario("outage unknown key", S, "outages:\n  - {at: 1h, sight_down: west-a}\n", ["sight_down"])
run_case_scenario("random failures mtbf zero", S, "random_failures:\n  links: {mtbf: 0s, mttr: 1h}\n", ["mtbf", "0s"])
run_case_scenario("name not a scalar", S, replace=[("name: t", "name: {a: 1}")], expect=["name"])
run_case_scenario("duplicated key", S, "seed: 2\n", ["seed"])
case("name not UTF-8", S, "run s.yaml -q --out out", ["name"],
     {"s.yaml": b"name: caf\xe9\n" + BASE.split("\n", 1)[1].encode()})
case("invalid YAML", S, "run s.yaml -q --out out", ["s.yaml", "invalid YAML"], {"s.yaml": "name: [unclosed\n"})
case("empty scenario file", S, "run s.yaml -q --out out", ["s.yaml"], {"s.yaml": ""})
case("scenario is a list", S, "run s.yaml -q --out out", ["s.yaml"], {"s.yaml": "- a\n- b\n"})
case("scenario is binary", S, "run s.yaml -q --out out", ["s.yaml"], {"s.yaml": bytes(range(256)) * 4})
case("scenario file missing", S, "run missing.yaml -q --out out", ["missing.yaml"])
case("scenario is a folder", S, "run sub -q --out out", ["sub"], setup=lambda d: os.makedirs(os.path.join(d, "sub")))

# ---------------------------------------------------------------- layouts
L = "layout"


def layout_case(name, replace, expect, pending=None):
    text = LAYOUT
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    files = {"l.yaml": text, "s.yaml": BASE.replace("layout: tiny-3site", "layout: l.yaml")}
    case(name, L, "run s.yaml -q --out out", expect, files, pending)


layout_case("pool gpus negative", [("gpus: 16,", "gpus: -16,")], ["gpus", "-16"])
layout_case("pool gpus 1e12", [("gpus: 16,", "gpus: 1e12,")], ["gpus", "1e12"])
layout_case("pool gpus text", [("gpus: 16,", "gpus: many,")], ["gpus", "many"])
layout_case("gpu model unknown", [("gpu: A100-80GB, gpus: 16", "gpu: Z9000, gpus: 16")], ["gpu", "Z9000"])
layout_case("gpus_per_server zero", [("gpus: 16, gpus_per_server: 8", "gpus: 16, gpus_per_server: 0")], ["gpus_per_server", "0"])
layout_case("latitude out of range", [("lat: 31.2", "lat: 200")], ["lat", "200"])
layout_case("site in unknown hub", [("hub: E, lat", "hub: NOPE, lat")], ["hub", "NOPE"])
layout_case("hub side unknown", [("side: east", "side: north")], ["side", "north"])
layout_case("link to unknown site", [("between: [east, west]", "between: [east, nowhere]")], ["nowhere"])
layout_case("link with one end", [("between: [east, west]", "between: [east]")], ["between"])
layout_case("link bandwidth text", [("bandwidth: 100Gbps", "bandwidth: fast")], ["bandwidth", "fast"])
layout_case("link bandwidth negative", [("bandwidth: 100Gbps", "bandwidth: -100Gbps")], ["bandwidth", "-100Gbps"])
layout_case("link latency negative", [("latency: 10ms", "latency: -1ms")], ["latency", "-1ms"])
layout_case("duplicate site name", [("name: west, hub", "name: east, hub")], ["east"])
layout_case("site unknown key", [("{name: east, hub: E,", "{name: east, gpuz: 3, hub: E,")], ["gpuz"])
case("sites not a list", L, "topology check l.yaml", ["sites", "3"], {"l.yaml": LAYOUT.split("sites:")[0] + "sites: 3\nlinks: []\n"})
layout_case("pue below one", [("lat: 31.2,", "lat: 31.2, pue: 0.5,")], ["pue", "0.5"])
case("layout builtin unknown", L, "run s.yaml -q --out out", ["no-such-layout"],
     scenario(replace=[("layout: tiny-3site", "layout: no-such-layout")]))
case("layout file missing", L, "run s.yaml -q --out out", ["gone.yaml"], scenario(replace=[("layout: tiny-3site", "layout: gone.yaml")]))
case("topology check bad file", L, "topology check l.yaml", ["gpus", "-16"], {"l.yaml": LAYOUT.replace("gpus: 16,", "gpus: -16,")})
case("topology show unknown layout", L, "topology show nowhere-layout", ["nowhere-layout"])
case("topology export invalid YAML", L, "topology export l.yaml --format dot", ["l.yaml"], {"l.yaml": "sites: [\n"})

# ---------------------------------------------------------------- overlays
O = "overlay"


def overlay_case(name, patch, expect, pending=None, base="tiny-3site"):
    text = BASE.replace("layout: tiny-3site", "layout:\n  base: %s\n  patch:\n%s" % (base, patch))
    case(name, O, "run s.yaml -q --out out", expect, {"s.yaml": text}, pending)


overlay_case("unknown edit", "    - grow_site: {site: west-a}\n", ["grow_site"])
overlay_case("scale_pool factor 1e12", "    - scale_pool: {site: west-a, gpu: A100-80GB, factor: 1e12}\n", ["factor", "1e12"])
overlay_case("scale_pool factor zero", "    - scale_pool: {site: west-a, gpu: A100-80GB, factor: 0}\n", ["factor", "0"])
overlay_case("scale_pool unknown site", "    - scale_pool: {site: nowhere, gpu: A100-80GB, factor: 2}\n", ["site", "nowhere"])
overlay_case("scale_pool factor and gpus", "    - scale_pool: {site: west-a, gpu: A100-80GB, factor: 2, gpus: 64}\n",
             ["factor or gpus"])
overlay_case("scale_pool model absent", "    - scale_pool: {site: west-a, gpu: H800, factor: 2}\n", ["gpu", "H800"])
overlay_case("scale_pool gpus not whole servers", "    - scale_pool: {site: west-a, gpu: A100-80GB, gpus: 12}\n", ["gpus", "12"])
overlay_case("set_link no such link", "    - set_link: {between: [east-a, nowhere], bandwidth: 1Tbps}\n", ["nowhere"])
overlay_case("set_link bandwidth negative", "    - set_link: {between: [east-a, west-a], bandwidth: -1Gbps}\n",
             ["bandwidth", "-1Gbps"])
overlay_case("set_link nothing to set", "    - set_link: {between: [east-a, west-a]}\n", ["set_link"])
overlay_case("cut_link missing link", "    - cut_link: [east-a, east-a]\n", ["cut_link"])
overlay_case("two edits in one entry", "    - {cut_link: [east-a, west-a], remove_site: west-b}\n", ["one edit"])
overlay_case("remove unknown site", "    - remove_site: nowhere\n", ["nowhere"])
overlay_case("base unknown", "    - remove_site: west-b\n", ["no-such-base"], base="no-such-base")
case("patch not a list", O, "run s.yaml -q --out out", ["patch"],
     {"s.yaml": BASE.replace("layout: tiny-3site", "layout: {base: tiny-3site, patch: 3}")})
case("overlay uses itself as base", O, "run s.yaml -q --out out", ["16 deep"],
     {"s.yaml": BASE.replace("layout: tiny-3site", "layout: self.yaml"),
      "self.yaml": "base: self.yaml\npatch: []\n"})

# ---------------------------------------------------------------- CSV traces
C = "csv"


def csv_case(name, text, expect, pending=None, file_name="jobs.csv", extra=""):
    files = {"s.yaml": trace_scenario("aicn-csv", file_name, extra), file_name: text}
    case(name, C, "run s.yaml -q --out out", expect, files, pending)


csv_case("wrong header", "id,kind,origin\n" + CSV_ROW + "\n", ["jobs.csv", "header"])
csv_case("gpus 1e12", CSV_HEADER + "\n" + CSV_ROW.replace(",8,", ",1e12,") + "\n", ["gpus", "1e12"])
csv_case("id negative", CSV_HEADER + "\n" + CSV_ROW.replace("0,training", "-7,training", 1) + "\n", ["id", "-7"])
csv_case("priority 2e10", CSV_HEADER + ",priority\n" + CSV_ROW + ",2e10\n", ["priority", "2e10"])
csv_case("gpus text", CSV_HEADER + "\n" + CSV_ROW.replace(",8,", ",eight,") + "\n", ["jobs.csv:2", "eight"])
csv_case("unknown gpu model", CSV_HEADER + "\n" + CSV_ROW.replace("A100-80GB", "Z9000") + "\n", ["jobs.csv:2", "Z9000"])
csv_case("unknown origin hub", CSV_HEADER + "\n" + CSV_ROW.replace("EAST", "MARS") + "\n", ["jobs.csv:2", "MARS"])
csv_case("unknown job kind", CSV_HEADER + "\n" + CSV_ROW.replace("training", "gaming") + "\n", ["jobs.csv:2", "gaming"])
csv_case("short row", CSV_HEADER + "\n0,training,EAST\n", ["jobs.csv:2"])
csv_case("empty file", "", ["jobs.csv"])
csv_case("unknown optional column", CSV_HEADER + ",colour\n" + CSV_ROW + ",red\n", ["jobs.csv", "colour"])
csv_case("column twice", CSV_HEADER + ",priority,priority\n" + CSV_ROW + ",1,1\n", ["jobs.csv", "priority"])
csv_case("gzip that is not gzip", "this is not gzip\n", ["jobs.csv.gz"], file_name="jobs.csv.gz")
csv_case("binary garbage", bytes(range(256)) * 8, ["jobs.csv"])
csv_case("utilisation above one", CSV_HEADER + "\n" + CSV_ROW.replace(",0.45,", ",4.5,") + "\n", ["jobs.csv:2", "4.5"])
case("trace path missing", C, "run s.yaml -q --out out", ["none.csv"], {"s.yaml": trace_scenario("aicn-csv", "none.csv")})
case("workload stats bad csv", C, "workload stats jobs.csv --layout tiny-3site", ["jobs.csv:2", "eight"],
     {"jobs.csv": CSV_HEADER + "\n" + CSV_ROW.replace(",8,", ",eight,") + "\n"})

# ---------------------------------------------------------------- SWF traces
W = "swf"


def swf_case(name, text, expect, pending=None, file_name="t.swf", extra=""):
    if "gpu_model" not in extra:  # the layout has two models, and an SWF log names none
        extra += "  gpu_model: A100-80GB\n"
    files = {"s.yaml": trace_scenario("swf", file_name, extra), file_name: text}
    case(name, W, "run s.yaml -q --out out", expect, files, pending)


swf_case("processors 1e17", SWF_ROW.replace(" 4 -1", " 99999999999999999 -1", 1) + "\n", ["t.swf:1", "processors", "1e+17"])
swf_case("run time text", SWF_ROW.replace(" 100 ", " ten ", 1) + "\n", ["t.swf:1", "ten"])
swf_case("too few fields", "1 0 -1 100\n", ["t.swf:1"])
swf_case("gzip that is not gzip", "not gzip at all\n", ["t.swf.gz"], file_name="t.swf.gz")
swf_case("gpu_model unknown", SWF_ROW + "\n", ["gpu_model", "Z9000"], extra="  gpu_model: Z9000\n")
swf_case("procs_per_gpu zero", SWF_ROW + "\n", ["procs_per_gpu", "0"], extra="  procs_per_gpu: 0\n")
swf_case("kind not a compute class", SWF_ROW + "\n", ["kind", "data-transfer"], extra="  kind: data-transfer\n")
swf_case("time_scale negative", SWF_ROW + "\n", ["time_scale", "-1"], extra="  time_scale: -1\n")
case("workload stats on a corrupt swf.gz", W, "workload stats trace.swf.gz", ["trace.swf.gz"],
     {"trace.swf.gz": b"\x1f\x8b\x08\x00garbage that is not deflate"})
case("workload stats on a gzip of unknown kind", W, "workload stats trace.bin.gz", ["trace.bin.gz", "expected"],
     {"trace.bin.gz": gzip.compress(b"1 2 3\n")})

# ---------------------------------------------------------------- openb traces
B = "openb"


def openb_case(name, text, expect, pending=None, extra=""):
    files = {"s.yaml": trace_scenario("openb", "pods.csv", extra), "pods.csv": text}
    case(name, B, "run s.yaml -q --out out", expect, files, pending)


openb_case("qos unknown", OPENB_HEADER + "\n" + OPENB_ROW.replace(",LS,", ",WEIRD,") + "\n", ["qos", "WEIRD"])
openb_case("num_gpu 1e11", OPENB_HEADER + "\n" + OPENB_ROW.replace(",1,1000,", ",1e11,1000,") + "\n", ["num_gpu", "1e11"])
openb_case("num_gpu text", OPENB_HEADER + "\n" + OPENB_ROW.replace(",1,1000,", ",one,1000,") + "\n", ["pods.csv:2", "one"])
openb_case("creation_time text", OPENB_HEADER + "\n" + OPENB_ROW.replace(",Running,0,", ",Running,soon,") + "\n",
           ["pods.csv:2", "soon"])
openb_case("header missing a column", OPENB_HEADER.replace(",qos", "") + "\n" + OPENB_ROW + "\n", ["pods.csv", "qos"])
openb_case("gpu_spec unknown without fallback", OPENB_HEADER + "\n" + OPENB_ROW.replace(",,LS,", ",V9000,LS,") + "\n",
           ["pods.csv:2", "V9000"])
openb_case("gpu_models maps to unknown", OPENB_HEADER + "\n" + OPENB_ROW + "\n", ["gpu_models", "Z9000"],
           extra="  gpu_models: {T4: Z9000}\n")
case("openb-site node list malformed", B, "workload openb-site nodes.csv --out l.yaml", ["nodes.csv"],
     {"nodes.csv": "sn,cpu_milli\nx,1\n"})
case("openb-site map without equals", B, "workload openb-site nodes.csv --out l.yaml --map T4", ["--map", "T4"],
     {"nodes.csv": OPENB_NODES})
case("openb-site unknown fallback model", B, "workload openb-site nodes.csv --out l.yaml --gpu-model Z9000",
     ["--gpu-model", "Z9000"], {"nodes.csv": OPENB_NODES})

# ---------------------------------------------------------------- command line
K = "cli"
OK = scenario()


def cli_case(name, argv, expect, files=None, pending=None):
    case(name, K, argv, expect, OK if files is None else files, pending)


cli_case("--max-jobs negative", "run s.yaml -q --out out --max-jobs -5", ["--max-jobs", "-5"])
cli_case("--max-jobs zero", "run s.yaml -q --out out --max-jobs 0", ["--max-jobs", "0"])
cli_case("--max-jobs text", "run s.yaml -q --out out --max-jobs lots", ["--max-jobs", "lots"])
cli_case("--max-jobs without value", "run s.yaml -q --out out --max-jobs", ["--max-jobs"])
cli_case("--seed beyond 64 bits", "run s.yaml -q --out out --seed 99999999999999999999999", ["--seed", "99999999999999999999999"])
cli_case("--seed negative", "run s.yaml -q --out out --seed -1", ["--seed", "-1"])
cli_case("--seed text", "run s.yaml -q --out out --seed abc", ["--seed", "abc"])
cli_case("--seed fractional", "run s.yaml -q --out out --seed 2.5", ["--seed", "2.5"])
cli_case("--horizon 1e300 days", "run s.yaml -q --out out --horizon 1e300d", ["--horizon", "1e300d"])
cli_case("--horizon without unit", "run s.yaml -q --out out --horizon 10", ["--horizon", "10"])
cli_case("--horizon negative", "run s.yaml -q --out out --horizon -2h", ["--horizon", "-2h"])
cli_case("--compute-model unknown", "run s.yaml -q --out out --compute-model gpu", ["--compute-model", "gpu"])
cli_case("--policy unknown", "run s.yaml -q --out out --policy fastest", ["--policy", "fastest"])
cli_case("--policy mistyped", "run s.yaml -q --out out --policy local-frist", ["--policy", "did you mean 'local-first'"])
cli_case("--policy-cmd without --policy external", "run s.yaml -q --out out --policy-cmd true",
         ["--policy-cmd", "needs --policy external"])
cli_case("--policy-cmd that is not a scheduler", "run s.yaml -q --out out --policy external --policy-cmd true",
         ["external scheduler 'true'", "exited with status 0", "hello"])
cli_case("--queue unknown", "run s.yaml -q --out out --queue lifo", ["--queue", "lifo"])
cli_case("--log-level unknown", "run s.yaml -q --out out --log-level loud", ["--log-level", "loud"])
cli_case("option mistyped", "run --polcy local-first s.yaml", ["unknown option '--polcy'", "did you mean '--policy'"])
cli_case("option with = mistyped", "run s.yaml --seeed=3", ["unknown option '--seeed'", "did you mean '--seed'"])
cli_case("short option unknown", "run s.yaml -x", ["unknown option '-x'"])
cli_case("command mistyped", "rnu", ["unknown command 'rnu'", "did you mean 'run'"])
cli_case("command unknown", "simulate s.yaml", ["unknown command 'simulate'"])
cli_case("subcommand mistyped", "workload statz s.yaml", ["unknown command 'workload statz'", "did you mean 'stats'"])
cli_case("topology subcommand mistyped", "topology chek tiny-3site", ["topology chek", "did you mean 'check'"])
cli_case("no command", "", ["needs a command"])
cli_case("workload without subcommand", "workload", ["aicn workload", "needs a command"])
cli_case("two scenarios", "run s.yaml s.yaml -q --out out", ["s.yaml"])
cli_case("compare seeds backwards", "compare s.yaml --policies local-first --seeds 5-1 --out cmp", ["--seeds", "5-1"])
cli_case("compare policy twice", "compare s.yaml --policies local-first,local-first --out cmp", ["--policies", "local-first"])
cli_case("compare seeds text", "compare s.yaml --policies local-first --seeds abc --out cmp", ["--seeds", "abc"])
cli_case("compare seeds beyond 64 bits", "compare s.yaml --policies local-first --seeds 18446744073709551616 --out cmp",
         ["--seeds", "18446744073709551616"])
cli_case("compare jobs zero", "compare s.yaml --policies local-first --jobs 0 --out cmp", ["--jobs", "0"])
cli_case("compare horizon 1e300 days", "compare s.yaml --policies local-first --horizon 1e300d --out cmp", ["--horizon", "1e300d"])
cli_case("compare max-jobs negative", "compare s.yaml --policies local-first --max-jobs -5 --out cmp", ["--max-jobs", "-5"])
cli_case("compare policy unknown", "compare s.yaml --policies nope --out cmp", ["--policies", "nope"])
cli_case("compare queue unknown", "compare s.yaml --policies local-first --queue lifo --out cmp", ["--queue", "lifo"])
cli_case("compare bad simgrid setting", "compare s.yaml --policies local-first --seeds 1 --out cmp",
         ["simgrid.network/model", "Bogus"], scenario("simgrid:\n  network/model: Bogus\n"))
cli_case("workload stats seed negative", "workload stats s.yaml --seed -3", ["--seed", "-3"])
cli_case("workload stats horizon 1e300 days", "workload stats s.yaml --horizon 1e300d", ["--horizon", "1e300d"])
cli_case("workload stats max-jobs zero", "workload stats s.yaml --max-jobs 0", ["--max-jobs", "0"])
cli_case("workload spec seed too big", "workload stats spec.yaml --seed 1e40",
         ["--seed", "1e40"], {"spec.yaml": "source: poisson-training\narrivals_per_hour: 2\n"})
cli_case("workload stats binary file", "workload stats blob.dat", ["blob.dat"], {"blob.dat": bytes(range(256)) * 4})
cli_case("workload --skip-bad on a generator", "workload stats s.yaml --skip-bad", ["--skip-bad"])
cli_case("check negative rtol", "check run --baseline b.json --rtol -1", ["--rtol", "-1"])
cli_case("check baseline missing", "check run --baseline none.json", ["none.json"])
cli_case("baseline of a non-run folder", "baseline notarun", ["notarun"])
cli_case("report of a non-run folder", "report notarun", ["notarun"])
cli_case("topology export format unknown", "topology export tiny-3site --format svg", ["--format", "svg"])
cli_case("--drain with a value", "run s.yaml -q --out out --drain=maybe", ["--drain"])

# ---------------------------------------------------------------- policy libraries
P = "plugin"
case("policy library missing", P, "run s.yaml -q --out out --policy-lib ./missing.so", ["missing.so"], OK)
case("policy library not a library", P, "run s.yaml -q --out out --policy-lib ./text.so", ["text.so"],
     dict(OK, **{"text.so": "not an ELF file\n"}))
case("policy library registers nothing", P, "run s.yaml -q --out out --policy-lib {plugins}/libaicn_no_policy_plugin.so",
     ["libaicn_no_policy_plugin.so", "registers no dispatch policy"], OK)
case("policy library of another version", P,
     "run s.yaml -q --out out --policy-lib {plugins}/libaicn_wrong_version_plugin.so", ["libaicn_wrong_version_plugin.so"], OK)
case("policy library crashes while loading", P,
     "run s.yaml -q --out out --policy-lib {plugins}/libaicn_crash_on_load_plugin.so",
     ["libaicn_crash_on_load_plugin.so", "crashed while loading (signal 11)"], OK)
case("policy constructor crashes", P,
     "run s.yaml -q --out out --policy-lib {plugins}/libaicn_crash_in_constructor_plugin.so --policy test-crash-in-constructor",
     ["test-crash-in-constructor", "libaicn_crash_in_constructor_plugin.so", "crashed while being constructed"], OK)
case("policies listing with a crashing library", P, "policies --policy-lib {plugins}/libaicn_crash_on_load_plugin.so",
     ["libaicn_crash_on_load_plugin.so", "crashed while loading"])
case("compare with a crashing library", P,
     "compare s.yaml --policies local-first --seeds 1 --out cmp --policy-lib {plugins}/libaicn_crash_on_load_plugin.so",
     ["libaicn_crash_on_load_plugin.so", "crashed while loading"], OK)
case("plugin policy unknown name", P, "run s.yaml -q --out out --policy-lib {plugins}/libaicn_template_policy.so --policy template-x",
     ["--policy", "template-x"], OK)
case("plugin policy params mistyped", P, "run s.yaml -q --out out --policy-lib {plugins}/libaicn_template_policy.so",
     ["prefer_data_site", "sometimes"],
     scenario("policy: {name: template-fewest-queued, params: {prefer_data_site: sometimes}}\n"))

# ---------------------------------------------------------------- output folders
U = "output"
LONG = "x" * 300


def unwritable(d):
    """A folder nobody may write into: as root, /sys refuses new entries; otherwise mode 0555."""
    if os.geteuid() == 0:
        return None
    os.makedirs(os.path.join(d, "ro"))
    os.chmod(os.path.join(d, "ro"), 0o555)
    return None


# A folder nobody may create, and one nobody may write a file into.
RO = "/sys/aicn-malformed" if os.geteuid() == 0 else "ro/sub"
RO_FILE_DIR = "/sys" if os.geteuid() == 0 else "ro"
case("--out on a file", U, "run s.yaml -q --out afile", ["--out", "afile", "not a folder"], dict(OK, afile="x\n"))
case("--out below a file", U, "run s.yaml -q --out afile/sub", ["afile", "Not a directory"], dict(OK, afile="x\n"))
case("--out in an unwritable folder", U, "run s.yaml -q --out " + RO, [RO], OK, setup=unwritable)
case("--out name too long", U, "run s.yaml -q --out " + LONG, ["cannot write", "File name too long"], OK)
case("generate --out name too long", U, "workload generate s.yaml --out %s.csv" % LONG, ["File name too long"], OK)
case("generate --out unwritable", U, "workload generate s.yaml --out %s/j.csv" % RO_FILE_DIR, [RO_FILE_DIR + "/j.csv", "Permission denied"],
     OK, setup=unwritable)
case("compare --out name too long", U, "compare s.yaml --policies local-first --seeds 1 --out " + LONG,
     ["cannot write", "File name too long"], OK)
case("topology export --out unwritable", U, "topology export tiny-3site --format dot --out %s/x.dot" % RO_FILE_DIR,
     [RO_FILE_DIR + "/x.dot", "Permission denied"], setup=unwritable)
case("baseline --out unwritable", U, "baseline run --out %s/b.json" % RO_FILE_DIR, [RO_FILE_DIR + "/b.json", "Permission denied"],
     OK, setup=lambda d: unwritable(d) or subprocess.run([ARGS.aicn, "run", "s.yaml", "-q", "--out", "run"], cwd=d,
                                                         capture_output=True) and None)
case("openb-site --out name too long", U, "workload openb-site nodes.csv --out %s.yaml" % LONG, ["File name too long"],
     {"nodes.csv": OPENB_NODES})
case("existing --out without --force", U, "run s.yaml -q --out out", ["out", "--force"], OK,
     setup=lambda d: subprocess.run([ARGS.aicn, "run", "s.yaml", "-q", "--out", "out"], cwd=d, capture_output=True) and None)
case("two concurrent runs on one folder", U, "run s.yaml -q --out out --horizon 3d", ["out"],
     scenario(replace=[("arrivals_per_hour: 2", "arrivals_per_hour: 200")]), parallel=True)


def small_disk(d):
    mount = os.path.join(d, "disk")
    os.makedirs(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount], capture_output=True).returncode != 0:
        return "cannot mount a 512 KiB tmpfs here"
    return None


# 50 jobs an hour for 30 days: 36,000 job rows, about 1.4 MB deflated (trace schema 2 stores
# ~38 B a job), so the 512 KiB disk fills while the trace is written.
case("disk full", U, "run s.yaml -q --out disk/out --horizon 30d", ["disk/out"],
     scenario(replace=[("arrivals_per_hour: 2", "arrivals_per_hour: 50")]), setup=small_disk)


# ---------------------------------------------------------------- running
def run_case(c, scratch):
    for name, content in c["files"].items():
        path = os.path.join(scratch, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content if isinstance(content, bytes) else content.encode())
    if c["setup"]:
        reason = c["setup"](scratch)
        if reason:
            return dict(status="skipped", code="-", line=reason)
    words = [w.replace("{plugins}", ARGS.plugin_dir).replace("{data}", ARGS.data_dir) for w in c["argv"].split()]
    count = 2 if c["parallel"] else 1
    start = time.monotonic()
    procs = [subprocess.Popen([ARGS.aicn] + words, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(count)]
    results = []
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=max(1.0, TIMEOUT_S - (time.monotonic() - start)))
            results.append((proc.returncode, err.decode("utf-8", "replace")))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            results.append((None, ""))
    if any(code is None for code, _ in results):
        return dict(status="hang", code="timeout", line="no answer within %d s" % TIMEOUT_S)
    # Two runs at once: the one that refused must say why; the other may succeed.
    code, err = max(results, key=lambda r: r[0] != 0)
    first = err.strip().splitlines()[0] if err.strip() else ""
    crashed = [r for r in results if r[0] < 0 or r[0] >= 128]
    if crashed:
        code, err = crashed[0]
        first = err.strip().splitlines()[0] if err.strip() else ""
        return dict(status="crash", code=code, line=first)
    if code == 0:
        return dict(status="silent", code=0, line=first)
    clear = (first.startswith("aicn: error:") or first.startswith("aicn:")) and all(s in first for s in c["expect"])
    return dict(status="ok" if clear else "unclear", code=code, line=first)


def cell(text, width=160):
    text = str(text).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aicn", required=True)
    parser.add_argument("--plugin-dir", required=True, help="folder of the test policy libraries (build/tests)")
    parser.add_argument("--data-dir", default="", help="the shared real traces (unused by the cases for now)")
    parser.add_argument("--all", action="store_true", help="also run the cases pending on other branches")
    parser.add_argument("--only", default="", help="run only the cases whose name holds this text")
    ARGS = parser.parse_args()
    ARGS.aicn = os.path.abspath(ARGS.aicn)
    ARGS.plugin_dir = os.path.abspath(ARGS.plugin_dir)

    counts = dict(crash=0, hang=0, silent=0, unclear=0, ok=0, skipped=0, pending=0)
    print("| case | surface | exit code | first message line |")
    print("|---|---|---|---|")
    failures = []
    run = 0
    for c in CASES:
        if ARGS.only and ARGS.only not in c["name"]:
            continue
        if c["pending"] and not ARGS.all:
            counts["pending"] += 1
            print("| %s | %s | - | pending on %s |" % (cell(c["name"]), c["surface"], c["pending"]))
            continue
        scratch = tempfile.mkdtemp(prefix="aicn-malformed-")
        try:
            result = run_case(c, scratch)
        finally:
            subprocess.run(["umount", os.path.join(scratch, "disk")], capture_output=True) if c["setup"] is small_disk else None
            for root, dirs, _ in os.walk(scratch):
                for name in dirs:
                    try:
                        os.chmod(os.path.join(root, name), 0o755)
                    except OSError:
                        pass
            shutil.rmtree(scratch, ignore_errors=True)
        counts[result["status"]] += 1
        if result["status"] != "skipped":
            run += 1
        mark = "" if result["status"] in ("ok", "skipped") else " **%s**" % result["status"].upper()
        pending = " (pending on %s)" % c["pending"] if c["pending"] else ""
        print("| %s%s | %s | %s | %s%s |" % (cell(c["name"]), pending, c["surface"], result["code"], cell(result["line"]), mark))
        if result["status"] not in ("ok", "skipped"):
            failures.append((c, result))
    print()
    for c, result in failures:
        print("FAILED %s (%s): expected %s in the first line; got exit %s: %s" %
              (c["name"], result["status"], c["expect"], result["code"], result["line"]))
    print("malformed: %d cases, crashes=%d hangs=%d silent=%d unclear=%d (skipped %d, pending %d)" %
          (run, counts["crash"], counts["hang"], counts["silent"], counts["unclear"], counts["skipped"], counts["pending"]))
    return 1 if failures else 0


ARGS = None
if __name__ == "__main__":
    sys.exit(main())
