"""Importing in the browser: upload, dry run, confirm; and downloading the plan again."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement.demo import SLUG
from improvement.models import Plan
from recommendations.models import Milestone, StatusUpdate
from tests.improvement.test_spreadsheets import HEADER, row


def upload(name="plan.csv", content=None):
    content = content or (HEADER + "\n" + row() + "\n").encode()
    return SimpleUploadedFile(name, content)


def test_only_administrators_import_new_plans(client, director, manager, administrator):
    for user, allowed in ((director, False), (manager, False), (administrator, True)):
        client.force_login(user)
        assert client.get(reverse("plan_import_new")).status_code == (200 if allowed else 403)


def test_a_plan_manager_imports_into_their_plan_but_a_director_cannot(
    plan_setup, client, director, manager
):
    url = reverse("plan_import", args=["improve"])
    client.force_login(director)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(), "as_at": "2026-01-01"}).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200


def test_dry_run_then_confirm_imports_a_new_plan(client, administrator):
    client.force_login(administrator)
    url = reverse("plan_import_new")
    preview = client.post(
        url,
        {
            "title": "New plan",
            "slug": "new-plan",
            "file": upload(),
            "as_at": "2026-01-01",
            "create_people": "on",
        },
    )
    assert preview.status_code == 200
    assert "milestones: 1 to create" in preview.text
    assert not Plan.objects.filter(slug="new-plan").exists()  # nothing yet
    token = preview.context["token"]
    done = client.post(
        url,
        {
            "token": token,
            "slug": "new-plan",
            "title": "New plan",
            "as_at": "2026-01-01",
            "create_people": "on",
        },
    )
    assert done.status_code == 302
    # Next, the new plan's settings, to choose the organisation that owns it.
    assert done.url == reverse("plan_settings", args=["new-plan"])
    assert Milestone.objects.filter(recommendation__plan__slug="new-plan").count() == 1


def test_errors_are_listed_by_row_and_column_and_nothing_changes(client, administrator):
    client.force_login(administrator)
    bad = (HEADER + "\n" + row(status="Greenish") + "\n").encode()
    page = client.post(
        reverse("plan_import_new"),
        {"title": "T", "slug": "t", "file": upload(content=bad), "as_at": "2026-01-01"},
    ).text
    assert "nothing was imported" in page
    assert "“Greenish” is not a status" in page
    assert 'name="token"' not in page
    assert not Plan.objects.filter(slug="t").exists()


def test_an_unreadable_file_is_a_field_error(client, administrator):
    client.force_login(administrator)
    page = client.post(
        reverse("plan_import_new"),
        {"title": "T", "slug": "t", "file": upload("plan.pdf", b"%PDF-1.4"), "as_at": "2026-01-01"},
    ).text
    assert "There is a problem" in page
    assert "neither a CSV file nor an Excel workbook" in page


def test_a_forged_confirmation_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("plan_import_new"),
        {"token": "imports/x.csv|plan.csv:forged", "slug": "x", "as_at": "2026-01-01"},
    )
    assert response.status_code == 403


def test_the_plan_downloads_as_excel_and_csv(client, director, demo):
    client.force_login(director)
    response = client.get(reverse("plan_export", args=[SLUG]) + "?as_at=2006-05-31")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    # The About sheet (the plan and the as-at date) is not one the importer reads.
    assert workbook.sheetnames == ["plan", "people", "indicators", "risks", "About"]
    assert workbook["plan"].max_row == 67
    assert f"{SLUG}-2006-05-31.xlsx" in response["Content-Disposition"]
    csv_response = client.get(reverse("plan_export", args=[SLUG]) + "?format=csv")
    assert csv_response.content.decode().splitlines()[0].startswith("theme,recommendation_ref")


@pytest.mark.parametrize("as_at", [date(2006, 3, 31), date(2006, 5, 31)])
def test_the_demo_export_imported_through_the_page_gives_the_same_dashboard(
    client, administrator, demo, as_at
):
    client.force_login(administrator)
    exported = client.get(reverse("plan_export", args=[SLUG]) + f"?as_at={as_at}").content
    preview = client.post(
        reverse("plan_import_new"),
        {
            "title": "Copy",
            "slug": "copy",
            "file": upload("jar.xlsx", exported),
            "as_at": as_at.isoformat(),
        },
    )
    client.post(
        reverse("plan_import_new"),
        {
            "token": preview.context["token"],
            "slug": "copy",
            "title": "Copy",
            "as_at": as_at.isoformat(),
        },
    )
    original = client.get(reverse("api_summary", args=[SLUG]) + f"?as_at={as_at}").json()
    copy = client.get(reverse("api_summary", args=["copy"]) + f"?as_at={as_at}").json()
    # The importer reads the plan and people sheets; its indicators and risks sheets are to come.
    for block in ("milestones", "recommendations"):
        assert copy[block] == original[block]


def preview_new_plan(client, content=None):
    return client.post(
        reverse("plan_import_new"),
        {
            "title": "New plan",
            "slug": "new-plan",
            "file": upload(content=content),
            "as_at": "2026-01-01",
            "create_people": "on",
        },
    )


def test_the_confirmation_imports_what_was_previewed_whatever_is_posted(client, administrator):
    client.force_login(administrator)
    token = preview_new_plan(client).context["token"]
    client.post(
        reverse("plan_import_new"),
        {"token": token, "slug": "other", "title": "Changed", "as_at": "1999-01-01"},
    )
    plan = Plan.objects.get()
    assert (plan.slug, plan.title) == ("new-plan", "New plan")


def test_an_old_check_must_be_made_again(client, administrator, monkeypatch):
    from improvement.spreadsheets import views

    client.force_login(administrator)
    token = preview_new_plan(client).context["token"]
    monkeypatch.setattr(views, "STASH_SECONDS", -1)
    response = client.post(reverse("plan_import_new"), {"token": token}, follow=True)
    assert "upload the file again" in response.text
    assert not Plan.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, administrator, settings):
    settings.IMPORT_MAX_BYTES = 10
    client.force_login(administrator)
    page = preview_new_plan(client).text
    assert "the limit is" in page


def test_unknown_leads_can_be_created_from_the_preview(client, administrator):
    from improvement.models import Person

    client.force_login(administrator)
    content = (HEADER + "\n" + row(leads="ZQ") + "\n").encode()
    preview = client.post(
        reverse("plan_import_new"),
        {
            "title": "New plan",
            "slug": "new-plan",
            "file": upload(content=content),
            "as_at": "2026-01-01",
        },
    )
    assert "Create 1 people and import" in preview.text
    assert not Person.objects.filter(initials="ZQ").exists()
    done = client.post(
        reverse("plan_import_new"), {"token": preview.context["create_people_token"]}
    )
    assert done.status_code == 302
    person = Person.objects.get(initials="ZQ")
    assert person.is_listed is False
    assert (
        Milestone.objects.get(recommendation__plan__slug="new-plan").lead_links.get().person
        == person
    )


def preview_council(client, content, slug="council", url=None):
    data = {"file": upload("council.xlsx", content), "as_at": "2024-06-30", "create_people": "on"}
    if url is None:
        url = reverse("plan_import_new")
        data.update(title="Council plan", slug=slug)
    return client.post(url, data)


def test_the_preview_shows_the_sheet_the_heading_row_and_each_columns_mapping(
    client, administrator
):
    from tests.improvement.council_workbook import council_workbook

    client.force_login(administrator)
    preview = preview_council(client, council_workbook())
    assert preview.status_code == 200
    page = preview.text
    assert "Plan: sheet “Improvement Plan”, headings in row 4" in page
    assert "People: sheet “Officers”, headings in row 1" in page
    layout = preview.context["plan_layout"]
    assert [(c.letter, c.heading, c.column) for c in layout.headed][4] == ("E", "RAG", "status")
    form = preview.context["mapping_form"]
    assert form["column_4"].value() == "status"
    assert form["sheet"].value() == "Improvement Plan" and form["header_row"].value() == 4
    assert "the cell&#x27;s colour #FFC000" in page  # each status word and colour listed


def remap(client, preview, url=None, **choices):
    form = preview.context["mapping_form"]
    data = {"remap": preview.context["remap"]}
    for field in form:
        data[field.html_name] = field.value() if field.value() is not None else ""
    data.update(choices)
    return client.post(url or reverse("plan_import_new"), data)


def test_the_plan_manager_changes_a_columns_mapping_and_sees_the_preview_again(
    client, administrator
):
    from tests.improvement.council_workbook import council_workbook

    client.force_login(administrator)
    preview = preview_council(client, council_workbook())
    # Progress update left out: no comment becomes a status update's comment.
    again = remap(client, preview, column_5="")
    assert again.status_code == 200
    assert [c.column for c in again.context["plan_layout"].headed][5] == ""
    done = client.post(reverse("plan_import_new"), {"token": again.context["token"]})
    assert done.status_code == 302
    plan = Plan.objects.get(slug="council")
    assert plan.import_mapping["columns"]["Progress update"] == ""
    assert not StatusUpdate.objects.filter(comment="Interviews held").exists()


def test_choosing_another_heading_row_reads_the_columns_afresh(client, administrator):
    from tests.improvement.council_workbook import council_workbook

    client.force_login(administrator)
    preview = preview_council(client, council_workbook())
    again = remap(client, preview, header_row="2")
    assert again.context["plan_layout"].header_row == 2
    assert not again.context["result"].ok  # a title row holds no plan headings
    assert again.context["token"] == ""
    back = remap(client, again, header_row="4")
    assert back.context["result"].ok


def test_a_heading_row_beyond_the_sheet_is_a_field_error(client, administrator):
    from tests.improvement.council_workbook import council_workbook

    client.force_login(administrator)
    preview = preview_council(client, council_workbook())
    again = remap(client, preview, header_row="999")
    assert again.status_code == 400
    assert "row 999 holds no headings" in again.context["mapping_form"].errors["header_row"][0]


def test_next_months_reimport_needs_no_choices_and_lists_each_change(client, administrator):
    from tests.improvement.council_workbook import NEXT_MONTH, council_workbook

    client.force_login(administrator)
    first = preview_council(client, council_workbook())
    assert client.post(reverse("plan_import_new"), {"token": first.context["token"]}).status_code
    url = reverse("plan_import", args=["council"])
    again = preview_council(client, council_workbook(NEXT_MONTH), url=url)
    changes = again.context["result"].changes
    assert [c.ref for c in changes] == ["1.2", "2.1", "3.1", "3.2"]
    assert 'id="import-changes"' in again.text
    done = client.post(url, {"token": again.context["token"]}, follow=True)
    message = [str(m) for m in done.context["messages"]][0]
    assert "milestones: 0 created, 2 updated, 5 unchanged" in message
    assert "status updates: 2 created" in message
    assert "people: 0 created, 0 updated, 2 unchanged" in message


def test_a_forged_remap_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("plan_import_new"), {"remap": "forged", "sheet": "x"})
    assert response.status_code == 403
