"""The case model: what a safeguarding case record holds that the rules need.

Every fact a record can lack defaults to ``None``, which means *unknown*. Unknown is
never the same as ``False`` (known "no") or an empty list (known "none"): the rules
treat an unknown fact as undetermined and the Decision lists it as information needed.

A case is about one *decision in question* (``proposal``): capacity and consent are
decision-specific (MCA 2005 ss2-3), so assessments and consents are recorded per
decision and the rules read the ones that concern the proposal.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _unknown_to_none(value: object) -> object:
    """Accept the string ``"unknown"`` wherever a fact may be unknown."""
    if isinstance(value, str) and value.strip().lower() == "unknown":
        return None
    return value


Flag = Annotated[bool | None, BeforeValidator(_unknown_to_none)]
"""A yes/no fact: ``True``, ``False`` or ``None`` (unknown)."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


DecisionKind = Literal[
    "share_information",
    "safeguarding_enquiry",
    "police_report",
    "protective_measures",
    "needs_assessment",
    "care_and_support_plan",
    "advocacy",
    "accommodation",
    "residence",
    "serious_medical_treatment",
    "medical_treatment",
    "finances",
    "contact",
    "sexual_relations",
    "marriage_or_civil_partnership",
    "divorce_or_dissolution",
    "adoption",
    "discharge_of_parental_responsibility",
    "fertilisation_and_embryology_consent",
    "mental_health_act_part4_treatment",
    "voting",
    "nrm_referral",
    "other",
]
AbuseType = Literal[
    "physical",
    "domestic",
    "sexual",
    "psychological",
    "financial",
    "modern_slavery",
    "discriminatory",
    "organisational",
    "neglect",
    "self_neglect",
    "female_genital_mutilation",
]
CommunicationNeed = Literal[
    "spoken_language",
    "sign_language",
    "hearing",
    "sight",
    "speech_or_language",
    "learning_disability",
    "augmentative_communication",
    "other",
]
Relationship = Literal[
    "partner",
    "family",
    "friend",
    "neighbour",
    "lodger",
    "paid_carer",
    "health_or_care_professional",
    "volunteer",
    "care_provider",
    "other_professional",
    "attorney_or_deputy",
    "stranger",
    "other",
]
Agency = Literal[
    "local_authority",
    "nhs_body",
    "clinician",
    "police",
    "care_provider",
    "safeguarding_adults_board",
    "other",
]


class Communication(_Record):
    """Communication needs and the support arranged for them (MCA s1(3), s3(2))."""

    needs: list[CommunicationNeed] | None = Field(
        default=None, description="Known communication needs; [] = none; null = unknown."
    )
    interpreter_needed: Flag = None
    interpreter_arranged: Flag = None
    support_arranged: Flag = Field(
        default=None,
        description="All practicable communication support (aids, formats, timing) is in place.",
    )


class SubstantialDifficulty(_Record):
    """Whether, without an advocate, the adult would have substantial difficulty being involved.

    The four limbs of Care Act 2014 ss67(4)/68(3).
    """

    understanding: Flag = None
    retaining: Flag = None
    using_or_weighing: Flag = None
    communicating: Flag = None
    persists_after_reasonable_adjustments: Flag = Field(
        default=None,
        description="The difficulty remains once reasonable adjustments (formats, interpreters) are made.",
    )


class Adult(_Record):
    """The adult the concern is about."""

    age: Annotated[int | None, Field(ge=0, le=130)] = None
    in_local_authority_area: Flag = None
    deceased: Flag = None
    care_and_support_needs: Flag = None
    unable_to_protect_self_because_of_needs: Flag = None
    impairment_of_mind_or_brain: Flag = Field(
        default=None, description="An impairment of, or disturbance in, the mind or brain (MCA s2(1))."
    )
    communication: Communication = Communication()
    substantial_difficulty: SubstantialDifficulty = SubstantialDifficulty()
    wants_advocate: Flag = Field(default=None, description="False = the adult declines an advocate.")
    wants_to_report_crime: Flag = Field(
        default=None, description="The adult wants the suspected crime reported to the police."
    )
    moved_to_hospital_or_care_home: Flag = Field(
        default=None, description="The adult has been admitted to hospital or moved into a care home (Care Act s47)."
    )
    movable_property_at_risk: Flag = Field(
        default=None,
        description="The adult's movable property is in danger of loss or damage and no suitable "
        "arrangements have been made to protect it (Care Act s47).",
    )


