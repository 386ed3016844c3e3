from django.urls import path

from improvement.api import openapi, views

urlpatterns = [
    path("openapi.json", openapi.openapi_json, name="api_openapi"),
    path("plans/", views.plans, name="api_plans"),
    path("plans/<slug:slug>/milestones/", views.milestones, name="api_milestones"),
    path("plans/<slug:slug>/indicators/", views.indicators, name="api_indicators"),
    path("plans/<slug:slug>/risks/", views.risks, name="api_risks"),
    path("plans/<slug:slug>/updates/", views.updates, name="api_updates"),
]
