"""Importing a plan from the template: validate every row, then create or update in one
transaction. A dry run does exactly the same work and rolls it back, so what it reports is
what a real import would do."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import DatabaseError, transaction
from simple_history.utils import bulk_create_with_history

from improvement.dates import names_no_date, parse_due
from improvement.figures import touch_plans
from improvement.leads import looks_like_initials, split_leads
from improvement.models import Organisation, Person, Plan, Theme, default_risk_bands
from improvement.refs import natural_sort_key
from improvement.spreadsheets.indicator_sheet import parse_indicator_rows, write_indicators
from improvement.spreadsheets.problems import Problem, check_headers
from improvement.spreadsheets.reading import Row, Sheet
from improvement.spreadsheets.risk_sheet import parse_risk_rows, write_risks
from improvement.spreadsheets.template import PEOPLE_COLUMNS, PLAN_COLUMNS, PLAN_COMPUTED
from improvement.status import Status, parse_status, status_from_fill
from recommendations.models import Milestone, MilestoneLead, Outcome, Recommendation, StatusUpdate
from recommendations.services import record_status_update

PLAN_REQUIRED = ("recommendation_ref", "milestone")
# The longest a cell may be, where the database column has a limit (a milestone ref leaves room
# for the "-2" a repeated ref is given).
MAX_LENGTHS = {
    "recommendation_ref": 20,
    "milestone_ref": 16,
    "timescale": 200,
    "due": 200,
    "theme": 200,
    "initials": 10,
    "name": 200,
    "role": 300,
    "organisation": 200,
}
INHERITED = ("theme", "recommendation_ref", "recommendation", "timescale")


@dataclass
class PlanRow:
    row: int
    theme: str
    recommendation_ref: str
    recommendation: str
    timescale: str
    outcome: str
    milestone_ref: str
    milestone: str
    success_criteria: str
    leads: list[str]
    due_text: str
    due: date | None
    starts: date | None
    status: Status | None
    comment: str = ""
    status_read: str = ""  # the word or fill colour the status was read from


@dataclass
class MilestoneChange:
    """What a re-import would change on one milestone: (what, from, to) for each."""

    ref: str
    changes: list[tuple[str, str, str]]


@dataclass
class ImportResult:
    """What the import did (or, for a dry run, would do)."""

    plan: str
    dry_run: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    unknown_leads: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    layouts: list = field(default_factory=list)  # layout.Layout of each sheet found
    unused_sheets: list[str] = field(default_factory=list)
    # Each distinct status word or fill colour in the plan sheet: (what it became, how often).
    statuses_read: dict[str, tuple[Status, int]] = field(default_factory=dict)
    changes: list["MilestoneChange"] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The preview as text, for the command line."""
        out = []
        for layout in self.layouts:
            mapped = ", ".join(f"{c.heading} → {c.column}" for c in layout.headed if c.column)
            out.append(
                f"{layout.kind}: sheet “{layout.sheet}”, headings in row "
                f"{layout.header_row}: {mapped}"
            )
            if layout.ignored:
                out.append("  not imported: " + ", ".join(c.heading for c in layout.ignored))
        out += [f"Sheet not imported: {title}" for title in self.unused_sheets]
        out += [
            f"Status {read} → {status.label} ({n} row{'s' if n != 1 else ''})"
            for read, (status, n) in self.statuses_read.items()
        ]
        out += self.count_lines_preview
        out += [
            f"Milestone {change.ref}: {what} “{before}” → “{after}”"
            for change in self.changes
            for what, before, after in change.changes
        ]
        if self.unknown_leads:
            out.append("People not in the people list: " + ", ".join(self.unknown_leads))
        out += [f"Not in the file (kept): {what}" for what in self.missing]
        out += [f"Warning: {w}" for w in self.warnings]
        out += [f"Error: {e}" for e in self.errors]
        return out

    def count_lines(self, form: str) -> list[str]:
        """A line for each kind of thing the import touched, counted in ``form``."""
        out = []
        for kind in KINDS:
            c, u, n = self.created[kind], self.updated[kind], self.unchanged[kind]
            if c or u or n:
                out.append(f"{kind}: " + form.format(c=c, u=u, n=n))
        return out

    @property
    def count_lines_preview(self) -> list[str]:
        return self.count_lines("{c} to create, {u} to update, {n} unchanged")

    def done(self) -> str:
        """What a real import did, in the past tense, every sheet's things included."""
        return "; ".join(self.count_lines("{c} created, {u} updated, {n} unchanged"))


