"""Word lists a case record and a question are both read with: review types, pseudonym
forms, death and harm words, the child's pronouns, people who are not the child, and the
words of a case table's header. Regular expressions are case-insensitive unless noted."""

from __future__ import annotations

import re

# --- kinds of review ------------------------------------------------------------------
# Any of these near the top of a document says it reports a review of a case.
REVIEW_TYPES = re.compile(
    r"\b(?:serious\s+case\s+review|significant\s+case\s+review|(?:local\s+)?child\s+safeguarding\s+practice\s+review|"
    r"child\s+practice\s+review|concise\s+child\s+practice\s+review|extended\s+child\s+practice\s+review|"
    r"rapid\s+review|learning\s+review|case\s+review|practice\s+review|\bSCR\b|\bLCSPR\b|\bCPR\b|"
    r"domestic\s+homicide\s+review|multi[- ]agency\s+(?:case\s+)?review|7[- ]minute\s+briefing|seven[- ]minute\s+briefing)",
    re.I,
)

# --- pseudonyms ---------------------------------------------------------------------
# Case-sensitive: "Child D", "Baby F", "Child 12", "Child KW", "Children A and B", "Child A1".
CHILD_CODE = re.compile(
    r"\b(?:(?:Child(?:ren)?|Baby|Babies|Infant|Young\s+Person|Sibling|CHILD(?:REN)?|BABY)\s+"
    r"(?:[A-Z]{1,3}\d{0,2}|\d{1,3})(?:\s*(?:,|and|&)\s*(?:[A-Z]{1,3}\d{0,2}|\d{1,3}))*)(?![\w])"
)
# A name given as a pseudonym: "referred to as 'Isla'", "Sam (not his real name)", "known as Leo".
NAME_INTRODUCED = re.compile(
    r"(?:referred\s+to\s+(?:in\s+this\s+(?:review|report|summary)\s+)?as|known\s+(?:in\s+this\s+(?:review|report)\s+)?as|"
    r"called|named|pseudonym(?:\s+of)?|is\s+to\s+be\s+called|will\s+be\s+called)\s+[‘'\"“]?(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)[’'\"”]?"
    r"|(?P<name2>[A-Z][a-z]+)\s*\((?:not\s+(?:his|her|their)\s+real\s+name|a\s+pseudonym|pseudonym|name\s+changed)\)"
)
QUOTED_NAME = re.compile(r"[‘'\"“](?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)[’'\"”](?![a-z])")

# Capitalised words that are never a child's name.
NOT_NAMES = frozenset(
    """
    The This That These Those There Their They Then When Where What Which Who Whom Whose Why How While Whilst
    A An And As At Be By For From He Her Hers His Him If In Into It Its Of On Or Our She So Such To Up Was We
    Were With Within Without Yet All Any Both Each Every No Not None Some Many Most Much One Two Three Four Five
    Also Although After Before Because But During Following However Further Having Here Later Since Though Throughout
    Until Upon Whether Over Under Above Below Between Despite Even Finally First Second Third Next Last Other Others
    Mother Father Mum Dad Mr Mrs Ms Miss Dr Sir Lady Lord Grandmother Grandfather Aunt Uncle Stepfather Stepmother
    Child Children Baby Babies Infant Sibling Siblings Family Families Parent Parents Carer Carers Partner
    Board Partnership Council Police Court Health Hospital School Nursery College Academy Service Services Agency
    Agencies Review Reviews Report Summary Executive Introduction Background Conclusion Conclusions Recommendations
    Recommendation Findings Finding Learning Lessons Key Panel Chair Author Reviewer Overview Appendix Table Case Cases
    Safeguarding Social Care Children's Trust NHS GP GPs CAMHS Ofsted January February March April May June July August
    September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday England Wales
    Scotland Britain British English Welsh Scottish Local Authority Authorities Government Department Minister
    Serious Significant Rapid Practice Briefing Minute Seven Terms Reference Methodology Process Purpose Scope
    Note Notes Figure Section Part Page Chapter Version Draft Final Published Date Contents Glossary Key Name Names
    Agency Involvement Episode Episodes Theme Themes Issue Issues Action Actions Plan Plans Progress Update
    Midwife Midwifery Visitor Visitors Worker Workers Officer Officers Manager Managers Team Teams Unit
    Emergency Department Ambulance Housing Probation Education Early Help Help Hub MASH MARAC MAPPA IMR IMRs
    Christmas Easter Islam Muslim Christian Catholic Jehovah Witness Witnesses God Internet Facebook Snapchat
    Instagram WhatsApp Home Office Crown Prosecution Coroner Inquest Day Week Month Year Years Months Weeks
    Lead Professional Professionals Practitioner Practitioners Strategy Discussion Conference Meeting Meetings
    Core Group Protection Plan Need Needs Concern Concerns Risk Risks Assessment Assessments Support Intervention
    Mental Domestic Abuse Violence Neglect Sexual Physical Emotional Harm Injury Injuries Death Died
    Information Sharing Multi Agencies' Working Together Guidance Procedure Procedures Policy Policies
    Paediatrician Paediatric Consultant Doctor Nurse Designated Named Independent Chief Director Head Headteacher
    Teacher Teachers Staff Unknown Anonymous Yes None Male Female Boy Girl Boys Girls Son Daughter Brother Sister
    Results Keywords Reference Ref Summary Published Gender Age Ages Sex Context Area Areas Outcome Ethnicity Questions Criteria Budget Timescales Publication
    """.split()
)

