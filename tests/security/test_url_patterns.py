"""Every URL pattern, tried by every role and by nobody: anonymous access, writes by each role,
ids of another plan guessed into this plan's addresses, script in every free-text field, hostile
filter and sort parameters, and a revoked API token.

The table below names every pattern the project serves. A new pattern (the board reports being
built elsewhere, say) fails `test_every_url_pattern_is_in_the_table` until it is added here with
who may read and write it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import models
from django.urls import get_resolver, reverse

from improvement.models import ApiToken
from recommendations.models import Milestone
from tests.tasks.worker import run_queued_tasks

# alice leads the milestone and owns the PI and the risk; bob leads another plan's milestone;
# "officer" (olivia) leads nothing; mona ("manager") manages the plan; ada administers.
ROLES = ["alice", "bob", "officer", "director", "clerk", "administrator", "manager"]
EVERYONE = frozenset(ROLES)
MANAGERS = frozenset({"manager", "administrator"})
CLERKS = frozenset({"clerk", "administrator"})
OWNER_AND_MANAGERS = MANAGERS | {"alice"}

LOGIN, API, OPEN = "log-in redirect", "401", "open"
APP_LABELS = (
    "improvement",
    "recommendations",
    "indicators",
    "risks",
    "reports",
    "tasks",
    "publishing",
)


@dataclass(frozen=True)
class Route:
    kwargs: Callable = lambda w: {}
    anonymous: str = LOGIN
    # None: read-only. Otherwise the form data a POST sends, and who may send it.
    post: Callable | None = None
    may_post: frozenset = frozenset()
    refused: int = 403  # 404 where even the existence of another's object is not told
    # Whether GET is refused to those who may not post (a form), or open to every role.
    get_is_form: bool = False
    get: bool = True  # False for POST-only views
    # This plan's address with another plan's object in it: must be 404, whoever asks.
    cross: Callable | None = None
    html: bool = True  # whether GET answers HTML (checked for escaping)
    extra: dict = field(default_factory=dict)


def plan(w):
    return {"slug": w.plan.slug}


def milestone(w):
    return {"slug": w.plan.slug, "pk": w.milestone.pk}


def person(w):
    return {"slug": w.plan.slug, "pk": w.other_milestone.lead_people[0].pk}


def indicator(w):
    return {"slug": w.plan.slug, "ref": w.indicator.ref}


def risk(w):
    return {"slug": w.plan.slug, "ref": w.risk.ref}


def draft(w):
    return {"slug": w.plan.slug, "pk": w.draft.pk}


def issued(w):
    return {"slug": w.plan.slug, "pk": w.issued.pk}


def other_issued(w):
    return {"slug": w.plan.slug, "pk": w.other_issued.pk}


def issue_task(w):
    return {"slug": w.plan.slug, "pk": w.issue_task.pk}


def public_report(w):
    return {"slug": w.plan.slug, "key": w.issued.public_key}


def version(w):
    return str(Milestone.objects.get(pk=w.milestone.pk).version)


ROUTES: dict[str, Route] = {
    "home": Route(),
    "healthz": Route(anonymous=OPEN, html=False),
    "favicon": Route(anonymous=OPEN, html=False),
    "start": Route(),
    "search": Route(),
    # Signing in and out, and passwords: tests/security/test_log_in.py tries them in depth.
    "login": Route(anonymous=OPEN, post=lambda w: {}, may_post=EVERYONE),
    "logout": Route(anonymous=OPEN, post=lambda w: {}, may_post=EVERYONE),
    # Signing in through an identity provider (tests/oidc/ tries them against a real one): the
    # start sends everyone to the provider (here unreachable, so back to the sign-in page with
    # the reason); the callback, with no sign-in under way, sends everyone back there too.
    "oidc_login": Route(kwargs=lambda w: {"provider": "council"}, anonymous=OPEN),
    "oidc_callback": Route(anonymous=OPEN),
    "password_reset": Route(
        anonymous=OPEN, post=lambda w: {"email": "nobody@example.gov.uk"}, may_post=EVERYONE
    ),
    "password_reset_done": Route(anonymous=OPEN),
    "password_reset_confirm": Route(
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}, anonymous=OPEN
    ),
    "password_reset_complete": Route(anonymous=OPEN),
    "password_change": Route(post=lambda w: {"old_password": "wrong"}, may_post=EVERYONE),
    "password_change_done": Route(),
    "account": Route(post=lambda w: {"name": "Tableau"}, may_post=EVERYONE),
    "revoke_token": Route(
        kwargs=lambda w: {"pk": w.token.pk},
        post=lambda w: {},
        may_post=frozenset({"alice"}),
        refused=404,
        get=False,
    ),
    "api_summary": Route(kwargs=plan, anonymous=API, html=False),
    "api_timeline": Route(kwargs=plan, anonymous=API, html=False),
    "api_openapi": Route(anonymous=OPEN, html=False),
    "api_plans": Route(anonymous=API, html=False),
    "api_milestones": Route(kwargs=plan, anonymous=API, html=False),
    "api_indicators": Route(kwargs=plan, anonymous=API, html=False),
    "api_risks": Route(kwargs=plan, anonymous=API, html=False),
    "api_updates": Route(kwargs=plan, anonymous=API, html=False),
    "plan_import_new": Route(
        post=lambda w: {}, may_post=frozenset({"administrator"}), get_is_form=True
    ),
    "plan_import_template": Route(html=False),
    "plan_import_template_csv": Route(html=False),
    "plan_detail": Route(kwargs=plan),
    "plan_import": Route(kwargs=plan, post=lambda w: {}, may_post=MANAGERS, get_is_form=True),
    "plan_export": Route(kwargs=plan, html=False),
    "plan_dashboard": Route(kwargs=plan),
    # The plan's settings and members: its managers and administrators only.
    "plan_settings": Route(
        kwargs=plan,
        post=lambda w: {
            "title": "Renamed",
            "organisation": str(w.plan.organisation_id or ""),
            "reporting_cycle_days": "28",
            "seen": str(w.plan.history.latest("history_id").history_id),
        },
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "plan_members": Route(
        kwargs=plan,
        post=lambda w: {
            "action": "add",
            "person": str(w.milestone.leads.first().pk),
            "role": "viewer",
        },
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "my_milestones": Route(),
    "plan_timeline": Route(kwargs=plan),
    "milestone_list": Route(kwargs=plan),
    "milestone_detail": Route(
        kwargs=milestone, cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk}
    ),
    "milestone_update": Route(
        kwargs=milestone,
        post=lambda w: {
            "status": "behind",
            "as_at": "2026-02-01",
            "comment": "Slipping",
            "evidence": "",
            "version": version(w),
        },
        may_post=OWNER_AND_MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "milestone_sign_off": Route(
        kwargs=milestone,
        post=lambda w: {"decision": "confirm", "version": version(w)},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "evidence_file": Route(
        kwargs=lambda w: {**milestone(w), "update_pk": w.update.pk},
        html=False,
        cross=lambda w: {**milestone(w), "update_pk": w.other_update.pk},
    ),
    # The plan's structure (recommendations.structure_views): its managers only.
    "plan_structure": Route(kwargs=plan, post=None, get_is_form=True),
    "theme_add": Route(
        kwargs=plan, post=lambda w: {"name": "Be Healthy"}, may_post=MANAGERS, get_is_form=True
    ),
    "theme_edit": Route(
        kwargs=lambda w: {**plan(w), "pk": w.milestone.recommendation.theme_id},
        post=lambda w: {"name": "Stay Safe and well"},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {**plan(w), "pk": w.other_milestone.recommendation.theme_id},
    ),
    "theme_move": Route(
        kwargs=lambda w: {**plan(w), "pk": w.milestone.recommendation.theme_id},
        post=lambda w: {"direction": "down"},
        may_post=MANAGERS,
        get=False,
        cross=lambda w: {**plan(w), "pk": w.other_milestone.recommendation.theme_id},
    ),
    "recommendation_add": Route(
        kwargs=plan,
        post=lambda w: {
            "theme": w.milestone.recommendation.theme_id,
            "ref": "7",
            "text": "Audit referrals",
        },
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "recommendation_edit": Route(
        kwargs=lambda w: {**plan(w), "pk": w.milestone.recommendation_id},
        post=lambda w: {"title": "Audits"},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {**plan(w), "pk": w.other_milestone.recommendation_id},
    ),
    "recommendation_close": Route(
        kwargs=lambda w: {**plan(w), "pk": w.milestone.recommendation_id},
        post=lambda w: {"closed_on": "2026-02-01", "reason": "withdrawn by the board"},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {**plan(w), "pk": w.other_milestone.recommendation_id},
    ),
    "recommendation_reopen": Route(
        kwargs=lambda w: {**plan(w), "pk": w.milestone.recommendation_id},
        post=lambda w: {},
        may_post=MANAGERS,
        get=False,
        cross=lambda w: {**plan(w), "pk": w.other_milestone.recommendation_id},
    ),
    "outcome_add": Route(
        kwargs=plan,
        post=lambda w: {"recommendation": w.milestone.recommendation_id, "text": "Safer"},
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "outcome_edit": Route(
        kwargs=lambda w: {**plan(w), "pk": w.outcome.pk},
        post=lambda w: {"text": "Safer still"},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {**plan(w), "pk": w.other_outcome.pk},
    ),
    "outcome_move": Route(
        kwargs=lambda w: {**plan(w), "pk": w.outcome.pk},
        post=lambda w: {"direction": "up"},
        may_post=MANAGERS,
        get=False,
        cross=lambda w: {**plan(w), "pk": w.other_outcome.pk},
    ),
    "milestone_add": Route(
        kwargs=plan,
        post=lambda w: {"recommendation": w.milestone.recommendation_id, "ref": "9", "text": "x"},
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "milestone_edit": Route(
        kwargs=milestone,
        post=lambda w: {"ref": "1", "text": "Changed", "version": version(w)},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "milestone_close": Route(
        kwargs=milestone,
        post=lambda w: {"closed_on": "2026-02-01", "reason": "superseded", "version": version(w)},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "milestone_reopen": Route(
        kwargs=milestone,
        post=lambda w: {},
        may_post=MANAGERS,
        get=False,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "milestone_move": Route(
        kwargs=milestone,
        post=lambda w: {"direction": "down"},
        may_post=MANAGERS,
        get=False,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_milestone.pk},
    ),
    "indicator_list": Route(kwargs=plan),
    "indicator_measurement_create": Route(
        kwargs=indicator,
        post=lambda w: {"period": "Sept 06", "actual": "81", "target": "80"},
        may_post=OWNER_AND_MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "ref": w.other_indicator.ref},
    ),
    "indicator_measurement_update": Route(
        kwargs=lambda w: {**indicator(w), "pk": w.measurement.pk},
        post=lambda w: {"period": "March 06", "actual": "77", "target": "80", "reason": "Audit"},
        may_post=OWNER_AND_MANAGERS,
        get_is_form=True,
        cross=lambda w: {**indicator(w), "pk": w.other_measurement.pk},
    ),
    "indicator_settings": Route(
        kwargs=indicator,
        post=lambda w: {},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "ref": w.other_indicator.ref},
    ),
    "indicator_detail": Route(
        kwargs=indicator, cross=lambda w: {"slug": w.plan.slug, "ref": w.other_indicator.ref}
    ),
    "risk_list": Route(kwargs=plan),
    "risk_matrix": Route(kwargs=plan, post=lambda w: {}, may_post=MANAGERS, get_is_form=True),
    "risk_review": Route(
        kwargs=risk,
        post=lambda w: {},
        may_post=OWNER_AND_MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "ref": w.other_risk.ref},
    ),
    "risk_detail": Route(
        kwargs=risk, cross=lambda w: {"slug": w.plan.slug, "ref": w.other_risk.ref}
    ),
    # Board reports: clerks and administrators write; officers read issued ones only.
    "report_list": Route(kwargs=plan),
    "report_create": Route(kwargs=plan, post=lambda w: {}, may_post=CLERKS, get_is_form=True),
    "report_detail": Route(kwargs=issued, cross=other_issued),
    "report_pdf": Route(kwargs=issued, html=False, cross=other_issued),
    "report_docx": Route(kwargs=issued, html=False, cross=other_issued),
    "report_edit": Route(
        kwargs=draft,
        post=lambda w: {"version": "1"},
        may_post=CLERKS,
        get_is_form=True,
        cross=other_issued,
    ),
    "report_issue": Route(
        kwargs=draft, post=lambda w: {}, may_post=CLERKS, get_is_form=True, cross=other_issued
    ),
    # A background task's page: read by those who may read its result (here an issued
    # report, so every role). Its file (a draft's PDF preview, for draft readers only) is
    # tried role by role in tests/tasks/test_task_pages.py.
    "task_detail": Route(
        kwargs=issue_task, cross=lambda w: {"slug": w.plan.slug, "pk": w.other_issue_task.pk}
    ),
    "task_file": Route(
        kwargs=issue_task,
        html=False,
        get=False,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_issue_task.pk},
    ),
    # A large import's check, kept by the task worker: its plan's managers only, who may
    # also ask for it to be read with another layout (an empty choice: 400).
    "plan_import_checked": Route(
        kwargs=lambda w: {"slug": w.plan.slug, "pk": w.import_check.pk},
        post=lambda w: {},
        may_post=MANAGERS,
        get_is_form=True,
        cross=lambda w: {"slug": w.plan.slug, "pk": w.other_issue_task.pk},
    ),
    # Publishing: plan managers; the public pages answer everyone, signed in or not.
    "publishing": Route(kwargs=plan, post=lambda w: {}, may_post=MANAGERS, get_is_form=True),
    "publishing_preview": Route(kwargs=plan, post=None, get_is_form=True),
    "public_index": Route(anonymous=OPEN),
    "public_plan": Route(kwargs=plan, anonymous=OPEN),
    "public_summary": Route(kwargs=plan, anonymous=OPEN, html=False),
    "public_plan_csv": Route(kwargs=plan, anonymous=OPEN, html=False),
    "public_indicators_csv": Route(kwargs=plan, anonymous=OPEN, html=False),
    "public_report": Route(kwargs=public_report, anonymous=OPEN),
    "public_report_pdf": Route(kwargs=public_report, anonymous=OPEN, html=False),
    # A plan's people: its managers and administrators only. The person is bob, who leads a
    # milestone of the other plan; writes that would fail validation still prove the refusal.
    "plan_people": Route(kwargs=plan, get_is_form=True, post=None, may_post=MANAGERS),
    "person_add": Route(
        kwargs=plan, post=lambda w: {"name": "New Person"}, may_post=MANAGERS, get_is_form=True
    ),
    "person_edit": Route(
        kwargs=person, post=lambda w: {"name": ""}, may_post=MANAGERS, get_is_form=True
    ),
    "person_account": Route(
        kwargs=person,
        post=lambda w: {"action": "link", "account": "nobody"},
        may_post=MANAGERS,
        get_is_form=True,
    ),
    "person_leave": Route(
        kwargs=person,
        post=lambda w: {"action": "preview", "left_on": "2026-01-05"},
        may_post=MANAGERS,
        get_is_form=True,
    ),
    # An invitation's link, like a reset link, is for whoever holds it, signed in or not.
    "invitation_confirm": Route(
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}, anonymous=OPEN
    ),
    # Our redirect to the one sign-in page; Django's admin is tried in test_admin_*.
    "admin_login_redirect": Route(anonymous=OPEN),
}
WRITES = {name: route for name, route in ROUTES.items() if route.post}
READABLE = {name: route for name, route in ROUTES.items() if route.get}
CROSS = {name: route for name, route in ROUTES.items() if route.cross}


def url_pattern_names() -> set[str]:
    """Every named pattern outside Django's admin (which test_admin_* tries as a whole)."""
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns)
            else:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_pattern_is_in_the_table():
    missing = url_pattern_names() - set(ROUTES)
    assert not missing, (
        f"add this pattern to the table in tests/security/test_url_patterns.py: {sorted(missing)}"
    )
    assert not set(ROUTES) - url_pattern_names(), "the table names a pattern that is gone"


