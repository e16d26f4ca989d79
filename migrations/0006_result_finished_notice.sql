-- A result that finishes (completed or failed) says so on the channel wordcrawler_result_finished,
-- with its key as the payload, when its transaction commits. Web processes listen, so a poll of an
-- unfinished result can be answered without a query and a waiting request wakes at once
-- (src/db/finished-results.ts). A trigger, so that every path to a finished row says it.
CREATE FUNCTION wordcrawler_notify_result_finished() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('wordcrawler_result_finished', NEW.key::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER results_finished_notice
  AFTER UPDATE OF status ON results
  FOR EACH ROW
  WHEN (NEW.status IN ('completed', 'failed') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION wordcrawler_notify_result_finished();
