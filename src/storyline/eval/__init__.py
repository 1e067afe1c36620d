"""Scorers for public benchmarks: each reads the benchmark's own format and returns metric name → number."""
