// "Leave this site quickly" on every chat page. It replaces this page and its entry in the
// browser's history with a neutral site, so Back does not bring the chat back; pressing
// Escape 3 times does the same. Without JavaScript the button is a plain link there.
const button = document.getElementById("quick-exit");

if (button) {
  const url = button.dataset.quickExitUrl || button.href;
  const hint = document.getElementById("quick-exit-hint");

  const leave = (event) => {
    event?.preventDefault();
    // Nothing of the chat stays on screen while the neutral site loads.
    document.body.hidden = true;
    document.title = "";
    // Messages typed offline and not yet sent (chat.js) are forgotten too.
    try {
      window.sessionStorage.removeItem("lpt-chat-unsent");
    } catch {
      // storage blocked: nothing was kept
    }
    // The guides the service worker kept for offline reading would show what was read: they
    // go too ("guides" is the worker's cache name). The crisis pages stay. Leaving waits for
    // that at most a moment.
    const forget = window.caches ? window.caches.delete("guides").catch(() => false) : null;
    const moment = new Promise((resolve) => setTimeout(resolve, 300));
    Promise.race([forget, moment]).finally(() => window.location.replace(url));
  };

  button.addEventListener("click", leave);

  if (hint) {
    hint.hidden = false;
    button.setAttribute("aria-describedby", hint.id);
  }

  let presses = [];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.repeat) return;
    const now = Date.now();
    presses = presses.filter((time) => now - time < 2000);
    presses.push(now);
    if (presses.length >= 3) leave(event);
  });
}
