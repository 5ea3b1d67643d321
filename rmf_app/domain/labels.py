"""Label sets used by the playbook and the assessment: facts from the AI RMF and its Playbook."""

from __future__ import annotations

from typing import Literal

#: The seven trustworthiness characteristics, named as in NIST AI 100-1 section 3.
CHARACTERISTICS: tuple[str, ...] = (
    "Valid and Reliable",
    "Safe",
    "Secure and Resilient",
    "Accountable and Transparent",
    "Explainable and Interpretable",
    "Privacy-Enhanced",
    "Fair – with Harmful Bias Managed",
)

#: AI actor labels used by the official Playbook (cleaned: "Fairness and Bias" is a topic).
AI_ACTORS: tuple[str, ...] = (
    "AI Design",
    "AI Development",
    "AI Deployment",
    "Operation and Monitoring",
    "TEVV",
    "Human Factors",
    "Domain Experts",
    "AI Impact Assessment",
    "Procurement",
    "Governance and Oversight",
    "Third-party entities",
    "End-Users",
    "Affected Individuals and Communities",
)

#: Topic labels used by the official Playbook.
TOPICS: tuple[str, ...] = (
    "AI Actor Training",
    "AI Deployment",
    "AI Incidents",
    "Accountability and Transparency",
    "Adversarial",
    "Contestability",
    "Context of Use",
    "Continual Improvement",
    "Data",
    "Decommission",
    "Diversity",
    "Documentation",
    "Drift",
    "Effectiveness",
    "Environmental Impact",
    "Explainability and Interpretability",
    "Fairness and Bias",
    "Governance",
    "Human Subjects Protection",
    "Human oversight",
    "Human-AI teaming",
    "Impact Assessment",
    "Interdisciplinarity",
    "Legal and Regulatory",
    "Limitations",
    "Monitoring",
    "Participation",
    "Pre-trained models",
    "Privacy",
    "Procurement",
    "Risk Assessment",
    "Risk Culture",
    "Risk Management",
    "Risk Response",
    "Risk Tolerance",
    "Risky Emergent Behavior",
    "Safety",
    "Secure and Resilient",
    "Societal Values",
    "Socio-technical systems",
    "Supply Chain",
    "TEVV",
    "Third-party",
    "Trade-offs",
    "Trustworthy Characteristics",
    "Validity and Reliability",
)

#: The maturity scale (rmf-app's own method; AI RMF defines no levels).
MATURITY_LEVELS: dict[int, tuple[str, str]] = {
    0: ("Not in place", "Nothing exists yet for this outcome."),
    1: ("Initial / ad hoc", "Done occasionally, depending on individuals; nothing written down."),
    2: ("Developing", "Partly documented and partly applied; gaps remain."),
    3: ("Defined", "Documented and applied consistently for this system."),
    4: ("Managed", "Measured, reviewed and improved on a regular cycle."),
}

QuestionAnswerValue = Literal["yes", "partly", "no", "na"]
QUESTION_ANSWERS: dict[str, str] = {"yes": "Yes", "partly": "Partly", "no": "No", "na": "N/A"}

Priority = Literal["low", "medium", "high", "critical"]
PRIORITIES: tuple[str, ...] = ("low", "medium", "high", "critical")

OrganisationRole = Literal[
    "developer", "deployer", "operator", "acquirer", "data_provider", "evaluator", "other"
]
ORGANISATION_ROLES: dict[str, str] = {
    "developer": "Developer",
    "deployer": "Deployer",
    "operator": "Operator",
    "acquirer": "Acquirer / procurer",
    "data_provider": "Data provider",
    "evaluator": "Evaluator",
    "other": "Other",
}

AIType = Literal["predictive", "generative", "rule_based", "other"]
AI_TYPES: dict[str, str] = {
    "predictive": "Predictive",
    "generative": "Generative",
    "rule_based": "Rule-based",
    "other": "Other",
}

LifecycleStage = Literal[
    "plan_design",
    "collect_process_data",
    "build_use_model",
    "verify_validate",
    "deploy_use",
    "operate_monitor",
    "decommissioned",
]
LIFECYCLE_STAGES: dict[str, str] = {
    "plan_design": "Plan & design",
    "collect_process_data": "Collect & process data",
    "build_use_model": "Build & use model",
    "verify_validate": "Verify & validate",
    "deploy_use": "Deploy & use",
    "operate_monitor": "Operate & monitor",
    "decommissioned": "Decommissioned",
}

ComponentKind = Literal["model", "foundation_model", "data", "service", "software"]
COMPONENT_KINDS: dict[str, str] = {
    "model": "Model",
    "foundation_model": "Foundation model",
    "data": "Data",
    "service": "Service",
    "software": "Software",
}

Treatment = Literal["mitigate", "transfer", "avoid", "accept"]
TREATMENTS: dict[str, str] = {
    "mitigate": "Mitigate",
    "transfer": "Transfer",
    "avoid": "Avoid",
    "accept": "Accept",
}

RiskStatus = Literal["open", "in_treatment", "monitoring", "closed"]
RISK_STATUSES: dict[str, str] = {
    "open": "Open",
    "in_treatment": "In treatment",
    "monitoring": "Monitoring",
    "closed": "Closed",
}

ActionStatus = Literal["planned", "in_progress", "done", "cancelled"]
ACTION_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "cancelled": "Cancelled",
}

ReviewState = Literal["draft", "in_review", "final"]
#: what each overlay rmf-app bundles is called where a list names it (portfolio, history)
OVERLAY_NAMES: dict[str, str] = {"genai": "Generative AI Profile"}
#: its short name, before a noun ("GenAI action GV-1.2-001")
OVERLAY_SHORT_NAMES: dict[str, str] = {"genai": "GenAI"}

REVIEW_STATES: dict[str, str] = {"draft": "Draft", "in_review": "In review", "final": "Final"}

DeploymentOutcome = Literal["proceed", "proceed_with_conditions", "do_not_proceed"]
DEPLOYMENT_OUTCOMES: dict[str, str] = {
    "proceed": "Proceed",
    "proceed_with_conditions": "Proceed with conditions",
    "do_not_proceed": "Do not proceed",
}

SignatureRole = Literal["assessor", "reviewer", "approver"]

LIKELIHOOD_SCALE: dict[int, str] = {
    1: "Rare",
    2: "Unlikely",
    3: "Possible",
    4: "Likely",
    5: "Almost certain",
}
IMPACT_SCALE: dict[int, str] = {
    1: "Negligible",
    2: "Minor",
    3: "Moderate",
    4: "Major",
    5: "Severe",
}
