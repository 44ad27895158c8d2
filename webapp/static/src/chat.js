// The chat page: sends messages over Socket.IO and shows the assistant's replies.
// Markup comes from the server (Jinja templates); this file only inserts it. What the
// person typed is shown with textContent, so nothing they type is ever read as HTML.
import { io } from "./socket.io.esm.min.js";

const form = document.getElementById("chat-form");
const input = document.getElementById("message-text");
const chatLog = document.getElementById("chat-log");
const typing = document.getElementById("chat-typing");
const status = document.getElementById("chat-status");
const crisisCard = document.getElementById("crisis-card");
const connection = document.getElementById("chat-connection");
const offlineCard = document.getElementById("chat-offline");
const userTemplate = document.getElementById("user-message-template");
const locale = form.dataset.locale;
// Appointment times are shown in the browser's own time zone.
const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/London";

const socket = io("/chat");
// Acknowledgements come after the reply; a turn waits for the assistant up to 3 s.
const ACK_TIMEOUT_MS = 15000;
// Messages the server has not yet acknowledged, by id, with their bubbles: kept while
// offline and sent on reconnecting. A message sent again keeps its id, and the server answers
// an id only once (chat/resends.py), so nothing is answered twice.
const pending = new Map();
// They are also kept in this tab's session storage, so reloading the page before the
// connection comes back does not lose them. Session storage goes when the tab closes, and
// "Leave this site quickly" empties it (quick-exit.js).
const UNSENT_KEY = "lpt-chat-unsent";

// Someone who asked their system for less motion gets no smooth scrolling.
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
// The form inside a reply that was just sent, until its answer comes.
let sentForm = null;

function scrollToLatest() {
  const behavior = reducedMotion.matches ? "auto" : "smooth";
  chatLog.lastElementChild?.scrollIntoView({ block: "end", behavior });
}

function showStatus(message) {
  status.textContent = message;
  status.hidden = !message;
}

function appendUserMessage(text) {
  const message = userTemplate.content.firstElementChild.cloneNode(true);
  message.querySelector(".chat-text").textContent = text;
  chatLog.appendChild(message);
  scrollToLatest();
  return message;
}

function isOnline() {
  return socket.connected && navigator.onLine;
}

function send(text, payload) {
  showStatus("");
  if (isOnline()) connection.textContent = "";
  const message = { text, locale, timezone, client_id: newId() };
  if (payload) message.payload = payload;
  const bubble = appendUserMessage(text);
  pending.set(message.client_id, { message, bubble });
  keepUnsent();
  if (isOnline()) {
    deliver(message);
  } else {
    markWaiting(bubble);
    showOffline(true);
  }
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("-");
}

// Sent once now; kept until the server says it has it, else sent again on reconnecting.
function deliver(message) {
  const item = pending.get(message.client_id);
  if (!item || item.inFlight) return;
  item.inFlight = true;
  socket.timeout(ACK_TIMEOUT_MS).emit("user_message", message, (error) => {
    item.inFlight = false;
    if (error) return;
    pending.delete(message.client_id);
    keepUnsent();
    item.bubble.querySelector(".chat-message__note")?.remove();
  });
}

function keepUnsent() {
  try {
    const unsent = [...pending.values()].map(({ message }) => message);
    if (unsent.length) sessionStorage.setItem(UNSENT_KEY, JSON.stringify(unsent));
    else sessionStorage.removeItem(UNSENT_KEY);
  } catch {
    // Storage blocked or full: this page still keeps them until it is closed.
  }
}

// Messages a page before this one kept but never sent: shown again as not sent yet, and
// sent (with their own ids, so never twice) once connected.
function restoreUnsent() {
  let unsent = [];
  try {
    unsent = JSON.parse(sessionStorage.getItem(UNSENT_KEY) || "[]");
  } catch {
    unsent = [];
  }
  for (const message of Array.isArray(unsent) ? unsent : []) {
    if (typeof message?.text !== "string" || typeof message.client_id !== "string") continue;
    const bubble = appendUserMessage(message.text);
    markWaiting(bubble);
    pending.set(message.client_id, { message, bubble });
  }
}

function deliverPending() {
  pending.forEach(({ message }) => deliver(message));
}

