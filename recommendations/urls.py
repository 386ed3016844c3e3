from django.urls import path

from recommendations import structure_views as structure
from recommendations import views

urlpatterns = [
    path("me/", views.my_milestones, name="my_milestones"),
    path("plans/<slug:slug>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("plans/<slug:slug>/milestones/", views.MilestoneListView.as_view(), name="milestone_list"),
    path(
        "plans/<slug:slug>/milestones/<int:pk>/",
        views.milestone_detail,
        name="milestone_detail",
    ),
    path(
        "plans/<slug:slug>/milestones/<int:pk>/update/",
        views.milestone_update,
        name="milestone_update",
    ),
    path(
        "plans/<slug:slug>/milestones/<int:pk>/sign-off/",
        views.milestone_sign_off,
        name="milestone_sign_off",
    ),
    path(
        "plans/<slug:slug>/milestones/<int:pk>/evidence/<int:update_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    # A plan's structure, for its managers (recommendations.structure_views).
    path("plans/<slug:slug>/structure/", structure.plan_structure, name="plan_structure"),
]

STRUCTURE = "plans/<slug:slug>/structure/"
urlpatterns += [
    path(f"{STRUCTURE}themes/add/", structure.theme_add, name="theme_add"),
    path(f"{STRUCTURE}themes/<int:pk>/edit/", structure.theme_edit, name="theme_edit"),
    path(
        f"{STRUCTURE}themes/<int:pk>/move/",
        structure.move,
        {"kind": "theme"},
        name="theme_move",
    ),
    path(
        f"{STRUCTURE}recommendations/add/",
        structure.recommendation_add,
        name="recommendation_add",
    ),
    path(
        f"{STRUCTURE}recommendations/<int:pk>/edit/",
        structure.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        f"{STRUCTURE}recommendations/<int:pk>/close/",
        structure.recommendation_close,
        name="recommendation_close",
    ),
    path(
        f"{STRUCTURE}recommendations/<int:pk>/reopen/",
        structure.reopen,
        {"kind": "recommendation"},
        name="recommendation_reopen",
    ),
    path(f"{STRUCTURE}outcomes/add/", structure.outcome_add, name="outcome_add"),
    path(f"{STRUCTURE}outcomes/<int:pk>/edit/", structure.outcome_edit, name="outcome_edit"),
    path(
        f"{STRUCTURE}outcomes/<int:pk>/move/",
        structure.move,
        {"kind": "outcome"},
        name="outcome_move",
    ),
    path(f"{STRUCTURE}milestones/add/", structure.milestone_add, name="milestone_add"),
    path(
        f"{STRUCTURE}milestones/<int:pk>/edit/",
        structure.milestone_edit,
        name="milestone_edit",
    ),
    path(
        f"{STRUCTURE}milestones/<int:pk>/close/",
        structure.milestone_close,
        name="milestone_close",
    ),
    path(
        f"{STRUCTURE}milestones/<int:pk>/reopen/",
        structure.reopen,
        {"kind": "milestone"},
        name="milestone_reopen",
    ),
    path(
        f"{STRUCTURE}milestones/<int:pk>/move/",
        structure.move,
        {"kind": "milestone"},
        name="milestone_move",
    ),
]
