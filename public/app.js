// Progressive enhancement of the server-rendered pages: submit without a reload, follow a pending
// result's progress, and draw the chart. Without JavaScript the forms post and the page refreshes.
import { drawBarChart } from './chart.js';

// Polling rather than server-sent events: each poll is one cheap indexed read, it survives proxies
// and platform idle timeouts unchanged, and it needs no extra connection per open tab on the web dyno.
const POLL_FIRST_MS = 700;
const POLL_MAX_MS = 3000;
const POLL_LIMIT_MS = 120000;

const form = document.getElementById('submit-form');
const urlInput = document.getElementById('url');
const submitButton = document.getElementById('submit');
const formError = document.getElementById('form-error');
const result = document.getElementById('result');

function setBusy(busy, label = 'Counting…') {
  submitButton.disabled = busy;
  submitButton.textContent = busy ? label : 'Count words';
}

function showFormError(message) {
  formError.textContent = message;
  formError.hidden = false;
  urlInput.setAttribute('aria-invalid', 'true');
  urlInput.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submitButton.disabled) return;
  setBusy(true, 'Submitting…');
  formError.hidden = true;
  urlInput.removeAttribute('aria-invalid');
  try {
    const response = await fetch('/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      // The same fields the form posts without JavaScript: url, content (when ticked) and language.
      body: JSON.stringify(Object.fromEntries(new FormData(form))),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status !== 202) throw new Error(body.error || `The server answered ${response.status}.`);
    window.location.assign(`/r/${body.key}`);
  } catch (error) {
    showFormError(error.message === 'Failed to fetch' ? 'Could not reach the server. Check your connection and try again.' : error.message);
    setBusy(false);
  }
});

// The stages, in order and in the page's words, are the list the server drew (src/core/results.ts).
function showStage(stage, progress) {
  const items = [...result.querySelectorAll('.stages li')];
  const current = items.findIndex((item) => item.dataset.stage === stage);
  items.forEach((item, index) => {
    item.className = index < current ? 'past' : index === current ? 'current' : '';
    if (index === current) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  });
  document.getElementById('progress').value = progress;
  document.getElementById('status-text').textContent = current === -1 ? '' : `${items[current].textContent}…`;
}


async function followProgress() {
  setBusy(true);
  const started = Date.now();
  let delay = POLL_FIRST_MS;
  while (Date.now() - started < POLL_LIMIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.3, POLL_MAX_MS);
    try {
      const response = await fetch(result.dataset.statusUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) continue;
      const status = await response.json();
      if (!result.dataset.pendingStages.split(' ').includes(status.stage)) return window.location.reload();
      showStage(status.stage, status.progress);
    } catch {
      // A dropped poll is retried on the next tick; the time limit still applies.
    }
  }
  document.getElementById('status-text').textContent =
    'This is taking much longer than expected. The result will appear at this address if it finishes; try again later.';
  setBusy(false);
}

function enhanceCompletedResult() {
  const options = document.getElementById('top-options');
  options?.addEventListener('change', () => options.requestSubmit());
  const chart = document.getElementById('chart');
  if (!chart || !window.d3) return;
  const rows = [...document.querySelectorAll('#top-words tbody tr')].map((row) => [row.dataset.word, Number(row.dataset.count)]);
  drawBarChart(chart, rows);
  let lastWidth = chart.clientWidth;
  new ResizeObserver(() => {
    if (chart.clientWidth !== lastWidth) drawBarChart(chart, rows);
    lastWidth = chart.clientWidth;
  }).observe(chart);
}

// A result the server already calls stale says so in the page; polling again would only spin.
if (result?.dataset.pending === 'true' && result.dataset.stale !== 'true') followProgress();
if (result?.dataset.pending === 'false') enhanceCompletedResult();
