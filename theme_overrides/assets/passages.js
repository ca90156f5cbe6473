// Highlight the cited passage named by the URL fragment (#x-<start>-<end>) on the source page.
// A passage can span several <mark> elements, so CSS :target alone cannot highlight it; Material's
// instant navigation also changes the URL without updating :target. Without JavaScript the link
// still lands on the passage's first word.
(function () {
  function highlight() {
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (malformed) {
      // A fragment that is no valid percent-encoding (source/#%E0) names no passage.
    }
    document.querySelectorAll("mark.cited.is-target").forEach(function (el) { el.classList.remove("is-target"); });
    if (!/^x-\d+-\d+$/.test(id)) return;
    var marks = document.querySelectorAll('mark.cited[data-passages~="' + id + '"]');
    marks.forEach(function (el) { el.classList.add("is-target"); });
    var anchor = document.getElementById(id);
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(highlight); } else { document.addEventListener("DOMContentLoaded", highlight); }
  window.addEventListener("hashchange", highlight);
})();
