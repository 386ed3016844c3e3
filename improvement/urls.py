from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from improvement import account, api, signin, views
from improvement.spreadsheets import views as spreadsheet_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("start/", views.start, name="start"),
    path("search/", views.search, name="search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", account.sign_out, name="logout"),
    # Django's own password views (reset by e-mail, change), templated in registration/.
    path(
        "accounts/password/reset/",
        signin.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/", account.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="revoke_token"),
    path("api/plans/<slug:slug>/summary/", api.summary, name="api_summary"),
    path("api/plans/<slug:slug>/timeline/", api.timeline, name="api_timeline"),
    path("api/", include("improvement.api.urls")),
    path("plans/import/", spreadsheet_views.plan_import, name="plan_import_new"),
    path(
        "plans/import/template.xlsx",
        spreadsheet_views.blank_template,
        name="plan_import_template",
    ),
    path(
        "plans/import/template.zip",
        spreadsheet_views.blank_template_csv,
        name="plan_import_template_csv",
    ),
    path("plans/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("plans/<slug:slug>/import/", spreadsheet_views.plan_import, name="plan_import"),
    path("plans/<slug:slug>/export/", spreadsheet_views.plan_export, name="plan_export"),
    path("plans/<slug:slug>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("", include("recommendations.urls")),
    path("", include("indicators.urls")),
    path("", include("risks.urls")),
    path("", include("improvement.reports.urls")),
    path("", include("publishing.urls")),
    # One sign-in page for everyone, so every log-in goes through the same checks.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
]
