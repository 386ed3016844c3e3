import pytest


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path):
    """Each test counts the files issuing stored: a rolled-back test's report id comes round
    again, so its files must not be left where the next test looks."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
