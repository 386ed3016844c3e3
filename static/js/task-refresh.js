// Progressive enhancement of a task's page: without JavaScript the page has a "Check again"
// link; with it, the state below is fetched again every few seconds and replaced in place
// (a polite live region announces the change), until the task is finished. No page reload,
// so nothing moves under a keyboard or screen-reader user while they read.
const region = document.querySelector("[data-task-refresh]");
if (region) {
  const seconds = Number(region.dataset.taskRefresh) || 3;
  const check = async () => {
    try {
      const response = await fetch(window.location.href, {
        headers: { Accept: "text/html" },
        cache: "no-store",
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-task-region]");
      const current = document.querySelector("[data-task-region]");
      if (fresh && current && fresh.innerHTML !== current.innerHTML) {
        current.innerHTML = fresh.innerHTML;
      }
      if (fresh && fresh.dataset.taskFinished === "true") return;
    } catch {
      // A network hiccup: try again at the next tick.
    }
    window.setTimeout(check, seconds * 1000);
  };
  window.setTimeout(check, seconds * 1000);
}
