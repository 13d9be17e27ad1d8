"""Shipped slantcheck models (plain data: JSON + .npz), installed as ``slantcheck.models``."""
