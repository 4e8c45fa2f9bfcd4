"""R19 on the people side: every CRM row, comment, task, inbox item and audit row is true.

Blocking: rows refer to real records and staff; nothing is dated before what it refers to nor
after as-of (only due dates may lie ahead); the audit trails match the status histories row for
row; collection calls went to buyers who were late at that moment and credit reviews to buyers
near their limit; mentions resolve to the comment and colleague they name. WARN: the volumes
the seed documents ask for, scaled by the profile's window and buyers.
"""

import math

from terp_seed.rules.core import Rule, RuleContext
from terp_seed.rules.integrity import links_resolve
from terp_seed.terp import people as vocab
from terp_seed.terp.people import PEOPLE_TABLES

TABLES = PEOPLE_TABLES
CENT_EPSILON = 0.005
# Minimums on the full profile (22 months, 60 buyers), from issue 12.
MINIMUMS = {
    "client_activity": 500,
    "client_communications": 300,
    "client_notes": 200,
    "comments": 500,
    "todo_lists": 50,
    "todo_tasks": 200,
}
FULL_MONTHS, FULL_BUYERS = 22, 60


def _end(context: RuleContext) -> str:
    return f"'{context.params.end.isoformat()} 23:59:59'"


# (table, user column) pairs that must name a staff user.
USER_COLUMNS = (
    ("client_activity", "user_id"),
    ("client_communications", "logged_by"),
    ("client_needs", "created_by"),
    ("vendorNotes", "userId"),
    ("freeform_notes", "userId"),
    ("note_activity", "userId"),
    ("note_comments", "userId"),
    ("comments", "user_id"),
    ("comments", "resolved_by"),
    ("comment_mentions", "mentioned_user_id"),
    ("comment_mentions", "mentioned_by_user_id"),
    ("todo_lists", "owner_id"),
    ("todo_list_members", "user_id"),
    ("todo_tasks", "assigned_to"),
    ("todo_tasks", "created_by"),
    ("todo_tasks", "completed_by"),
    ("todo_task_activity", "user_id"),
    ("inbox_items", "user_id"),
    ("notifications", "user_id"),
    ("auditLogs", "actorId"),
    ("order_audit_log", "user_id"),
)


# When each table's row happened: its actor must have had an account by then.
TIME_OF = {
    "client_activity": "created_at",
    "client_communications": "communicated_at",
    "client_needs": "created_at",
    "vendorNotes": "createdAt",
    "freeform_notes": "createdAt",
    "note_activity": "createdAt",
    "note_comments": "createdAt",
    "comments": "created_at",
    "comment_mentions": "created_at",
    "todo_lists": "created_at",
    "todo_list_members": "added_at",
    "todo_tasks": "created_at",
    "todo_task_activity": "created_at",
    "inbox_items": "created_at",
    "notifications": "created_at",
    "auditLogs": "createdAt",
    "order_audit_log": "timestamp",
}


def _unknown_users(_: RuleContext) -> str:
    return " UNION ALL ".join(
        f"SELECT '{table}.{column}' AS link, t.id AS row_id, t.{column} AS value "
        f"FROM {table} t LEFT JOIN users u ON u.id = t.{column} "
        f"WHERE t.{column} IS NOT NULL AND (u.id IS NULL OR u.createdAt > t.{TIME_OF[table]})"
        for table, column in USER_COLUMNS
    )


# What each commentable / inbox reference type points at, and when that record came to be.
REFERENCED = {
    vocab.COMMENT_ON_ORDER: ("orders", "created_at"),
    vocab.COMMENT_ON_CLIENT: ("clients", "created_at"),
    vocab.COMMENT_ON_BATCH: ("batches", "createdAt"),
    vocab.COMMENT_ON_TASK: ("todo_tasks", "created_at"),
    vocab.COMMENT_ON_EVENT: ("calendar_events", "created_at"),
}


