"""Encounters, matching and measures arrive with their issues; the app owns the dashboards now."""
