"""Search: the query language, matching a query against a snapshot, scopes (``kind:``, ``/s``,
``/p``), ranking, results with passages, facet counts."""
