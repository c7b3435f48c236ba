// rodtrad: characters left, shown as you type, for text areas with data-max-chars.
// Without this file the limit is still shown in the field's hint and checked by the server.
// The visible count updates at once; screen readers hear it after a pause in typing.
(function () {
  "use strict";
  var timers = {};
  function update(area, announce) {
    var limit = parseInt(area.getAttribute("data-max-chars"), 10);
    var target = document.getElementById(area.getAttribute("data-count-target"));
    if (!limit || !target) { return; }
    var used = area.value.replace(/\r\n/g, "\n").length;
    var left = limit - used;
    var template = left >= 0 ? target.getAttribute("data-left") : target.getAttribute("data-over");
    var text = (template || "").replace("%(count)s", String(Math.abs(left)));
    var visible = target.querySelector("[data-count-visible]");
    var spoken = target.querySelector("[data-count-spoken]");
    if (visible) { visible.textContent = text; }
    target.classList.toggle("save-state--error", left < 0);
    if (spoken && announce) {
      window.clearTimeout(timers[area.id]);
      timers[area.id] = window.setTimeout(function () { spoken.textContent = text; }, 1200);
    }
  }
  function init(root) {
    var areas = (root || document).querySelectorAll("textarea[data-max-chars]");
    for (var i = 0; i < areas.length; i++) { update(areas[i], false); }
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area && area.matches && area.matches("textarea[data-max-chars]")) { update(area, true); }
  });
})();
