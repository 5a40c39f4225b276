// Refreshes a region marked data-refresh="seconds" in place, from the same URL, while the tab is visible
// and the person is not using a control inside it. No other script runs on these pages.
(function () {
  const region = document.querySelector('[data-refresh]');
  if (!region) return;
  const seconds = Math.max(5, parseInt(region.getAttribute('data-refresh'), 10) || 15);
  async function refresh() {
    if (document.hidden || region.contains(document.activeElement)) return;
    try {
      const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Refresh': '1' } });
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = doc.getElementById(region.id);
      if (fresh) region.innerHTML = fresh.innerHTML;
    } catch (e) { /* offline for a moment: try again next time */ }
  }
  setInterval(refresh, seconds * 1000);
})();