KINDS = (
    "plan",
    "themes",
    "recommendations",
    "milestones",
    "people",
    "status updates",
    "indicators",
    "indicator figures",
    "risks",
    "risk reviews",
)


def parse_plan_rows(sheet: Sheet) -> tuple[list[PlanRow], list[Problem], list[Problem]]:
    """The plan sheet's rows with merged cells filled in, leads split and dates parsed.

    A council's own sheet may have no theme, recommendation or milestone ref column: then
    every recommendation goes under one theme named after the sheet, a recommendation is
    called by its ref, and each recommendation's milestones are numbered 1, 2, 3 in order."""
    errors = check_headers(sheet, PLAN_COLUMNS, PLAN_REQUIRED, PLAN_COMPUTED)
    warnings: list[Problem] = []
    if errors:
        return [], errors, warnings
    absent = [c for c in ("theme", "recommendation", "milestone_ref") if c not in sheet.headers]
    warnings += [Problem(sheet.name, None, c, ABSENT[c].format(sheet=sheet.name)) for c in absent]
    rows: list[PlanRow] = []
    above: dict[str, str] = {}
    refs_used: dict[str, set[str]] = {}
    for row in sheet.rows:
        cells = {k: (row.get(k) or "").strip() for k in PLAN_COLUMNS}
        if "theme" in absent:
            cells["theme"] = sheet.name
        for column in INHERITED:
            cells[column] = cells[column] or above.get(column, "")
        same_recommendation = cells["recommendation_ref"] == above.get("recommendation_ref")
        if not cells["outcome"] and same_recommendation:
            cells["outcome"] = above.get("outcome", "")
        if "recommendation" in absent and cells["recommendation_ref"]:
            cells["recommendation"] = f"Recommendation {cells['recommendation_ref']}"
        if "milestone_ref" in absent:
            cells["milestone_ref"] = str(len(refs_used.get(cells["recommendation_ref"], ())) + 1)
        above = cells
        parsed = _plan_row(sheet.name, row, cells, refs_used, errors, warnings)
        if parsed:
            rows.append(parsed)
    if not sheet.rows:
        errors.append(Problem(sheet.name, None, "", "The sheet has headings but no rows."))
    return rows, errors, warnings


ABSENT = {
    "theme": "No column is the theme: every recommendation goes under the theme “{sheet}”.",
    "recommendation": "No column holds the recommendations' text: each is called by its ref "
    "(“Recommendation 3”).",
    "milestone_ref": "No column holds milestone refs: each recommendation's milestones are "
    "numbered 1, 2, 3 in the order of the rows, so keep the rows in that order next time.",
}


def _read_status(sheet, row: Row, text: str, warnings) -> tuple[Status | None, str]:
    """The status a cell says in words or, with no words, shows by its fill colour."""
    if text:
        return parse_status(text), f"“{text}”"
    fill = row.fills.get("status")
    if not fill:
        return None, ""
    status = status_from_fill(fill)
    if status is None:
        warnings.append(
            Problem(
                sheet,
                row.number,
                "status",
                f"The cell's colour #{fill} is none of red, amber, green, blue or grey: no status "
                "is read from it.",
            )
        )
        return None, ""
    return status, f"the cell's colour #{fill}"


