"""Baton: a self-hosted human-task orchestration engine."""

__version__ = "0.1.0"
