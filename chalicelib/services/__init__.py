"""Use cases: one function each. They take plain values and repositories, raise domain errors."""
