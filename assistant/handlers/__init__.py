"""One handler per intent of ``assistant.router``: each answers a routed question from one
snapshot of the indexes (``assistant.snapshot``)."""

from __future__ import annotations

from assistant.handlers.case_details import answer_case_details
from assistant.handlers.case_list import answer_case_list
from assistant.handlers.facts import answer_fact

HANDLERS = {
    "list_cases": answer_case_list,
    "count_cases": answer_case_list,
    "all_cases": answer_case_list,
    "case_details": answer_case_details,
    "fact": answer_fact,
}
