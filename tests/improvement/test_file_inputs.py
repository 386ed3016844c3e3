"""Each file input's `accept` lists what its field accepts, so the browser's file picker
neither hides files that would be accepted nor offers ones that would not."""

import re

from django.urls import reverse


def accept_of(page: str, name: str) -> set[str]:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*type="file"[^>]*>', page).group(0)
    return set(re.search(r'accept="([^"]*)"', tag).group(1).split(","))


def test_the_import_page_accepts_workbooks_and_csv_files(client, administrator, plan_setup):
    client.force_login(administrator)
    for url in [reverse("plan_import_new"), reverse("plan_import", args=[plan_setup.plan.slug])]:
        page = client.get(url).content.decode()
        assert accept_of(page, "file") == {".xlsx", ".csv"}


def test_the_evidence_input_accepts_the_evidence_kinds(client, alice, plan_setup):
    client.force_login(alice)
    milestone = plan_setup.own
    page = client.get(
        reverse("milestone_update", args=[milestone.recommendation.plan.slug, milestone.pk])
    ).content.decode()
    assert accept_of(page, "evidence_file") == {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg"}
