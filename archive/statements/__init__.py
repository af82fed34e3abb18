"""Statements of a report: each body sentence labelled figure, commitment, problem or other,
the figures parsed, and their compact stored form."""
