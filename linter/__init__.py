"""archlint: an architecture blueprint linter."""

__version__ = "1.0.0"
