"""The life of versions: the next version from the chair's decisions, editing it, comparing."""
