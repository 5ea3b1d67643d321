"""Every word the PDF report prints, so the report can be translated: labels, headings, prose.

The templates the summary assembles into sentences, and the singular and plural words they
use, are the one other place: :mod:`rmf_app.report.sentences`.

Plain strings are report prose and labels; ``{name}`` fields are filled with ``str.format``.
Enumerations the domain defines (maturity level names, treatments, statuses, …) come from
``rmf_app.domain.labels``. Nothing here is user text: user text is escaped where it is used.
"""

from __future__ import annotations

# -- document ---------------------------------------------------------------------------------
DOC_TITLE = "AI RMF risk profile: {system}"
DOC_SUBJECT = (
    "Voluntary self-assessment of an AI system against the NIST AI Risk Management "
    "Framework 1.0 (NIST AI 100-1)"
)
DOC_KEYWORDS = "NIST AI RMF 1.0, AI 100-1, risk profile, self-assessment, {system}"
DOC_CREATOR = "rmf-app {version}"
DOC_AUTHOR_UNKNOWN = "rmf-app user"

REPORT_KIND_FULL = "Full report"
REPORT_KIND_EXECUTIVE = "Executive report"
GUIDANCE_INCLUDED = "guidance text included"
GUIDANCE_LEFT_OUT = "guidance text left out"

WATERMARK = "DRAFT"
HEADER_RIGHT = "AI RMF 1.0 risk profile · revision {revision} · {state}"
FOOTER_LEFT = "{system}"
FOOTER_RIGHT = "Page {page} of {pages}"
FOOTER_NOTE = "Voluntary self-assessment, not a certification"
CONTINUED = "(continued)"

# -- cover ------------------------------------------------------------------------------------
COVER_KICKER = "NIST AI RMF 1.0 · AI risk profile"
COVER_VERSION = "Version {version}"
COVER_FIELDS = {
    "organisation": "Organization",
    "business_unit": "Business unit",
    "owner": "System owner",
    "assessment_date": "Assessment date",
    "revision": "Revision",
    "status": "Status",
    "assessors": "Assessors",
    "reviewer": "Reviewer",
    "approver": "Approver",
    "decision": "Deployment decision",
    "generated": "Report generated",
    "kind": "Report",
    "fingerprint": "Fingerprint (SHA-256)",
}
COVER_DRAFT_NOTE = (
    "This assessment is not final: its content can still change, and it carries no fingerprint. "
    "Only a final assessment's report is fit for sign-off."
)
COVER_FINAL_NOTE = (
    "Final assessment: its content is fixed and identified by the fingerprint above "
    "(how to check it: Appendix E)."
)
COVER_DISCLAIMER = (
    "A voluntary self-assessment made with rmf-app. AI RMF 1.0 defines no scores or maturity "
    "levels: the scale and the figures in this report are rmf-app's own method. This report is "
    "not a certification."
)
COVER_CLIPPED_NOTE = (
    "Fields longer than the cover has room for are shortened here (…); the full report's "
    "system profile and tables print them whole."
)
NONE = "—"
NOT_SET = "not recorded"

# -- contents ---------------------------------------------------------------------------------
CONTENTS = "Contents"

# -- section titles ---------------------------------------------------------------------------
SEC_SUMMARY = "Executive summary"
SEC_PROFILE = "The system"
SEC_CHARTS = "Results in charts"
SEC_GAPS = "Gap analysis"
SEC_GAPS_EXEC = "Largest gaps"
SEC_RISKS = "Risk register"
SEC_RISKS_EXEC = "Top risks"
SEC_ACTIONS = "Action plan"
SEC_DETAILS = "Detailed responses"
SEC_ABOUT = "About this report"
ABOUT_FULL_REPORT = (
    "The full report adds the system profile, the whole gap analysis, risk register and action "
    "plan, every answer, the evidence index with SHA-256 digests, the sign-off block and how to "
    "check the fingerprint."
)
APP_SCOPE = "Appendix A. Scope and exclusions"
APP_METHOD = "Appendix B. Methodology and scales"
APP_EVIDENCE = "Appendix C. Evidence index"
APP_SIGNOFF = "Appendix D. Sign-off"
APP_PROVENANCE = "Appendix E. Provenance and fingerprint"
SECTION_NUMBER = "{n}. {title}"

