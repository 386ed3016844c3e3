from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = "Improvement plans"

    def ready(self):
        # Connects the receiver that starts a session's inactivity window at sign-in.
        from improvement import plan_versions, sessions  # noqa: F401

        # Every write that can change a plan's figures raises its version (cached figures).
        plan_versions.connect()
