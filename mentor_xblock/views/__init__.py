"""The block's views, as functions of a block: each builds its template context, JS arguments
and the strings its JS shows (its catalogue, translated on the server, kept per language)."""