# -- executive summary ------------------------------------------------------------------------
SUM_KEY_FIGURES = "Key figures"
KF_SCOPE = "Subcategories in scope"
KF_SCOPE_VALUE = "{in_scope} of {total}"
KF_SCOPE_NOTE = "{excluded} out of scope, {na} not applicable, {inherited} inherited (Appendix A)"
KF_COMPLETION = "Completion"
KF_COMPLETION_VALUE = "{pct} ({num} of {den} in scope rated or not applicable)"
KF_AT_TARGET = "At target"
KF_AT_TARGET_VALUE = "{pct} ({num} of {den} applicable)"
KF_SPLIT = "How the items in scope stand"
KF_SPLIT_VALUE = (
    "{in_scope} = {at} at target + {below} below target + {missing} not assessed + {na} not "
    "applicable"
)
KF_SPLIT_INHERITED = " ({n} inherited without a level count as not assessed)"
KF_NOT_RATED_YET = "none: nothing has been rated yet"
KF_NOT_ASSESSED = "Not assessed"
KF_GAPS = "Below target"
KF_RISKS = "Risks"
KF_RISKS_VALUE = "{n} recorded; {above} at or above the tolerance ({tolerance}{unrated}), {tail}"
KF_RISKS_UNRATED = "; {n} of them with no residual rating, judged on the inherent score"
KF_RISKS_NONE_ABOVE = "{n} recorded; none at or above the tolerance ({tolerance})"
KF_RISKS_ALL_ACCEPTED = "all with the acceptance they need"
KF_RISKS_UNACCEPTED = "{unaccepted} without the acceptance they need"
KF_ACTIONS = "Actions"
KF_ACTIONS_VALUE = "{n} in the plan; {open} open, {overdue} overdue"
KF_DECISION = "Deployment decision"
SUM_FINDINGS = "Findings"
SUM_BY_FUNCTION = "Results by function"
ALL_FUNCTIONS = "All functions"
SUM_TOP_GAPS = "Largest gaps"
SUM_NOT_ASSESSED = "Items not assessed"
SUM_NOT_ASSESSED_NONE = "Every applicable subcategory in scope has a current maturity."
SUM_NOT_ASSESSED_LIST = (
    "These in-scope subcategories have no current maturity yet and count as not at target: {ids}."
)
SUM_NOT_ASSESSED_INHERITED = (
    "Of these, {ids} {is_are} inherited from an organization-level baseline that gives no level."
)
SUM_NOT_ASSESSED_ALL = (
    "None of the {n} applicable subcategories in scope has a current maturity yet: the "
    "assessment has not been made. All of them count as not at target."
)
SUM_TOP_RISKS_INTRO = (
    "The {n} highest of {total} risks by residual score (inherent where no residual is rated); "
    "all of them are in section {section}."
)
SUM_TOP_RISKS = "Top risks"
SUM_ABOVE_TOLERANCE = "Risks at or above the tolerance, and accepted risks"
SUM_ABOVE_TOLERANCE_NONE = (
    "No risk is at or above the tolerance band ({tolerance}), so no acceptance is needed."
)
SUM_DECISION = "Deployment decision (MANAGE 1.1)"
SUM_DECISION_NONE = "No deployment decision has been recorded yet."
SUM_DECISION_BY = "Decided by {who} on {date}."
SUM_DECISION_BY_NO_DATE = "Decided by {who}."
SUM_METHOD = "About the figures"
SUM_METHOD_TEXT = (
    "AI RMF 1.0 defines no tiers, maturity levels or scores. The 0–4 maturity scale, the "
    "targets and every figure in this report come from rmf-app's own scoring method, version "
    "{method} (Appendix B), applied to the team's answers. The answers form the system's current "
    "profile and the targets its target profile, in the framework's terms. This is a voluntary "
    "self-assessment, not a certification or an audit opinion. Dates such as 'overdue' are "
    "counted as of {today}."
)
SUM_MORE = "{n} more"
SUM_GAPS_MORE = "{n} more below target: see section {section}."

