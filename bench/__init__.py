"""The benchmark: the tracker on a large synthetic dataset against a bare Litestar app."""
