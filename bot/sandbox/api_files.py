"""files.* Web API methods (the external upload flow that files_upload_v2 uses)."""

from __future__ import annotations

import mimetypes

from bot.sandbox.api_chat import Call, bot_message
from bot.sandbox.models import ApiError, Channel, JsonDict, StoredFile


async def files_get_upload_url_external(call: Call) -> JsonDict:
    name = call.required("filename")
    try:
        length = int(call.required("length"))
    except ValueError as error:
        raise ApiError("invalid_arguments", detail="length must be an integer") from error
    file_id = call.workspace.new_id("F")
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = StoredFile(file_id, name, length, alt_txt=call.str_arg("alt_txt"), mimetype=mimetype)
    stored.url = f"files/{file_id}/{name}"
    call.workspace.files[file_id] = stored
    return {"upload_url": f"{call.base_url}files/upload/{file_id}", "file_id": file_id}


def uploaded_files(call: Call) -> list[StoredFile]:
    entries = call.json_arg("files")
    if not isinstance(entries, list) or not entries:
        raise ApiError("invalid_arguments", detail="files must be a non-empty JSON array")
    result = []
    for entry in entries:
        stored = call.workspace.files.get(str(entry.get("id", "")))
        if stored is None or stored.content is None:
            raise ApiError("file_not_found")
        stored.title = entry.get("title") or stored.name
        result.append(stored)
    return result


def share_channels(call: Call) -> list[Channel]:
    names = [call.str_arg("channel_id")] + call.str_arg("channels").split(",")
    channels = []
    for name in filter(None, names):
        channel = call.workspace.resolve_channel(name)
        if channel is None:
            raise ApiError("channel_not_found")
        channels.append(channel)
    return channels


async def files_complete_upload_external(call: Call) -> JsonDict:
    files = uploaded_files(call)
    content = {"text": call.str_arg("initial_comment")}
    thread_ts = call.str_arg("thread_ts") or None
    for channel in share_channels(call):
        message = bot_message(call, channel, content, files=files, thread_ts=thread_ts)
        call.workspace.add_message(message)
    return {"files": [f.to_slack(call.base_url) for f in files]}


async def files_info(call: Call) -> JsonDict:
    stored = call.workspace.files.get(call.str_arg("file"))
    if stored is None or stored.content is None:
        raise ApiError("file_not_found")
    return {"file": stored.to_slack(call.base_url)}


METHODS = {
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
    "files.info": files_info,
}