# -- tables: headers and cell texts ----------------------------------------------------------
#: above the rest of a table row split across pages, where the header would otherwise repeat
ROW_CONTINUED = "(continued)"
TH_FUNCTION = "Function"
TH_CATEGORY = "Category"
TH_SUBCATEGORY = "Subcategory"
TH_IN_SCOPE = "In scope"
TH_AT_TARGET_N = "At target"
TH_BELOW_N = "Below target"
TH_NOT_ASSESSED_N = "Not assessed"
TH_NA_N = "N/A"
TH_RATE = "At-target rate"
TH_MEAN_RATED = "Mean current (rated of applicable)"
MEAN_RATED_CELL = "{mean} ({rated} of {applicable})"
TH_COMPLETION = "Complete"
TH_AT_TARGET = "At target"
TH_MEAN_CURRENT = "Mean current"
TH_MEAN_TARGET = "Mean target"
TH_CURRENT = "Current"
TH_TARGET = "Target"
TH_GAP = "Gap"
TH_PRIORITY = "Priority"
TH_OWNER = "Owner"
TH_DUE = "Due"
TH_ACTIONS = "Actions (owner, due, status)"
TH_ID = "ID"
TH_RISK = "Risk"
TH_INHERENT = "Inherent"
TH_RESIDUAL = "Residual"
TH_TREATMENT = "Treatment"
TH_STATUS = "Status"
TH_ACCEPTANCE = "Acceptance"
TH_ACTION = "Action"
TH_LINKS = "Linked to"
TH_QUESTION = "Question"
TH_ANSWER = "Answer"
TH_COMMENT = "Comment"
TH_ITEM = "Item"
TH_REASON = "Reason"
TH_JUSTIFICATION = "Justification"
TH_SOURCE = "Inherited from"
TH_EVIDENCE = "Evidence"
TH_KIND = "Link or file"
TH_EFFECTIVE = "Effective"
TH_ROLE = "Role"
TH_NAME = "Name"
TH_SIGNED = "Signed (UTC)"
TH_STATEMENT = "Statement"
TH_SIGNATURE = "Signature"
TH_DATE = "Date"
TH_LEVEL = "Level"
TH_MEANING = "Meaning"
TH_BAND = "Band"
TH_SCORES = "Scores"
TH_VALUE = "Value"
TH_FIELD = "Field"
TH_CHARACTERISTIC = "Trustworthiness characteristic"
TH_TAGGED = "Tagged in scope"

RISK_SCORE = "{score} {band}"
RISK_LI = "L{likelihood} × I{impact}"
RISK_NO_RESIDUAL = "not rated"
RISK_NOT_RATED_INHERENT = "not rated — inherent {score} {band}"
ACCEPTED_BY = "{who}, review by {date}"
ACCEPTED_BY_ON = "{who}, accepted on {on}, review by {date}"
BELOW_TOLERANCE_ACCEPT = " (below the tolerance; treated by acceptance)"
NOT_ACCEPTED = "NO ACCEPTANCE"
ACCEPTANCE_NOT_NEEDED = "not needed"
OVERDUE = "OVERDUE"
LEVEL_CELL = "{level} {name}"
GAP_CELL = "{gap} below target"
GAP_ABOVE_CELL = "{gap} above target"
GAP_AT_CELL = "at target"
YES = "Yes"
NO = "No"

