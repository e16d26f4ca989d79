// A running site crawl's page: its counters from each /status poll, its list of pages refreshed when they
// change, and its Cancel button. The list is refetched as the page's own HTML, so that
// views/partials/crawl-pages.ejs stays the only markup for it.

const STALLED = 'This is taking much longer than expected. The result will appear at this address if it finishes; try again later.';

/** Returns what to do with each status poll of the crawl shown in `result`. */
export function followCrawl(result) {
  const progress = document.getElementById('progress');
  const statusText = document.getElementById('status-text');
  const starting = document.getElementById('crawl-starting');
  let shownPages = '';
  let cancelled = false;
  enableCancel(document.getElementById('cancel-crawl'), (message, done) => {
    cancelled = done;
    statusText.textContent = message;
  });

  return async (status) => {
    const { pages, crawl } = status;
    if (!pages || !crawl) return;
    progress.max = crawl.max_pages;
    progress.value = Math.min(pages.completed, crawl.max_pages);
    progress.textContent = `${pages.completed} of ${crawl.max_pages}`;
    if (!cancelled) statusText.textContent = `${pages.completed} of ${crawl.max_pages} pages counted`;
    for (const counter of result.querySelectorAll('[data-counter]')) counter.textContent = pages[counter.dataset.counter] ?? '';
    starting.hidden = Object.values(pages).some((count) => count > 0);
    const signature = JSON.stringify(pages);
    if (signature !== shownPages && (await refreshPageList())) shownPages = signature;
  };
}

/** The stalled message, for the caller's time limit. */
export function showCrawlStalled() {
  document.getElementById('status-text').textContent = STALLED;
}

/** Swaps the list for the server's current one; false when it could not (or should not yet). */
async function refreshPageList() {
  const current = document.getElementById('crawl-pages');
  // Replacing the list under a keyboard user's focus would throw them back to the top of the page.
  if (!current || current.contains(document.activeElement)) return false;
  const response = await fetch(window.location.href, { headers: { accept: 'text/html' } });
  if (!response.ok) return false;
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('crawl-pages');
  if (!fresh || current.contains(document.activeElement)) return false;
  current.replaceWith(document.importNode(fresh, true));
  return true;
}

/** Cancelling is a POST to the API; `report(message, done)` says how it went. */
function enableCancel(button, report) {
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Cancelling…';
    try {
      const response = await fetch(button.dataset.cancelUrl, { method: 'POST', headers: { accept: 'application/json' } });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 202) throw new Error(body.error || `the server answered ${response.status}`);
      button.textContent = 'Cancelled';
      report('Cancelled. Pages being fetched right now finish first; then the result of the pages counted appears here.', true);
    } catch (error) {
      button.disabled = false;
      button.textContent = 'Cancel the crawl';
      report(`Could not cancel: ${error.message === 'Failed to fetch' ? 'the server could not be reached' : error.message}.`, false);
    }
  });
}