# --- the child and other people -----------------------------------------------------
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_WORDS = re.compile(r"\b(?:boy|son|baby boy|brother|stepson|grandson|schoolboy|male|young man|nephew)\b", re.I)
FEMALE_WORDS = re.compile(r"\b(?:girl|daughter|baby girl|sister|stepdaughter|granddaughter|schoolgirl|female|young woman|niece)\b", re.I)
# Words that stand for an adult: a pronoun right after them is theirs, not the child's.
ADULT_WORDS = re.compile(
    r"\b(?:mother|father|mum|dad|stepfather|stepmother|partner|grandmother|grandfather|aunt|uncle|"
    r"carer|parent|man|woman|Mr|Ms|Mrs|Miss|Dr|worker|visitor|midwife|officer|nurse|teacher|GP|reviewer|author|chair)\b",
    re.I,
)

# --- death and harm -------------------------------------------------------------------
DEATH = re.compile(
    r"\b(?:died|dies|death|deaths|dead|deceased|fatal(?:ly)?|killed|murder(?:ed)?|manslaughter|homicide|"
    r"suicide|drowned|passed\s+away|was\s+found\s+(?:un)?responsive\s+and\s+could\s+not\s+be\s+revived|"
    r"(?:took|take|taken)\s+(?:his|her|their)\s+own\s+li(?:fe|ves)|ended\s+(?:his|her|their)\s+(?:own\s+)?life|"
    r"stillborn|post[- ]mortem|inquest|natural\s+causes|overla(?:y|id)|SUDI|SIDS?)\b",
    re.I,
)
NOT_DEATH = re.compile(
    r"\b(?:did\s+not\s+die|survived|near[- ]fatal|could\s+have\s+(?:died|been\s+fatal)|death\s+of\s+(?:his|her|their)\s+"
    r"(?:mother|father|grandmother|grandfather|sibling|brother|sister|parent))\b",
    re.I,
)
# A question that asks about deaths at all ("which children died?").
DEATH_ASKED = re.compile(
    r"\b(died|die|dies|dying|dead|deaths?|fatal(?:ly|ity)?|killed)\b"
    r"|\b(?:took|ended)\s+(?:his|her|their)\s+own\s+li(?:fe|ves)\b",  # taking one's own life is a death
    re.I,
)
# A case's own outcome, incident or row that tells of a death (list questions' death constraint).
DEATH_IN_CASE = re.compile(
    r"\b(death|died|dead|fatal|killed|suicide|homicide|murder(?:ed)?|manslaughter)\b|took (?:his|her|their) own life|\bSIDS?\b|\bSUDI\b|overla(?:y|id)|natural causes",
    re.I,
)
# A question that asks how a child died ("died of neglect", "killed during a domestic violence
# attack", "died at the hands of a parent"): a death word followed by what links it to a cause.
DEATH_CAUSE = re.compile(
    r"\b(?:died|dies|die|dying|dead|death|deaths|killed|fatally)\s+"
    r"(?:of|from|because\s+of|due\s+to|as\s+a\s+result\s+of|at\s+the\s+hands\s+of|by|during|in|while|when|after|"
    r"following|through|caused\s+by)\b",
    re.I,
)
HARM = re.compile(
    r"\b(?:serious(?:ly)?\s+(?:harm(?:ed)?|injur(?:y|ies|ed))|injur(?:y|ies|ed)|fractur\w*|bruis\w*|burn(?:s|ed|t)?|"
    r"assault\w*|abused?|neglect\w*|exploit\w*|traffick\w*|harmed|hospitali[sz]ed|brain\s+(?:injury|damage|haemorrhage)|"
    r"stabbed|stab\s+wounds?|(?:was|were|been)\s+shot|overdosed?|scald(?:s|ed)?|strangled|shaken)\b",
    re.I,
)
# Who harmed the child: the relationship words reports use for a perpetrator.
PERPETRATOR = re.compile(
    r"\b(?:by|at\s+the\s+hands\s+of)\s+(?P<who>(?:(?:his|her|their|the\s+child's|a|an|the)\s+)?"
    r"(?:mother's\s+(?:partner|boyfriend)|father's\s+(?:partner|girlfriend)|step-?father|step-?mother|"
    r"mother|father|parents?|(?:male\s+)?partner|boyfriend|girlfriend|uncle|aunt|grand(?:father|mother)|"
    r"brother|sister|sibling|babysitter|childminder|foster\s+carers?|carers?|lodger|family\s+friend|"
    r"(?:adult\s+)?(?:man|men|male)|registered\s+sex\s+offender|(?:a\s+)?group\s+of\s+(?:men|males|young\s+people)|"
    r"peers?|other\s+(?:young\s+people|children)|gang))\b",
    re.I,
)

