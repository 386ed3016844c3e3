from django.conf import settings
from django.core.management.base import BaseCommand

from improvement.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the Herefordshire JAR 2006 plan (fixtures/jar-2006/). Loading twice changes "
        "nothing. Demo accounts are created with DEBUG on or --with-demo-accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help="Create the demo log-ins even with DEBUG off (never on a live site).",
        )

    def handle(self, *args, with_demo_accounts=False, **options):
        for line in load_demo(with_accounts=with_demo_accounts or settings.DEBUG):
            self.stdout.write(line)
