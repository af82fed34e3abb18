"""From a file's bytes to a parsed report: readers per format, encodings, web-page chrome,
metadata, headings and paragraphs, sentences, agency names."""
