-- 004: indexes that the API's statements need on a large campus, where
-- they read a whole table without them (t/e2e/scale/test_statement_plans.py
-- checks the generic plan of every statement on a generated campus). Each
-- is built under a lock that holds writes to its table for the
-- seconds the build takes (measured here: 0.6 s for 210,000 extra field
-- values, 0.05 s for 60,000 item properties).

-- users_profiles_by_extra_field: the users whose field has a value, compared
-- case-insensitively (a field every user has is otherwise read whole).
CREATE INDEX IF NOT EXISTS extra_field_values__field_id_value_lower
    ON extra_field_values (field_id, lower(value));

-- delete_user: the item properties that name the user, in any of the three
-- columns (otherwise the whole table, inside the deletion's transaction).
CREATE INDEX IF NOT EXISTS c_item_property__to_user_id       ON c_item_property (to_user_id);
CREATE INDEX IF NOT EXISTS c_item_property__insert_user_id   ON c_item_property (insert_user_id);
CREATE INDEX IF NOT EXISTS c_item_property__lastedit_user_id ON c_item_property (lastedit_user_id);
