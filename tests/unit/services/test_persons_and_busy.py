import pytest

from tests.conftest import services_on
from tomatic.adapters.sqlite.db import open_database
from tomatic.domain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from tomatic.domain.fields import InvalidFieldsError


async def test_only_coordinators_create_people(services, coordinator, operator):
    with pytest.raises(PermissionDeniedError):
        await services.persons.create(operator, "carla", {"name": "Carla"})
    carla = await services.persons.create(coordinator, "carla", {"name": "Carla"})
    assert carla.id in [p.id for p in await services.persons.list()]


async def test_operators_edit_their_profile_but_not_their_groups_or_load(services, operator):
    updated = await services.persons.update(operator, "bernat", {"name": "Bernat Roig"})
    assert updated.name == "Bernat Roig"
    with pytest.raises(PermissionDeniedError):
        await services.persons.update(operator, "bernat", {"groups": ["admin"]})
    with pytest.raises(PermissionDeniedError):
        await services.persons.update(operator, "bernat", {"ideal_load": 9})
    assert not (await services.persons.get("bernat")).is_admin


async def test_operators_cannot_edit_someone_else(services, coordinator, operator):
    with pytest.raises(PermissionDeniedError):
        await services.persons.update(operator, "anna", {"name": "X"})


async def test_extensions_are_unique_and_numeric(services, coordinator, operator):
    with pytest.raises(InvalidFieldsError) as taken:
        await services.persons.update(coordinator, "anna", {"extension": "3002"})
    assert isinstance(taken.value.fields["extension"], ConflictError)
    with pytest.raises(ValidationError) as error:
        await services.persons.update(coordinator, "anna", {"extension": "30a2"})
    assert error.value.key == "person.bad_extension"
    assert (await services.persons.get("anna")).extension == ""


async def test_busy_add_from_words_and_remove(services, operator):
    entry = await services.availability.add_from_words(
        operator, operator, "dm 0011 optional Team meeting".split()
    )
    assert (entry.weekday, entry.turns, entry.optional, entry.reason) == (
        "dm", "0011", True, "Team meeting")  # fmt: skip
    assert [e.id for e in await services.availability.entries(operator)] == [entry.id]
    await services.availability.remove(operator, entry.id)
    assert await services.availability.entries(operator) == []


async def test_bad_busy_input_changes_nothing(services, operator):
    for words in [
        "dm 0011 optional",
        "xx 0011 optional r",
        "dm 0000 optional r",
        "dm 0011 perhaps r",
    ]:
        with pytest.raises(ValidationError):
            await services.availability.add_from_words(operator, operator, words.split())
    assert await services.availability.entries(operator) == []


async def test_only_owner_or_coordinator_removes_an_entry(services, coordinator, operator):
    entry = await services.availability.add_from_words(
        coordinator, coordinator, "all 1000 required School run".split()
    )
    with pytest.raises(PermissionDeniedError):
        await services.availability.remove(operator, entry.id)
    with pytest.raises(NotFoundError):
        await services.availability.remove(operator, "zzzz")
    await services.availability.remove(coordinator, entry.id)


async def test_changes_are_audited(settings, sqlite_stores, notifier, runner):
    services = services_on(settings, sqlite_stores, notifier, runner)
    bernat = await services.persons.create(None, "bernat", {"name": "Bernat"})
    await services.availability.add_from_words(bernat, bernat, "dv 1111 required Dentist".split())
    await services.close()
    db = open_database(settings.db_path)
    actions = [row[0] for row in db.execute("SELECT action || ':' || entity FROM audit")]
    db.conn.close()
    assert "create:person" in actions and "create:busy" in actions
