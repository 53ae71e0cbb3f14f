"""views.* Web API methods: modals (open, push, update) and the App Home (publish)."""

from __future__ import annotations

from bot.sandbox.api_chat import Call
from bot.sandbox.blocks import checked_view
from bot.sandbox.models import ApiError, JsonDict, View
from bot.sandbox.state import MAX_MODAL_STACK, Workspace


def view_json(workspace: Workspace, view: View) -> JsonDict:
    identity = workspace.identity
    return view.to_slack(identity.team_id, identity.app_id, identity.bot_id)


def new_hash(workspace: Workspace) -> str:
    return workspace.new_id(f"{workspace.next_ts()}.")


def new_view(call: Call, user: str, expected_type: str) -> View:
    body = checked_view(call.json_arg("view"), expected_type=expected_type)
    external_id = body.get("external_id")
    if external_id and call.workspace.view_by_external_id(external_id):
        raise ApiError("duplicate_external_id")
    return View(call.workspace.new_id("V"), expected_type, user, body, new_hash(call.workspace))


def exchanged_trigger(call: Call) -> str:
    """The user of the call's trigger_id, which is used up by this call."""
    trigger, error = call.workspace.use_trigger(call.str_arg("trigger_id"))
    if trigger is None:
        raise ApiError(error)
    return trigger.user


async def views_open(call: Call) -> JsonDict:
    user = exchanged_trigger(call)
    view = new_view(call, user, "modal")
    call.workspace.clear_modals(user)
    call.workspace.push_modal(view)
    return {"view": view_json(call.workspace, view)}


async def views_push(call: Call) -> JsonDict:
    user = exchanged_trigger(call)
    stack = call.workspace.modal_stacks.get(user) or []
    if not stack:
        raise ApiError("not_found", detail="no modal is open to push onto")
    if len(stack) >= MAX_MODAL_STACK:
        raise ApiError("push_limit_reached")
    view = new_view(call, user, "modal")
    call.workspace.push_modal(view)
    return {"view": view_json(call.workspace, view)}


def target_view(call: Call) -> View:
    view_id, external_id = call.str_arg("view_id"), call.str_arg("external_id")
    if view_id:
        view = call.workspace.views.get(view_id)
    elif external_id:
        view = call.workspace.view_by_external_id(external_id)
    else:
        raise ApiError("invalid_arguments", detail="view_id or external_id is required")
    if view is None or not call.workspace.is_open(view):
        raise ApiError("not_found")
    return view


def replace_body(call: Call, view: View) -> None:
    if call.str_arg("hash") and call.str_arg("hash") != view.hash:
        raise ApiError("hash_conflict")
    body = checked_view(call.json_arg("view"), expected_type=view.type)
    external_id = body.get("external_id")
    other = call.workspace.view_by_external_id(external_id) if external_id else None
    if other is not None and other.id != view.id:
        raise ApiError("duplicate_external_id")
    view.body, view.hash, view.errors = body, new_hash(call.workspace), {}
    call.workspace.touch()


async def views_update(call: Call) -> JsonDict:
    view = target_view(call)
    replace_body(call, view)
    return {"view": view_json(call.workspace, view)}


async def views_publish(call: Call) -> JsonDict:
    user = call.str_arg("user_id")
    if user not in call.workspace.users:
        raise ApiError("user_not_found")
    view = call.workspace.home(user)
    if view is None:
        view = new_view(call, user, "home")
        call.workspace.views[view.id] = view
        call.workspace.homes[user] = view.id
        call.workspace.touch()
    else:
        replace_body(call, view)
    return {"view": view_json(call.workspace, view)}


METHODS = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
