"""The words of the report's appendices (scope, method, evidence index, sign-off, provenance):
the second half of the report's string catalog, read through :mod:`rmf_app.report.text`."""

from __future__ import annotations

# -- appendices -------------------------------------------------------------------------------
SCOPE_INTRO = (
    "The scope is the AI RMF 1.0 core (4 functions, 19 categories, 72 subcategories) less the "
    "items below. Out-of-scope items are not scored; not-applicable items are in scope but "
    "leave the at-target rate's denominator."
)
SCOPE_EXCLUDED = "Left out of scope"
SCOPE_EXCLUDED_NONE = "Nothing was left out of scope."
SCOPE_NA = "Not applicable"
SCOPE_NA_NONE = "No subcategory was judged not applicable."
SCOPE_INHERITED = "Inherited from an organization-level baseline"
SCOPE_INHERITED_NONE = "No subcategory is inherited."
SCOPE_NOTES = "Scope notes"
SCOPE_WHOLE_CATEGORY = "The whole category: {ids}"

METHOD_INTRO = (
    "AI RMF 1.0 sets out outcomes to achieve, not a scoring scheme: it defines no tiers, "
    "maturity levels or scores. The figures in this report come from rmf-app's own method, "
    "version {method}. One function computes all of them, so the application, its command line "
    "and this report always show the same numbers."
)
METHOD_SCALE = "Maturity scale"
METHOD_SCALE_TEXT = (
    "The team rates each subcategory's current maturity and sets a target on the same scale. "
    "Where no target is set, the assessment's default target applies ({default} here). "
    "Instead of a level, an item can be marked not applicable (with a justification) or "
    "inherited from an organization-level baseline (with its source; a level may be carried over)."
)
METHOD_DEFS = "How the figures are computed"
METHOD_DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("In scope", "Not excluded, either on its own or through its category."),
    ("Answered", "Applicable and given a current maturity."),
    (
        "Rated",
        "In scope, not N/A, and with a current maturity (answered, or inherited with a level).",
    ),
    (
        "How items stand",
        "Every item in scope is exactly one of: at target (rated, current at or above target), "
        "below target (rated, current below target), not assessed (no current maturity: left "
        "blank, or inherited from a baseline that gives no level) or not applicable. The four "
        "always add up to the items in scope, in every table of this report.",
    ),
    ("Completion", "(rated + not applicable) ÷ items in scope."),
    (
        "At-target rate",
        "Rated items whose current maturity is at or above target ÷ in-scope items that are not "
        "N/A. An item left blank counts as not at target, so gaps in the answers never flatter "
        "the result.",
    ),
    (
        "By function and category",
        "The spread of current levels over rated items, the at-target rate, and the mean current "
        "and mean target to one decimal (rounded half up). The means are secondary: the scale is "
        "ordinal, not a measurement.",
    ),
    (
        "Charts",
        "Each bar or mean is over the rated items only and says how many it rests on (\"n rated "
        "of m\", m being the applicable items). A function or category with fewer than 80% of "
        "its applicable items rated is drawn as provisional: a dashed outline instead of a solid "
        "bar, named in a note under the chart.",
    ),
    (
        "Gap",
        "Target minus current, for each rated item. An applicable item with no current level is "
        "reported as not assessed, never as a gap of zero.",
    ),
    (
        "Characteristic coverage",
        "The at-target rate over the in-scope items that the guidance tags with a trustworthiness "
        "characteristic (named as in AI 100-1, section 3).",
    ),
    (
        "Risk score",
        "Likelihood × impact, each on a 1–5 scale, placed in the bands below. Inherent (before "
        "treatment) and residual (after treatment) scores are both kept. A risk whose residual "
        "band — or inherent band, while no residual is rated — is at or above the system's "
        "tolerance needs a named acceptance.",
    ),
    (
        "Overdue",
        "An action with a due date before the report date and a status other than done or "
        "cancelled.",
    ),
    (
        "Percentages",
        "Whole numbers, rounded half up; a dash where there is nothing to divide by.",
    ),
)
METHOD_BANDS = "Risk bands (stored in the assessment)"
METHOD_SCALES = "Likelihood and impact scales"
BAND_RANGE = "{lo}–{hi}"
TOLERANCE_MARK = "the tolerance: from this band up, a risk needs a named acceptance"