# --- dates ----------------------------------------------------------------------------
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()

# --- word forms ----------------------------------------------------------------------
# Irregular plurals and participles the Snowball stemmer leaves apart from their base word.
IRREGULAR_FORMS = {
    "lives": "life", "wives": "wife", "knives": "knife", "children": "child", "men": "man", "women": "woman",
    "feet": "foot", "teeth": "tooth", "dying": "die", "lying": "lie", "halves": "half", "selves": "self",
}

# --- ages --------------------------------------------------------------------------
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
}
_NUM = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?:days?|weeks?|months?|years?|yrs?)"
# An age as a phrase in running text, in the forms reviews use; group "age" is the phrase
# parse_age reads.
AGE_IN_TEXT = re.compile(
    rf"\b(?P<age>{_NUM}[ -]{_UNIT}[ -]old|{_NUM}[ -](?:year|month|week|day)[ -]old"
    rf"|(?:just\s+)?(?:under|over)\s+{_NUM}\s+{_UNIT}(?:\s+old)?"
    rf"|(?:a\s+)?few\s+(?:days|weeks|months)\s+old|newborn|new-born|new\s+born"
    rf"|(?:in\s+(?:his|her|their)\s+)?(?:early|mid|late)[- ]teens"
    rf"|{_NUM}\s+and\s+a\s+half(?:\s+years?)?(?:\s+old)?"
    rf"|(?:boy|girl|baby|child|infant)\s+of\s+{_NUM}\s+{_UNIT}|(?:boy|girl)\s+of\s+{_NUM}(?![\w%-])"
    rf"|(?:of\s+)?(?:primary|secondary|pre)[- ]?school[- ]age(?:d)?|an?\s+(?:teenager|toddler|newborn|infant))\b"
    rf"|\b(?:aged|age)\s+(?P<aged>{_NUM}(?:\s+{_UNIT})?(?:\s+and\s+{_NUM}\s+{_UNIT})?|(?:a\s+)?few\s+(?:days|weeks|months))(?![\d/])"
    rf"|\b(?:was|is|were|being|turned)\s+(?P<was>{_NUM})(?=\s*(?:[,.;)]|when|at\s+the|years|and\s+(?:lived|had|was)))"
    rf"|\b(?P<ordinal>(?:{'|'.join(ORDINAL_WORDS)})|\d{{1,2}}(?:st|nd|rd|th))\s+birthday",
    re.I,
)
# An age standing as a table cell or list segment of its own: "3 months", "15 yrs", "1 year and 3 years", "Under 13".
AGE_CELL = re.compile(
    rf"(?:aged\s+|age\s+)?(?:(?:under|over)\s+)?{_NUM}\s*(?:{_UNIT})?(?:\s*(?:and|&|,)\s*{_NUM}\s*{_UNIT})?(?:\s+old)?"
    rf"|(?:primary|secondary|pre-?school)[- ]?(?:school\s+)?aged?|(?:a\s+)?few\s+(?:days|weeks|months)|new-?born|infant|toddler|teenager",
    re.I,
)
# "a boy", "the young woman", "a 14-year-old girl": the child's gender in a row or section.
GENDER_NOUN = re.compile(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?P<noun>boy|girl|young\s+man|young\s+woman|baby\s+boy|baby\s+girl|son|daughter)\b", re.I)
AGE_WORDS = re.compile(r"\b(?:teenager|teenage|adolescent|toddler|infant|newborn|baby|pre-?school|primary[- ]school|secondary[- ]school)\b", re.I)

