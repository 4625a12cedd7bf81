-- Wake the inbound relay when callbacks are recorded. A statement-level trigger costs the callback
-- path nothing extra (no second statement), and NOTIFY is delivered only when the insert commits.
CREATE FUNCTION "notify_inbound_event"() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('xiaoban_inbound_event', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "inbound_event_notify"
    AFTER INSERT ON "inbound_event"
    FOR EACH STATEMENT EXECUTE FUNCTION "notify_inbound_event"();