function markWaiting(bubble) {
  if (bubble.querySelector(".chat-message__note")) return;
  const note = document.createElement("span");
  note.className = "chat-message__note";
  note.textContent = connection.dataset.waiting;
  bubble.appendChild(note);
}

// Offline: say so, and show the crisis numbers beside the message box (calls and texts need
// no internet). Back online: say so, and send what was kept.
function showOffline(offline) {
  const wasOffline = !offlineCard.hidden;
  offlineCard.hidden = !offline;
  if (offline && !wasOffline) connection.textContent = connection.dataset.offline;
  if (!offline && wasOffline) connection.textContent = connection.dataset.online;
}

function connectionChanged() {
  showOffline(!isOnline());
  if (isOnline()) deliverPending();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) {
    input.focus();
    return;
  }
  send(text);
  input.value = "";
  input.focus();
});

// Enter sends; Shift+Enter starts a new line.
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

chatLog.addEventListener("click", (event) => {
  const button = event.target.closest(".chat-quick-reply");
  if (!button) return;
  event.preventDefault();
  send(button.dataset.title, button.value);
  input.focus();
});

// Forms inside replies (booking details, find a booking) go over the socket; what is typed
// into them is not shown as a chat bubble and is never stored with the chat.
chatLog.addEventListener("submit", (event) => {
  const replyForm = event.target.closest(".chat-reply-form");
  if (!replyForm) return;
  event.preventDefault();
  const data = Object.fromEntries(new FormData(replyForm).entries());
  delete data.csrf_token;
  showStatus("");
  socket.emit("booking", { ...data, locale, timezone });
  sentForm = replyForm;
  // Focus leaves the form before its button is disabled, so it is never lost to the page.
  input.focus();
  setDisabled(replyForm, true);
});

function setDisabled(replyForm, disabled) {
  replyForm.querySelectorAll("button").forEach((button) => {
    button.disabled = disabled;
  });
}

// A form that was refused (too many requests, a server error) can be sent again.
function releaseSentForm() {
  if (sentForm) setDisabled(sentForm, false);
  sentForm = null;
}

socket.on("bot_typing", () => {
  typing.hidden = false;
});

// The ids of the messages whose answers are shown: an answer sent again after a reconnect
// (the first may have arrived before the connection dropped) is shown once.
const answered = new Set();

socket.on("bot_message", (message) => {
  typing.hidden = true;
  if (message.client_id) {
    if (answered.has(message.client_id)) return;
    answered.add(message.client_id);
  }
  if (message.page_locale) {
    // The person chose another language for the page: reload it in that language.
    window.location.assign(`/?lang=${encodeURIComponent(message.page_locale)}`);
    return;
  }
  chatLog.insertAdjacentHTML("beforeend", message.html);
  if (message.crisis) crisisCard.hidden = false;
  scrollToLatest();
  // Focus stays in the message box, unless a form just sent came back with a problem to fix.
  if (sentForm) {
    sentForm = null;
    const answer = chatLog.lastElementChild;
    answer?.querySelector(".nhsuk-form-group--error :is(input, select, textarea)")?.focus();
  }
});

// A duty worker's reply, with their first name and role (markup from the server).
socket.on("staff_message", (message) => {
  typing.hidden = true;
  chatLog.insertAdjacentHTML("beforeend", message.html);
  scrollToLatest();
});

socket.on("bad_input", (answer) => {
  typing.hidden = true;
  releaseSentForm();
  showStatus(answer.error.message);
});

socket.on("server_error", () => {
  typing.hidden = true;
  releaseSentForm();
  showStatus(status.dataset.serverError);
});

restoreUnsent();
socket.on("disconnect", connectionChanged);
socket.on("connect", connectionChanged);
window.addEventListener("offline", connectionChanged);
window.addEventListener("online", connectionChanged);
// The server refused the chat (too many open from this address) and said why: the socket
// does not try again. A failure on the way (no network) is retried, and says nothing.
socket.on("connect_error", (error) => {
  if (!socket.active) showStatus(error.message);
});

// Installable, and the crisis numbers offline: the service worker (served from the site's
// root) keeps the offline page of every language; it shows the one of the page seen last.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(() => {});
  window.caches
    ?.open("settings")
    .then((cache) => cache.put("/offline/language", new Response(locale)))
    .catch(() => {});
}