# --- case tables --------------------------------------------------------------------
# Header words for each column a case table can have (first match wins, in this order).
TABLE_COLUMNS: dict[str, re.Pattern] = {
    "case": re.compile(r"^(?:case|cases|case name|case ref(?:erence)?|review|scr|lcspr|subject|name of review|review name|child/case)$", re.I),
    "area": re.compile(r"^(?:area|local authority|la|lscb|board|partnership|location|council|authority|region|lsab|safeguarding (?:children )?(?:board|partnership))$", re.I),
    "child": re.compile(r"^(?:child|children|pseudonym|name|child'?s name|young person|child/young person)$", re.I),
    "gender": re.compile(r"^(?:gender|sex|m/f)$", re.I),
    "age": re.compile(r"^(?:age|ages|age at (?:the )?(?:incident|death|time)|age of child|child'?s age)$", re.I),
    "year": re.compile(r"^(?:year|date|published|date published|year published|publication date)$", re.I),
    "outcome": re.compile(r"^(?:outcome|died\??|death|died or harmed|fatal\??|died/harmed|harm)$", re.I),
    "context": re.compile(r"^(?:context|incident|circumstances|cause|what happened|summary|nature of incident|details|description|brief summary|case summary|background|harm|type of harm|main issues?|issues?|category|categories)$", re.I),
    "findings": re.compile(r"^(?:(?:particular |key |main )?findings.*|learning.*|lessons.*|key issues|key themes|themes)$", re.I),
}

# --- reading questions and evidence ------------------------------------------------------
# Words that frame a list question ("which cases involved…", "babies under six months who
# died") rather than say its topic: constraints are read separately (age, gender, death, area).
QUESTION_FRAME = """
which what who whose where when how many list name show me all any there were was are is did do does had have has
case cases review reviews child children young people person people family families serious scr scrs lscb board
involve involved involving concern concerned concerning feature featured mention mentioned raise raised describe
described find found identify identified highlight highlighted criticise criticised report reported cite cited
include included indexed hold held we our us both either anyone anybody someone by in of on at to for
with from the a an and or that this these those it its their them they his her he she
baby babies infant infants newborn newborns toddler toddlers teenager teenagers teen teens adolescent adolescents
boy boys girl girls son sons daughter daughters male female
under over younger older less more than below above aged age old year years month months week weeks day days
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
died die dead death deaths killed fatal fatally
because due result caused cause causes them they whom anyone their own another other others such like example
about regarding concerning relation subject
linked link links related relating associated connected point points quoted quote particular appendix
finding findings problem problems issue issues raise raised mention mentions mentioned such heavy gaps
suffer suffers suffered suffering experience experienced experiencing affected exposed subjected victim victims
live lived living
agency agencies
""".split()

# Words after "died in" that place or date a death rather than say how it happened
# ("died in Havering", "died in March 2015").
NOT_A_CAUSE = re.compile(
    r"\b(?:the|a|an|and|or|of|\d+|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|spring|summer|autumn|winter|year|years|last|this|that|area|borough|county|city|region)\b"
)
# A factor a list question rules out ("a baby found dead in their cot, with no unsafe
# sleeping factors"): read as an exclusion when what follows names a theme. "with no" and
# "without" only after a comma: "left without supervision" is the topic itself.
EXCLUDED_FACTOR = re.compile(
    r"(?:,\s*(?:with\s+no|without)|\b(?:excluding|not\s+involving|other\s+than|apart\s+from))\s+(?P<what>[^,;?]+)",
    re.I,
)

# Professionals and services a question can ask about as the actor ("did the GP hold
# information that was not passed on"): the evidence must name them, since the same
# failure by another agency is not the answer. Places that are also topics (school,
# housing, hospital) are not here: "absence from school" is shown by "his attendance fell".
AGENCY_ROLES = {
    "GP": ("GP", "GPs", "general practitioner", "family doctor"),
    "health visitor": ("health visitor", "health visitors", "HV"),
    "midwife": ("midwife", "midwives", "midwifery"),
    "police": ("police",),
    "probation": ("probation",),
    "paediatrician": ("paediatrician", "paediatricians"),
    "ambulance": ("ambulance", "paramedic", "paramedics"),
    "CAMHS": ("CAMHS", "child and adolescent mental health services"),
}

