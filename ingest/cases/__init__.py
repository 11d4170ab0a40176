"""Cases as first-class records: parsed from case tables, single-review documents and
statements attributed to an area, each with verbatim evidence. Pure functions."""