# -- profile section --------------------------------------------------------------------------
PROFILE_FIELDS = {
    "description": "Description",
    "intended_purpose": "Intended purpose",
    "deployment_context": "Deployment context",
    "intended_benefits": "Intended benefits",
    "users_and_affected": "Users and affected people",
    "scope_notes": "Scope notes",
}
PROFILE_FACTS = "Facts"
PROFILE_ROLES = "Organization's role"
PROFILE_AI_TYPE = "AI type"
PROFILE_STAGE = "Lifecycle stage"
PROFILE_TOLERANCE = "Risk tolerance"
PROFILE_TOLERANCE_VALUE = "{band}: risks in this band or above need a named acceptance"
PROFILE_ACCEPTANCE_ROLE = "Acceptance role"
PROFILE_ACCEPTANCE_ROLE_VALUE = "{role}: accepts risks at or above the tolerance"
PROFILE_DEFAULT_TARGET = "Default target maturity"
PROFILE_COMPONENTS = "Third-party components"
PROFILE_CONTACTS = "Contacts"
TH_COMPONENT_KIND = "Kind"
TH_SUPPLIER = "Supplier"
TH_VERSION = "Version"
TH_NOTES = "Notes"
TH_EMAIL = "E-mail"
COMPONENT_KINDS = {
    "model": "Model",
    "foundation_model": "Foundation model",
    "data": "Data",
    "service": "Service",
    "software": "Software",
}

# -- charts -----------------------------------------------------------------------------------
CH_FUNCTIONS = "Current and target maturity by function"
CH_CATEGORIES = "Current and target maturity by category"
CH_CHARACTERISTICS = "Trustworthiness characteristics: share of tagged items at target"
CH_HEAT = "Risk heat maps: number of risks by likelihood and impact"
CH_INHERENT = "Inherent risk (before treatment)"
CH_RESIDUAL = "Residual risk (after treatment)"
CH_MEAN_CURRENT = "Mean current maturity"
CH_MEAN_TARGET = "Mean target maturity"
CH_AXIS_MATURITY = "Maturity (0–4)"
CH_LIKELIHOOD = "Likelihood"
CH_IMPACT = "Impact"
CH_TOLERANCE = "Heavy outline: the tolerance ({band} and above) — these need a named acceptance"
CH_NO_RESIDUAL = "{n} {risk_word} without a residual rating {is_are} not shown."
CH_OUT_OF_SCOPE = "out of scope"
CH_NOT_RATED = "no rated items"
CH_BARS_NOTE = (
    "Bars show the mean over rated items only (secondary figures: the scale is ordinal); "
    "\"rated\" says how many of the applicable items they rest on. The at-target rates in "
    "section 1 are the primary measure. A rule separates the functions."
)
CH_RATED = "{n} rated of {m}"
CH_RATED_HEAD = "Rated"
CH_PROVISIONAL_MARK = "(provisional)"
CH_PROVISIONAL_LEGEND = "Provisional: under {pct}% rated"
CH_PROVISIONAL_NOTE = (
    "Drawn in dashed outline, provisional: {groups}. Fewer than {pct}% of their applicable items "
    "are rated, so their means describe only the rated part and cannot be compared with the "
    "others."
)
CH_RADAR_NOTE = (
    "Each axis is the at-target rate over the in-scope items the guidance tags with that "
    "characteristic; the outer ring is 100%. A dash means no applicable item is tagged."
)

# -- gap analysis -----------------------------------------------------------------------------
GAPS_INTRO = (
    "Subcategories whose current maturity is below target, largest gap first. Unanswered items "
    "are not gaps of zero: they are listed separately as not assessed."
)
GAPS_EXEC_INTRO = "The {n} largest gaps, out of {total} subcategories below target (the full list is in the full report)."
GAPS_EXEC_INTRO_ALL = "All {n} subcategories below target."
GAPS_EXEC_INTRO_ONE = "The one subcategory below target."
GAPS_NONE = "No rated subcategory is below its target."
GAPS_NOTHING_RATED = (
    "No subcategory has been rated yet, so there is no gap to show: the {n} items not assessed "
    "are listed {where}."
)
GAPS_NOTHING_RATED_BELOW = "below"
GAPS_NOTHING_RATED_SUMMARY = "in section 1"
GAPS_INHERITED_NO_LEVEL = "Inherited from {source}, without a level"
GAPS_NOT_ASSESSED = "Not assessed"
GAPS_NOT_ASSESSED_NONE = "None: every applicable subcategory in scope has a current maturity."

