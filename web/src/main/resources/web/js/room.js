// The room page: ask /assign for a room and show the link, or say plainly what is happening.
//
// Waits (a full fleet, the rate limit, Headroom unreachable) count down on screen and retry by
// themselves; typing never cancels them. Screen readers hear a wait when it starts and when the
// retry happens (#announce, polite), not every second of the countdown.
import { call, hostOf, show, toRoomName } from './api.js';

const REGIONS_REFRESH_MS = 30000;

const form = document.getElementById('start-form');
const roomInput = document.getElementById('room');
const roomHint = document.getElementById('room-hint');
const regionField = document.getElementById('region-field');
const regionSelect = document.getElementById('region');
const regionHint = document.getElementById('region-hint');
const startButton = document.getElementById('start');
const notice = document.getElementById('error');
const announcer = document.getElementById('announce');
const result = document.getElementById('result');
const resultTitle = document.getElementById('result-title');
const resultNote = document.getElementById('result-note');
const shareLine = document.getElementById('share-line');
const shareLink = document.getElementById('share-link');
const link = document.getElementById('room-link');
const join = document.getElementById('join');
const copyButton = document.getElementById('copy');
const shareButton = document.getElementById('share');
const copyStatus = document.getElementById('copy-status');

const DEFAULT_HINT = roomHint.textContent;
let countdown = null; // the timer of a pending wait, if any
let unreachableTries = 0;

function announce(text) {
  announcer.textContent = text;
}

/** A sentence in the notice box: kind 'error' (something to fix) or 'waiting' (it will retry). */
function say(kind, text) {
  notice.className = `notice ${kind}`;
  show(notice, text);
}

function clearNotice() {
  show(notice, '');
}

function stopCountdown() {
  if (countdown !== null) {
    clearInterval(countdown);
    countdown = null;
  }
}

/**
 * Shows text(N) counting down each second as a waiting notice, then calls done(). Announced once
 * at the start; the per-second changes are not in a live region.
 */
function wait(seconds, text, done) {
  stopCountdown();
  let left = Math.max(1, seconds);
  say('waiting', text(left));
  announce(text(left));
  countdown = setInterval(() => {
    left -= 1;
    if (left <= 0) {
      stopCountdown();
      done();
    } else {
      say('waiting', text(left));
    }
  }, 1000);
}

function stableLink(room) {
  return `${window.location.origin}/r/${room}`;
}

/** "Team sync" → "team-sync" in the field as people type, the link it gives in the hint. */
function tidyRoomName(event) {
  if (event && event.isComposing) return;
  const typed = roomInput.value;
  const caret = roomInput.selectionStart ?? typed.length;
  const { name, dropped } = toRoomName(typed);
  if (name !== typed) {
    const before = toRoomName(typed.slice(0, caret)).name.length;
    roomInput.value = name;
    roomInput.setSelectionRange(before, before);
  }
  if (name) {
    roomHint.textContent = `Your link: ${stableLink(name)}${dropped ? ' — only letters, digits, “-” and “_” are kept.' : ''}`;
  } else {
    roomHint.textContent = dropped ? 'Only letters, digits, “-” and “_” are kept.' : DEFAULT_HINT;
  }
  regionSelect.disabled = name !== '';
  regionHint.hidden = name === '';
}

roomInput.addEventListener('input', tidyRoomName);
roomInput.addEventListener('compositionend', () => tidyRoomName());
regionSelect.addEventListener('focus', refreshRegions);
regionSelect.addEventListener('pointerdown', refreshRegions);

function regionText(region) {
  const name = typeof region.label === 'string' && region.label ? region.label : region.name;
  return region.eligible > 0 ? name : `${name} (busy)`;
}

/**
 * Fills the region choice and keeps its "(busy)" marks current (every 30 s, and whenever someone
 * opens the choice); the selection stays.
 */
async function loadRegions() {
  await refreshRegions();
  setTimeout(loadRegions, REGIONS_REFRESH_MS);
}

async function refreshRegions() {
  const r = await call('/regions');
  if (r.ok && r.body && Array.isArray(r.body.regions)) {
    const regions = r.body.regions;
    const existing = new Map();
    for (const option of regionSelect.options) if (option.value) existing.set(option.value, option);
    for (const region of regions) {
      let option = existing.get(region.name);
      if (!option) {
        option = document.createElement('option');
        option.value = region.name;
        regionSelect.append(option);
      }
      existing.delete(region.name);
      const text = regionText(region);
      if (option.textContent !== text) option.textContent = text;
    }
    for (const gone of existing.values()) {
      if (!gone.selected) gone.remove();
    }
    regionField.hidden = regions.length <= 1;
  }
}

