/* The network in numbers (public): GET /stats as figures, a tile map drawn here and
   the same figures in a table. */
import { h, notice, request } from "./core.js";

// One square per state, DC and territory on an 11-column grid (row 8: territories).
const TILES = {
  AK: [0, 0], ME: [10, 0], VT: [9, 1], NH: [10, 1],
  WA: [0, 2], ID: [1, 2], MT: [2, 2], ND: [3, 2], MN: [4, 2], IL: [5, 2], WI: [6, 2], MI: [7, 2], NY: [8, 2], RI: [9, 2], MA: [10, 2],
  OR: [0, 3], NV: [1, 3], WY: [2, 3], SD: [3, 3], IA: [4, 3], IN: [5, 3], OH: [6, 3], PA: [7, 3], NJ: [8, 3], CT: [9, 3],
  CA: [0, 4], UT: [1, 4], CO: [2, 4], NE: [3, 4], MO: [4, 4], KY: [5, 4], WV: [6, 4], VA: [7, 4], MD: [8, 4], DE: [9, 4],
  AZ: [1, 5], NM: [2, 5], KS: [3, 5], AR: [4, 5], TN: [5, 5], NC: [6, 5], SC: [7, 5], DC: [8, 5],
  OK: [3, 6], LA: [4, 6], MS: [5, 6], AL: [6, 6], GA: [7, 6],
  HI: [0, 7], TX: [3, 7], FL: [8, 7],
  AS: [0, 8.4], GU: [1, 8.4], MP: [2, 8.4], PR: [8, 8.4], VI: [9, 8.4],
};
const STATE_NAMES = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado", CT: "Connecticut",
  DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia", HI: "Hawaii", ID: "Idaho", IL: "Illinois",
  IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky", LA: "Louisiana", ME: "Maine", MD: "Maryland",
  MA: "Massachusetts", MI: "Michigan", MN: "Minnesota", MS: "Mississippi", MO: "Missouri", MT: "Montana",
  NE: "Nebraska", NV: "Nevada", NH: "New Hampshire", NJ: "New Jersey", NM: "New Mexico", NY: "New York",
  NC: "North Carolina", ND: "North Dakota", OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania",
  RI: "Rhode Island", SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah",
  VT: "Vermont", VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
  AS: "American Samoa", GU: "Guam", MP: "Northern Mariana Islands", PR: "Puerto Rico", VI: "U.S. Virgin Islands",
};
// The server's bands (http/stats.py): what each shade of the map means.
const SHADES = [[1, "fewer than 5, or withheld"], [2, "5 to 9"], [3, "10 to 24"], [4, "25 or more"]];
const SVG_NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
  for (const child of children.flat()) if (child != null) el.append(child.nodeType ? child : String(child));
  return el;
}

function membersText(count) {
  return typeof count === "number" ? count + (count === 1 ? " member" : " members") : count + " members";
}

function tileMap(states) {
  const byState = Object.fromEntries(states.map((s) => [s.state, s]));
  const size = 44, gap = 4;
  const tiles = Object.entries(TILES).map(([code, [col, row]]) => {
    const figure = byState[code];
    const shade = figure ? figure.shade : 0;
    const x = col * (size + gap), y = row * (size + gap);
    return svg("g", { class: "scn-tile scn-shade-" + shade, "data-state": code, "data-shade": String(shade) },
      svg("title", {}, STATE_NAMES[code] + ": " + (figure ? membersText(figure.members) : "no members yet")),
      svg("rect", { x, y, width: size, height: size, rx: 3 }),
      svg("text", { x: x + size / 2, y: y + size / 2 + 4, "text-anchor": "middle" }, code));
  });
  const width = 11 * (size + gap), height = 9.4 * (size + gap);
  return svg("svg", { class: "scn-map", viewBox: "-2 -2 " + (width + 4) + " " + (height + 4), role: "img",
    "aria-label": "Map of the United States, its states, DC and territories, shaded by members per state; the table below gives the same figures." }, tiles);
}

export async function statsView(el) {
  let stats;
  try {
    stats = await request("GET", "/stats");
  } catch {
    el.replaceChildren(notice("The network's figures cannot be loaded right now: the Network's service did not answer. The rest of the Library works as usual; try again later.", "error"));
    return;
  }
  const figure = (label, value) => [h("dt", {}, label), h("dd", {}, String(value))];
  const listed = stats.states.filter((s) => TILES[s.state]);
  el.replaceChildren(
    h("dl", { class: "scn-figures" },
      figure("Members", stats.members), figure("States represented", stats.states_represented),
      figure("Facilities", stats.facilities), figure("Beds in those facilities", stats.beds),
      figure("Sepsis coordinators", stats.coordinators)),
    ...(listed.length ? [
      tileMap(listed),
      h("ul", { class: "scn-legend", "aria-label": "Map key: members per state" },
        SHADES.map(([shade, text]) => h("li", {}, h("span", { class: "scn-swatch scn-shade-" + shade, "aria-hidden": "true" }), text))),
      h("table", { class: "scn-state-table" },
        h("caption", {}, "Members by state"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "State"), h("th", { scope: "col" }, "Members"))),
        h("tbody", {}, listed.map((s) => h("tr", { "data-state": s.state }, h("th", { scope: "row" }, STATE_NAMES[s.state]), h("td", {}, String(s.members)))))),
    ] : [notice("The map appears once members come from at least five states.")]),
    h("p", { class: "scn-meta" }, "Counts under 5 read \"fewer than 5\", and a count that would let a smaller one be worked out reads \"withheld\", so no figure points at a person. Updated every few minutes."));
}