# The family members a list question can name as the one who holds its topic ("a parent
# who was mentally ill", "fathers or mothers' partners … overlooked"): the evidence must
# name one of them (or someone the name covers: a mother is a parent), since the child's
# "own mental health" or a professional's oversight of the mother is not the answer. The
# role is who, not what: its words are taken out of the topic's alternatives ("a parent or
# carer who had mental health problems" is one topic, not "parent" or "carer who had…").
_STEPFATHERS = ("stepfather", "step-father", "stepdad")
_STEPMOTHERS = ("stepmother", "step-mother", "stepmum")
_FATHERS = ("father", *_STEPFATHERS, "dad", "paternal", "mother's partner", "male partner", "male carer")
_MOTHERS = ("mother", *_STEPMOTHERS, "mum", "maternal")
FAMILY_ROLES = {  # (a name stands for the first member it is listed under: "stepfather" is not any father)
    "stepfather": _STEPFATHERS,
    "stepmother": _STEPMOTHERS,
    "father": _FATHERS,
    "mother": _MOTHERS,
    "parent": ("parent", "carer", "caregiver", "guardian", *_FATHERS, *_MOTHERS),
}
# Words that name the child (or the child's "own" …): a sentence holding one is about the
# child, not about an adult of the family it does not name ("Lisa had long been depressed"
# may be about a parent called by a pseudonym; "the girl's own mental health" is not).
CHILD_WORDS = ("own", "child", "boy", "girl", "baby", "infant", "teenager", "son", "daughter", "sibling", "brother", "sister")
# A pronoun may stand for the child as well as for an adult ("she had been given drugs"):
# such a sentence does not show, by itself, a parent it does not name.
PERSONAL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
# Reviews name the adults of a child's family by title and initial ("Ms M", "Mr B"), and
# professionals by their role: a titled name is a family member of that title's sex.
FAMILY_TITLES = {
    "stepfather": ("Mr",), "stepmother": ("Ms", "Mrs", "Miss"), "father": ("Mr",), "mother": ("Ms", "Mrs", "Miss"),
    "parent": ("Mr", "Ms", "Mrs", "Miss"),
}
# A family member named as who harmed the child ("harmed by their stepfather", "at the hands
# of a parent"): the evidence must say it was by them ("assaulted by the mother's partner"),
# not only name them. A generic harm verb before "by" goes with the name; what is left
# ("sexually abused") is the topic.
BY_WHOM = re.compile(r"(?:\b(?:harmed|hurt|injured)\s+)?\b(?:by|at\s+the\s+hands\s+of)\s+(?:(?:their|his|her|the|a|an)\s+)?$", re.I)
# What a sentence must say of them: an act of harm, then "by … <them>" ("the baby was shaken
# by his father"; not "an appointment was cancelled by his mother"), or them, then the act
# ("her stepfather later admitted shaking her").
_HARM_ACT = (
    r"(?:kill\w*|murder\w*|manslaughter|shook|shak\w+|assault\w*|attack\w*|hit|punch\w*|kick\w*|stab\w*|"
    r"strangl\w*|smother\w*|injur\w*|harm\w*|hurt\w*|abus\w*|inflict\w*|convict\w*|died|death|fatal\w*|"
    r"beat\w*|burn\w*|scald\w*|rape\w*|groom\w*|exploit\w*)"
)
BY_WHOM_IN_TEXT = r"\b" + _HARM_ACT + r"\b[^.;:]{0,60}?\b(?:by|hands\s+of)\s+(?:[\w'’-]+\s+){0,4}?"
DID_HARM = (  # (a verb: "his mother disclosed the abuse she had suffered" says nothing she did)
    r"(?:\s*,[^,.;]{0,80},)?\s+(?:[\w'’-]+\s+){0,3}?(?:killed|murdered|shook|shaken|shaking|assaulted|attacked|hit|"
    r"punched|kicked|stabbed|strangled|smothered|injured|harmed|hurt|abused|inflicted|caused|convicted)\b"
)
# A question naming a father or a mother as who harmed the child means them: not the
# mother's partner, a stepfather or a carer, unless it names those ("killed by their father").
NOT_THE_PARENT_ITSELF = ("partner", "carer", "step")

