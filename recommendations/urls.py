from django.urls import path

from recommendations import views

urlpatterns = [
    path(
        "plans/<slug:slug>/milestones/<int:pk>/",
        views.milestone_detail,
        name="milestone_detail",
    ),
]
