"""Text analysis shared by every stage: normalization with offsets back to the original, dates,
jieba words and character grams, highlighting, finding a pattern from its first characters.
Imports nothing of the archive."""