def _records_missing_or_later(_: RuleContext) -> str:
    parts = []
    for kind, (table, created) in REFERENCED.items():
        for source, type_column, id_column, at in (
            ("comments", "commentable_type", "commentable_id", "created_at"),
            ("inbox_items", "reference_type", "reference_id", "created_at"),
        ):
            parts.append(
                f"SELECT '{source}' AS row_of, s.id, s.{type_column} AS kind, "
                f"s.{id_column} AS record_id, s.{at} AS dated, r.{created} AS record_created "
                f"FROM {source} s LEFT JOIN {table} r ON r.id = s.{id_column} "
                f"WHERE s.{type_column} = '{kind}' AND (r.id IS NULL OR s.{at} < r.{created})"
            )
    known = ", ".join(f"'{kind}'" for kind in REFERENCED)
    parts.append(
        "SELECT 'comments', id, commentable_type, commentable_id, created_at, NULL "
        f"FROM comments WHERE commentable_type NOT IN ({known})"
    )
    parts.append(
        "SELECT 'client_communications', c.id, c.communicationType, c.client_id, "
        "c.communicated_at, k.created_at FROM client_communications c "
        "LEFT JOIN clients k ON k.id = c.client_id "
        "WHERE k.id IS NULL OR c.communicated_at < k.created_at"
    )
    parts.append(
        "SELECT 'client_activity', a.id, a.activity_type, a.client_id, a.created_at, "
        "k.created_at FROM client_activity a LEFT JOIN clients k ON k.id = a.client_id "
        "WHERE k.id IS NULL OR a.created_at < k.created_at"
    )
    return " UNION ALL ".join(parts)


# (table, column) of every moment that has happened and so may not lie after as-of.
HAPPENED = (
    ("client_activity", "created_at"),
    ("client_communications", "communicated_at"),
    ("client_notes", "created_at"),
    ("client_needs", "created_at"),
    ("client_needs", "fulfilled_at"),
    ("client_meeting_history", "created_at"),
    ("match_records", "created_at"),
    ("match_records", "actioned_at"),
    ("vendorNotes", "createdAt"),
    ("freeform_notes", "createdAt"),
    ("note_activity", "createdAt"),
    ("note_comments", "createdAt"),
    ("comments", "created_at"),
    ("comments", "resolved_at"),
    ("comment_mentions", "created_at"),
    ("todo_lists", "created_at"),
    ("todo_tasks", "created_at"),
    ("todo_tasks", "completed_at"),
    ("todo_task_activity", "created_at"),
    ("inbox_items", "created_at"),
    ("inbox_items", "seen_at"),
    ("inbox_items", "completed_at"),
    ("notifications", "created_at"),
    ("auditLogs", "createdAt"),
    ("order_audit_log", "timestamp"),
)


def _out_of_time(context: RuleContext) -> str:
    end = _end(context)
    parts = [
        f"SELECT '{table}.{column}' AS moment, id, \"{column}\" AS dated FROM {table} "
        f'WHERE "{column}" > {end}'
        if context.dialect == "sqlite"
        else f"SELECT '{table}.{column}' AS moment, id, `{column}` AS dated FROM {table} "
        f"WHERE `{column}` > {end}"
        for table, column in HAPPENED
    ]
    parts += [
        "SELECT 'todo_tasks completed before created', id, completed_at FROM todo_tasks "
        "WHERE completed_at < created_at OR (is_completed = 1) <> (completed_at IS NOT NULL) "
        "OR (status = 'done') <> (is_completed = 1)",
        "SELECT 'comments resolved before written', id, resolved_at FROM comments "
        "WHERE resolved_at < created_at OR (is_resolved = 1) <> (resolved_at IS NOT NULL)",
        "SELECT 'inbox item seen before it arrived', id, seen_at FROM inbox_items "
        "WHERE seen_at < created_at OR completed_at < created_at",
    ]
    return " UNION ALL ".join(parts)


def _trail_off_history(_: RuleContext) -> str:
    # +1 per history row, -1 per audit row, by (record, moment, actor): any sum but 0 is a
    # change without its audit row or an audit row without its change.
    order_pairs = (
        "SELECT order_id AS record_id, changed_at AS moment, changed_by AS actor, 1 AS n "
        "FROM order_status_history UNION ALL SELECT order_id, timestamp, user_id, -1 "
        f"FROM order_audit_log WHERE action = '{vocab.ORDER_AUDIT_STATUS_CHANGE}'"
    )
    batch_pairs = (
        "SELECT batchId AS record_id, createdAt AS moment, changedBy AS actor, 1 AS n "
        "FROM batch_status_history UNION ALL SELECT entityId, createdAt, actorId, -1 "
        f"FROM auditLogs WHERE entity = '{vocab.AUDIT_BATCH_ENTITY}' AND action IN "
        f"('{vocab.AUDIT_BATCH_CREATED}', '{vocab.AUDIT_BATCH_STATUS_CHANGE}')"
    )
    return (
        "SELECT 'order' AS trail, record_id, moment, actor, SUM(n) AS unmatched "
        f"FROM ({order_pairs}) p GROUP BY record_id, moment, actor HAVING SUM(n) <> 0 "
        "UNION ALL SELECT 'batch', record_id, moment, actor, SUM(n) "
        f"FROM ({batch_pairs}) q GROUP BY record_id, moment, actor HAVING SUM(n) <> 0"
    )


