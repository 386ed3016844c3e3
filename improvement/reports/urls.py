from django.urls import path

from . import views

urlpatterns = [
    path("plans/<slug:slug>/reports/", views.report_list, name="report_list"),
    path("plans/<slug:slug>/reports/new/", views.report_create, name="report_create"),
    path("plans/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("plans/<slug:slug>/reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("plans/<slug:slug>/reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("plans/<slug:slug>/reports/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("plans/<slug:slug>/reports/<int:pk>/issue/", views.report_issue, name="report_issue"),
]
