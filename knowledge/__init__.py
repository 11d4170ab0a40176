"""What the product knows about serious case reviews, in one reviewable place.

Ingest (making case records) and answering (reading questions) both read it, so a rule is
written once: the theme vocabulary and glossary, age and number words, death, gender and
relationship words, review-type phrases, table-header words and the gazetteer of areas.
Pure data and pure functions; no I/O beyond the package's own data files.
"""
