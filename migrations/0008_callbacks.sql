ALTER TABLE "results" ADD COLUMN "callback_url" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "callback_pages" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "callback_state" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "callback_delivery" uuid;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "callback_attempts" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "callback_last_error" text;--> statement-breakpoint
CREATE INDEX "results_callback_pending_idx" ON "results" USING btree ("finished_at") WHERE "results"."callback_state" = 'pending';--> statement-breakpoint
-- A result that finishes with a callback to make has it marked pending in the transaction that
-- finishes it, so no finish can be stored without its callback (an outbox: the worker's dispatcher
-- queues pending callbacks, src/jobs/dispatch-callbacks.ts). A crawl's page takes its crawl's URL when
-- the crawl asked for its pages' callbacks. A trigger, like 0006's notice, so that every path to a
-- finished row (pages, crawl pages, a crawl's own row, failures, cancellation, crashed jobs) marks it.
CREATE FUNCTION wordcrawler_mark_callback_pending() RETURNS trigger AS $$
BEGIN
  IF NEW.callback_url IS NULL AND NEW.crawl_key IS NOT NULL THEN
    SELECT callback_url INTO NEW.callback_url FROM results WHERE key = NEW.crawl_key AND callback_pages;
  END IF;
  IF NEW.callback_url IS NOT NULL THEN
    NEW.callback_state := 'pending';
    NEW.callback_delivery := gen_random_uuid();
    NEW.callback_attempts := 0;
    NEW.callback_last_error := NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER results_callback_pending
  BEFORE UPDATE OF status ON results
  FOR EACH ROW
  WHEN (NEW.status IN ('completed', 'failed') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION wordcrawler_mark_callback_pending();
