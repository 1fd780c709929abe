-- 006: indexes of the class and audit actions (25-groups-audit.md).
--   * usergroup__name_lower_rtrim: a class name is compared as MySQL does
--     (case-insensitive, trailing spaces ignored) by group_exists and
--     add_group;
--   * track_e_default__event_type_date: get_audit_items reads one event type,
--     newest first (ties in ascending id), LIMIT/OFFSET.
CREATE INDEX IF NOT EXISTS usergroup__name_lower_rtrim ON usergroup (lower(rtrim(name, ' ')));
CREATE INDEX IF NOT EXISTS track_e_default__event_type_date
    ON track_e_default (lower(default_event_type), default_date DESC NULLS LAST, default_id);