def _plan_row(sheet, row: Row, cells, refs_used, errors, warnings) -> PlanRow | None:
    def error(column, message):
        errors.append(Problem(sheet, row.number, column, message))

    for column in ("recommendation_ref", "milestone_ref", "milestone"):
        if not cells[column]:
            error(column, "This cell is empty.")
    for column, most in MAX_LENGTHS.items():
        if len(cells.get(column, "")) > most:
            error(column, f"At most {most} characters here; this cell has {len(cells[column])}.")
    if not cells["recommendation"] and cells["recommendation_ref"]:
        error("recommendation", "The recommendation's text is empty.")
    if not cells["theme"]:
        error("theme", "No theme in this row or above it.")
    status, status_read = _read_status(sheet, row, cells["status"], warnings)
    if cells["status"] and status is None:
        error(
            "status",
            f"“{cells['status']}” is not a status. Use Complete, On track, Behind, Off track or "
            "Not started, or the RAG words Blue, Green, Amber, Red and Grey.",
        )
    long_leads = [t for t in split_leads(cells["leads"]) if len(t) > MAX_LENGTHS["name"]]
    if long_leads:
        error("leads", f"A lead's name is at most {MAX_LENGTHS['name']} characters.")
    if any(p.row == row.number for p in errors):
        return None
    ref = cells["milestone_ref"]
    used = refs_used.setdefault(cells["recommendation_ref"], set())
    if ref in used:
        original, n = ref, 2
        while f"{original}-{n}" in used:
            n += 1
        ref = f"{original}-{n}"
        warnings.append(
            Problem(
                sheet,
                row.number,
                "milestone_ref",
                f"Milestone {original} appears twice in recommendation "
                f"{cells['recommendation_ref']}: this one is imported as {ref}.",
            )
        )
    used.add(ref)
    due = parse_due(cells["due"])
    if names_no_date(cells["due"]):
        warnings.append(
            Problem(
                sheet,
                row.number,
                "due",
                f"“{cells['due']}” names no due date: kept as written, with no due date.",
            )
        )
    elif cells["due"] and due.due is None and due.starts is None:
        warnings.append(
            Problem(
                sheet,
                row.number,
                "due",
                f"“{cells['due']}” is not a date we can read: kept as written, with no due date.",
            )
        )
    elif due.partial:
        warnings.append(
            Problem(sheet, row.number, "due", f"Part of “{cells['due']}” could not be read.")
        )
    return PlanRow(
        row=row.number,
        theme=cells["theme"],
        recommendation_ref=cells["recommendation_ref"],
        recommendation=cells["recommendation"],
        timescale=cells["timescale"],
        outcome=cells["outcome"],
        milestone_ref=ref,
        milestone=cells["milestone"],
        success_criteria=cells["success_criteria"],
        leads=split_leads(cells["leads"]),
        due_text=cells["due"],
        due=due.due,
        starts=due.starts,
        status=status,
        comment=cells["comment"],
        status_read=status_read,
    )


def import_plan(
    sheets: dict[str, Sheet],
    *,
    slug: str,
    title: str = "",
    as_at: date,
    create_people: bool = False,
    dry_run: bool = False,
    user=None,
    source: str = "",
) -> ImportResult:
    """Import the sheets into the plan `slug` (created when new). All or nothing: with any
    error, or with `dry_run`, the database is left as it was. Raises nothing for bad input:
    the result lists the errors.

    A new plan needs its plan sheet; an existing one can take any of the sheets alone (its
    indicators, say), and what a sheet leaves out is reported, never deleted."""
    result = ImportResult(plan=slug, dry_run=dry_run)
    result.layouts = list(getattr(sheets, "layouts", []))
    result.unused_sheets = list(getattr(sheets, "unused_sheets", []))
    existing = Plan.objects.filter(slug=slug).first()
    if "plan" not in sheets and existing is None:
        result.errors.append(Problem("plan", None, "", NO_PLAN_SHEET))
        return result
    parsed = _parse(sheets, existing, result)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            writer = _Writer(result, as_at, create_people, user, source)
            writer.mapping = sheets["plan"].layout if "plan" in sheets else None
            writer.write(slug, title, **parsed)
            # Bulk writes send no signals: the cached figures learn of the import here.
            touch_plans(slug=slug)
            if result.errors or dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:
        # The checks above should leave nothing for the database to refuse; if it does, the
        # whole import is rolled back and said so, never a half-imported plan.
        result.errors.append(Problem("plan", None, "", f"The database refused the import: {exc}"))
    return result


