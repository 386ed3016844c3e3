from django import template

register = template.Library()


@register.filter
def rows_for(rows_by_recommendation: dict, recommendation_pk: int) -> list:
    """A recommendation's indicator rows from indicators_by_recommendation(), or none:
    ``{% include "indicators/_recommendation_indicators.html" with rows=by_rec|rows_for:rec.pk %}``.
    """
    return (rows_by_recommendation or {}).get(recommendation_pk, [])