def fingerprint() -> tuple:
    """What a write would change: the rows of every model of ours (history included), each
    milestone's version and how many tokens are revoked."""
    counts = tuple(
        model.objects.count()
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
    )
    versions = sum(Milestone.objects.values_list("version", flat=True))
    return counts, versions, ApiToken.objects.filter(revoked__isnull=False).count()


@pytest.fixture
def signed_in(client, request):
    def as_role(role):
        client.force_login(request.getfixturevalue(role))
        return client

    return as_role


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(READABLE))
def test_anonymous_get_is_sent_to_log_in(client, world, name):
    route = ROUTES[name]
    response = client.get(reverse(name, kwargs=route.kwargs(world)))
    if route.anonymous == LOGIN:
        assert is_login_redirect(response), response.status_code
    elif route.anonymous == API:
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
    else:
        # Open, though signing out and the admin's log-in address lead to the log-in page.
        assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", sorted(n for n, r in WRITES.items() if r.anonymous == LOGIN))
def test_anonymous_writes_change_nothing(client, world, name):
    route = ROUTES[name]
    before = fingerprint()
    response = client.post(reverse(name, kwargs=route.kwargs(world)), route.post(world))
    assert is_login_redirect(response)
    assert fingerprint() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_as_every_role(signed_in, world, name, role):
    route = ROUTES[name]
    client = signed_in(role)
    url = reverse(name, kwargs=route.kwargs(world))
    before = fingerprint()
    response = client.post(url, route.post(world))
    if role in route.may_post:
        assert response.status_code not in (403, 404, 405), response.status_code
        assert response.status_code < 500
    else:
        assert response.status_code == route.refused
        assert fingerprint() == before, "a refused write changed the database"
    if route.get and route.get_is_form:
        expected_refusal = role not in route.may_post
        assert (signed_in(role).get(url).status_code == route.refused) is expected_refusal


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(n for n, r in READABLE.items() if not r.get_is_form))
def test_every_role_reads(signed_in, world, name, role):
    response = signed_in(role).get(reverse(name, kwargs=ROUTES[name].kwargs(world)))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", sorted(CROSS))
