"""Persons are linked to their Slack account by e-mail, stored, and re-checked at each sync."""

from __future__ import annotations

import pytest

from bot.container import build_services
from bot.jobs import slack_sync_job
from tests.conftest import NOW
from tests.fakes import FakeDirectory
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import Person
from tomatic.i18n import t
from tomatic.services.linking import LinkService


@pytest.fixture
def directory() -> FakeDirectory:
    found = FakeDirectory()
    found.add("anna@example.coop", "U0ANNA", "ca-ES")
    found.add("bernat@example.coop", "U0BERNAT", "es-ES")
    return found


@pytest.fixture
async def linked(settings, stores, notifier, runner, directory):
    """Services whose directory is the fake one."""
    built = build_services(
        settings, notifier, directory, stores=stores, now=lambda: NOW, runner=runner
    )
    yield built
    await built.close()


async def _add(services, person_id: str, email: str, **fields):
    return await services.persons.create(None, person_id, {"email": email, **fields})


class TestLinkingWhenAdded:
    async def test_a_person_added_with_a_known_e_mail_is_linked_with_their_language(self, linked):
        anna = await _add(linked, "anna", "anna@example.coop")
        assert (anna.slack_user_id, anna.language) == ("U0ANNA", "ca")
        stored = await linked.persons.get("anna")
        assert (stored.slack_user_id, stored.language) == ("U0ANNA", "ca")

    async def test_an_unknown_e_mail_adds_the_person_unlinked(self, linked, directory):
        carla = await _add(linked, "carla", "carla@example.coop")
        assert carla.slack_user_id == ""
        assert directory.asked == ["carla@example.coop"]

    async def test_a_failed_lookup_still_adds_the_person(self, linked, directory):
        directory.failing.add("anna@example.coop")
        anna = await _add(linked, "anna", "anna@example.coop")
        assert (await linked.persons.get("anna")).slack_user_id == anna.slack_user_id == ""

    async def test_a_slow_slack_does_not_hold_up_adding_someone(self, linked, directory):
        directory.delay_s = 5.0
        linked.linking.quiet_timeout_s = 0.05
        anna = await _add(linked, "anna", "anna@example.coop")
        assert anna.slack_user_id == "" and (await linked.persons.get("anna")) is not None

    async def test_a_new_e_mail_links_the_account_it_belongs_to(self, linked, directory):
        carla = await _add(linked, "carla", "carla@example.coop", groups=["admin"])
        directory.add("carla.vidal@example.coop", "U0CARLA")
        await linked.persons.update(carla, "carla", {"email": "carla.vidal@example.coop"})
        assert (await linked.persons.get("carla")).slack_user_id == "U0CARLA"

    async def test_other_edits_do_not_ask_slack(self, linked, directory):
        anna = await _add(linked, "anna", "anna@example.coop", groups=["admin"])
        asked = len(directory.asked)
        await linked.persons.update(anna, "anna", {"extension": "3001"})
        assert len(directory.asked) == asked