def _paid_through(moment: str) -> str:
    """SQL: what had been allocated to invoice i by `moment` (credits never count here)."""
    return (
        "(SELECT COALESCE(SUM(a.allocated_amount), 0) FROM invoice_payments a "
        f"WHERE a.invoice_id = i.id AND a.allocated_at <= {moment})"
    )


def _calls_to_buyers_not_late(_: RuleContext) -> str:
    late = (
        "SELECT 1 FROM invoices i WHERE i.customerId = c.client_id AND i.status <> 'VOID' "
        "AND i.dueDate < DATE(c.communicated_at) "
        f"AND i.totalAmount - {_paid_through('c.communicated_at')} > {CENT_EPSILON}"
    )
    return (
        "SELECT c.id, c.client_id, c.communicated_at, c.subject FROM client_communications c "
        f"WHERE c.communicationType = '{vocab.CALL}' "
        f"AND c.subject LIKE '{vocab.COLLECTION_CALL_PREFIX}%' AND NOT EXISTS ({late})"
    )


def _reviews_of_buyers_not_near_limit(_: RuleContext) -> str:
    owed = (
        f"SELECT COALESCE(SUM(i.totalAmount - {_paid_through('c.communicated_at')}), 0) "
        "FROM invoices i WHERE i.customerId = c.client_id AND i.status <> 'VOID' "
        "AND i.invoiceDate <= DATE(c.communicated_at)"
    )
    return (
        f"SELECT c.id, c.client_id, c.communicated_at, k.credit_limit, ({owed}) AS owed "
        "FROM client_communications c JOIN clients k ON k.id = c.client_id "
        f"WHERE c.subject LIKE '{vocab.CREDIT_NOTE_PREFIX}%' "
        f"AND (k.credit_limit IS NULL OR k.credit_limit <= 0 "
        f"OR ({owed}) < {vocab.NEAR_LIMIT_SHARE} * k.credit_limit - {CENT_EPSILON})"
    )


def _mentions_unresolved(context: RuleContext) -> str:
    tag = (
        "'(' || m.mentioned_user_id || ')'"
        if context.dialect == "sqlite"
        else "CONCAT('(', m.mentioned_user_id, ')')"
    )
    return (
        "SELECT 'mention not in its comment' AS problem, m.id, m.comment_id AS source_id "
        "FROM comment_mentions m LEFT JOIN comments c ON c.id = m.comment_id "
        f"WHERE c.id IS NULL OR c.user_id <> m.mentioned_by_user_id "
        f"OR INSTR(c.content, {tag}) = 0 OR INSTR(c.content, '@[') = 0 "
        "UNION ALL SELECT 'inbox mention without its mention', x.id, x.source_id "
        "FROM inbox_items x LEFT JOIN comment_mentions m ON m.comment_id = x.source_id "
        "AND m.mentioned_user_id = x.user_id LEFT JOIN comments c ON c.id = x.source_id "
        f"WHERE x.source_type = '{vocab.INBOX_MENTION}' AND (m.id IS NULL "
        "OR c.commentable_type <> x.reference_type OR c.commentable_id <> x.reference_id) "
        "UNION ALL SELECT 'inbox task item without its assignment', x.id, x.source_id "
        "FROM inbox_items x LEFT JOIN todo_tasks t ON t.id = x.source_id "
        f"WHERE x.source_type = '{vocab.INBOX_TASK_ASSIGNMENT}' "
        "AND (t.id IS NULL OR t.assigned_to <> x.user_id)"
    )


def _needs_not_filled_by_their_orders(_: RuleContext) -> str:
    return (
        "SELECT 'order off its need' AS problem, o.id AS order_id, n.id AS need_id "
        "FROM orders o LEFT JOIN client_needs n ON n.id = o.client_need_id "
        "WHERE o.client_need_id IS NOT NULL AND (n.id IS NULL OR n.client_id <> o.client_id "
        "OR n.status <> 'FULFILLED' OR n.created_at > o.created_at "
        "OR n.fulfilled_at <> o.created_at) "
        "UNION ALL SELECT 'fulfilled need without its order', NULL, n.id FROM client_needs n "
        "LEFT JOIN orders o ON o.client_need_id = n.id "
        "WHERE n.status = 'FULFILLED' AND o.id IS NULL "
        "UNION ALL SELECT 'open need with a fill date', NULL, id FROM client_needs "
        "WHERE status = 'ACTIVE' AND fulfilled_at IS NOT NULL "
        "UNION ALL SELECT 'match outside its need and sale', m.sale_order_id, m.client_need_id "
        "FROM match_records m LEFT JOIN client_needs n ON n.id = m.client_need_id "
        "LEFT JOIN orders o ON o.id = m.sale_order_id WHERE m.resulted_in_sale = 1 AND "
        "(n.id IS NULL OR o.id IS NULL OR o.client_need_id <> n.id OR m.client_id <> n.client_id "
        "OR m.created_at < n.created_at OR m.created_at > o.created_at)"
    )


