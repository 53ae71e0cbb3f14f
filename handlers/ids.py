"""Every action_id, callback_id and block_id the bot uses."""

PROFILE_EDIT = "tomatic.profile.edit"
PROFILE_VIEW = "tomatic.profile.submit"
PERSON_CREATE_VIEW = "tomatic.person.create"
PERSON_REMOVE_CONFIRM = "tomatic.person.remove"
BUSY_ADD = "tomatic.busy.add"
BUSY_REMOVE = "tomatic.busy.remove"
BUSY_VIEW = "tomatic.busy.submit"
BUSY_PAGE = "tomatic.busy.page"  # + ".previous" / ".next" (handlers.blocks.paging)
PERSONS_PAGE = "tomatic.persons.page"  # + ".previous" / ".next"
HOME_REFRESH = "tomatic.home.refresh"
HOME_PAUSE = "tomatic.home.pause"
HOME_RESUME = "tomatic.home.resume"
HOME_PLAN = "tomatic.home.plan"
HOME_PUBLISH = "tomatic.home.publish"
HOME_RELOAD_QUEUE = "tomatic.home.reload_queue"
QUEUE_PAUSE = "tomatic.queue.pause"
QUEUE_RESUME = "tomatic.queue.resume"
QUEUE_ADD = "tomatic.queue.add"
QUEUE_REFRESH = "tomatic.queue.refresh"
QUEUE_CONTROLS = "tomatic.queue.controls"
QUEUE_PAGE = "tomatic.queue.page"  # pager buttons: QUEUE_PAGE + ".previous" / ".next"

# input blocks of the person modal: the field names ("id", "name", "email", "extension"…)
# input blocks of the busy modal
BUSY_DAY = "busy_day"
BUSY_DATE = "busy_date"
BUSY_TURNS = "busy_turns"
BUSY_OPTIONAL = "busy_optional"
BUSY_REASON = "busy_reason"

# call info: buttons, modals and their input blocks
CALL_INVOICES = "tomatic.callinfo.invoices"
CALL_READINGS = "tomatic.callinfo.readings"
CALL_ANNOTATE = "tomatic.callinfo.annotate"
CALL_SEARCH = "tomatic.callinfo.search"
CALL_OPEN = "tomatic.callinfo.open"
CALL_DETAILS = "tomatic.callinfo.details"
CALL_SEARCH_VIEW = "tomatic.callinfo.search_submit"
CALL_ANNOTATE_VIEW = "tomatic.callinfo.annotate_submit"
CALL_SEARCH_TEXT = "call_search_text"
CALL_CATEGORIES = "call_categories"
CALL_PARTNER = "call_partner"
CALL_CONTRACT = "call_contract"
CALL_COMMENT = "call_comment"

# personal views: the calendar's New link button
CALENDAR_RENEW = "tomatic.calendar.renew"

# timetables: planner runs, publishing and swaps
PLAN_STOP = "tomatic.plan.stop"
PLAN_PUBLISH = "tomatic.plan.publish"
PLAN_PUBLISH_CONFIRM = "tomatic.plan.publish_confirm"
PLAN_DISCARD = "tomatic.plan.discard"
PLAN_SHOW = "tomatic.plan.show"
PLAN_SHOW_BEST = "tomatic.plan.show_best"
PLAN_PENALTIES_PAGE = "tomatic.plan.penalties_page"
"""Prefix of the pager of a run's penalties (`.previous`, `.next`)."""
REPLAN_PAGE = "tomatic.replan.page"
"""Prefix of the re-plan changes' pager (`.previous`, `.next`)."""
FAIRNESS_PAGE = "tomatic.fairness.page"
"""Prefix of the fairness ledger's pager (`.previous`, `.next`)."""
SWAP_TAKE = "tomatic.swap.take"
SWAP_WITHDRAW = "tomatic.swap.withdraw"
SWAP_APPROVE = "tomatic.swap.approve"

# long timetable lists, paged: `<prefix>.previous` / `<prefix>.next` (handlers.blocks.paging)
CHANGES_PAGE = "tomatic.changes.page"
FORCED_PAGE = "tomatic.forced.page"

# the cell-edit modal of `/tomatic set`
CELL_VIEW = "tomatic.cell.submit"
CELL_WEEK = "cell_week"
CELL_DAY = "cell_day"
CELL_TURN = "cell_turn"
CELL_LINE = "cell_line"
CELL_WHO = "cell_who"
