"""Questions for the latency runs that are not templates of the corpus generator: worded
as a practitioner would, on topics inside and outside the theme vocabulary, for every
intent. Each is asked once (the first time), so no answer is warm from an earlier one.
Nothing is scored here but time: their answers are not in the generator's ground truth."""

from __future__ import annotations

FREE_QUESTIONS: tuple[tuple[str, str], ...] = (
    # list questions on topics outside the vocabulary
    ("list", "Which children were hurt in road traffic collisions?"),
    ("list", "Which cases involved forced marriage or honour-based abuse?"),
    ("list", "Which reviews concerned a child who drowned?"),
    ("list", "Which teenagers went missing from care?"),
    ("list", "Which families were living in temporary accommodation?"),
    ("list", "Which children were home educated?"),
    ("list", "In which cases did the mother have a learning disability?"),
    ("list", "Which babies were born prematurely?"),
    ("list", "Which reviews mentioned female genital mutilation?"),
    ("list", "Which cases involved county lines or criminal exploitation?"),
    # list questions with constraints
    ("list", "Which girls under five died?"),
    ("list", "Which boys were harmed by their stepfather?"),
    ("list", "Which babies died in Lancashire?"),
    # counts and all cases
    ("count", "How many cases involved a parent's drug use?"),
    ("count", "How many cases concerned teenagers?"),
    ("all", "List all the cases"),
    # facts that name no case
    ("fact", "What should practitioners do when parents disagree with a referral?"),
    ("fact", "Why do reviews keep finding that information was not shared?"),
    ("fact", "What did reviews say about the supervision of social workers?"),
    ("fact", "What is respectful uncertainty?"),
    ("fact", "When should a health visitor escalate a concern?"),
    ("fact", "What are the risks of bed-sharing after drinking alcohol?"),
    ("fact", "How were fathers engaged by children's services?"),
    ("fact", "What does the review say about school attendance?"),
    ("fact", "Who chaired the review panels?"),
    ("fact", "What training was recommended for GPs?"),
    # questions the corpus cannot answer
    ("fact", "What is the capital of Peru?"),
    ("fact", "How many social workers resigned in 2031?"),
)

# List questions on topics that most reviews mention (the police, a hospital, supervision):
# the hardest for list latency, as thousands of cases hold the topic's words and each is
# read. Worded freely, inside and outside the vocabulary; asked once each, like the rest.
COMMON_TOPIC_LISTS: tuple[str, ...] = (
    "Which cases mentioned the police?",
    "In which cases was the family's housing a concern?",
    "Which cases involved parental mental health?",
    "Which reviews said supervision of staff was lacking?",
    "Which children were taken to hospital?",
    "Which cases involved substance misuse?",
    "Which children had fractures?",
    "In which cases did a health visitor see the family?",
    "Which cases featured physical abuse?",
    "Which reviews mentioned missed appointments?",
    "Which cases involved cannabis?",
    "Which families were known to use methadone?",
)

