"""Shared machinery: what several features use and nothing feature-specific (docs/architecture.md)."""
