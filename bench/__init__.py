"""Benchmark data: fills a throwaway PostgreSQL database with a region-sized data set.

`python -m bench.generator --help`; see bench/README.md. Never part of the running application.
"""
