"""Issue 6: bad input never crashes and no record is lost."""