def test_another_plans_id_in_this_plans_address_is_not_found(signed_in, world, name):
    """Ids are looked up within the plan of the address, so guessing one gets nowhere, even
    for an administrator who could open the object at its own address."""
    client = signed_in("administrator")
    route = ROUTES[name]
    if route.get:
        assert client.get(reverse(name, kwargs=route.cross(world))).status_code == 404
    if route.post:
        before = fingerprint()
        url = reverse(name, kwargs=route.cross(world))
        assert client.post(url, route.post(world)).status_code == 404
        assert fingerprint() == before


def test_another_users_token_cannot_be_revoked(signed_in, world):
    url = reverse("revoke_token", kwargs={"pk": world.token.pk})
    assert signed_in("bob").post(url).status_code == 404
    world.token.refresh_from_db()
    assert world.token.revoked is None


# What a hostile user would type into a free-text field. Each is harmless once escaped.
PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']
# Fields that are identifiers or computed, not free text: refs go into addresses, and the
# others are keys, hashes, vocabularies or parsed values that a form never takes as typed.
# An issued report's stored HTML is our own escaped rendering, and its hash names its PDF.
NOT_FREE_TEXT = {
    "slug", "ref", "ref_sort", "key_hash", "hint", "initials", "evidence_file", "html", "sha256",
}  # fmt: skip