EVIDENCE_INTRO = (
    "Files are stored inside the assessment; the SHA-256 lets a reader check that a copy is the "
    "file that was assessed (for example with sha256sum). Links are recorded as given and were "
    "not fetched."
)
EVIDENCE_NONE = "No evidence has been recorded."
EVIDENCE_FILE = "File: {name} ({media}, {size})"
EVIDENCE_LINK = "Link: "
EVIDENCE_SHA = "SHA-256: "
EVIDENCE_FOR = "Supports: "
SIZE_BYTES = "{n} bytes"
SIZE_KIB = "{n:.1f} KiB"
SIZE_MIB = "{n:.1f} MiB"

SIGNOFF_INTRO_FINAL = (
    "The assessment was finalized on {when}; the sign-offs below are recorded in it."
)
SIGNOFF_INTRO_DRAFT = (
    "The assessment is {state}. Sign-offs recorded so far are listed first; the blank lines are "
    "for the roles still to sign."
)
SIGNOFF_RECORDED = "Recorded sign-offs"
SIGNOFF_NONE = "No sign-off has been recorded yet."
SIGNOFF_ROLES = "Review roles"
SIGNOFF_TO_SIGN = "To sign"
SIGNOFF_ROLE_NAMES = {"assessor": "Assessor", "reviewer": "Reviewer", "approver": "Approver"}

PROV_INTRO = (
    "Where this report and its figures come from, so that they can be reproduced and checked."
)
PROV_FIELDS = {
    "generated": "Report generated",
    "kind": "Report options",
    "app": "Produced by",
    "framework": "Framework",
    "content": "Guidance content answered against",
    "content_printed": "Guidance content printed",
    "method": "Scoring method",
    "assessment": "Assessment id",
    "revision": "Revision and status",
    "created": "Assessment created",
    "finalised": "Finalized",
    "fonts": "Fonts",
}
PROV_APP = "rmf-app {version} (reportlab {reportlab})"
PROV_FRAMEWORK = "AI RMF 1.0 (NIST AI 100-1), 4 functions, 19 categories, 72 subcategories"
PROV_METHOD = "rmf-app scoring method {version} (Appendix B)"
PROV_CONTENT = "{id}, version {version}"
PROV_FINGERPRINT = "Fingerprint"
PROV_FP_TEXT = (
    "The fingerprint is the SHA-256 of the assessment's canonical JSON: its whole content "
    "without the fingerprint field, keys sorted, no spaces, UTF-8, with one final newline "
    "(attachments by name, type, size and SHA-256). Anyone can recompute it without trusting "
    "rmf-app:"
)
#: the first step names the revision, so it holds for this report after newer revisions start
PROV_FP_STEPS = (
    "rmf-app export FILE.airmf --revision {revision} --canonical -o FILE.canonical.json",
    "sha256sum FILE.canonical.json",
)
PROV_FP_OTHER_OS = (
    "On macOS use 'shasum -a 256', on Windows 'certutil -hashfile FILE.canonical.json SHA256'. "
    "The printed digest must equal the fingerprint above; any change to the content changes it."
)
PROV_FP_CHECK_OK = "Checked when this report was made: the content matches the fingerprint."
PROV_FP_CHECK_BAD = (
    "WARNING: the content no longer matches the recorded fingerprint ({actual}); it was changed "
    "after it was finalized."
)
PROV_NO_FP_SHORT = "none: the assessment is not final"
PROV_NO_FINGERPRINT = (
    "None yet: a fingerprint is recorded when the assessment is finalized. Until then the "
    "content can change and this report describes a draft."
)
PROV_DETERMINISTIC = (
    "With SOURCE_DATE_EPOCH set, the same assessment, options and rmf-app version give a "
    "byte-identical PDF."
)