# -- risk register ----------------------------------------------------------------------------
RISKS_INTRO = (
    "Score = likelihood × impact (1–5 each), banded with this assessment's bands (Appendix B). "
    "The tolerance is {tolerance}: a risk whose residual band (or inherent band, while no "
    "residual is rated) is at or above it needs a named acceptance; a bar at the left edge of "
    "a row marks such a risk."
)
RISKS_EXEC_INTRO = (
    "The {n} highest risks by residual score (inherent where no residual is rated), out of {total}."
)
RISKS_NONE = "No risks have been recorded."
RISK_DETAILS = "Risk details"
RISK_FIELDS = {
    "description": "Description",
    "affected": "Affected people",
    "characteristics": "Characteristics",
    "treatment": "Treatment",
    "treatment_notes": "Treatment notes",
    "subcategories": "Linked subcategories",
    "acceptance": "Acceptance",
    "acceptance_problem": "Open point",
    "actions": "Actions",
}
ACCEPTANCE_TEXT = "Accepted by {who}{role}{on}; review by {review}. Rationale: "
ACCEPTANCE_ROLE = " ({role})"
ACCEPTANCE_ON = " on {date}"
ABOVE_TOLERANCE_FLAG = "At or above the tolerance"
ABOVE_TOLERANCE_FLAG_INHERENT = (
    "At or above the tolerance on its inherent score: no residual rating"
)

# -- action plan ------------------------------------------------------------------------------
ACTIONS_INTRO = (
    "Overdue means a due date before {today} and a status other than done or cancelled; a bar at "
    "the left edge of a row marks an overdue action."
)
ACTIONS_NONE = "No actions have been planned."

# -- detailed responses -----------------------------------------------------------------------
DETAILS_INTRO = (
    "Every in-scope subcategory in framework order, with the team's answers. Items left out of "
    "scope are listed only in Appendix A."
)
GROUP_LINE = (
    "{in_scope} in scope = {at} at target + {below} below target + {missing} not assessed + {na} "
    "N/A · {completion} complete · {at_target} at target · mean current {mean_current} over "
    "{rated} rated of {applicable}, mean target {mean_target}"
)
CATEGORY_OUT_OF_SCOPE = "This whole category is out of scope (Appendix A)."
R_CURRENT = "Current"
R_TARGET = "Target"
R_GAP = "Gap"
R_APPLICABILITY = "Applies"
R_EVIDENCE_OK = "Evidence supports the rating"
R_OWNER = "Owner"
R_DUE = "Due"
R_PRIORITY = "Priority"
R_NOT_ASSESSED = "not assessed"
R_DEFAULT_TARGET = "{level} (default)"
R_APPLICABLE = "Yes"
R_NOT_APPLICABLE = "Not applicable"
R_INHERITED = "Inherited"
R_NA_JUSTIFICATION = "Why not applicable: "
R_INHERITED_FROM = "Inherited from: "
R_SUMMARY = "What it asks: "
R_WHY = "Why it matters: "
R_NOTES = "Notes"
R_QUESTIONS = "Self-assessment questions"
R_UNANSWERED = "—"
R_EVIDENCE = "Evidence: "
R_RISKS = "Risks: "
R_ACTIONS = "Actions: "
R_UPDATED = "Last changed by {who} on {when}."
R_UPDATED_NO_WHO = "Last changed on {when}."

# The appendices' words (scope, method, evidence index, sign-off, provenance) are in
# text_appendices.py; they are part of this catalogue (``T.APPENDIX_…``) all the same.
from .text_appendices import *  # noqa: E402, F403