class Concern(_Record):
    """The abuse or neglect alleged, and the risk it presents."""

    abuse_or_neglect_suspected: Flag = Field(
        default=None,
        description="Reasonable cause to suspect the adult is experiencing, or at risk of, abuse or neglect.",
    )
    abuse_types: list[AbuseType] | None = None
    risk_level: Literal["low", "moderate", "high", "life_threatening"] | None = None
    imminent: Flag = None
    serious_abuse_or_neglect: Flag = None
    suspected_crime: Flag = None
    crime_seriousness: Literal["minor", "serious"] | None = None
    marac_threshold_met: Flag = Field(default=None, description="High-risk domestic abuse (e.g. DASH).")
    coercion_or_undue_influence_indicators: Flag = None
    legal_requirement_to_act: Flag = Field(
        default=None,
        description="A court order, a statute or a SAB request under Care Act s45 that is on record "
        "requires the action or disclosure.",
    )
    female_genital_mutilation_known: Flag = Field(
        default=None,
        description="FGM is 'known': disclosed by the girl or visually identified (FGM Act 2003 s5B).",
    )
    coercion_acts_on_impairment: Flag = Field(
        default=None,
        description="The coercion or undue influence acts on an impairment of the adult's mind or brain, "
        "so that the MCA itself may apply.",
    )


class AllegedPerpetrator(_Record):
    """A person (or organisation) alleged to have caused the harm."""

    relationship: Relationship | None = None
    position_of_trust: Flag = Field(
        default=None,
        description="Works, paid or unpaid, with adults with care and support needs (PiPoT); "
        "never an informal carer or family member as such.",
    )
    is_attorney_or_deputy: Flag = None
    care_and_support_needs: Flag = None
    has_ongoing_access: Flag = None
    removed_from_regulated_activity_for_harm: Flag = Field(
        default=None,
        description="A regulated-activity provider has removed or would have removed them for harm "
        "(Safeguarding Vulnerable Groups Act 2006 s35).",
    )
    registered_professional: Flag = Field(
        default=None, description="Registered with a professional regulator (NMC, HCPC, GMC, Social Work England...)."
    )


class OthersAtRisk(_Record):
    """People other than the adult who may be at risk from the same source."""

    adults: Flag = None
    children: Flag = None
    risk_of_serious_harm: Flag = Field(
        default=None, description="The risk to others is of serious harm."
    )


class ConsentRecord(_Record):
    """The adult's response when asked to agree to a named decision."""

    decision: DecisionKind
    response: Literal["given", "refused"]
    recorded_on: date | None = None


class CapacityAssessment(_Record):
    """An assessment of capacity for one decision at one time (MCA ss2-3)."""

    decision: DecisionKind
    outcome: Literal["has_capacity", "lacks_capacity"]
    assessed_on: date | None = None
    fluctuating: Flag = None
    all_practicable_steps_taken: Flag = None
    inability_because_of_impairment: Flag = Field(
        default=None, description="The causative nexus of MCA s2(1) (A Local Authority v JB [2021] UKSC 52)."
    )


class NetworkMember(_Record):
    """A person in the adult's network who might represent and support them."""

    name: str | None = None
    relationship: Relationship | None = None
    paid_or_professional: Flag = None
    implicated: Flag = Field(default=None, description="Implicated in the abuse or neglect, or criticised by a SAR.")
    adult_wants_them: Flag = Field(default=None, description="The adult, if capacitous, consents to them.")
    in_adults_best_interests: Flag = Field(
        default=None, description="If the adult lacks capacity: the LA is satisfied they are in the adult's best interests."
    )
    able_to_facilitate_involvement: Flag = Field(
        default=None,
        description="Able in practice to support the adult's involvement (distance, contact, own difficulties, "
        "views not in conflict with the adult's).",
    )
    available_to_be_consulted: Flag = Field(
        default=None,
        description="Willing and able to be consulted about the adult's best interests (MCA ss37-39 'appropriate "
        "to consult'); disagreeing with the proposal does not make them unavailable.",
    )
    disagrees_with_proposal: Flag = Field(
        default=None, description="Disagrees with what the local authority or NHS body proposes."
    )


