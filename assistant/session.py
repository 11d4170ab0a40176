"""Conversation state: a chat's follow-ups answered without a language model.

A ``Conversation`` remembers the last question and answer. After a list answer, a
question that points back at it ("which of those were under six months?") is asked over
just those cases; other follow-ups ("what about in Rotherham?") are resolved into a full
question by ``assistant.conversation.resolve``; anything else is asked as it stands.
"""

from __future__ import annotations

import re

from assistant.answer import Answer
from assistant.conversation import Resolved, resolve

_POINTS_BACK = re.compile(r"\b(those|these|them|they|the same cases)\b", re.I)
# "show more", "more", "next", "the next ones", "show the rest": the next page of a long list.
_MORE = re.compile(
    r"^\W*(?:(?:please\s+)?(?:show|list|give|see|let me see)(?:\s+me)?\s+)?(?:the\s+)?"
    r"(?:more|next(?:\s+(?:ones|page|cases|\d+))?|rest|remaining(?:\s+cases)?)(?:\s+(?:cases|please))?\W*$",
    re.I,
)


class Conversation:
    def __init__(self, assistant):
        self.assistant = assistant
        self.question: str | None = None  # last question as resolved
        self.answer: Answer | None = None
        self.case_scope: list[str] | None = None  # cases the last non-empty list answer named
        self.resolved: Resolved | None = None  # how the last question was read (for display)

    def ask(self, text: str, **kwargs) -> Answer:
        previous = self.answer
        if previous is not None and previous.mode == "case-list" and _MORE.match(text) and self.question:
            # The next page of the last list: the same question over the same cases (a saved
            # answer says which, so this holds after a reload too).
            offset = previous.offset + len(previous.cases)
            answer = self.assistant.ask(self.question, within_cases=previous.within_cases, offset=offset, **kwargs)
            resolved = Resolved(text, f"{self.question} (cases from {offset + 1} on)", True)
            self.resolved, self.answer = resolved, answer  # the scope stays the whole list's
            return answer
        if previous is not None and previous.mode == "case-list" and self.case_scope and _POINTS_BACK.search(text):
            answer = self.assistant.ask(text, within_cases=self.case_scope, **kwargs)
            question = answer.question
            resolved = Resolved(text, f"{question} (over the {len(self.case_scope)} cases listed before)", True)
        else:
            resolved = resolve(text, self.question)
            question = resolved.question or text
            answer = self.assistant.ask(question, **kwargs)
        self.resolved = resolved
        self.question, self.answer = question, answer
        if answer.mode == "case-list" and answer.matched_cases:
            self.case_scope = list(answer.matched_cases)  # every case matched, not only the page shown
        elif answer.mode != "case-list":
            self.case_scope = None
        return answer

    def reset(self) -> None:
        self.question = self.answer = self.case_scope = self.resolved = None
