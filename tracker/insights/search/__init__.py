"""Swedish full-text search across evidence, insights and service changes.

PostgreSQL matches the `swedish` text-search configuration's lexemes (documents of
`to_tsvector('swedish', …)` kept in stored generated columns with GIN indexes, ranked with
ts_rank); SQLite matches FTS5 tables kept in step with the base tables by triggers (ranked with
bm25). They are made in the migrations insights_2026_11_23t21_00_00_000000 and
insights_2026_12_07t15_00_00_000000.

The Snowball stemmer leaves Swedish definite forms alone ("skolan" stays "skolan" while "skola"
becomes "skol"), so every typed word is reduced here: the definite ending is removed, the rest
is stemmed, and the result is matched as the beginning of a word (`skol:*`, `"skol"*`). The
stemmer only ever removes endings, so a stem is a beginning of the word, and a prefix match
finds "skola", "skolan", "skolorna" and "skolgården" for either "skola" or "skolan" – on both
databases, since FTS5 indexes the words as written and PostgreSQL their stems.

A query reads like a web search: words must all occur, "a phrase" in quotation marks, `-word`
leaves out records with the word, `eller`/`or` between words accepts either. Snippets are
highlighted here, not in SQL: the text is HTML-escaped and only the matched words are wrapped
in <mark>, so user text can never become markup.

One search is two statements: the ranked page with its total, then the page's records with the
themes and source types of its insights (a third only to count when asked past the last page).

The modules: `query` (reading what was typed, highlighting), `filters` (the kinds and filters),
`sql` (the statements for each database), `results` (a page of hits), `controller` (`/sok`).
"""