class LegalAuthority(_Record):
    """A lasting or enduring power of attorney, or a deputyship."""

    kind: Literal[
        "lpa_health_and_welfare",
        "lpa_property_and_affairs",
        "epa",
        "deputy_welfare",
        "deputy_property",
        "nominated_person",
    ] = Field(description="nominated_person: someone the adult nominated to be consulted (MCA s40).")
    registered: Flag = Field(default=None, description="For an LPA or EPA: registered with the OPG.")
    covers_decision: Flag = Field(default=None, description="Its scope covers the decision in question.")
    implicated: Flag = Field(default=None, description="The attorney, deputy or nominee is implicated in the abuse.")
    authorises_life_sustaining_treatment: Flag = Field(
        default=None, description="An LPA expressly authorising decisions about life-sustaining treatment (s11(8))."
    )
    made_on: date | None = None


class AdvanceDecision(_Record):
    """An advance decision to refuse treatment (MCA ss24-26)."""

    treatment: str | None = None
    applies_to_proposed_treatment: Flag = None
    made_aged_18_or_over: Flag = None
    withdrawn: Flag = None
    later_lpa_covers_same_treatment: Flag = None
    refuses_life_sustaining_treatment: Flag = None
    in_writing_signed_witnessed: Flag = None
    states_even_if_life_at_risk: Flag = None
    doubt_about_validity_or_applicability: Flag = Field(
        default=None, description="There is genuine doubt or a dispute whether it is valid and applicable (s26(4))."
    )
    made_on: date | None = None


class DesiredOutcomes(_Record):
    """Making Safeguarding Personal: were the adult's desired outcomes asked and expressed?"""

    asked: Flag = None
    expressed: Flag = None
    outcomes: list[str] = []


class Accommodation(_Record):
    """Accommodation proposed for the adult (MCA ss38-39)."""

    setting: Literal["hospital", "care_home", "other"] | None = None
    arranged_by: Literal["nhs_body", "local_authority", "other"] | None = None
    expected_stay_days: Annotated[int | None, Field(ge=0)] = None


class Proposal(_Record):
    """The decision in question and the act proposed."""

    decision: DecisionKind | None = None
    description: str | None = None
    proposed_by: Agency | None = None
    urgent: Flag = None
    would_compel_adult: Flag = Field(
        default=None,
        description="The act would make the adult move, accept care or treatment, be examined, or admit entry.",
    )
    reason_to_doubt_capacity: Flag = None
    life_sustaining: Flag = None
    mental_health_act_compulsion: Flag = Field(
        default=None, description="The matter is governed by Mental Health Act 1983 compulsion (e.g. Part 4 treatment)."
    )
    deprivation_of_liberty: Flag = Field(
        default=None,
        description="The acid test is met: continuous supervision and control and not free to leave "
        "(Cheshire West [2014] UKSC 19).",
    )
    restricts_contact_with_named_person: Flag = Field(
        default=None, description="The act would prohibit or restrict the adult's contact with a named person."
    )
    incapacity_rests_only_on_unwise_decision_or_condition: Flag = Field(
        default=None,
        description="Any doubt about, or finding of, incapacity rests only on the decision being unwise, or on "
        "age, appearance, a condition or behaviour (MCA ss1(4), 2(3)).",
    )
    adult_likely_to_regain_capacity: Flag = Field(
        default=None, description="The adult is likely to regain capacity for this decision (MCA s4(3))."
    )
    decision_can_wait: Flag = Field(default=None, description="The decision can safely wait.")
    accommodation: Accommodation = Accommodation()