def fill_free_text(payload: str) -> int:
    """Write the payload into every free-text field of every row of ours; returns how many
    fields were filled."""
    filled = 0
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            text_fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not f.choices
                and f.name not in NOT_FREE_TEXT
                and (f.max_length is None or f.max_length >= len(payload))
            ]
            if text_fields:
                model.objects.update(**dict.fromkeys(text_fields, payload))
                filled += len(text_fields)
    return filled


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_every_free_text_field_is_shown_escaped(signed_in, world, payload):
    assert fill_free_text(payload) > 20
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(first_name=payload[:150], last_name="")
    client = signed_in("administrator")
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    shown = 0
    for name, route in READABLE.items():
        response = client.get(reverse(name, kwargs=route.kwargs(world)))
        assert response.status_code < 500, name
        if response.status_code != 200 or not route.html:
            continue
        page = response.content.decode()
        assert payload not in page, f"{name} shows the payload unescaped"
        assert "<script>alert" not in page and "<img src=x" not in page, name
        shown += escaped.replace('"', "&quot;") in page or escaped in page
    assert shown >= 10, "too few pages showed the payload at all: the test proves nothing"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_in_every_free_text_field_is_printed_as_text_in_the_pdf(signed_in, world, payload):
    """The draft report's PDF is rendered from the same fields: the payload must come out as
    the characters typed, not as markup WeasyPrint acted on."""
    import io

    from pypdf import PdfReader

    fill_free_text(payload)
    client = signed_in("clerk")
    task_page = client.get(reverse("report_pdf", kwargs=draft(world)))["Location"]
    run_queued_tasks()
    response = client.get(task_page + "file/")
    assert response.status_code == 200
    pdf = io.BytesIO(b"".join(response.streaming_content))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert payload in flat or payload.replace(" ", "") in flat.replace(" ", "")


