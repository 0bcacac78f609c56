"""Load and fault benchmarks (not part of `make test`): see README, "Running in production"."""
