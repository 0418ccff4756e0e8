// A language link leads to the same article in the other language: carry the #article-5-2 anchor
// along. Without this script the plain link still opens the translation at its top.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.governance-language");
  if (!link || !window.location.hash) return;
  event.preventDefault();
  window.location.href = link.href.split("#")[0] + window.location.hash;
});
