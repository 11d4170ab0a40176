"""Word banks for the synthetic corpus: areas, names, incidents, themes, practice phrases.

Modelled on published SCR executive summaries and briefings (the Portsmouth briefing's
themes and table columns); every name is an invented pseudonym or a real area name.
"""

from __future__ import annotations

AREAS = [
    "Barking and Dagenham", "Barnet", "Barnsley", "Bath and North East Somerset", "Bedford",
    "Bexley", "Birmingham", "Blackburn with Darwen", "Blackpool", "Bolton", "Bournemouth",
    "Bracknell Forest", "Bradford", "Brent", "Brighton and Hove", "Bristol", "Bromley",
    "Buckinghamshire", "Bury", "Calderdale", "Cambridgeshire", "Camden", "Central Bedfordshire",
    "Cheshire East", "Cheshire West and Chester", "Cornwall", "Coventry", "Croydon", "Cumbria",
    "Darlington", "Derby", "Derbyshire", "Devon", "Doncaster", "Dorset", "Dudley", "Durham",
    "Ealing", "East Riding of Yorkshire", "East Sussex", "Enfield", "Essex", "Gateshead",
    "Gloucestershire", "Greenwich", "Hackney", "Halton", "Hammersmith and Fulham", "Hampshire",
    "Haringey", "Harrow", "Hartlepool", "Havering", "Herefordshire", "Hertfordshire",
    "Hillingdon", "Hounslow", "Isle of Wight", "Islington", "Kensington and Chelsea", "Kent",
    "Kingston upon Hull", "Kirklees", "Knowsley", "Lambeth", "Lancashire", "Leeds", "Leicester",
    "Leicestershire", "Lewisham", "Lincolnshire", "Liverpool", "Luton", "Manchester", "Medway",
    "Merton", "Middlesbrough", "Milton Keynes", "Newcastle upon Tyne", "Newham", "Norfolk",
    "North East Lincolnshire", "North Lincolnshire", "North Somerset", "North Tyneside",
    "North Yorkshire", "Northamptonshire", "Northumberland", "Nottingham", "Nottinghamshire",
    "Oldham", "Oxfordshire", "Peterborough", "Plymouth", "Portsmouth", "Reading", "Redbridge",
    "Redcar and Cleveland", "Richmond upon Thames", "Rochdale", "Rotherham", "Rutland", "Salford",
    "Sandwell", "Sefton", "Sheffield", "Shropshire", "Slough", "Solihull", "Somerset",
    "South Gloucestershire", "South Tyneside", "Southampton", "Southend-on-Sea", "Southwark",
    "St Helens", "Staffordshire", "Stockport", "Stockton-on-Tees", "Stoke-on-Trent", "Suffolk",
    "Sunderland", "Surrey", "Sutton", "Swindon", "Tameside", "Telford and Wrekin", "Thurrock",
    "Torbay", "Tower Hamlets", "Trafford", "Wakefield", "Walsall", "Waltham Forest", "Wandsworth",
    "Warrington", "Warwickshire", "West Berkshire", "West Sussex", "Westminster", "Wigan",
    "Wiltshire", "Windsor and Maidenhead", "Wirral", "Wokingham", "Wolverhampton",
    "Worcestershire", "York",
]

FIRST_NAMES = [
    "Aaron", "Abbie", "Adam", "Aisha", "Alfie", "Amber", "Amelia", "Amir", "Archie", "Ava",
    "Bella", "Ben", "Bethany", "Billy", "Bradley", "Brooke", "Callum", "Carrie", "Casey",
    "Charlie", "Chloe", "Connor", "Courtney", "Daisy", "Daniel", "Darren", "Dylan", "Ella",
    "Ellie", "Emily", "Erin", "Ethan", "Evie", "Finley", "Freya", "George", "Grace", "Harley",
    "Harry", "Hayley", "Isaac", "Isla", "Jack", "Jacob", "Jade", "Jamie", "Jasmine", "Jayden",
    "Jessica", "Joel", "Jordan", "Joshua", "Kayla", "Keira", "Kian", "Kyle", "Lacey", "Layla",
    "Leah", "Leo", "Lewis", "Liam", "Lily", "Logan", "Lucy", "Luke", "Maisie", "Mason",
    "Megan", "Mia", "Millie", "Mohammed", "Molly", "Nathan", "Niamh", "Noah", "Oliver",
    "Olivia", "Oscar", "Paige", "Poppy", "Reece", "Riley", "Rosie", "Ruby", "Ryan", "Sam",
    "Scarlett", "Shannon", "Sophie", "Summer", "Tia", "Toby", "Tyler", "Violet", "Zac", "Zara",
]

THEMES = [
    "Domestic abuse",
    "Alcohol abuse",
    "Workforce failings",
    "Poor or out of date risk assessment",
    "Over optimism/lack of challenge to parents",
    "Poor sharing of info.",
    "Silo working",
    "Poor record keeping",
]