NO_PLAN_SHEET = (
    "There is no plan sheet (plan.csv): no sheet has headings for the recommendation ref and "
    "the milestone (such as “Rec No.” and “Action”). Choose the sheet and its heading row."
)


def _read_statuses(rows: list[PlanRow]) -> dict[str, tuple[Status, int]]:
    counts = Counter((row.status_read, row.status) for row in rows if row.status_read)
    return {read: (status, n) for (read, status), n in counts.items()}


def _parse(sheets: dict[str, Sheet], existing: Plan | None, result: ImportResult) -> dict:
    """Every sheet's rows, checked before anything is written, so that the preview lists
    every error of every sheet at once."""
    parsed = {"rows": None, "people_rows": [], "indicators": None, "risks": None}
    for name, parse in (("plan", parse_plan_rows), ("people", parse_people_rows)):
        if name in sheets:
            rows, errors, warnings = parse(sheets[name])
            parsed["rows" if name == "plan" else "people_rows"] = rows
            result.errors += errors
            result.warnings += warnings
    result.statuses_read = _read_statuses(parsed["rows"] or [])
    known_refs = {row.recommendation_ref for row in parsed["rows"] or []}
    if existing is not None:
        known_refs |= set(existing.recommendations.values_list("ref", flat=True))
    if result.errors:
        # The plan sheet could not be read: which recommendations a PI measures cannot be
        # checked, and saying "no recommendation 3" for every PI would bury the real error.
        known_refs = None
    scale = existing.risk_scale if existing else Plan._meta.get_field("risk_scale").default
    risk_bands = existing.risk_bands if existing else default_risk_bands()
    for name, parse, context in (
        ("indicators", parse_indicator_rows, (known_refs,)),
        ("risks", parse_risk_rows, (scale, risk_bands)),
    ):
        if name in sheets:
            parsed[name], errors, warnings = parse(sheets[name], *context)
            result.errors += errors
            result.warnings += warnings
    return parsed


def parse_people_rows(sheet: Sheet) -> tuple[list[dict[str, str]], list[Problem], list[Problem]]:
    errors = check_headers(sheet, PEOPLE_COLUMNS, ("name",))
    rows = []
    if errors:
        return rows, errors, []
    seen = set()
    for row in sheet.rows:
        cells = {k: (row.get(k) or "").strip() for k in PEOPLE_COLUMNS}
        if not cells["name"]:
            errors.append(Problem(sheet.name, row.number, "name", "This cell is empty."))
            continue
        too_long = [c for c in PEOPLE_COLUMNS if len(cells[c]) > MAX_LENGTHS[c]]
        for column in too_long:
            errors.append(
                Problem(
                    sheet.name,
                    row.number,
                    column,
                    f"At most {MAX_LENGTHS[column]} characters here; this cell has "
                    f"{len(cells[column])}.",
                )
            )
        if too_long:
            continue
        if cells["initials"] and cells["initials"] in seen:
            errors.append(
                Problem(sheet.name, row.number, "initials", f"{cells['initials']} is used twice.")
            )
            continue
        seen.add(cells["initials"])
        rows.append({**cells, "row": row.number})
    return rows, errors, []


