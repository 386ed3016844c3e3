from django.urls import path

from risks import views

# Refs are written by councils ("R1", "LG 2/3"): <path:ref> lets a slash through, so the
# review URL comes before the risk's own, which would otherwise swallow it.
urlpatterns = [
    path("plans/<slug:slug>/risks/", views.RiskListView.as_view(), name="risk_list"),
    path("plans/<slug:slug>/risks/matrix/", views.risk_matrix, name="risk_matrix"),
    path("plans/<slug:slug>/risks/<path:ref>/review/", views.risk_review, name="risk_review"),
    path("plans/<slug:slug>/risks/<path:ref>/", views.risk_detail, name="risk_detail"),
]
