from django.urls import path

from indicators import views

# Refs hold spaces and slashes ("CH 141", "CF/ C64"), hence <path:ref>; the figure and settings
# URLs come first, so that a ref is never read as ending in "/figures/..." or "/settings/".
urlpatterns = [
    path("plans/<slug:slug>/indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path(
        "plans/<slug:slug>/indicators/<path:ref>/figures/new/",
        views.measurement_create,
        name="indicator_measurement_create",
    ),
    path(
        "plans/<slug:slug>/indicators/<path:ref>/figures/<int:pk>/",
        views.measurement_update,
        name="indicator_measurement_update",
    ),
    path(
        "plans/<slug:slug>/indicators/<path:ref>/settings/",
        views.indicator_settings,
        name="indicator_settings",
    ),
    path(
        "plans/<slug:slug>/indicators/<path:ref>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
]
