import pytest
from django.core.exceptions import ImproperlyConfigured

from rodtrad.common.env import Env


def test_bool_reads_the_usual_spellings():
    env = Env({"A": "yes", "B": "0", "C": "TRUE", "D": "off"})
    assert [env.bool(name, default=False) for name in "ABCD"] == [True, False, True, False]
    assert env.bool("MISSING", default=True) is True


def test_bool_fails_loudly_on_a_typo():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='ture' is not a boolean"):
        Env({"DEBUG": "ture"}).bool("DEBUG", default=False)


def test_int_fails_on_text_and_below_minimum():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='smtp' is not a whole number"):
        Env({"EMAIL_PORT": "smtp"}).int("EMAIL_PORT", 25)
    with pytest.raises(ImproperlyConfigured, match="below the minimum 1"):
        Env({"EMAIL_PORT": "0"}).int("EMAIL_PORT", 25, minimum=1)
    assert Env({"EMAIL_PORT": "587"}).int("EMAIL_PORT", 25) == 587


def test_list_splits_and_trims():
    env = Env({"ALLOWED_HOSTS": " rodtrad.ekdala.se, ,www.ekdala.se "})
    assert env.list("ALLOWED_HOSTS") == ["rodtrad.ekdala.se", "www.ekdala.se"]
    assert env.list("MISSING", ["localhost"]) == ["localhost"]


def test_choice_names_the_allowed_values():
    with pytest.raises(ImproperlyConfigured, match="must be one of: database, immediate"):
        Env({"TASKS_BACKEND": "celery"}).choice("TASKS_BACKEND", ("database", "immediate"), "x")


def test_required_str_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        Env({}).required_str("SECRET_KEY")
