"""TERP's vocabulary for the people side: comments, mentions, tasks, inbox, CRM and audit names.

Read from TERP @ b2e16915 (drizzle/schema.ts, server/routers/comments.ts,
server/services/mentionParser.ts, server/inboxDb.ts, server/services/orderAuditService.ts,
server/inventoryIntakeService.ts, server/routers/inventory.ts). Both the people generator and
the R19 rules read these names, so a seeded row and its check always agree on them.
"""

import re

# The comment widget's commentable types as the screens pass them: the client profile passes
# 'client', the batch drawer 'inventory_batch', the task modal 'task'; orders use the API's
# 'order'; calendar events are commented on as 'calendar_event'.
COMMENT_ON_ORDER = "order"
COMMENT_ON_CLIENT = "client"
COMMENT_ON_BATCH = "inventory_batch"
COMMENT_ON_EVENT = "calendar_event"
COMMENT_ON_TASK = "task"
COMMENTABLE_TABLES = {
    COMMENT_ON_ORDER: "orders",
    COMMENT_ON_CLIENT: "clients",
    COMMENT_ON_BATCH: "batches",
    COMMENT_ON_EVENT: "calendar_events",
    COMMENT_ON_TASK: "todo_tasks",
}


def mention(name: str, user_id: int) -> str:
    """A mention as TERP's comment editor writes it: `@[Display Name](userId)`."""
    return f"@[{name}]({user_id})"


MENTION_PATTERN = re.compile(r"@\[([^\]]+)\]\((\d+)\)")

# inbox_items: what raised the item, and the titles inboxDb writes.
INBOX_MENTION = "mention"
INBOX_TASK_ASSIGNMENT = "task_assignment"


def mention_inbox_title(author: str) -> str:
    """The inbox title a comment mention raises."""
    return f"{author} mentioned you in a comment"


def task_inbox_title(task_title: str) -> str:
    """The inbox title a task assignment raises."""
    return f"New task assigned: {task_title}"


# notificationTriggers.onTaskAssigned: an in-app 'info' notification to the assignee.
TASK_ASSIGNED_TITLE = "Task Assigned"
TASK_ASSIGNED_LINK = "/notifications"

# client_activity.activity_type values the app writes (clientsDb.logActivity).
ACTIVITY_CREATED = "CREATED"
ACTIVITY_TRANSACTION = "TRANSACTION_ADDED"
ACTIVITY_PAYMENT = "PAYMENT_RECORDED"
ACTIVITY_NOTE = "NOTE_ADDED"

# client_communications.communicationType.
CALL, EMAIL, MEETING, NOTE = "CALL", "EMAIL", "MEETING", "NOTE"
# Subjects that mark a communication's business reason; rules find collection calls by prefix.
COLLECTION_CALL_PREFIX = "Collection call"
CREDIT_NOTE_PREFIX = "Credit limit review"
# A buyer is near its limit from this share of it (TERP's credit widget turns amber at 80%).
NEAR_LIMIT_SHARE = 0.8

# todo_tasks / todo_list_members / todo_task_activity enums.
TASK_TODO, TASK_IN_PROGRESS, TASK_DONE = "todo", "in_progress", "done"

# auditLogs: the batch detail screen reads entity 'Batch' (case-sensitive) and the batch id.
AUDIT_BATCH_ENTITY = "Batch"
AUDIT_BATCH_CREATED = "CREATED"
AUDIT_BATCH_STATUS_CHANGE = "STATUS_CHANGE"
AUDIT_INTAKE_REASON = "Initial intake"

# order_audit_log: orders.create logs CREATE_DRAFT; each fulfilment change is logged beside its
# order_status_history row as STATUS_CHANGE (the column is a free varchar(50)).
ORDER_AUDIT_CREATED = "CREATE_DRAFT"
ORDER_AUDIT_STATUS_CHANGE = "STATUS_CHANGE"

# freeform_notes.templateType for notes linked to clients, and note_activity types.
NOTE_TEMPLATE_CLIENT = "client_note"
NOTE_CREATED = "CREATED"
NOTE_COMMENTED = "COMMENTED"

# TERP's tables of this area: what the people family fills and its rules audit.
PEOPLE_TABLES = (
    "client_activity",
    "client_communications",
    "client_notes",
    "client_needs",
    "client_meeting_history",
    "match_records",
    "vendorNotes",
    "freeform_notes",
    "note_activity",
    "note_comments",
    "comments",
    "comment_mentions",
    "todo_lists",
    "todo_list_members",
    "todo_tasks",
    "todo_task_activity",
    "inbox_items",
    "notifications",
    "auditLogs",
    "order_audit_log",
)
