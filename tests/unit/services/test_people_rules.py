"""Person rules: names, what only coordinators change, every field checked at once, tokens."""

from __future__ import annotations

import pytest

from tomatic.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from tomatic.domain.fields import InvalidFieldsError

EVIL = "<!channel> <https://evil.example/login|Session expired: sign in>"


class TestNames:
    async def test_a_name_is_stored_cleaned(self, services, coordinator):
        person = await services.persons.create(
            coordinator, "maria", {"name": "  Maria   d’Alòs (tarda)  "}
        )
        assert person.name == "Maria d'Alòs (tarda)"
        assert (await services.persons.get("maria")).name == "Maria d'Alòs (tarda)"

    async def test_an_operator_cannot_give_themselves_a_name_with_markup(self, services, operator):
        with pytest.raises(InvalidFieldsError) as refused:
            await services.persons.update(operator, "bernat", {"name": EVIL})
        assert refused.value.fields["name"].key == "person.name_characters"
        assert (await services.persons.get("bernat")).name == "Bernat"

    @pytest.mark.parametrize(
        ("name", "key"),
        [("", "person.name_empty"), ("x" * 81, "person.name_too_long"),
         ("1234", "person.name_no_letters"), ("Anna 🍅", "person.name_characters")],
    )  # fmt: skip
    async def test_bad_names_are_refused_when_creating(self, services, coordinator, name, key):
        with pytest.raises(InvalidFieldsError) as refused:
            await services.persons.create(coordinator, "maria", {"name": name})
        assert refused.value.fields["name"].key == key
        assert await services.persons.list() == [coordinator]

    async def test_eighty_characters_is_the_longest_name(self, services, coordinator):
        name = "Maria del Roser Vidal-Quadras i Font de la Riera d'Alòs (torn de tarda) Bosch xx"
        assert len(name) == 80
        assert (await services.persons.create(coordinator, "roser", {"name": name})).name == name


class TestEveryFieldAtOnce:
    async def test_a_form_with_several_mistakes_names_each_of_them(self, services, coordinator):
        fields = {"name": "Anna <b>", "email": "not-an-email", "extension": "30a1",
                  "color": "#12345z", "table": "near", "ideal_load": 99, "groups": ["Bad Group"]}  # fmt: skip
        with pytest.raises(InvalidFieldsError) as refused:
            await services.persons.create(coordinator, "X", fields)
        keys = {field: error.key for field, error in refused.value.fields.items()}
        assert keys == {
            "id": "person.bad_id",
            "name": "person.name_characters",
            "email": "person.bad_email",
            "extension": "person.bad_extension",
            "color": "person.bad_color",
            "table": "person.bad_table",
            "ideal_load": "person.bad_load",
            "groups": "person.bad_group",
        }
        assert await services.persons.list() == [coordinator]

    async def test_taken_id_extension_and_email_are_reported_together(
        self, services, coordinator, operator
    ):
        fields = {"name": "Bernat Bis", "email": "BERNAT@example.coop", "extension": "3002"}
        with pytest.raises(InvalidFieldsError) as refused:
            await services.persons.create(coordinator, "anna", fields)
        assert set(refused.value.fields) == {"id", "email", "extension"}
        assert all(isinstance(e, ConflictError) for e in refused.value.fields.values())

    async def test_the_colour_is_accepted_as_the_form_shows_it(self, services, operator):
        updated = await services.persons.update(operator, "bernat", {"color": "#2A9D8F"})
        assert updated.color == "2a9d8f"
        again = await services.persons.update(operator, "bernat", {"color": f"#{updated.color}"})
        assert again.color == "2a9d8f"


class TestCoordinatorsOnly:
    async def test_an_operator_cannot_change_their_own_extension(self, services, operator):
        with pytest.raises(PermissionDeniedError) as refused:
            await services.persons.update(operator, "bernat", {"extension": "3999"})
        assert refused.value.key == "person.refused.extension"
        assert (await services.persons.get("bernat")).extension == "3002"

    async def test_an_operator_may_send_back_their_unchanged_extension(self, services, operator):
        updated = await services.persons.update(
            operator, "bernat", {"extension": " 3002 ", "name": "Bernat Roig"}
        )
        assert (updated.extension, updated.name) == ("3002", "Bernat Roig")

    async def test_coordinators_change_extensions(self, services, coordinator, operator):
        updated = await services.persons.update(coordinator, "bernat", {"extension": "3999"})
        assert updated.extension == "3999"

    @pytest.mark.parametrize(
        ("fields", "key"),
        [({"groups": ["admin"]}, "person.refused.groups"),
         ({"ideal_load": 9}, "person.refused.ideal_load")],
    )  # fmt: skip
    async def test_refusals_name_the_action(self, services, operator, fields, key):
        with pytest.raises(PermissionDeniedError) as refused:
            await services.persons.update(operator, "bernat", fields)
        assert refused.value.key == key

    async def test_refusals_on_people_name_the_action(self, services, coordinator, operator):
        with pytest.raises(PermissionDeniedError) as created:
            await services.persons.create(operator, "carla", {"name": "Carla"})
        with pytest.raises(PermissionDeniedError) as removed:
            await services.persons.remove(operator, "anna")
        with pytest.raises(PermissionDeniedError) as other:
            await services.persons.update(operator, "anna", {"name": "Anna"})
        assert (created.value.key, removed.value.key, other.value.key) == (
            "person.refused.create",
            "person.refused.remove",
            "person.refused.other",
        )

    async def test_a_new_id_is_checked_before_the_form_opens(self, services, coordinator):
        assert await services.persons.check_new_id("carla") == "carla"
        with pytest.raises(ConflictError):
            await services.persons.check_new_id("anna")
        with pytest.raises(ValidationError) as long_id:
            await services.persons.check_new_id("x" * 3000)
        assert len(long_id.value.params["value"]) <= 40


async def test_removing_a_person_removes_their_private_links(services, stores, coordinator):
    bernat = await services.persons.create(coordinator, "bernat", {"name": "Bernat"})
    await stores.tokens.replace("calendar", bernat.id, "secret-calendar-token", "t")
    await services.persons.remove(coordinator, "bernat")
    await services.persons.create(coordinator, "bernat", {"name": "Another Bernat"})
    assert await stores.tokens.person_of("calendar", "secret-calendar-token") is None
    assert await stores.tokens.active("calendar", "bernat") is None
