"""The themes added for topics reviews often raise (suicide and self-harm, housing, school
attendance) and the unsafe-sleep phrases added (asleep on a settee, sharing their bed), on
sentences written for these tests in wordings no rule was copied from: each theme is found
where the text says it, and not where a shared word means something else ("attendance at
A&E", "attended the conference", a cot beside the bed)."""

from __future__ import annotations

import pytest

from knowledge.themes import themes_in

pytestmark = pytest.mark.unit


def _keys(text: str) -> set[str]:
    return {theme.key for theme, _, _ in themes_in(text)}


@pytest.mark.parametrize(
    "text, key",
    [
        ("At fifteen she took her own life at the family home.", "suicide_self_harm"),
        ("He had talked about suicide to a youth worker twice.", "suicide_self_harm"),
        ("The school nurse knew she had been self-harming since Year 8.", "suicide_self_harm"),
        ("The family spent four months in a hostel after the eviction.", "housing"),
        ("By the summer he was sofa-surfing between cousins.", "housing"),
        ("Mother and baby were placed in bed and breakfast accommodation out of borough.", "housing"),
        ("His attendance dropped below 60% in the autumn term.", "education"),
        ("Poor attendance was never followed up with a home visit.", "education"),
        ("The girls had been withdrawn for elective home education.", "education"),
        ("He was excluded from school twice in Year 9.", "education"),
        ("The infant was found after his mother fell asleep on the settee holding him.", "unsafe_sleep"),
        ("Father often shared their bed with the baby after a night out.", "unsafe_sleep"),
        ("That night the baby shared his grandmother's bed.", "unsafe_sleep"),
        ("Found unresponsive after sharing sofa with an uncle.", "unsafe_sleep"),
        ("Her stepfather had been mentally ill for much of the previous year.", "parental_mental_health"),
        ("The mother's mental illness was known to the GP but not to the school.", "parental_mental_health"),
        ("He was in a psychotic state when the police arrived.", "parental_mental_health"),
        ("Father had a diagnosis of schizophrenia and had stopped his medication.", "parental_mental_health"),
        ("At eighteen months she was malnourished and well below her expected weight.", "neglect"),
        ("The paediatrician recorded failure to thrive but no one followed it up.", "neglect"),
        ("The burn on his forearm was left untreated for a week.", "neglect"),
        ("She died of an untreated ear infection.", "neglect"),
        ("Nobody sought medical help although he had been vomiting for days.", "neglect"),
        ("The review was critical of the quality of health visiting records.", "record_keeping"),
        ("Poorly kept records meant that the pattern of injuries was missed.", "record_keeping"),
        ("She was never seen alone by the social worker.", "voice_of_child"),
        ("The child's views were not sought before the plan was closed.", "voice_of_child"),
    ],
)
def test_a_theme_is_found_in_words_no_rule_was_copied_from(text, key):
    assert key in _keys(text)


@pytest.mark.parametrize(
    "text, key",
    [
        ("Her attendance at A&E with a scald was not shared with the health visitor.", "education"),
        ("Attendance at the child protection conference was good.", "education"),
        ("The review panel members attended six meetings.", "education"),
        ("The social worker's own life outside work was not discussed.", "suicide_self_harm"),
        ("Housing officers attended the strategy meeting.", "housing"),
        ("The baby slept in a cot beside the parents' bed.", "unsafe_sleep"),
        ("The three brothers shared a bedroom on the top floor.", "unsafe_sleep"),
        ("She was referred to speech and language therapy at two.", "race_culture"),
        ("The plan was rewritten in plain language for the parents.", "race_culture"),
        ("His language development was checked at the two-year review.", "race_culture"),
        ("Mother's untreated depression worsened over the winter.", "neglect"),
        ("The childminder sought medical attention at once.", "neglect"),
        ("The panel followed Working Together to Safeguard Children (2015) throughout.", "multi_agency"),
    ],
)
def test_a_shared_word_in_another_sense_is_not_the_theme(text, key):
    assert key not in _keys(text)
