"""The deployment files say what the service needs: derived from the Settings model, so they stay
true when a setting is added. (Docker does not run here: the Dockerfile is read, not built.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path, PurePosixPath

import yaml
from pydantic import AliasChoices

from bot.settings import Settings
from tomatic.adapters.png_drawing import FONT_DIRS

REPO = Path(__file__).resolve().parents[2]


def setting_names() -> set[str]:
    """The environment variable of every setting."""
    names = set()
    for info in Settings.model_fields.values():
        alias = info.validation_alias
        assert isinstance(alias, AliasChoices), "every setting names its variable"
        names.add(str(alias.choices[0]))
    return names


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def unit() -> dict[str, list[str]]:
    """Every `Key=value` of deploy/tomatic.service (keys may repeat)."""
    found: dict[str, list[str]] = {}
    for line in (REPO / "deploy" / "tomatic.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


class TestEnvExample:
    def entries(self) -> list[str]:
        return (REPO / ".env.example").read_text(encoding="utf-8").splitlines()

    def test_every_setting_is_listed_with_a_comment_and_nothing_else(self):
        lines = self.entries()
        listed = {}
        for number, line in enumerate(lines):
            match = re.match(r"^# ([A-Z][A-Z0-9_]+)=", line)
            if match:
                listed[match.group(1)] = number
        assert set(listed) == setting_names()
        for name, number in listed.items():
            above = lines[number - 1]
            explained = above.startswith("# ") and not re.match(r"^# [A-Z0-9_]+=", above)
            paired = re.match(r"^# ([A-Z0-9_]+)=", above)
            assert explained or paired, f"{name} has no comment"

    def test_used_as_it_is_it_gives_the_defaults(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".env").write_text((REPO / ".env.example").read_text(encoding="utf-8"))
        assert Settings() == Settings(_env_file=None)

    def test_the_readme_table_lists_every_setting_too(self):
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        assert {name for name in setting_names() if f"`{name}`" not in readme} == set()


class TestDockerfile:
    def test_it_runs_tomatic_serve_as_an_unprivileged_user(self):
        steps = dockerfile()
        assert steps[0][0] == "FROM" and "-slim" in steps[0][1]
        [user] = [args for step, args in steps if step == "USER"]
        assert user.split(":")[0] not in ("root", "0")
        [command] = [args for step, args in steps if step == "CMD"]
        assert yaml.safe_load(command) == ["tomatic", "serve"]
        assert [step for step, _ in steps].index("USER") > max(
            i for i, (step, _) in enumerate(steps) if step == "RUN"
        )

    def test_the_database_and_backups_are_on_volumes(self):
        steps = dockerfile()
        env = dict(
            pair.split("=", 1)
            for step, args in steps
            if step == "ENV"
            for pair in shlex.split(args)
        )
        [volumes] = [yaml.safe_load(args) for step, args in steps if step == "VOLUME"]
        database = PurePosixPath(env["TOMATIC_DB"])
        assert str(database.parent) in volumes and env["TOMATIC_BACKUP_DIR"] in volumes
        assert env["TOMATIC_HOST"] == "0.0.0.0"

    def test_it_has_the_font_the_images_are_drawn_with(self):
        # Pillow's own font draws Ò, í, ç, ñ as boxes: the slim image needs DejaVu Sans
        installs = " ".join(args for step, args in dockerfile() if step == "RUN")
        assert "fonts-dejavu-core" in installs.split()
        assert PurePosixPath("/usr/share/fonts/truetype/dejavu") in map(PurePosixPath, FONT_DIRS)

    def test_the_healthcheck_asks_healthz(self):
        [check] = [args for step, args in dockerfile() if step == "HEALTHCHECK"]
        assert "/healthz" in check and "CMD" in check

    def test_secrets_stay_out_of_the_image(self):
        ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        assert ".env" in ignored and ".git" in ignored

    def test_compose_keeps_data_on_volumes_and_the_port_local(self):
        compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
        service = compose["services"]["tomatic"]
        mounts = {volume.split(":")[1] for volume in service["volumes"]}
        assert {"/var/lib/tomatic", "/var/backups/tomatic"} <= mounts
        assert all(port.startswith("127.0.0.1:") for port in service["ports"])
        assert service["env_file"] == ".env" and service["read_only"] is True


class TestSystemdUnit:
    def test_it_runs_tomatic_serve_as_its_own_user_with_its_state_directory(self):
        keys = unit()
        assert keys["User"] == ["tomatic"] and keys["ExecStart"][0].endswith("tomatic serve")
        environment = dict(value.split("=", 1) for value in keys["Environment"])
        state = {f"/var/lib/{name}" for name in keys["StateDirectory"][0].split()}
        assert str(PurePosixPath(environment["TOMATIC_DB"]).parent) in state
        assert environment["TOMATIC_BACKUP_DIR"] in state
        assert keys["Restart"] == ["on-failure"]

    def test_it_is_hardened(self):
        keys = unit()
        for key, value in {
            "NoNewPrivileges": "yes",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "CapabilityBoundingSet": "",
            "RestrictSUIDSGID": "yes",
            "SystemCallFilter": "@system-service",
        }.items():
            assert keys[key] == [value], key
