// Highlight the cited passage named by the URL fragment (#x-<start>-<end>) on the source page.
// A passage can span several <mark> elements, so CSS :target alone cannot highlight it; Material's
// instant navigation also changes the URL without updating :target. Without JavaScript the link
// still lands on the passage's first word.
// A long source page comes in parts (generator/split.py): a link made before it was cut
// (source/#x-…, source/#p40) may name a passage or paragraph on another part; the list of parts
// (nav.page-parts, with each part's character range and paragraphs) says which, and the
// browser is sent there.
(function () {
  function partOf(id) {
    var passage = /^x-(\d+)-\d+$/.exec(id), paragraph = /^p(\d+)$/.exec(id), found = null;
    if (!passage && !paragraph) return null;
    document.querySelectorAll("nav.page-parts li[data-start]").forEach(function (li) {
      var hit = passage
        ? +li.dataset.start <= +passage[1] && +passage[1] < +li.dataset.stop
        : +li.dataset.first <= +paragraph[1] && +paragraph[1] <= +li.dataset.last;
      if (hit) found = li.querySelector("a");
    });
    return found;
  }
  function highlight() {
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (malformed) {
      // A fragment that is no valid percent-encoding (source/#%E0) names no passage.
    }
    document.querySelectorAll("mark.cited.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    if (id && !document.getElementById(id)) {
      var part = partOf(id);
      if (part) { location.replace(part.href.split("#")[0] + "#" + encodeURIComponent(id)); return; }
    }
    if (!/^x-\d+-\d+$/.test(id)) return;
    var marks = document.querySelectorAll('mark.cited[data-passages~="' + id + '"]');
    marks.forEach(function (el) { el.classList.add("is-target"); });
    var anchor = document.getElementById(id);
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(highlight); } else { document.addEventListener("DOMContentLoaded", highlight); }
  window.addEventListener("hashchange", highlight);
})();