# A list topic that is itself a failure or an absence ("the child's voice was missed", "the
# GP was not invited", "fathers left out of assessments"): a sentence that says something
# was not done shows it, so negation does not rule such a sentence out. ("excluded from
# school" is an event, not an absence: "he was never excluded" still rules a sentence out.)
ABSENCE_TOPIC = re.compile(
    r"\b(?:not|never|no|nobody|missed|miss|overlooked|overlook|ignored|left\s+out|lack(?:ed|ing)?|absence|absent|"
    r"fail(?:ed|s|ure|ing)?|without|unheard|unseen|unrecorded)\b",
    re.I,
)


def first_letter_led(alternatives: str, letters: str) -> str:
    """``(?=[letters])(?:alternatives)``: a look at the first letter before an alternation,
    so that the regular expression engine passes over a place none of the alternatives can
    start at in one step rather than trying each (the negation patterns run over every
    sentence a long list question scores: 2.3 times quicker). ``letters``: the first letter
    of each alternative (a test holds them to it)."""
    return rf"(?=[{letters}])(?:{alternatives})"


# A negation or hypothetical before a matched phrase: the sentence rules the topic out.
NEGATION_WORDS = (
    r"no|not|never|none|neither|nor|without|nobody|no\s+one|ruled\s+out|no\s+evidence|"
    r"unfounded|unsubstantiated|denied|absence\s+of|if|unless|would\s+have|could\s+have|"
    r"was\s+not|were\s+not|did\s+not|had\s+not|n't"
)
NEGATION = re.compile(rf"\b{first_letter_led(NEGATION_WORDS, 'nwurdaich')}\b", re.I)
# A negation's reach ends where a clause of its own joins on: "Neither parent was in work
# and the family had significant rent arrears" does not negate the arrears. A clause is told
# by a finite verb on each side of the joining word; "no evidence of abuse and neglect" (no
# verb after "and") keeps both under the negation.
CLAUSE_JOIN = re.compile(r"(?:,\s*|\s)(?:and|or|while|whereas)\s", re.I)
FINITE_VERB = re.compile(
    r"\b(?:was|were|is|are|had|has|have|did|does|do|could|would|should|will|may|might|must|can|\w{3,}ed)\b", re.I
)
# A double negative that leaves the matter open: "could not rule out overlay" says overlay
# may have happened, so its "not" does not negate the match.
NOT_RULED_OUT = re.compile(r"\b(?:(?:could|can|did|does|do)\s+not|cannot|can't|couldn't)\s+(?:be\s+)?(?:rule|ruled|exclude|excluded)\s+out\b|\b(?:could|can|did)\s+not\s+exclude\b", re.I)
# The same, said after the phrase: "housing was not a factor", "drugs played no part".
NEGATED_AFTER_PHRASES = (
    r"(?:was|were|is|are)\s+not\s+(?:a\s+|an\s+)?(?:factor|relevant|issue|concern|present|involved|known|"
    r"suspected|found|a\s+feature)|(?:is|was|were|are)\s+known\s+or\s+suspected|did\s+not\s+(?:feature|arise|apply)|"
    r"played\s+no\s+(?:part|role)|(?:was|were)\s+ruled\s+out"
)
NEGATED_AFTER = re.compile(rf"^[^.;:]{{0,60}}?\b{first_letter_led(NEGATED_AFTER_PHRASES, 'wiadp')}\b", re.I)

# A question framed by a document ("According to the Essex briefing paper…", "In the Surrey
# procedure…") or asking for a published count ("how many cases did the board consider")
# asks for a fact in that document, not for a list of cases.
DOCUMENT_FRAMED = re.compile(
    r"^\s*(?:according\s+to|in\s+the\b|within\s+the\b|under\s+(?:version|the)\b)"
    r"|\bhow\s+many\s+(?:\w+\s+){0,3}?(?:did|were|was|had)\b.{0,120}?\b(?:consider|review(?:ed)?|refer|notif|commission|"
    r"criteria|receiv|submit|meet|attend|deliver)",
    re.I,
)

# Words in a sense other than the one a question asks about: a sentence's "speech and
# language therapy" holds no "language" (the family's), "the mother was hearing voices" no
# "voice" (the child's), "Working Together to Safeguard Children" (the statutory guidance) no
# "working together". Taken out of a sentence's words before they are matched.
OTHER_SENSE = re.compile(
    r"\bspeech,? and language\b|\blanguage (?:delay|development|skills)\b|\bdelayed language\b|"
    r"\b(?:hearing|heard|hears|hear) voices\b|\bWorking Together to Safeguard Children\b",
    re.I,
)
