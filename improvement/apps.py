from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self):
        # Connects the receiver that starts a session's inactivity window at sign-in.
        from improvement import sessions  # noqa: F401
