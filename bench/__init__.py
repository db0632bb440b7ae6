"""The performance benchmark (`python -m bench [--quick] [--out DIR]`, `make bench`); see README "Benchmarks"."""
