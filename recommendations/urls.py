from django.urls import path

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
]
