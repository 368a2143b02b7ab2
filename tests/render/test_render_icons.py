"""Every catalog type has its own AWS icon; anything else gets the generic one."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")

from linter.catalog import CATALOG  # noqa: E402
from linter.render.icons import GENERIC, ICONS, icon_class, icon_image, icon_root  # noqa: E402


@pytest.mark.parametrize("type_name", sorted(CATALOG))
def test_catalog_type_has_its_own_icon(type_name):
    assert type_name in ICONS, f"{type_name} has no icon mapping"
    generic = icon_class("no.such.type")
    assert icon_class(type_name) is not generic or ICONS[type_name] == GENERIC
    assert os.path.isfile(os.path.join(icon_root(), icon_image(type_name)))


def test_unknown_type_falls_back_to_generic_icon():
    assert icon_image("aws.quantum_widget") == icon_image("") == "resources/aws/general/general.png"


def test_icon_paths_are_relative():
    assert not os.path.isabs(icon_image("aws.ec2"))