class TestSync:
    async def test_everyone_known_is_linked_and_the_rest_reported(self, linked, directory):
        for person_id in ("anna", "bernat", "carla"):
            await linked.persons.persons.save(
                _person(person_id, f"{person_id}@example.coop"), "import"
            )
        await linked.persons.persons.save(_person("dolors", ""), "import")
        report = await linked.linking.sync()
        assert report.linked == 2
        assert [(o.person, o.state) for o in report.outcomes] == [
            ("anna", "linked"),
            ("bernat", "linked"),
            ("carla", "unknown"),
            ("dolors", "no_email"),
        ]
        assert (await linked.persons.get("bernat")).slack_user_id == "U0BERNAT"
        again = await linked.linking.sync()
        assert again.counts == {"unchanged": 2, "unknown": 1, "no_email": 1}

    async def test_a_miss_is_asked_again_at_the_next_sync(self, linked, directory):
        await linked.persons.persons.save(_person("carla", "carla@example.coop"), "import")
        assert (await linked.linking.sync()).of("unknown")
        directory.add("carla@example.coop", "U0CARLA")
        report = await linked.linking.sync()
        assert [o.state for o in report.outcomes] == ["linked"]
        assert (await linked.persons.get("carla")).slack_user_id == "U0CARLA"

    async def test_a_failure_changes_nothing_and_is_retried(self, linked, directory):
        await linked.persons.persons.save(_person("anna", "anna@example.coop"), "import")
        directory.failing.add("anna@example.coop")
        report = await linked.linking.sync()
        assert [(o.state, o.detail) for o in report.outcomes] == [("failed", "ratelimited")]
        directory.failing.clear()
        assert [o.state for o in (await linked.linking.sync()).outcomes] == ["linked"]

    async def test_a_dry_run_stores_nothing(self, linked):
        await linked.persons.persons.save(_person("anna", "anna@example.coop"), "import")
        report = await linked.linking.sync(dry_run=True)
        assert [(o.state, o.user_id) for o in report.outcomes] == [("linked", "U0ANNA")]
        assert (await linked.persons.get("anna")).slack_user_id == ""

    async def test_a_deactivated_account_is_unlinked(self, linked, directory):
        await linked.persons.persons.save(
            _person("anna", "anna@example.coop", slack_user_id="U0ANNA"), "import"
        )
        directory.add("anna@example.coop", "U0ANNA", deleted=True)
        report = await linked.linking.sync()
        assert [o.state for o in report.outcomes] == ["deactivated"]
        assert (await linked.persons.get("anna")).slack_user_id == ""

    async def test_a_link_made_by_a_command_survives_an_unknown_e_mail(self, linked):
        await linked.persons.persons.save(
            _person("carla", "typo@example.coop", slack_user_id="U0CARLA"), "slack"
        )
        report = await linked.linking.sync()
        assert [o.state for o in report.outcomes] == ["unknown"]
        assert (await linked.persons.get("carla")).slack_user_id == "U0CARLA"

    async def test_an_account_linked_to_someone_else_is_not_taken(self, linked, directory):
        await linked.persons.persons.save(_person("anna", "", slack_user_id="U0ANNA"), "slack")
        await linked.persons.persons.save(_person("anita", "anna@example.coop"), "import")
        report = await linked.linking.sync()
        assert [(o.person, o.state, o.detail) for o in report.outcomes] == [
            ("anita", "taken", "anna"),
            ("anna", "no_email", ""),
        ]

    async def test_only_unlinked_people_are_asked_when_told(self, linked, directory):
        await linked.persons.persons.save(
            _person("anna", "anna@example.coop", slack_user_id="U0ANNA"), "slack"
        )
        await linked.persons.persons.save(_person("bernat", "bernat@example.coop"), "import")
        report = await linked.linking.sync(only_unlinked=True)
        assert [o.person for o in report.outcomes] == ["bernat"]
        assert directory.asked == ["bernat@example.coop"]

    async def test_progress_is_reported_for_each_person(self, linked):
        for person_id in ("anna", "bernat"):
            await linked.persons.persons.save(
                _person(person_id, f"{person_id}@example.coop"), "import"
            )
        seen = []
        await linked.linking.sync(on_progress=lambda i, n, o: seen.append((i, n, o.person)))
        assert seen == [(1, 2, "anna"), (2, 2, "bernat")]


async def test_without_slack_a_sync_is_refused(services):
    with pytest.raises(ValidationError) as refused:
        await LinkService(services.persons.persons, None).sync()
    assert refused.value.key == "slack.not_configured"


def _person(person_id: str, email: str, **fields) -> Person:
    return Person(id=person_id, email=email, **fields)


class TestDailyJob:
    async def test_the_slack_sync_job_links_everyone_and_counts(self, linked, directory):
        for person_id in ("anna", "carla"):
            await linked.persons.persons.save(
                _person(person_id, f"{person_id}@example.coop"), "import"
            )
        outcome = await slack_sync_job(linked)
        assert outcome.key == "slack.outcome.synced"
        counts = {"people": 2, "linked": 1, "unknown": 1, "deactivated": 0, "failed": 0}
        assert outcome.params == counts
        assert "1 of 2 linked" in t("en", outcome.key, **outcome.params)

    async def test_lookups_that_failed_make_it_a_failed_run(self, linked, directory):
        await linked.persons.persons.save(_person("anna", "anna@example.coop"), "import")
        directory.failing.add("anna@example.coop")
        outcome = await slack_sync_job(linked)
        assert outcome.key == "slack.outcome.sync_failed" and outcome.params["failed"] == 1

    async def test_without_slack_the_job_says_so(self, services):
        outcome = await slack_sync_job(services)
        assert outcome.key == "slack.outcome.not_configured"
