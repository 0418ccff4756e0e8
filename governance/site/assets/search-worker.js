// Material's search worker, started through this one (search-start.js) so that Japanese is searched as
// a Japanese reader types it. Nothing else changes: Material's own worker does the searching. Served by
// the regulations plugin from the package (governance/site/assets), so a site needs no copy of it.
//   - The query's full-width digits are folded to ASCII, as NFKC folds them, the index's too
//     (governance/site/search_ja.py): 第７条 and 第7条 find the same article.
//   - An article's number in kanji is read as digits: 第十二条 is searched as 第12条. The index holds a
//     number written in kanji with its twin in digits (第十二条, then 第12条 between two pairs of word
//     breaks), so 第12条 finds 第十二条 too; the twin is taken out of the results.
//   - An article's number is one word: Material cuts Japanese with TinySegmenter, which would cut
//     第10条 into 第 / 1 / 0 / 条; here 第10条 stays whole, as the index holds it (ARTICLE_WORD there).
//   - The results leave the zero-width spaces that separate the index's words out of their snippets.
(function () {
  "use strict";
  var material = new URL(new URL(self.location.href).searchParams.get("material") || "", self.location.href);
  if (material.origin !== self.location.origin) throw new Error("search worker: not this site's: " + material);

  var ARTICLE_WORD = /(第[0-9]+条)/;
  var KANJI_ARTICLE_WORD = /第([〇一二三四五六七八九十百千]+)条/g;
  var TWIN = /(第[〇一二三四五六七八九十百千]+条)\u200b\u200b(<mark[^>]*>)?第[0-9]+条(?:<\/mark>)?\u200b\u200b/g;
  var WORD_BREAK = /\u200b/g;
  var KANJI_DIGIT = { "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var KANJI_UNIT = { "十": 10, "百": 100, "千": 1000 };

  function foldDigits(text) {
    return text.replace(/[\uff10-\uff19]/g, function (digit) {
      return String.fromCharCode(digit.charCodeAt(0) - 0xfee0);
    });
  }

  // 十二 -> 12, 二十五 -> 25, 百 -> 100, 一二 -> 12 (positional), as governance.text.recognisers reads
  // them; null for what is not such a number (二三十), which is then left as typed.
  function kanjiNumber(text) {
    var hasUnit = /[十百千]/.test(text);
    var total = 0, pending = null, lastUnit = 10000;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (!hasUnit) { total = total * 10 + KANJI_DIGIT[c]; continue; }
      if (c in KANJI_DIGIT) {
        if (pending !== null) return null;
        pending = KANJI_DIGIT[c];
      } else {
        var unit = KANJI_UNIT[c];
        if (unit >= lastUnit) return null;
        total += (pending === null ? 1 : pending) * unit;
        pending = null;
        lastUnit = unit;
      }
    }
    return total + (pending || 0);
  }

  function foldQuery(text) {
    return foldDigits(text).replace(KANJI_ARTICLE_WORD, function (word, number) {
      var value = kanjiNumber(number);
      return value === null ? word : "第" + value + "条";
    });
  }

  // Queries: listeners run in the order they were added, so this one runs before Material's.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string") message.data = foldQuery(message.data);
  });

  function asWritten(text) {
    return text.replace(TWIN, function (whole, written, mark) {
      return mark ? mark + written + "</mark>" : written;
    }).replace(WORD_BREAK, "");
  }

  // Results: snippets and titles as written, without the index's word breaks and twins.
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && message.data.items) {
      message.data.items.forEach(function (group) {
        group.forEach(function (item) {
          if (typeof item.title === "string") item.title = asWritten(item.title);
          if (typeof item.text === "string") item.text = asWritten(item.text);
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
