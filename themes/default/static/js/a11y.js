// Text size and contrast for older readers (适老化): three sizes (1×, 1.25×, 1.5×) and a
// high-contrast mode, remembered across pages in localStorage. The page is complete without this
// script; the controls appear only when it runs.
(function () {
  "use strict";
  var d = document.documentElement;
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  function apply() {
    var size = d.getAttribute("data-size") || "m";
    var high = d.getAttribute("data-contrast") === "high";
    var buttons = document.querySelectorAll("[data-set-size]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-set-size") === size));
    }
    var c = document.querySelector("[data-toggle-contrast]");
    if (c) c.setAttribute("aria-pressed", String(high));
  }
  function init() {
    var tools = document.querySelector(".a11y-tools");
    if (!tools) return;
    tools.hidden = false;
    tools.addEventListener("click", function (ev) {
      var b = ev.target.closest ? ev.target.closest("button") : null;
      if (!b) return;
      if (b.hasAttribute("data-set-size")) {
        var size = b.getAttribute("data-set-size");
        if (size === "m") d.removeAttribute("data-size"); else d.setAttribute("data-size", size);
        store.set("pufa-size", size);
      } else if (b.hasAttribute("data-toggle-contrast")) {
        var high = d.getAttribute("data-contrast") !== "high";
        if (high) d.setAttribute("data-contrast", "high"); else d.removeAttribute("data-contrast");
        store.set("pufa-contrast", high ? "high" : "normal");
      }
      apply();
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