# One sentence per theme for a review's key findings: the theme is named in plain words.
THEME_FINDINGS = {
    "Domestic abuse": [
        "Domestic abuse between the mother and her partner was known to police but its impact on {child} was not assessed.",
        "Repeated incidents of domestic abuse were treated as separate events rather than as a pattern of risk.",
    ],
    "Alcohol abuse": [
        "The mother's alcohol misuse was under-estimated and its effect on her care of {child} was not explored.",
        "Professionals accepted assurances that alcohol misuse was under control without checking.",
    ],
    "Workforce failings": [
        "Excessive workloads and gaps in management capacity in the social work team meant visits were missed.",
        "Staff lacked the supervision and specialist training the case required.",
    ],
    "Poor or out of date risk assessment": [
        "Risk assessments were not updated as new information came to light.",
        "There was a failure to conduct a risk assessment when the family circumstances changed.",
    ],
    "Over optimism/lack of challenge to parents": [
        "Professionals were over optimistic about the parents' capacity to change and did not challenge their accounts.",
        "Workers believed what the parents said without thorough checks, a lack of respectful uncertainty.",
    ],
    "Poor sharing of info.": [
        "The GP held significant information that was not shared with children's social care.",
        "Information held by adult services was not shared with those working with {child}.",
    ],
    "Silo working": [
        "Agencies worked in silos: each saw part of the picture and no one saw the whole.",
        "Adult-focused services did not consider the safeguarding needs of the children in the household.",
    ],
    "Poor record keeping": [
        "Records were incomplete, so later workers could not see the history of concern.",
        "Case records did not note who was living in the household.",
    ],
}

# (short incident as in a briefing table, review phrase, died, registered sex offender, co-sleeping)
INCIDENTS = [
    ("Death by overlay", "died after being overlaid while sharing a bed with a parent", True, False, True),
    ("SID - co-sleeping", "died suddenly while co-sleeping with the mother on a sofa", True, False, True),
    ("Assault by violent shaking", "suffered serious head injuries from violent shaking", False, False, False),
    ("Assault by Father - Fractured skull and brain damage", "suffered a fractured skull and brain damage after an assault by the father", False, False, False),
    ("Sexual assault by RSO who was Mother's partner", "was sexually assaulted by the mother's partner, a registered sex offender", False, True, False),
    ("Indecent assault by RSO who was Mother's partner", "was indecently assaulted by a registered sex offender who was the mother's partner", False, True, False),
    ("Natural causes - rapid bacterial infection", "died of natural causes, a rapid bacterial infection", True, False, False),
    ("Cause of death unknown - street homeless person", "died, cause unknown, while street homeless", True, False, False),
    ("Non-accidental injuries - multiple fractures", "was found to have multiple fractures caused non-accidentally", False, False, False),
    ("Neglect - severe malnutrition", "was admitted to hospital with severe malnutrition after long-term neglect", False, False, False),
    ("Death following physical abuse", "died following physical abuse by a carer", True, False, False),
    ("Suicide", "took their own life", True, False, False),
    ("Drowning in the bath while unsupervised", "drowned in the bath while left unsupervised", True, False, False),
    ("Scalding - delayed medical help", "suffered severe scalds and medical help was not sought for two days", False, False, False),
]

# Incidents that only fit a teenager.
TEENAGE_INCIDENTS = {"Suicide", "Cause of death unknown - street homeless person"}

# Ages "as written", youngest first (the last five are teenagers).
AGES = [
    "11 days", "13 days", "3 weeks", "few weeks", "6 weeks", "2 months", "3 months", "4 months",
    "5 months", "7 months", "9 months", "11 months", "14 months", "18 months", "2 years",
    "3 years", "4 years", "primary aged", "7 years", "9 years", "Under 13", "13 years",
    "14 years", "15 years", "16 years", "17 years",
]

AGENCIES = [
    "the health visiting service", "the GP practice", "the police", "children's social care",
    "the maternity service", "the school", "adult mental health services", "the housing provider",
    "the substance misuse service", "probation", "the emergency department", "the nursery",
]

CONTACT_PHRASES = [
    "{agency} had contact with the family on {n} occasions in the year before the incident.",
    "{agency} recorded concerns about the home conditions but closed the case after a single visit.",
    "A referral from {agency} was assessed as not meeting the threshold for a statutory assessment.",
    "{agency} was aware that the mother's partner had moved into the household but did not record it.",
    "Appointments with {agency} were frequently missed and this was not followed up.",
    "{agency} saw {child} on {n} occasions and noted no concerns about growth or development.",
    "Staff at {agency} raised concerns in supervision, but no action plan followed.",
    "{agency} completed an initial assessment which focused on the mother's needs rather than the child's.",
]

BACKGROUND_PHRASES = [
    "{child} lived with the mother, the mother's partner and {n} siblings in privately rented accommodation.",
    "The family had moved home {n} times in the two years before the incident, which disrupted contact with services.",
    "The mother was a care leaver and had limited support from her own family.",
    "Older siblings had previously been subject to child protection plans under the category of neglect.",
    "The father had a history of violent offending that was known to the police.",
    "The mother had experienced post-natal depression after the birth of her first child.",
]

RECOMMENDATIONS = [
    "The LSCB should seek assurance that risk assessments are reviewed whenever new information is received.",
    "All agencies should ensure that practitioners record who is living in the household at every contact.",
    "Children's social care should review supervision arrangements for newly qualified social workers.",
    "Health partners should strengthen information sharing between GPs and health visitors.",
    "The police should ensure that domestic abuse notifications are shared with health and schools.",
    "Safe sleeping advice should be reinforced at every contact with families of young babies.",
    "Agencies should train staff in working with parents who are resistant or disguise their compliance.",
    "Adult services should consider the needs of children in every assessment of a parent.",
    "Multi-agency audits should test whether lessons from this review have been embedded.",
]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
