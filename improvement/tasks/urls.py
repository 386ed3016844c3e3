from django.urls import path

from . import views

urlpatterns = [
    path("plans/<slug:slug>/tasks/<uuid:pk>/", views.task_detail, name="task_detail"),
    path("plans/<slug:slug>/tasks/<uuid:pk>/file/", views.task_file, name="task_file"),
]
