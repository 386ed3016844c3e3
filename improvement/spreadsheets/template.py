"""The import template's columns (DESIGN.md), sheet by sheet, and the computed columns the
export adds after them. Plain constants, importable without Django (bench scripts write files
in this template before Django is set up)."""

PLAN_COLUMNS = (
    "theme",
    "recommendation_ref",
    "recommendation",
    "timescale",
    "outcome",
    "milestone_ref",
    "milestone",
    "success_criteria",
    "leads",
    "due",
    "status",
    # The comment of the status update the row records ("Progress update").
    "comment",
)

# What export_plan adds after the template's columns; read back, they are ignored.
PLAN_COMPUTED = (
    "due_date",
    "revised_due_date",
    "effective_status",
    "overdue",
    "recommendation_status",
)

PEOPLE_COLUMNS = ("initials", "name", "role", "organisation")

INDICATOR_COLUMNS = (
    "ref",
    "definition",
    "unit",
    "higher_is_better",
    "period",
    "actual",
    "target",
    "comparator",
    "comparator_label",
    "recommendation_refs",
)

# What export_plan adds after the template's columns; read back, they are ignored.
INDICATOR_COMPUTED = ("rag", "direction")

RISK_COLUMNS = (
    "ref",
    "description",
    "likelihood",
    "severity",
    "rating",
    "band",
    "mitigation",
    "owner",
    "residual_likelihood",
    "residual_severity",
    "residual_rating",
    "residual_band",
    "contingency",
)
