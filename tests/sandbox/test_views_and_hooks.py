"""views.* rules (triggers, stacks, hashes) and response_url behaviour."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.sandbox import Sandbox
from bot.sandbox.models import Message

from .test_webapi import api_error


def modal(title: str, **extra: object) -> dict:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": title}}]
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks,
        **extra,
    }


async def test_views_open_needs_a_fresh_unused_trigger(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    assert (
        await api_error(client.views_open(trigger_id="123.456", view=modal("A")))
        == "invalid_trigger_id"
    )
    trigger = sandbox.workspace.issue_trigger("U0ANNA")
    opened = await client.views_open(trigger_id=trigger, view=modal("A"))
    assert opened["view"]["id"] == sandbox.modal("U0ANNA").id
    assert (
        await api_error(client.views_open(trigger_id=trigger, view=modal("B")))
        == "exchanged_trigger_id"
    )
    stale = sandbox.workspace.issue_trigger("U0ANNA")
    sandbox.workspace.triggers[stale].issued_at -= 3.5
    assert (
        await api_error(client.views_open(trigger_id=stale, view=modal("B")))
        == "expired_trigger_id"
    )


async def test_invalid_views_are_refused(sandbox: Sandbox, client: AsyncWebClient) -> None:
    long_title = client.views_open(
        trigger_id=sandbox.workspace.issue_trigger("U0ANNA"), view=modal("x" * 25)
    )
    assert await api_error(long_title) == "invalid_arguments"
    inputs = modal("Sense submit")
    inputs["blocks"] = [{"type": "input", "label": {"type": "plain_text", "text": "Nom"},
                         "element": {"type": "plain_text_input", "action_id": "n"}}]  # fmt: skip
    no_submit = client.views_open(trigger_id=sandbox.workspace.issue_trigger("U0ANNA"), view=inputs)
    assert await api_error(no_submit) == "invalid_arguments"
    assert sandbox.modal("U0ANNA") is None


async def test_push_update_and_stack_limit(sandbox: Sandbox, client: AsyncWebClient) -> None:
    def trigger() -> str:
        return sandbox.workspace.issue_trigger("U0BERNAT")

    first = (await client.views_open(trigger_id=trigger(), view=modal("1", external_id="ext-1")))[
        "view"
    ]
    second = (await client.views_push(trigger_id=trigger(), view=modal("2")))["view"]
    assert second["previous_view_id"] == first["id"] and second["root_view_id"] == first["id"]
    await client.views_push(trigger_id=trigger(), view=modal("3"))
    assert (
        await api_error(client.views_push(trigger_id=trigger(), view=modal("4")))
        == "push_limit_reached"
    )

    updated = await client.views_update(
        external_id="ext-1", view=modal("1 bis", external_id="ext-1")
    )
    assert updated["view"]["id"] == first["id"] and updated["view"]["hash"] != first["hash"]
    stale = client.views_update(view_id=first["id"], hash=first["hash"], view=modal("1 ter"))
    assert await api_error(stale) == "hash_conflict"
    assert [v.body["title"]["text"] for v in sandbox.modal_stack("U0BERNAT")] == ["1 bis", "2", "3"]
    await sandbox.close_view("U0BERNAT")
    assert sandbox.modal("U0BERNAT").body["title"]["text"] == "2"
    await sandbox.close_view("U0BERNAT", all_views=True)
    assert await api_error(client.views_update(view_id=first["id"], view=modal("x"))) == "not_found"


async def test_publish_keeps_one_home_view_per_user(
    sandbox: Sandbox, client: AsyncWebClient
) -> None:
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    first = await client.views_publish(user_id="U0ANNA", view=home)
    again = await client.views_publish(user_id="U0ANNA", view=home | {"blocks": []})
    assert first["view"]["id"] == again["view"]["id"] == sandbox.home("U0ANNA").id
    assert sandbox.home("U0ANNA").blocks == []
    assert await api_error(client.views_publish(user_id="U0GHOST", view=home)) == "user_not_found"
    assert (
        await api_error(client.views_publish(user_id="U0ANNA", view=modal("x")))
        == "invalid_arguments"
    )


def ephemeral_source(sandbox: Sandbox) -> tuple[Message, str]:
    message = Message(
        "C0TEAM", sandbox.workspace.next_ts(), "U0TOMATIC", "Original", ephemeral_for="U0ANNA"
    )
    sandbox.workspace.add_message(message)
    hook = sandbox.workspace.issue_hook("U0ANNA", "C0TEAM", message.ts)
    return message, f"{sandbox.base_url}hooks/response/{hook.id}"


async def test_response_url_replaces_posts_and_deletes(sandbox: Sandbox, base_url: str) -> None:
    message, url = ephemeral_source(sandbox)
    hook = AsyncWebhookClient(url)
    assert (await hook.send(text="Substituït", replace_original=True)).status_code == 200
    assert message.text == "Substituït" and len(sandbox.ephemerals("U0ANNA")) == 1
    await hook.send(text="Nou, només per a tu")
    assert [m.text for m in sandbox.ephemerals("U0ANNA")] == ["Substituït", "Nou, només per a tu"]
    await hook.send(text="Per a tothom", response_type="in_channel")
    assert [m.text for m in sandbox.messages("C0TEAM")] == ["Per a tothom"]
    await hook.send_dict({"delete_original": True})
    assert [m.text for m in sandbox.ephemerals("U0ANNA")] == ["Nou, només per a tu"]
    assert (await hook.send(text="cinquè")).status_code == 200
    assert (await hook.send(text="sisè")).status_code == 404  # five uses at most
    assert (
        await AsyncWebhookClient(base_url + "hooks/response/H0").send(text="x")
    ).status_code == 404
