// Submits the form as JSON and polls GET /results/:key until the counts arrive, a failure is
// reported, or two minutes pass. Everything from the server is inserted as text, never as HTML.
const POLL_INTERVAL_MS = 1000;
const POLL_DEADLINE_MS = 120000;

const form = document.getElementById('submit-form');
const input = document.getElementById('url');
const button = document.getElementById('submit');
const statusLine = document.getElementById('status');
const table = document.getElementById('results');

function showStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
}

function showTable(rows) {
  const body = table.querySelector('tbody');
  body.replaceChildren(...rows.map(([word, count]) => {
    const row = document.createElement('tr');
    for (const value of [word, String(count)]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  }));
  table.hidden = false;
}

async function poll(resultsUrl, deadline) {
  while (Date.now() < deadline) {
    const response = await fetch(resultsUrl, { headers: { accept: 'application/json' } });
    const body = await response.json();
    if (response.status === 200) return body;
    if (response.status !== 202) throw new Error(body.error || `unexpected answer ${response.status}`);
    showStatus(body.status === 'queued' ? 'Waiting for a worker…' : `Counting… ${body.progress}%`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error('This is taking too long; try again later.');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = 'Counting…';
  table.hidden = true;
  showStatus('Submitting…');
  try {
    const response = await fetch('/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ url: input.value }),
    });
    const submitted = await response.json();
    if (response.status !== 202) throw new Error(submitted.error);
    const rows = await poll(submitted.results_url, Date.now() + POLL_DEADLINE_MS);
    showTable(rows);
    showStatus(rows.length ? `Top words on ${submitted.url}` : `No words found on ${submitted.url}`);
  } catch (error) {
    showStatus(error.message, true);
  } finally {
    button.disabled = false;
    button.textContent = 'Count words';
  }
});
