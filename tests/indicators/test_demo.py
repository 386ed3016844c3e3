"""The demo's PIs: the JAR plan's Appendix 3, loaded from fixtures/jar-2006/indicators.csv by
the spreadsheet importer (load_demo)."""

from datetime import date
from decimal import Decimal

from django.core.management import call_command

from indicators.models import Indicator, Measurement
from indicators.summary import indicator_block

UNKNOWN_POLARITY = {"CH 141", "CH 143", "CH 145", "CH 01"}


def test_the_jar_pis_load_as_written(demo):
    indicators = Indicator.objects.filter(plan=demo)
    assert [i.ref for i in indicators] == [
        "CH 141", "CH 143", "DIS 1704", "CH 145", "CF/ C64",
        "CH 01", "C19", "Local PI OT", "SC 5026", "SC 5037",
    ]  # fmt: skip
    assert Measurement.objects.filter(indicator__plan=demo).count() == 20
    assert {i.ref for i in indicators if i.higher_is_better is None} == UNKNOWN_POLARITY
    assert all(i.higher_is_better for i in indicators if i.ref not in UNKNOWN_POLARITY)

    sc5026 = indicators.get(ref="SC 5026")
    march_06, march_07 = sc5026.measurements.order_by("period_end")
    assert (march_06.period, march_06.period_end) == ("March 06", date(2006, 3, 31))
    assert (march_06.actual, march_06.actual_number, march_06.target) == ("Up to 50%", None, "")
    assert (march_07.period_end, march_07.target, march_07.target_number) == (
        date(2007, 3, 31), "Up to 75%", None
    )  # fmt: skip
    assert indicators.get(ref="SC 5037").measurements.first().actual == "89.5% (19/20)"
    dis = indicators.get(ref="DIS 1704").measurements.first()
    assert (dis.actual, dis.actual_number) == ("70.1", Decimal("70.1"))
    ch141 = indicators.get(ref="CH 141")
    assert (ch141.unit, ch141.definition) == (
        "rate per 10,000", "Referrals of children in need per 10,000 population aged under 18"
    )  # fmt: skip


def test_the_jar_pis_are_linked_to_their_recommendations(demo):

    def recs(ref):
        return [r.ref for r in Indicator.objects.get(plan=demo, ref=ref).recommendations.all()]

    assert sorted(recs("CF/ C64"), key=int) == ["1", "2", "4", "5", "6"]
    assert recs("C19") == ["7"]
    assert sorted(recs("SC 5026"), key=int) == ["8", "9", "10", "11"]
    assert recs("SC 5037") == ["16"]


def test_loading_twice_changes_nothing(demo):
    call_command("load_demo")
    assert Indicator.objects.filter(plan=demo).count() == 10
    assert Measurement.objects.filter(indicator__plan=demo).count() == 20


def test_the_loaded_history_says_where_the_figures_came_from(demo):
    record = Measurement.history.filter(period="March 06").first()
    assert record.history_user is None
    assert record.history_change_reason == "Imported from the JAR 2006 demo"


def test_the_demo_pis_have_no_rag_as_the_source_gives_no_period_with_both(demo):
    """The source prints each actual for March 06 and each target for March 07."""
    block = indicator_block(demo, date(2007, 6, 30))
    assert block == {"total": 10, "by_rag": {"green": 0, "amber": 0, "red": 0, "none": 10}}
