from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument(
            "--with-board-report",
            action="store_true",
            help="Also issue a board report as at 31 May 2006, as the demo clerk, and offer it "
            "on the public page (needs the demo accounts; takes a few seconds).",
        )
        parser.add_argument(
            "--through-worker",
            action="store_true",
            help="With --with-board-report: queue the report for the task worker "
            "(manage.py db_worker) to issue, as a clerk's is, instead of issuing it here.",
        )
        parser.add_argument(
            "--with-editorial",
            action="store_true",
            help="Add the demo's editorial additions, marked as such: PI polarity and RAG "
            "yardsticks and risk scores that the source leaves unstated (see "
            "fixtures/jar-2006/README.md).",
        )

    def handle(
        self,
        *args,
        with_demo_accounts=False,
        with_board_report=False,
        with_editorial=False,
        through_worker=False,
        **options,
    ):
        with_accounts = with_demo_accounts or settings.DEBUG
        if with_board_report and not with_accounts:
            raise CommandError(
                "--with-board-report needs the demo accounts: add --with-demo-accounts"
            )
        for line in load_demo(
            with_accounts=with_accounts,
            with_report=with_board_report,
            with_editorial=with_editorial,
            through_worker=through_worker,
        ):
            self.stdout.write(line)
