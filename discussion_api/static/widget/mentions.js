/* @mentions in the composer: the names of members who can see the thread. */
import { mentionQuery } from "./format.js";
import { api, h, nextId } from "./core.js";

/** After "@" in a composer, offer the names of members who can see the thread (the
    API asks the policy); choosing one writes "@Name ", which notifies them. */
export function mentionSuggestions(area, threadId) {
  const id = nextId("scn-mentions-");
  const box = h("ul", { id, class: "scn-mentions", role: "listbox", "aria-label": "Members to mention", hidden: true });
  area.after(box);
  area.setAttribute("aria-autocomplete", "list");
  area.setAttribute("aria-controls", id);
  let options = [], active = -1, asked = 0, timer = null;
  const query = () => mentionQuery(area.value.slice(0, area.selectionStart));
  const close = () => { box.hidden = true; options = []; active = -1; area.removeAttribute("aria-activedescendant"); };
  const highlight = (i) => {
    active = i;
    box.querySelectorAll("[role=option]").forEach((el, n) => el.setAttribute("aria-selected", String(n === i)));
    if (i >= 0) area.setAttribute("aria-activedescendant", id + "-" + i);
  };
  const choose = (member) => {
    const q = query();
    if (q == null) return close();
    const at = area.selectionStart - q.length - 1;
    area.value = area.value.slice(0, at) + "@" + member.name + " " + area.value.slice(area.selectionStart);
    const caret = at + member.name.length + 2;
    area.setSelectionRange(caret, caret);
    close();
    area.focus();
    area.dispatchEvent(new Event("input"));
  };
  area.addEventListener("input", () => {
    const q = query();
    clearTimeout(timer);
    if (q == null) return close();
    timer = setTimeout(async () => {
      const mine = ++asked;
      let answer;
      try { answer = await api("GET", "/threads/" + threadId + "/mentions?q=" + encodeURIComponent(q)); } catch { return close(); }
      if (mine !== asked || query() !== q) return;
      options = answer.members;
      if (!options.length) return close();
      box.replaceChildren(...options.map((m, i) => h("li", { id: id + "-" + i, role: "option", "aria-selected": "false",
        onmousedown: (event) => { event.preventDefault(); choose(m); } }, m.name)));
      box.hidden = false;
      highlight(0);
    }, 150);
  });
  area.addEventListener("keydown", (event) => {
    if (box.hidden || !options.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(options[Math.max(active, 0)]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  area.addEventListener("blur", () => setTimeout(close, 100));
}
