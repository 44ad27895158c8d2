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
const userTemplate = document.getElementById("user-message-template");
const locale = form.dataset.locale;
// Appointment times are shown in the browser's own time zone.
const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/London";

// Socket.IO keeps messages emitted while offline and sends them on reconnecting.
const socket = io("/chat");

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
}

function send(text, payload) {
  showStatus("");
  const message = { text, locale, timezone };
  if (payload) message.payload = payload;
  socket.emit("user_message", message);
  appendUserMessage(text);
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

socket.on("bot_message", (message) => {
  typing.hidden = true;
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

socket.on("disconnect", () => showStatus(status.dataset.offline));
socket.on("connect", () => showStatus(""));
// The server refused the chat (too many open from this address) and said why: the socket
// does not try again. A failure on the way (no network) is retried, and says nothing.
socket.on("connect_error", (error) => {
  if (!socket.active) showStatus(error.message);
});
