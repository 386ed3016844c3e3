from django.core.management.base import BaseCommand
from django.utils import timezone

from improvement.management.arguments import iso_date
from improvement.tasks.commands import add_queue_argument, queue_command
from recommendations.reminders import build_digests, send_digests


class Command(BaseCommand):
    help = (
        "E-mail each lead with an account one digest: overdue milestones, milestones due within "
        "14 days, and milestones not updated within the plan's reporting cycle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-at", type=iso_date, help="The date to judge by (default today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )
        add_queue_argument(parser)

    def handle(self, *args, as_at=None, dry_run=False, queue=False, **options):
        as_at = as_at or timezone.localdate()
        if queue:
            argv = ["--as-at", as_at.isoformat(), *(["--dry-run"] if dry_run else [])]
            task = queue_command("send_reminders", argv)
            self.stdout.write(f"Queued as task {task.pk}: the task worker sends the reminders.")
            return
        unreachable = []
        digests = build_digests(as_at, unreachable=unreachable)
        for digest in digests:
            self.stdout.write(
                f"{digest.person.name} <{digest.email}>: {len(digest.overdue)} overdue, "
                f"{len(digest.due_soon)} due within 14 days, {len(digest.stale)} not updated"
            )
        for person in unreachable:
            self.stdout.write(
                f"{person.name} (account {person.user.get_username()}) has milestones to chase "
                "but no e-mail address: add one to their account or their person record."
            )
        if not digests and not unreachable:
            self.stdout.write(
                f"No lead with an account has a milestone overdue, due within 14 days or not "
                f"updated in its reporting cycle as at {as_at:%-d %b %Y}."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(digests)} e-mails would be sent; none was.")
            return
        sent = send_digests(digests, as_at)
        self.stdout.write(f"Sent {sent} reminder e-mails as at {as_at:%-d %b %Y}.")
