"""indicators: models arrive with their issue."""
