"""Units of the trace's columns, as results/SCHEMA.md's unit column gives them.

A copy of that column (the package is installed without the source tree); the test
tests/python/test_read_run.py compares it with SCHEMA.md in both directions, so a column added
there fails the test until it is added here. Units: `s` seconds of simulated time, `B` bytes,
`bit/s`, `deg` degrees, `1` a pure number or a fraction, "" none (a name, a code).
"""

UNITS = {
    "/jobs": {
        "id": "1", "kind": "", "origin": "", "site": "", "gpu_model": "", "gpus": "1", "gpu_milli": "1", "cpu_milli": "1", "memory_mib": "1",
        "submit_s": "s", "transfer_start_s": "s", "transfer_end_s": "s", "start_s": "s", "end_s": "s",
        "bytes_moved": "B", "status": "",
    },
    "/sample_times": {"(value)": "s"},
    "/sites/catalog": {
        "index": "1", "name": "", "hub": "", "side": "", "gpus": "1", "lat_deg": "deg", "lon_deg": "deg",
        "pue": "1",
    },
    "/sites/samples": {
        "time_s": "s", "site": "1", "busy_gpus": "1", "total_gpus": "1", "running_jobs": "1",
        "queued_jobs": "1", "queued_gpus": "1",
    },
    "/links/catalog": {
        "index": "1", "from": "", "to": "", "bandwidth_bps": "bit/s", "latency_s": "s", "distance_km": "km",
    },
    "/links/samples": {"time_s": "s", "link": "1", "direction": "", "bytes": "B", "utilisation": "1"},
    "/placement/samples": {
        "time_s": "s", "site": "1", "requested_gpus": "1", "allocated_gpus": "1", "fragmented_gpus": "1",
        "total_gpus": "1",
    },
    "/energy/samples": {
        "time_s": "s", "site": "1", "it_power_w": "W", "facility_power_w": "W",
        "price_yuan_per_kwh": "yuan/kWh", "co2_kg_per_h": "kg/h", "energy_kwh": "kWh", "cost_yuan": "yuan",
        "co2_kg": "kg", "green_share": "1", "green_kwh": "kWh",
    },
    "/leasing/books": {
        "scope": "", "name": "", "site": "", "lease_revenue_yuan": "yuan", "on_demand_revenue_yuan": "yuan",
        "leased_gpu_hours": "h", "leased_busy_gpu_hours": "h", "idle_paid_gpu_hours": "h",
        "on_demand_capacity_gpu_hours": "h", "on_demand_busy_gpu_hours": "h", "margin_yuan": "yuan",
        "payback_years": "year",
    },
    "/events": {"time_s": "s", "kind": "", "subject": "", "job": "1", "detail": ""},
}

# The columns read_run turns from an index into a name: a name has no unit.
NAMED_INDEX_COLUMNS = {"/sites/samples": ("site",), "/links/samples": ("link",), "/energy/samples": ("site",),
                       "/placement/samples": ("site",)}

# /jobs status codes (SCHEMA.md) in code order, and the /events kinds.
STATUSES = ["finished", "rejected", "unfinished", "failed"]
EVENT_KINDS = ["link_down", "link_up", "site_down", "site_up", "transfer_rerouted", "transfer_failed",
               "job_interrupted", "job_resubmitted", "job_suspended"]

# Columns that are instants of simulated time (not durations): read_run(..., start=...) adds a
# timestamp column beside each.
INSTANT_COLUMNS = ("time_s", "submit_s", "transfer_start_s", "transfer_end_s", "start_s", "end_s")


def units_of(dataset):
    """{column: unit} of DATASET as read_run delivers it (a decoded index has no unit)."""
    units = dict(UNITS[dataset])
    for column in NAMED_INDEX_COLUMNS.get(dataset, ()):
        units[column] = ""
    return units
