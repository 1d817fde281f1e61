"""Settings (server/config.py): the commented example techties.example.toml holds every
setting with its default and is read as it stands; the port and host are settings."""

import re
from dataclasses import fields

import pytest
from helpers import ROOT

from server.config import PARSERS, Settings, load_settings

EXAMPLE = ROOT / "techties.example.toml"
ASSIGNMENT = re.compile(r"^(# )?([a-z_]+) = ", re.M)


def test_every_setting_is_in_the_example():
    named = {m.group(2) for m in ASSIGNMENT.finditer(EXAMPLE.read_text())}
    assert named == {f.name for f in fields(Settings)} == set(PARSERS)


def test_the_example_reads_as_the_defaults():
    assert load_settings({"TECHTIES_CONFIG": str(EXAMPLE)}) == Settings()


def test_the_example_reads_with_its_commented_settings_too(tmp_path):
    text = EXAMPLE.read_text()
    commented = [m.group(2) for m in ASSIGNMENT.finditer(text) if m.group(1)]
    assert commented, "settings without a default are shown commented out"
    uncommented = tmp_path / "techties.toml"
    uncommented.write_text(ASSIGNMENT.sub(lambda m: f"{m.group(2)} = ", text))
    settings = load_settings({"TECHTIES_CONFIG": str(uncommented)})
    for name in commented:
        assert getattr(settings, name) != getattr(Settings(), name), name


def test_the_port_and_host_are_settings(tmp_path):
    config = tmp_path / "techties.toml"
    config.write_text('port = 8080\nhost = "0.0.0.0"\n')
    settings = load_settings({"TECHTIES_CONFIG": str(config)})
    assert (settings.host, settings.port) == ("0.0.0.0", 8080)
    settings = load_settings({"TECHTIES_CONFIG": str(config), "TECHTIES_PORT": "9000"})
    assert settings.port == 9000  # the variable wins over the file
    assert load_settings({"TECHTIES_PORT": "9000"}, port=9100).port == 9100  # --port wins


@pytest.mark.parametrize("raw", ["http", "0", "65536", "-1"])
def test_a_port_out_of_range_is_refused(raw):
    with pytest.raises(ValueError) as refused:
        load_settings({"TECHTIES_PORT": raw})
    assert str(refused.value) == ("TECHTIES_PORT must be a whole number of at least 1 and at "
                                  f"most 65535, not {raw!r}")
