"""`archlint import --update`: a re-import keeps hand edits and applies what the template changed."""
from __future__ import annotations

import shutil

import yaml

from importer_helpers import REAL, run  # noqa: F401 - fixtures

RDS = REAL / "cfn-templates" / "RDS_MySQL_With_Read_Replica.yaml"

HAND_EDITS = {
    "description": "Orders database, reviewed by the architecture board",
    "targets": {"availability": 99.9, "rpo": "5m"},
}
HAND_COMPONENTS = {
    "users": {"type": "external.users"},
    "reports": {"type": "aws.lambda", "label": "Nightly reports"},
}
HAND_FLOWS = [
    {"from": "reports", "to": "MainDB", "port": 3306, "label": "reads orders"},
    {"from": "reports", "to": "ReplicaDB", "port": 3306},
    "users -> reports",
]


def hand_edit(path) -> None:
    """What an architect adds to an imported blueprint: text edits, so that comments are real."""
    data = yaml.safe_load(path.read_text())
    data.update(HAND_EDITS)
    data["components"].update(HAND_COMPONENTS)
    main_db = data["components"]["MainDB"]
    main_db.update({"label": "Orders DB", "critical": True, "role": "primary-store", "tags": {"owner": "orders"}})
    data["flows"] = data.get("flows", []) + HAND_FLOWS
    data["iam"] = {"reports-role": {"attached_to": ["reports"], "allow": [{"actions": ["rds:Describe*"], "resources": ["MainDB"]}]}}
    data["waivers"] = [{"rule": "AZ001", "element": "MainDB", "reason": "accepted by the risk board"}]
    text = yaml.safe_dump(data, sort_keys=False)
    text = text.replace("\n  MainDB:\n", "\n  # the system of record\n  MainDB:  # archlint: ignore[SPOF001]\n")
    path.write_text("# Orders platform, owned by team orders\n" + text)


def change_template(source, target) -> None:
    """The IaC changes: MultiAZ on, the read replica switched off."""
    text = source.read_text()
    text = text.replace('Default: "true"', 'Default: "false"', 1)  # EnableReadReplica
    text = text.replace('Default: "false"', 'Default: "true"', 1)  # MultiAZ, written before it
    target.write_text(text)


def test_update_keeps_hand_edits_and_applies_template_changes(run, tmp_path) -> None:
    template, blueprint = tmp_path / "rds.yaml", tmp_path / "orders.yaml"
    shutil.copy(RDS, template)
    assert run("import", "cfn", template, "--output", blueprint)[0] == 0
    assert "ReplicaDB" in yaml.safe_load(blueprint.read_text())["components"]
    hand_edit(blueprint)
    change_template(RDS, template)

    status, _, err = run("import", "cfn", template, "--update", blueprint)

    assert status == 0, err
    text = blueprint.read_text()
    data = yaml.safe_load(text)
    components = data["components"]
    assert components["MainDB"]["multi_az"] is True  # the IaC changed it
    assert "ReplicaDB" not in components  # the IaC no longer has it
    assert {k: components["MainDB"][k] for k in ("label", "critical", "role", "tags")} == {
        "label": "Orders DB", "critical": True, "role": "primary-store", "tags": {"owner": "orders"}}
    assert {k: components[k] for k in HAND_COMPONENTS} == HAND_COMPONENTS
    assert {k: data[k] for k in HAND_EDITS} == HAND_EDITS
    assert data["waivers"] == [{"rule": "AZ001", "element": "MainDB", "reason": "accepted by the risk board"}]
    assert data["iam"]["reports-role"]["attached_to"] == ["reports"]
    assert HAND_FLOWS[0] in data["flows"] and "users -> reports" in data["flows"]
    assert not [f for f in data["flows"] if isinstance(f, dict) and f["to"] == "ReplicaDB"]
    assert "ReplicaDB" in err  # the dropped hand-made flow is said
    assert "# Orders platform, owned by team orders" in text
    assert "  # the system of record\n  MainDB:  # archlint: ignore[SPOF001]\n" in text
    assert text.count("# Imported by `archlint import cloudformation`") == 1
    assert "parameter EnableReadReplica = false" in text  # the header is the new import's
    assert run("lint", blueprint, "--no-config")[0] in (0, 1)


def test_update_of_an_unchanged_template_changes_nothing(run, tmp_path) -> None:
    template, blueprint = tmp_path / "rds.yaml", tmp_path / "orders.yaml"
    shutil.copy(RDS, template)
    run("import", "cfn", template, "--output", blueprint)
    hand_edit(blueprint)
    run("import", "cfn", template, "--update", blueprint)
    once = blueprint.read_text()
    assert run("import", "cfn", template, "--update", blueprint)[0] == 0
    assert blueprint.read_text() == once


def test_update_to_another_output_leaves_the_kept_blueprint_alone(run, tmp_path) -> None:
    blueprint, other = tmp_path / "orders.yaml", tmp_path / "orders-new.yaml"
    run("import", "cfn", RDS, "--output", blueprint)
    hand_edit(blueprint)
    before = blueprint.read_text()
    assert run("import", "cfn", RDS, "--update", blueprint, "--output", other)[0] == 0
    assert blueprint.read_text() == before
    assert yaml.safe_load(other.read_text())["components"]["MainDB"]["label"] == "Orders DB"


def test_update_of_a_broken_blueprint_is_refused_and_left_untouched(run, tmp_path) -> None:
    blueprint = tmp_path / "orders.yaml"
    blueprint.write_text("blueprint: orders\ncomponents: {a: [unclosed\n")
    status, _, err = run("import", "cfn", RDS, "--update", blueprint)
    assert status == 2
    assert "orders.yaml:" in err and "Traceback" not in err
    assert blueprint.read_text() == "blueprint: orders\ncomponents: {a: [unclosed\n"


def test_update_of_a_missing_blueprint_is_refused(run, tmp_path) -> None:
    status, _, err = run("import", "cfn", RDS, "--update", tmp_path / "none.yaml")
    assert status == 2 and "none.yaml" in err
    assert not (tmp_path / "none.yaml").exists()