HOSTILE = {
    "sort": ["<script>", "-no_such_column", "recommendation__plan__organisation__name"],
    "page": ["-1", "0", "abc", "99999999999999999999"],
    "per_page": ["100000000", "-5"],
    "as_at": ["9999-99-99", "0001-01-01", "' OR 1=1 --", "2006-02-30"],
    "from": ["2020-13", "0000-00", "1900-01"],
    "to": ["x", "9999-12"],
    "status": ["<script>", "off_track' --"],
    "theme": ["-1", "abc", "1 OR 1=1"],
    "lead": ["999999", "<b>"],
    "owner": ["-1", "abc"],
    "band": ["HIGH\x00", "zzz"],
    "overdue": ["maybe"],
    "q": ["\x00", "%", "_", "a\x00b", "!!:* & |", "x" * 3000],
    "kind": ["milestones", "<script>", "__class__"],
    "_export": ["exe", "csv", "xlsx"],
    "format": ["csv", "../../etc/passwd"],
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_hostile_filter_and_sort_parameters_never_cause_a_server_error(signed_in, world, name):
    client = signed_in("director")
    url = reverse(name, kwargs=ROUTES[name].kwargs(world))
    for param, values in HOSTILE.items():
        for value in values:
            response = client.get(url, {param: value})
            assert response.status_code < 500, f"{name}?{param}={value!r}"
            if response.get("Content-Type", "").startswith("text/html"):
                assert "<script>" not in re.sub(r"<script [^>]*src=[^>]*>", "", response.text)


def test_a_revoked_api_token_is_refused(client, signed_in, alice, world):
    token, secret = ApiToken.issue(alice, "Excel")
    url = reverse("api_summary", kwargs=plan(world))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(url, **auth).status_code == 200

    signed_in("alice").post(reverse("revoke_token", kwargs={"pk": token.pk}))
    client.logout()
    response = client.get(url, **auth)
    assert response.status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}x").status_code == 401


def test_admin_is_for_administrators_only(client, signed_in, world):
    """Django's admin: nobody signed out, and no signed-in role but the administrator, opens
    its index or any model's list. The signed-in are refused (403) rather than sent to the
    log-in page, which would send them, signed in, straight back."""
    from django.contrib import admin

    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url
    for role in ROLES:
        client = signed_in(role)
        for url in urls:
            status = client.get(url).status_code
            assert status == (200 if role == "administrator" else 403), (role, url, status)
