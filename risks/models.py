"""risks: models arrive with their issue."""
