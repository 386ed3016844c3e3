"""Headings councils give the template's columns in their own workbooks, column by column.

Plain constants, like template.py beside it. A heading is recognised case- and
punctuation-insensitively ("Rec No." is "rec no"); the template's own column name is always
recognised too ("recommendation_ref", "Recommendation ref").
"""

PLAN_HEADINGS = {
    "theme": ("Theme", "Work stream", "Workstream", "Strand", "Priority area", "Outcome area"),
    "recommendation_ref": (
        "Rec",
        "Rec No.",
        "Rec ref",
        "Recommendation number",
        "Recommendation no.",
        "Recommendation ref",
        "Ref",
        "Ref no.",
    ),
    "recommendation": (
        "Recommendation",
        "Recommendations",
        "Area for improvement",
        "Area for development",
        "Improvement required",
    ),
    "timescale": ("Recommendation timescale",),
    "outcome": ("Outcome", "Outcomes", "What good looks like", "Desired outcome"),
    "milestone_ref": (
        "Action No.",
        "Action ref",
        "Action number",
        "Milestone ref",
        "Milestone no.",
    ),
    "milestone": ("Action", "Actions", "Milestone", "Milestones", "Activity", "Task"),
    "success_criteria": ("Success criteria", "Success measure", "Measure of success"),
    "leads": ("Lead", "Leads", "Lead officer", "Responsible officer", "Owner", "Who"),
    "due": (
        "Target date",
        "Due",
        "Due date",
        "Deadline",
        "By when",
        "Timescale",
        "Completion date",
    ),
    "status": ("RAG", "RAG status", "Status", "Progress rating", "BRAG", "RAG rating"),
    "comment": ("Progress update", "Update", "Commentary", "Comments", "Comment", "Progress"),
}

PEOPLE_HEADINGS = {
    "initials": ("Initials",),
    "name": ("Name", "Full name", "Officer", "Person"),
    "role": ("Role", "Job title", "Title", "Position", "Post"),
    "organisation": ("Organisation", "Organization", "Agency", "Service", "Partner"),
}

INDICATOR_HEADINGS = {
    "ref": ("PI", "PI ref", "Indicator ref", "Indicator", "NI"),
    "definition": ("Definition", "Description", "Indicator definition", "Measure"),
    "unit": ("Unit", "Units"),
    "higher_is_better": ("Higher is better", "Polarity", "Good is"),
    "period": ("Period", "Quarter", "Year", "Month"),
    "actual": ("Actual", "Result", "Outturn", "Value"),
    "target": ("Target",),
    "comparator": ("Comparator", "Benchmark", "Statistical neighbours"),
    "comparator_label": ("Comparator label", "Benchmark label"),
    "recommendation_refs": ("Recommendations", "Recommendation refs", "Rec refs"),
}

RISK_HEADINGS = {
    "ref": ("Risk ref", "Risk no.", "Risk number", "Ref", "Risk ID"),
    "description": ("Description", "Risk", "Risk description"),
    "likelihood": ("Likelihood", "Probability", "L"),
    "severity": ("Severity", "Impact", "I", "S"),
    "mitigation": ("Mitigation", "Controls", "Mitigating actions"),
    "owner": ("Owner", "Risk owner", "Lead"),
    "residual_likelihood": ("Residual likelihood",),
    "residual_severity": ("Residual severity", "Residual impact"),
    "contingency": ("Contingency",),
}

# The template's sheets, each with the headings for its columns.
HEADINGS = {
    "plan": PLAN_HEADINGS,
    "people": PEOPLE_HEADINGS,
    "indicators": INDICATOR_HEADINGS,
    "risks": RISK_HEADINGS,
}
