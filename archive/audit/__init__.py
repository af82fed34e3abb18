"""The auditor's views over a snapshot: the figures table, an agency's reports by year, and
promise against delivery."""
