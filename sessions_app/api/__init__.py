"""The JSON API through which services record sessions and staff read them."""
