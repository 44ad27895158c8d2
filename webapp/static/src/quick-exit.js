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
    window.location.replace(url);
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
