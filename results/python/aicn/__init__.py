"""aicn: the Python side of AICN."""

from .policy import Decision, Policy  # noqa: F401  external-scheduler client (docs/external-scheduler.md)