class _Writer:
    """Creates and updates rows inside the import's transaction, counting as it goes."""

    def __init__(self, result: ImportResult, as_at: date, create_people: bool, user, source):
        self.result, self.as_at, self.create_people = result, as_at, create_people
        self.user, self.source = user, source
        self.mapping = None
        self.pending: list[tuple[Milestone, list[Person], Status | None, str]] = []
        self.roles: dict[str, list[Person]] = {}
        self.latest_comments: dict[int, str] = {}

    @property
    def reason(self) -> str:
        return f"Imported{' from ' + self.source if self.source else ''}"

    def flush(self) -> None:
        """Write the new milestones, their history rows, leads and first status updates in
        bulk: the same rows record_status_update() and save() would make, a few queries each
        for the whole plan."""
        if not self.pending:
            return
        for milestone, _, status, comment in self.pending:
            milestone.ref_sort = natural_sort_key(milestone.ref)
            if _records_update(status, comment):
                # As record_status_update() leaves a milestone after its first update.
                milestone.status = status or Status.NOT_STARTED
                milestone.status_as_at, milestone.version = self.as_at, 2
        milestones = bulk_create_with_history(
            [m for m, _, _, _ in self.pending],
            Milestone,
            batch_size=500,
            default_user=self.user,
            default_change_reason=self.reason,
        )
        MilestoneLead.objects.bulk_create(
            (
                MilestoneLead(milestone=milestone, person=person, order=n)
                for milestone, (_, leads, _, _) in zip(milestones, self.pending, strict=True)
                for n, person in enumerate(leads)
            ),
            batch_size=1000,
        )
        StatusUpdate.objects.bulk_create(
            (
                StatusUpdate(
                    milestone=milestone,
                    status=status or Status.NOT_STARTED,
                    as_at=self.as_at,
                    comment=comment or f"{self.reason}.",
                    author=self.user,
                )
                for milestone, (_, _, status, comment) in zip(milestones, self.pending, strict=True)
                if _records_update(status, comment)
            ),
            batch_size=1000,
        )
        self.pending = []

    def write(self, slug, title, rows, people_rows, indicators, risks) -> None:
        plan = self.plan(slug, title)
        self.people = self.load_people(people_rows)
        if rows is not None:
            self.write_milestones(plan, rows)
        if indicators is not None:
            write_indicators(plan, indicators, self.result, user=self.user, reason=self.reason)
        if risks is not None:
            write_risks(plan, risks, self)
        if self.result.unknown_leads and not self.create_people:
            self.result.errors.append(
                Problem(
                    "plan",
                    None,
                    "leads",
                    "These leads and owners are in no people list: "
                    + ", ".join(self.result.unknown_leads)
                    + ". Add them to the people sheet, or choose to create them as people.",
                )
            )

    def write_milestones(self, plan, rows: list[PlanRow]) -> None:
        themes = {t.name: t for t in plan.themes.all()}
        recs = {r.ref: r for r in plan.recommendations.all()}
        milestones = {
            (m.recommendation.ref, m.ref): m
            for m in Milestone.objects.filter(recommendation__plan=plan)
            .select_related("recommendation", "outcome")
            .prefetch_related("lead_links__person")
        }
        self.latest_comments = latest_comments(plan)
        seen = set()
        for row in rows:
            rec = recs.get(row.recommendation_ref)
            if rec is not None and getattr(rec, "_seen", False):
                self.check_same_recommendation(rec, row)
            else:
                theme = themes.get(row.theme) or self.new_theme(plan, row.theme, themes)
                rec = self.recommendation(plan, row, theme, recs)
            key = (row.recommendation_ref, row.milestone_ref)
            seen.add(key)
            self.milestone(rec, row, milestones.get(key))
        self.flush()
        self.result.missing += [f"milestone {r}.{m}" for (r, m) in milestones if (r, m) not in seen]

    def plan(self, slug, title) -> Plan:
        mapping = self.mapping.as_mapping() if self.mapping is not None else None
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            self.result.created["plan"] += 1
            return Plan.objects.create(
                slug=slug, title=title or slug, source=self.source, import_mapping=mapping or {}
            )
        fields = []
        if title and title != plan.title:
            plan.title = title
            fields.append("title")
        if mapping is not None and mapping != plan.import_mapping:
            # Next month's file of the same layout then needs no choices.
            plan.import_mapping = mapping
            fields.append("import_mapping")
        if fields:
            plan.save(update_fields=fields)
        (self.result.updated if "title" in fields else self.result.unchanged)["plan"] += 1
        return plan

    def load_people(self, people_rows) -> dict[str, Person]:
        people = {}
        everyone = list(Person.objects.all())
        for p in everyone:
            if p.initials:
                people[p.initials] = p
            people.setdefault(f"name:{p.name.lower()}", p)
        for row in people_rows:
            person = (people.get(row["initials"]) if row["initials"] else None) or people.get(
                f"name:{row['name'].lower()}"
            )
            organisation = None
            if row["organisation"]:
                organisation = Organisation.objects.get_or_create(name=row["organisation"])[0]
            values = {"name": row["name"], "role": row["role"], "organisation": organisation}
            if person is None:
                person = Person.objects.create(initials=row["initials"], **values)
                self.result.created["people"] += 1
            elif any(getattr(person, k) != v for k, v in values.items()) or not person.is_listed:
                for k, v in values.items():
                    setattr(person, k, v)
                person.is_listed = True
                person.save()
                self.result.updated["people"] += 1
            else:
                self.result.unchanged["people"] += 1
            if person.initials:
                people[person.initials] = person
            people[f"name:{person.name.lower()}"] = person
            everyone.append(person)
        self.roles = _holders_of_roles(everyone)
        return people

    def lead(self, token: str, row: int | None = None) -> Person | None:
        """The person a lead cell names: by initials, by name, or by the job title one person
        holds (a title that two people hold is an error naming both)."""
        person = self.people.get(token) or self.people.get(f"name:{token.lower()}")
        if person is not None:
            return person
        holders = self.roles.get(" ".join(token.lower().split()), [])
        if len(holders) == 1:
            return holders[0]
        if holders:
            self.result.errors.append(
                Problem(
                    "plan",
                    row,
                    "leads",
                    f"“{token}” is the role of {' and '.join(str(p) for p in holders)}: write "
                    "the name or initials of the one who leads.",
                )
            )
            return None
        if token not in self.result.unknown_leads:
            self.result.unknown_leads.append(token)
        if not self.create_people:
            return None
        person = Person.objects.create(
            name=token,
            initials=token if looks_like_initials(token) else "",
            is_listed=False,
            note="Named as a lead in an imported plan but not in its list of leads.",
        )
        self.result.created["people"] += 1
        self.people[token] = person
        self.people[f"name:{token.lower()}"] = person
        return person

    def check_same_recommendation(self, rec: Recommendation, row: PlanRow) -> None:
        """A recommendation is described once: where a later row says otherwise, the first
        description is kept and the difference is a warning."""
        differs = [
            column
            for column, first, here in (
                ("theme", rec.theme.name, row.theme),
                ("recommendation", rec.text, row.recommendation),
                ("timescale", rec.timescale, row.timescale),
            )
            if first != here
        ]
        for column in differs:
            self.result.warnings.append(
                Problem(
                    "plan",
                    row.row,
                    column,
                    f"Recommendation {rec.ref} has a different {column} above; the first is kept.",
                )
            )

    def new_theme(self, plan, name, themes) -> Theme:
        themes[name] = Theme.objects.create(plan=plan, name=name, order=len(themes) + 1)
        self.result.created["themes"] += 1
        return themes[name]

    def recommendation(self, plan, row: PlanRow, theme, recs) -> Recommendation:
        rec = recs.get(row.recommendation_ref)
        values = {"theme": theme, "text": row.recommendation, "timescale": row.timescale}
        if rec is None:
            rec = Recommendation.objects.create(
                plan=plan, ref=row.recommendation_ref, order=len(recs) + 1, **values
            )
            rec._seen = True
            recs[rec.ref] = rec
            self.result.created["recommendations"] += 1
        elif not getattr(rec, "_seen", False):
            rec._seen = True
            if any(getattr(rec, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(rec, k, v)
                rec.save()
                self.result.updated["recommendations"] += 1
            else:
                self.result.unchanged["recommendations"] += 1
        return rec

    def outcome(self, rec, text) -> Outcome | None:
        if not text:
            return None
        cache = rec.__dict__.setdefault("_outcomes", {o.text: o for o in rec.outcomes.all()})
        if text not in cache:
            cache[text] = Outcome.objects.create(recommendation=rec, text=text, order=len(cache))
        return cache[text]

    def milestone(self, rec, row: PlanRow, milestone: Milestone | None) -> None:
        leads = [p for p in (self.lead(t, row.row) for t in row.leads) if p is not None]
        values = {
            "outcome": self.outcome(rec, row.outcome),
            "text": row.milestone,
            "success_criteria": row.success_criteria,
            "due_text": row.due_text,
            "due_date": row.due,
            "starts_on": row.starts,
        }
        if milestone is None:
            # New milestones are written together at the end (see flush): a plan of thousands
            # imports in seconds rather than minutes.
            milestone = Milestone(
                recommendation=rec, ref=row.milestone_ref, order=row.row, **values
            )
            self.pending.append((milestone, leads, row.status, row.comment))
            self.result.created["milestones"] += 1
            if _records_update(row.status, row.comment):
                self.result.created["status updates"] += 1
            return
        milestone._latest_comment = self.latest_comments.get(milestone.pk, "")
        before = _described(milestone, [link.person for link in milestone.lead_links.all()])
        changed = any(getattr(milestone, k) != v for k, v in values.items())
        if changed:
            for k, v in values.items():
                setattr(milestone, k, v)
            milestone._history_user = self.user
            milestone._change_reason = self.reason
            milestone.save()
        if [link.person_id for link in milestone.lead_links.all()] != [p.pk for p in leads]:
            milestone.lead_links.all().delete()
            for n, person in enumerate(leads):
                MilestoneLead.objects.create(milestone=milestone, person=person, order=n)
            changed = True
        (self.result.updated if changed else self.result.unchanged)["milestones"] += 1
        latest = milestone._latest_comment
        new_status = row.status is not None and row.status != milestone.status
        new_comment = bool(row.comment) and row.comment != latest
        after = _described(milestone, leads)
        if new_status:
            after["status"] = row.status.label
        if new_comment:
            after["comment"] = row.comment
        differences = [
            (what, before[what], after[what]) for what in before if before[what] != after[what]
        ]
        if differences:
            self.result.changes.append(MilestoneChange(milestone.full_ref, differences))
        if new_status or new_comment:
            record_status_update(
                milestone,
                status=row.status or Status(milestone.status),
                as_at=self.as_at,
                comment=row.comment or f"{self.reason}.",
                author=self.user,
            )
            self.result.created["status updates"] += 1


def latest_comments(plan, as_at: date | None = None) -> dict[int, str]:
    """Each milestone's latest status update's comment (as at the date, if given), in one
    query."""
    updates = StatusUpdate.objects.filter(milestone__recommendation__plan=plan)
    if as_at is not None:
        updates = updates.filter(as_at__lte=as_at)
    latest = {}
    for milestone_id, comment in updates.order_by(
        "milestone_id", "as_at", "created", "pk"
    ).values_list("milestone_id", "comment"):
        latest[milestone_id] = comment
    return latest


def _records_update(status: Status | None, comment: str) -> bool:
    """A new milestone's row records a first status update when it says anything: a status
    other than not started, or a comment."""
    return status not in (None, Status.NOT_STARTED) or bool(comment)


def _described(milestone: Milestone, leads: list[Person]) -> dict[str, str]:
    """What a re-import's preview compares, as a person reads it."""
    return {
        "wording": milestone.text,
        "success criteria": milestone.success_criteria,
        "due": milestone.due_text,
        "leads": ", ".join(p.short_name for p in leads),
        "status": Status(milestone.status).label,
        "comment": getattr(milestone, "_latest_comment", ""),
    }


def _holders_of_roles(people: list[Person]) -> dict[str, list[Person]]:
    """Everyone by their role, lower-cased: a lead written as a job title is its holder."""
    holders: dict[str, list[Person]] = {}
    for person in people:
        role = " ".join(person.role.lower().split())
        if role and person not in holders.get(role, []):
            holders.setdefault(role, []).append(person)
    return holders
