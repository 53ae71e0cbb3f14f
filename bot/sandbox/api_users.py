"""auth.test and users.* Web API methods."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from bot.sandbox.api_chat import Call
from bot.sandbox.models import ApiError, JsonDict, SandboxUser

BOT_NAME = "tomatic"


async def auth_test(call: Call) -> JsonDict:
    identity = call.workspace.identity
    return {
        "url": f"https://{identity.team_domain}.slack.com/",
        "team": "Tomàtic sandbox",
        "user": BOT_NAME,
        "team_id": identity.team_id,
        "user_id": identity.bot_user_id,
        "bot_id": identity.bot_id,
        "app_id": identity.app_id,
        "is_enterprise_install": False,
    }


def user_json(call: Call, user: SandboxUser, with_locale: bool = False) -> JsonDict:
    offset = _utc_offset_s(user.tz)
    first, _, last = user.real_name.partition(" ")
    profile = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "first_name": first,
        "last_name": last,
        "email": user.email,
        "image_48": "",
        "team": call.workspace.identity.team_id,
    }
    data: JsonDict = {"id": user.id, "team_id": call.workspace.identity.team_id, "name": user.name}
    data |= {"deleted": user.deleted, "real_name": user.real_name, "profile": profile}
    data |= {"tz": user.tz, "tz_label": user.tz, "tz_offset": offset}
    data |= {"is_admin": user.is_admin, "is_owner": False, "is_primary_owner": False}
    data |= {"is_restricted": False, "is_ultra_restricted": False, "is_bot": False}
    data |= {"is_app_user": False, "updated": 1700000000}
    if with_locale:
        data["locale"] = user.locale
    return data


def bot_user_json(call: Call) -> JsonDict:
    identity = call.workspace.identity
    profile = {"real_name": "Tomàtic", "display_name": "", "bot_id": identity.bot_id}
    data: JsonDict = {"id": identity.bot_user_id, "team_id": identity.team_id, "name": BOT_NAME}
    data |= {"deleted": False, "real_name": "Tomàtic", "profile": profile, "is_bot": True}
    return data | {"is_admin": False, "is_app_user": False, "updated": 1700000000}


def _utc_offset_s(tz: str) -> int:
    try:
        offset = dt.datetime.now(zoneinfo.ZoneInfo(tz)).utcoffset()
    except zoneinfo.ZoneInfoNotFoundError:
        return 0
    return int(offset.total_seconds()) if offset else 0


async def users_info(call: Call) -> JsonDict:
    user_id = call.str_arg("user")
    if user_id == call.workspace.identity.bot_user_id:
        return {"user": bot_user_json(call)}
    user = call.workspace.users.get(user_id)
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user_json(call, user, with_locale=call.flag("include_locale"))}


async def users_lookup_by_email(call: Call) -> JsonDict:
    user = call.workspace.user_by_email(call.str_arg("email"))
    if user is None:
        raise ApiError("users_not_found")
    return {"user": user_json(call, user)}


async def users_list(call: Call) -> JsonDict:
    with_locale = call.flag("include_locale")
    members = [user_json(call, u, with_locale) for u in call.workspace.users.values()]
    members.append(bot_user_json(call))
    return {"members": members, "cache_ts": 1700000000, "response_metadata": {"next_cursor": ""}}


METHODS = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "users.list": users_list,
}
