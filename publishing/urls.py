from django.urls import path

from publishing import views

urlpatterns = [
    path("public/", views.public_index, name="public_index"),
    path("public/<slug:slug>/", views.public_plan, name="public_plan"),
    path("public/<slug:slug>/summary.json", views.public_summary, name="public_summary"),
    path(
        "public/<slug:slug>/plan.csv",
        views.public_sheet,
        {"sheet": "plan"},
        name="public_plan_csv",
    ),
    path(
        "public/<slug:slug>/indicators.csv",
        views.public_sheet,
        {"sheet": "indicators"},
        name="public_indicators_csv",
    ),
    path("public/<slug:slug>/reports/<str:key>/", views.public_report, name="public_report"),
    path(
        "public/<slug:slug>/reports/<str:key>.pdf",
        views.public_report_pdf,
        name="public_report_pdf",
    ),
    path("plans/<slug:slug>/publishing/", views.manage, name="publishing"),
    path("plans/<slug:slug>/publishing/preview/", views.preview, name="publishing_preview"),
]
