// Material's search worker, started through this one (search-start.js) so that Japanese is searched as
// a Japanese reader types it. Nothing else changes: Material's own worker does the searching.
//   - The query's full-width digits are folded to ASCII, as NFKC folds them, the index's too
//     (governance/site/search_ja.py): 第７条 and 第7条 find the same article.
//   - An article's number is one word: Material cuts Japanese with TinySegmenter, which would cut
//     第10条 into 第 / 1 / 0 / 条; here 第10条 stays whole, as the index holds it (ARTICLE_WORD there).
//   - The results leave the zero-width spaces that separate the index's words out of their snippets.
(function () {
  "use strict";
  var material = new URL(new URL(self.location.href).searchParams.get("material") || "", self.location.href);
  if (material.origin !== self.location.origin) throw new Error("search worker: not this site's: " + material);

  var ARTICLE_WORD = /(第[0-9]+条)/;
  var WORD_BREAK = /\u200b/g;

  function foldDigits(text) {
    return text.replace(/[\uff10-\uff19]/g, function (digit) {
      return String.fromCharCode(digit.charCodeAt(0) - 0xfee0);
    });
  }

  // Queries: listeners run in the order they were added, so this one runs before Material's.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string") message.data = foldDigits(message.data);
  });

  // Results: snippets and titles without the index's word breaks.
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && message.data.items) {
      message.data.items.forEach(function (group) {
        group.forEach(function (item) {
          if (typeof item.title === "string") item.title = item.title.replace(WORD_BREAK, "");
          if (typeof item.text === "string") item.text = item.text.replace(WORD_BREAK, "");
        });
      });
    }
    return post.apply(null, arguments);
  };

  function keepArticleWordsWhole(lunr) {
    var prototype = lunr && lunr.TinySegmenter && lunr.TinySegmenter.prototype;
    if (!prototype || prototype.segment.keepsArticleWords) return;
    var segment = prototype.segment;
    prototype.segment = function (text) {
      var words = [];
      text.split(ARTICLE_WORD).forEach(function (piece, index) {
        if (index % 2) words.push(piece);
        else if (piece) words.push.apply(words, segment.call(this, piece));
      }, this);
      return words;
    };
    prototype.segment.keepsArticleWords = true;
  }

  // Material loads its language support relative to its own address ("../lunr/..."), not this file's.
  var load = self.importScripts.bind(self);
  self.importScripts = function () {
    var urls = Array.prototype.map.call(arguments, function (url) {
      return new URL(url, material).href;
    });
    load.apply(null, urls);
    keepArticleWordsWhole(self.lunr);
  };
  load(material.href);
})();
