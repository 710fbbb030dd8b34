/*
 * Career Advisor chat widget: a floating button that opens the advisor in an iframe.
 *
 *   <script src="https://advisor.example.org/widget.js"
 *           data-title="Ask the AI-architect advisor"></script>
 *
 * Plain JavaScript, no build step. The chat is loaded from the same place as this
 * script (sub-path included, e.g. https://example.org/advisor/embed/), and only
 * when the button is first clicked. Everything lives in a Shadow DOM under one
 * <career-advisor-widget> element, so the host page's styles neither reach in
 * nor get touched. Options (data-* attributes on the script tag):
 *   data-title  panel title and button label (default "Ask the AI-architect advisor")
 *   data-color  accent colour (default #4f46e5)
 *   data-open   "true" to open the panel on page load
 * window.CareerAdvisorWidget.open() / .close() / .toggle() control it from the page.
 */
(function () {
  "use strict";
  if (window.CareerAdvisorWidget) return; // included twice: keep the first

  var script =
    document.currentScript ||
    (function () {
      var all = document.querySelectorAll('script[src*="widget.js"]');
      return all[all.length - 1];
    })();
  if (!script) return;

  // https://host/advisor/widget.js?v=1 -> https://host/advisor/
  var base = new URL(".", new URL(script.src, document.baseURI)).href;
  var title = script.getAttribute("data-title") || "Ask the AI-architect advisor";
  var color = script.getAttribute("data-color") || "#4f46e5";
  if (!/^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]+$/.test(color)) color = "#4f46e5";
  var startOpen = script.getAttribute("data-open") === "true";

  var CSS =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:58px;height:58px;" +
    "border:0;border-radius:50%;background:" + color + ";color:#fff;cursor:pointer;display:flex;" +
    "align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(0,0,0,.25);" +
    "transition:transform .15s ease}" +
    ".launcher:hover{transform:scale(1.06)}" +
    ".launcher:focus-visible,.close:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}" +
    ".launcher svg{width:28px;height:28px;fill:currentColor}" +
    ".panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:400px;height:620px;" +
    "max-width:calc(100vw - 40px);max-height:calc(100vh - 112px);display:none;flex-direction:column;" +
    "background:#fff;border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.3)}" +
    ".panel.open{display:flex}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:10px 12px 10px 16px;" +
    "background:" + color + ";color:#fff;font:600 15px/1.3 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}" +
    ".close{border:0;background:transparent;color:#fff;font:400 24px/1 system-ui,sans-serif;cursor:pointer;" +
    "padding:2px 6px;border-radius:6px}" +
    ".close:hover{background:rgba(255,255,255,.15)}" +
    "iframe{flex:1;width:100%;border:0;background:#fff}" +
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;max-width:none;" +
    "max-height:none;border-radius:0}}";

  var ICON_CHAT =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 ' +
    '2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 ' +
    '0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/></svg>';
  var ICON_CLOSE =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 1 0-1.4 ' +
    '1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z"/></svg>';

  function el(tag, attrs) {
    var node = document.createElement(tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  var host = el("career-advisor-widget", {});
  // Inline !important so host-page rules cannot move or hide the (empty) host element.
  host.style.setProperty("all", "initial", "important");
  host.style.setProperty("position", "static", "important");
  var root = host.attachShadow({ mode: "open" });

  var style = document.createElement("style");
  style.textContent = CSS;

  var panel = el("div", { class: "panel", role: "dialog", "aria-label": title, id: "career-advisor-panel" });
  var bar = el("div", { class: "bar" });
  var heading = el("span", {});
  heading.textContent = title;
  var closeBtn = el("button", { class: "close", type: "button", "aria-label": "Close" });
  closeBtn.textContent = "\u00d7";
  bar.appendChild(heading);
  bar.appendChild(closeBtn);
  panel.appendChild(bar);

  var launcher = el("button", {
    class: "launcher",
    type: "button",
    title: title,
    "aria-label": title,
    "aria-expanded": "false",
    "aria-controls": "career-advisor-panel",
  });
  launcher.innerHTML = ICON_CHAT; // constant markup, no user data

  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(launcher);

  var frame = null;
  function open() {
    if (!frame) {
      // Created on first open, so pages that never use the chat never load it.
      frame = el("iframe", { src: base + "embed/", title: title, allow: "clipboard-write" });
      panel.appendChild(frame);
    }
    panel.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.innerHTML = ICON_CLOSE;
  }
  function close() {
    panel.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.innerHTML = ICON_CHAT;
  }
  function toggle() {
    if (panel.classList.contains("open")) close();
    else open();
  }

  launcher.addEventListener("click", toggle);
  closeBtn.addEventListener("click", function () {
    close();
    launcher.focus();
  });
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape") close();
  });

  function mount() {
    document.body.appendChild(host);
    if (startOpen) open();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.CareerAdvisorWidget = { open: open, close: close, toggle: toggle };
})();
