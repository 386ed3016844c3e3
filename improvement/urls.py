from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from improvement import account, api, signin, views
from improvement.oidc import views as oidc_views
from improvement.people import views as people_views
from improvement.planadmin import views as planadmin_views
from improvement.spreadsheets import views as spreadsheet_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("start/", views.start, name="start"),
    path("search/", views.search, name="search"),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/logout/", account.sign_out, name="logout"),
    # Signing in with the organisation's own account (OpenID Connect): one callback address
    # for every provider, which is what each provider's app registration names.
    path(
        "accounts/oidc/<slug:provider>/login/",
        oidc_views.SignInView.as_view(),
        name="oidc_login",
    ),
    path("accounts/oidc/callback/", oidc_views.CallbackView.as_view(), name="oidc_callback"),
    # Django's own password views (reset by e-mail, change), templated in registration/.
    path(
        "accounts/password/reset/",
        signin.local_passwords_only(signin.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        signin.local_passwords_only(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        signin.local_passwords_only(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        signin.local_passwords_only(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        signin.local_passwords_only(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        signin.local_passwords_only(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        people_views.InvitationConfirmView.as_view(),
        name="invitation_confirm",
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
    path(
        "plans/<slug:slug>/tasks/<uuid:pk>/import-check/",
        spreadsheet_views.plan_import_checked,
        name="plan_import_checked",
    ),
    path("plans/<slug:slug>/export/", spreadsheet_views.plan_export, name="plan_export"),
    path("plans/<slug:slug>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("plans/<slug:slug>/people/", people_views.person_list, name="plan_people"),
    path("plans/<slug:slug>/people/add/", people_views.person_add, name="person_add"),
    path("plans/<slug:slug>/people/<int:pk>/", people_views.person_edit, name="person_edit"),
    path(
        "plans/<slug:slug>/people/<int:pk>/account/",
        people_views.person_account,
        name="person_account",
    ),
    path(
        "plans/<slug:slug>/people/<int:pk>/leave/",
        people_views.person_leave,
        name="person_leave",
    ),
    path("plans/<slug:slug>/settings/", planadmin_views.plan_settings, name="plan_settings"),
    path("plans/<slug:slug>/members/", planadmin_views.plan_members, name="plan_members"),
    path("", include("recommendations.urls")),
    path("", include("indicators.urls")),
    path("", include("risks.urls")),
    path("", include("improvement.reports.urls")),
    path("", include("improvement.tasks.urls")),
    path("", include("publishing.urls")),
    # One sign-in page for everyone, so every log-in goes through the same checks.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
]