function sentenceFor(r) {
  const message = r.body && typeof r.body.message === 'string' ? r.body.message : '';
  const code = r.body && r.body.error;
  if (code === 'invalid_room' || code === 'unknown_region' || code === 'bad_request') {
    return message || 'That request was not accepted. Please check the room name.';
  }
  if (r.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return message || `The request failed (${r.status}). Please try again.`;
}

async function start() {
  stopCountdown();
  result.hidden = true; // never leave an old link under a new attempt
  copyStatus.textContent = '';
  const room = toRoomName(roomInput.value.trim()).name;
  const payload = {};
  if (room) payload.room = room;
  if (!room && regionSelect.value) payload.region = regionSelect.value;

  startButton.disabled = true;
  clearNotice();
  const r = await call('/assign', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  startButton.disabled = false;

  if (r.ok && r.body && typeof r.body.url === 'string') {
    unreachableTries = 0;
    clearNotice();
    announce('Your meeting is ready.');
    showResult(r.body, room !== '');
    return;
  }
  if (r.network) {
    unreachableTries += 1;
    const seconds = Math.min(30, 5 * 2 ** (unreachableTries - 1));
    wait(seconds, (s) => `Headroom is not answering right now — trying again in ${s} s.`, retry);
    return;
  }
  unreachableTries = 0;
  const code = r.body && r.body.error;
  if (r.status === 503) {
    let busy = 'Headroom is restarting';
    if (code === 'no_capacity') {
      busy = r.body.message && r.body.message.startsWith('No video bridge') ? 'No video bridge is reachable' : 'All bridges are busy';
    } else if (code === 'no_data') {
      busy = 'Headroom is still starting up';
    }
    wait(r.retryAfter || 10, (s) => `${busy} — trying again in ${s} s.`, retry);
    return;
  }
  if (r.status === 429) {
    startButton.disabled = true;
    wait(r.retryAfter || 10, (s) => `You have started many meetings in a short time. You can start another in ${s} s.`, () => {
      startButton.disabled = false;
      clearNotice();
      announce('You can start a meeting again.');
    });
    return;
  }
  say('error', sentenceFor(r));
  announce(sentenceFor(r));
}

function retry() {
  announce('Trying again now.');
  start();
}

function showResult(body, named) {
  link.href = body.url;
  link.textContent = body.url;
  join.href = body.url;
  if (named) {
    const stable = stableLink(body.room);
    shareLink.href = stable;
    shareLink.textContent = stable;
  }
  shareLine.hidden = !named;
  copyStatus.textContent = '';
  const notes = [];
  if (body.spilled) notes.push(`Your region was full, so this room is in ${body.region || 'another region'} (${hostOf(body.bridge)}).`);
  if (body.degraded) notes.push('Fleet data is a little old right now; the room still works.');
  show(resultNote, notes.join(' '));
  shareButton.hidden = typeof navigator.share !== 'function';
  result.hidden = false;
  resultTitle.focus();
}

/** The link to hand to others: the stable one for a named room, the room's own otherwise. */
function linkToShare() {
  return shareLine.hidden ? link.href : shareLink.href;
}

function touchDevice() {
  return window.matchMedia('(pointer: coarse)').matches;
}

async function copyLink() {
  const text = linkToShare();
  try {
    await navigator.clipboard.writeText(text);
    copyStatus.textContent = 'Link copied.';
  } catch (e) {
    // No clipboard access (insecure context, permissions): select the link for the person.
    const range = document.createRange();
    range.selectNodeContents(shareLine.hidden ? link : shareLink);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (touchDevice()) {
      copyStatus.textContent = typeof navigator.share === 'function'
        ? 'The link is selected. Use “Share…” to send it.'
        : 'The link is selected. Touch and hold it to copy it.';
    } else {
      copyStatus.textContent = 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
    }
  }
}

async function shareMeeting() {
  try {
    await navigator.share({ title: 'Join my meeting', url: linkToShare() });
  } catch (e) {
    // The person closed the share sheet: nothing to say.
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (startButton.disabled) return;
  start();
});
copyButton.addEventListener('click', copyLink);
shareButton.addEventListener('click', shareMeeting);
tidyRoomName();
loadRegions();
