"""Graph analyses behind the rules and reports: pure algorithms, no blueprint I/O."""
