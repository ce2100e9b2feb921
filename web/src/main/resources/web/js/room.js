// The room page: ask /assign for a room and show the link, or say plainly what went wrong.
import { call, roomProblem, show } from './api.js';

const form = document.getElementById('start-form');
const roomInput = document.getElementById('room');
const regionField = document.getElementById('region-field');
const regionSelect = document.getElementById('region');
const startButton = document.getElementById('start');
const errorBox = document.getElementById('error');
const result = document.getElementById('result');
const resultTitle = document.getElementById('result-title');
const resultNote = document.getElementById('result-note');
const link = document.getElementById('room-link');
const join = document.getElementById('join');
const copyButton = document.getElementById('copy');
const copyStatus = document.getElementById('copy-status');

let countdown = null; // the timer of a pending automatic retry, if any

function stopCountdown() {
  if (countdown !== null) {
    clearInterval(countdown);
    countdown = null;
  }
}

/** Shows "<text> N s" counting down each second, then calls done(). */
function countDown(seconds, text, done) {
  stopCountdown();
  let left = Math.max(1, seconds);
  const render = () => show(errorBox, text(left));
  render();
  countdown = setInterval(() => {
    left -= 1;
    if (left <= 0) {
      stopCountdown();
      done();
    } else {
      render();
    }
  }, 1000);
}

function validateRoom() {
  const problem = roomProblem(roomInput.value.trim());
  roomInput.setAttribute('aria-invalid', problem ? 'true' : 'false');
  return problem;
}

roomInput.addEventListener('input', () => {
  stopCountdown();
  const problem = validateRoom();
  show(errorBox, problem);
  startButton.disabled = false;
});

async function loadRegions() {
  const r = await call('/regions');
  if (!r.ok || !r.body || !Array.isArray(r.body.regions)) return;
  const regions = r.body.regions;
  for (const region of regions) {
    const option = document.createElement('option');
    option.value = region.name;
    option.textContent = region.eligible > 0 ? region.name : `${region.name} (busy)`;
    regionSelect.append(option);
  }
  regionField.hidden = regions.length <= 1;
}

function sentenceFor(r) {
  const message = r.body && typeof r.body.message === 'string' ? r.body.message : '';
  const code = r.body && r.body.error;
  if (r.network) return 'We could not reach Headroom. Check your connection and try again.';
  if (code === 'invalid_room' || code === 'unknown_region' || code === 'bad_request') {
    return message || 'That request was not accepted. Please check the room name.';
  }
  if (r.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return message || `The request failed (${r.status}). Please try again.`;
}

async function start() {
  stopCountdown();
  const room = roomInput.value.trim();
  const problem = validateRoom();
  if (problem) {
    show(errorBox, problem);
    roomInput.focus();
    return;
  }
  const payload = {};
  if (room) payload.room = room;
  if (regionSelect.value) payload.region = regionSelect.value;

  startButton.disabled = true;
  show(errorBox, '');
  const r = await call('/assign', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  startButton.disabled = false;

  if (r.ok && r.body && typeof r.body.url === 'string') {
    showResult(r.body);
    return;
  }
  const code = r.body && r.body.error;
  if (r.status === 503 && (code === 'no_capacity' || code === 'no_data')) {
    const busy = code === 'no_capacity'
      ? (r.body.message && r.body.message.startsWith('No video bridge') ? 'No video bridge is reachable' : 'All bridges are busy')
      : 'Headroom is still starting up';
    countDown(r.retryAfter || 10, (s) => `${busy} — trying again in ${s} s.`, start);
    return;
  }
  if (r.status === 429) {
    startButton.disabled = true;
    countDown(r.retryAfter || 10, (s) => `You have started many meetings in a short time. You can start another in ${s} s.`, () => {
      startButton.disabled = false;
      show(errorBox, '');
    });
    return;
  }
  show(errorBox, sentenceFor(r));
}

function showResult(body) {
  link.href = body.url;
  link.textContent = body.url;
  join.href = body.url;
  copyStatus.textContent = '';
  const notes = [];
  if (body.spilled) notes.push(`Your region was full, so this room is in ${body.region || 'another region'}.`);
  if (body.degraded) notes.push('Fleet data is a little old right now; the room still works.');
  show(resultNote, notes.join(' '));
  result.hidden = false;
  resultTitle.focus();
}

async function copyLink() {
  const text = link.textContent;
  try {
    await navigator.clipboard.writeText(text);
    copyStatus.textContent = 'Link copied.';
  } catch (e) {
    // No clipboard access (insecure context, permissions): select the link so Ctrl+C works.
    const range = document.createRange();
    range.selectNodeContents(link);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copyStatus.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});
copyButton.addEventListener('click', copyLink);
loadRegions();
