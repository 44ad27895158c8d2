// The duty inbox and a chat page in it: the list refreshes when a chat changes, a chat page
// shows the person's messages as they come and sends the worker's replies over Socket.IO.
// Markup comes from the server (Jinja templates, escaped there); without this script the
// pages work as plain forms.
import { io } from "./socket.io.esm.min.js";

const socket = io("/duty");
const inbox = document.getElementById("inbox");
const log = document.getElementById("inbox-log");
const replyForm = document.getElementById("inbox-reply");
const risk = document.getElementById("inbox-risk");

async function refreshRows() {
  const answer = await fetch(inbox.dataset.rowsUrl, { credentials: "same-origin" });
  if (answer.ok) inbox.innerHTML = await answer.text();
}

if (inbox) socket.on("inbox_changed", refreshRows);

if (log) {
  const handoffId = Number(log.dataset.handoffId);
  log.scrollTop = log.scrollHeight;
  socket.on("connect", () => socket.emit("watch", { handoff_id: handoffId }));
  socket.on("chat_update", (update) => {
    if (update.handoff_id !== handoffId) return;
    log.insertAdjacentHTML("beforeend", update.html);
    log.scrollTop = log.scrollHeight;
    if (update.crisis && risk) risk.hidden = false;
  });
}

if (replyForm && log) {
  const text = replyForm.querySelector("textarea");
  replyForm.addEventListener("submit", (event) => {
    if (!socket.connected || !text.value.trim()) return; // the plain form posts instead
    event.preventDefault();
    const handoffId = Number(log.dataset.handoffId);
    socket.emit("staff_reply", { handoff_id: handoffId, text: text.value }, (answer) => {
      if (answer?.ok) text.value = "";
      text.focus();
    });
  });
}
