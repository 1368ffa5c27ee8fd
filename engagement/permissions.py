"""Permission rules for encounters, matches and measures are registered here as they arrive."""
