"""Benchmarks: scripts that set up their own data, print figures against targets, write JSON."""