def _meetings_off_their_events(_: RuleContext) -> str:
    # A meeting's record follows its event: same buyer, outcome as the event's status, and
    # (when held) written once it was over; a cancellation may be recorded beforehand.
    return (
        "SELECT h.id, h.client_id, h.calendar_event_id, h.outcome, e.status, e.client_id "
        "AS event_client FROM client_meeting_history h LEFT JOIN calendar_events e "
        "ON e.id = h.calendar_event_id WHERE e.id IS NULL OR e.client_id <> h.client_id "
        "OR (h.outcome = 'completed') <> (e.status = 'COMPLETED') "
        "OR (h.outcome = 'completed' AND h.created_at < h.meeting_date)"
    )


def _scale(context: RuleContext) -> float:
    params = context.params
    months = (params.end.year - params.start.year) * 12 + params.end.month - params.start.month + 1
    return min(1.0, months / FULL_MONTHS) * min(1.0, params.buyers / FULL_BUYERS)


def _volume(table: str, minimum: int) -> Rule:
    return Rule(
        "R19",
        f"{table}_reach_their_minimum",
        f"At least {minimum} {table} rows on the full profile, scaled by window and buyers.",
        "figure",
        f"SELECT COUNT(*) AS figure FROM {table}",
        (table,),
        bounds=lambda context: (math.ceil(minimum * _scale(context)), math.inf),
        blocking=False,
    )


RULES = (
    links_resolve("people", TABLES),
    Rule(
        "R19",
        "people_rows_name_real_staff",
        "Every actor, author, assignee and mentioned colleague is a staff user with an account "
        "by then.",
        "violations",
        _unknown_users,
        (*TABLES, "users"),
    ),
    Rule(
        "R19",
        "people_rows_refer_to_records_that_existed",
        "Comments, inbox items, calls and activity point at a real record, written after it.",
        "violations",
        _records_missing_or_later,
        (*TABLES, "orders", "clients", "batches", "calendar_events"),
    ),
    Rule(
        "R19",
        "people_rows_dated_by_as_of",
        "Nothing that happened is dated after as-of; completions and reads follow creation.",
        "violations",
        _out_of_time,
        TABLES,
    ),
    Rule(
        "R19",
        "audit_trails_match_status_histories",
        "Each order and batch status change has exactly one audit row: same record, time, actor.",
        "violations",
        _trail_off_history,
        ("order_audit_log", "auditLogs", "order_status_history", "batch_status_history"),
    ),
    Rule(
        "R19",
        "collection_calls_only_to_late_buyers",
        "A collection call goes to a buyer with an invoice past due and unpaid at that moment.",
        "violations",
        _calls_to_buyers_not_late,
        ("client_communications", "invoices", "invoice_payments"),
    ),
    Rule(
        "R19",
        "credit_reviews_only_near_the_limit",
        "A credit review concerns a buyer owing at least 80% of its credit limit at that moment.",
        "violations",
        _reviews_of_buyers_not_near_limit,
        ("client_communications", "clients", "invoices", "invoice_payments"),
    ),
    Rule(
        "R19",
        "mentions_and_inbox_items_resolve",
        "Each mention is in its comment's text; each inbox item has the mention or task behind it.",
        "violations",
        _mentions_unresolved,
        ("comment_mentions", "comments", "inbox_items", "todo_tasks"),
    ),
    Rule(
        "R19",
        "orders_fill_the_needs_they_name",
        "An order placed for a need belongs to that buyer, after the need, and fulfilled it.",
        "violations",
        _needs_not_filled_by_their_orders,
        ("orders", "client_needs", "match_records"),
    ),
    Rule(
        "R19",
        "meeting_records_follow_their_events",
        "A client meeting record names its event's buyer, after it, with the event's outcome.",
        "violations",
        _meetings_off_their_events,
        ("client_meeting_history", "calendar_events"),
    ),
    *(_volume(table, minimum) for table, minimum in MINIMUMS.items()),
)
