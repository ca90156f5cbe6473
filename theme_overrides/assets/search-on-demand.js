// Search on demand: the search index (search/search_index.json, which grows with the story) is
// downloaded when the reader starts to search, not on every page load.
//
// Material's bundle requests the index with an XMLHttpRequest as soon as a page loads. This file,
// loaded just before the bundle (main.html), holds back the sending of that one GET request until
// the reader starts to search, which is when the search box gets the focus: a click, a tap on the
// search icon, Tab, or Material's "/", "s" and "f" keys all focus it, and no query can be typed
// without it. Until then the search box shows Material's "Initializing search"; a query typed
// meanwhile runs once the index is in.
//
// It fails safe, towards loading eagerly as before: any other request is untouched; the index is
// sent at once when the page has no search box this script recognises (a changed Material), when
// the page was opened with Material's ?h= highlight (which needs the index), and whenever the
// request is not made with XMLHttpRequest (a Material that uses fetch, or search_index.js under
// file://), this script does nothing at all.
(function () {
  "use strict";
  var proto = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!proto || typeof proto.open !== "function" || typeof proto.send !== "function" ||
      typeof window.WeakSet !== "function" || typeof window.URL !== "function") return;
  var open = proto.open, send = proto.send;
  var index = new WeakSet();  // requests opened as GET …/search/search_index.json
  var started = false;        // the reader has started to search
  var held = [];              // [request, send's arguments] held back until then

  function isIndex(method, url) {
    try {
      return String(method).toUpperCase() === "GET" &&
        /\/search\/search_index\.json$/.test(new URL(String(url), document.baseURI).pathname);
    } catch (invalid) {
      return false;
    }
  }
  function start() {
    if (started) return;
    started = true;
    var waiting = held;
    held = [];
    waiting.forEach(function (request) { send.apply(request[0], request[1]); });
  }
  function hasSearchBox() {
    return !!(document.getElementById("__search") &&
              document.querySelector('form[name="search"] input[name="query"]'));
  }
  function wantsHighlight() {
    try {
      return new URLSearchParams(location.search).has("h");
    } catch (old) {
      return true;
    }
  }

  proto.open = function (method, url) {
    if (isIndex(method, url)) index.add(this); else index.delete(this);
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (started || !index.has(this)) return send.apply(this, arguments);
    if (!hasSearchBox() || wantsHighlight()) {
      start();
      return send.apply(this, arguments);
    }
    held.push([this, arguments]);
  };

  function inSearch(node) {
    return !!(node && node.closest && node.closest('[data-md-component="search"], form[name="search"]'));
  }
  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) start();
  }, true);
})();
