/* Text the widget shows, from numbers and typing: pure functions (no DOM), unit-tested
   under node's own test runner (tests/js/format.test.js). */

const NUMBER = new Intl.NumberFormat("en-US");

/** 20000 as "20,000", the same in every browser language. */
export const number = (n) => NUMBER.format(n);

/** The longest post the server takes (characters). */
export const MAX_POST = 20000;

/** "1 reply", "3 replies". */
export function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

/** A hospital as the directory shows it: its name, type and bed count, as far as given. */
export function facilityText(name, typeLabel, beds) {
  return [name, typeLabel, beds != null && number(beds) + (beds === 1 ? " bed" : " beds")].filter(Boolean).join(" · ");
}

/** A count in a small badge: "99+" past 99. */
export function capped(n) {
  return n > 99 ? "99+" : String(n);
}

/** The composer's counter: how long the text is against the limit, and whether it is over. */
export function characterCount(length, max = MAX_POST) {
  const over = length > max;
  return { text: number(length) + " of " + number(max) + " characters" + (over ? ": too long" : ""), over };
}

/** Why a text too long is not sent, and what to do about it. */
export function tooLongMessage(length, max = MAX_POST) {
  return "Your text is " + number(length) + " characters long. Keep it under " + number(max) +
    " characters: shorten it or split it into two posts. Nothing was sent, and your text is kept.";
}

/** What the writer typed after "@" up to the caret (`before` is the text before it), if
    it can be the start of a name: at most three words, and not an email address. */
export function mentionQuery(before) {
  const match = /(?:^|[^\w@])@([^\s@][^@\n]{0,40})$/.exec(before);
  return match && match[1].split(" ").length <= 3 ? match[1] : null;
}
