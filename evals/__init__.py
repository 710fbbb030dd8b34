"""The golden set and its scorers: how we know the advisor tells the truth."""