class Process(_Record):
    """Safeguarding processes under way."""

    s42_enquiry: Flag = None
    safeguarding_adults_review: Flag = None
    sar_concern_about_joint_working: Flag = Field(
        default=None, description="Reasonable cause for concern about how agencies worked together (Care Act s44(1)(b))."
    )
    abuse_or_neglect_suspected_cause_of_death: Flag = None
    serious_abuse_or_neglect_known_or_suspected: Flag = Field(
        default=None, description="For a living adult: the SAB knows or suspects serious abuse or neglect (s44(3))."
    )
    care_act_assessment_or_planning: Flag = Field(
        default=None,
        description="A Care Act needs or carer's assessment, care and support planning or review is under way (s67).",
    )
    dispute_about_best_interests: Flag = Field(
        default=None,
        description="A dispute about the adult's best interests persists (family, professionals, attorney).",
    )


class NeedsAssessment(_Record):
    """A Care Act needs assessment and the adult's refusal of it (s11)."""

    refused: Flag = Field(default=None, description="The adult refuses a needs assessment.")
    later_requested: Flag = Field(default=None, description="The adult has since asked for an assessment (s11(3)).")
    circumstances_changed: Flag = Field(default=None, description="The adult's needs or circumstances have changed (s11(4)).")


class SabInformationRequest(_Record):
    """A request by the Safeguarding Adults Board for information (Care Act s45)."""

    received: Flag = Field(default=None, description="A request from the SAB is on record.")
    to_enable_sab_functions: Flag = None
    recipient_likely_to_hold_relevant_information: Flag = None
    information_relates_to_recipient_or_person_served: Flag = Field(
        default=None,
        description="The information relates to the recipient, a function of theirs or a person they serve, "
        "or was received under an earlier s45 request.",
    )
    includes_health_records: Flag = None


class AdvocacyContext(_Record):
    """What the local authority thinks about advocacy when there is an appropriate person (No.2 Regs reg 4)."""

    la_considers_advocate_in_best_interests: Flag = Field(
        default=None, description="For a long placement: the LA thinks an advocate would be in the adult's best interests."
    )
    disagreement_between_la_and_appropriate_person: Flag = Field(
        default=None, description="The LA and the appropriate person disagree on a material issue."
    )
    la_and_person_agree_advocate_in_best_interests: Flag = Field(
        default=None, description="The LA and the appropriate person agree an advocate would be in the adult's best interests."
    )


class ActingBody(_Record):
    """Who is deciding or sharing: their organisation and professional status."""

    agency: Agency | None = None
    regulated_professional_or_teacher: Flag = Field(
        default=None,
        description="A regulated health or social care professional or a teacher in England (FGM Act 2003 s5B).",
    )


class InformationSharing(_Record):
    """What would be shared and with whom, if information is shared."""

    recipient: Literal[
        "police", "childrens_services", "marac", "employer_or_regulator", "health_or_care", "sab", "opg", "other"
    ] | None = None
    includes_special_category_data: Flag = Field(
        default=None, description="Health, sexual life, ethnicity or other special category data (UK GDPR Art 9)."
    )
    includes_allegations_about_a_person: Flag = Field(
        default=None, description="Allegations of offences by someone (criminal offence data, UK GDPR Art 10)."
    )


class Case(_Record):
    """A safeguarding case record, as far as the rules need it."""

    case_id: str | None = None
    adult: Adult = Adult()
    concern: Concern = Concern()
    alleged_perpetrators: list[AllegedPerpetrator] | None = None
    others_at_risk: OthersAtRisk = OthersAtRisk()
    proposal: Proposal = Proposal()
    consents: list[ConsentRecord] = []
    capacity_assessments: list[CapacityAssessment] = []
    network: list[NetworkMember] | None = None
    legal_authorities: list[LegalAuthority] | None = None
    advance_decisions: list[AdvanceDecision] | None = None
    desired_outcomes: DesiredOutcomes = DesiredOutcomes()
    process: Process = Process()
    needs_assessment: NeedsAssessment = NeedsAssessment()
    sab_information_request: SabInformationRequest = SabInformationRequest()
    advocacy: AdvocacyContext = AdvocacyContext()
    acting_body: ActingBody = ActingBody()
    sharing: InformationSharing = InformationSharing()
