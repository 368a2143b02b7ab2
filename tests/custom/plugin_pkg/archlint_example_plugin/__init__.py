"""An example archlint plugin (see docs/custom-rules.md)."""
