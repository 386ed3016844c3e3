from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "improvement.tasks"
    label = "tasks"
    verbose_name = "Background tasks"
