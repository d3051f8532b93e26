/* Live updates over Server-Sent Events, with replay of what a dropped connection missed. */
import { API, cleanups, h, isMember, session } from "./core.js";

/** Follow `topics`: `onChange(type, payload)` runs for each forum event, `onState`
    with "live" | "down" | "ended", `onReset` when too much was missed to replay.
    Events are signals carrying ids: views fetch what changed by post id, so a
    replayed or repeated event never shows a post twice. */
export function follow(topics, onChange, onState, onReset) {
  let since = 0, source = null, timer = null, delay = 1000, stopped = false;
  function open() {
    // A new EventSource forgets Last-Event-ID, so the position rides in ?since= too.
    source = new EventSource(API + "/events?topics=" + encodeURIComponent(topics.join(",")) + (since ? "&since=" + since : ""), { withCredentials: true });
    source.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id) since = Math.max(since, message.id);
      if (message.type === "stream.open") {
        since = Math.max(since, message.payload.last_event_id || 0);
        delay = 1000;
        onState("live");
      } else if (message.type === "stream.reset") {
        onReset();
      } else if (message.type === "stream.ended") {
        source.close();
        if (message.payload.reason === "server_shutdown" || message.payload.reason === "too_slow") return source.onerror();
        onState("ended");
      } else {
        onChange(message.type, message.payload);
      }
    };
    source.onerror = () => {
      source.close();
      if (stopped) return;
      onState("down");
      timer = setTimeout(retry, delay);
      delay = Math.min(delay * 2, 15000);
    };
  }
  async function retry() {
    try {
      // A refused stream (signed out, suspended) ends for good: say so.
      if (!isMember(await session(true))) return onState("ended");
    } catch { /* offline: keep trying */ }
    if (!stopped) open();
  }
  open();
  const stop = () => { stopped = true; clearTimeout(timer); if (source) source.close(); };
  cleanups.add(stop);
  return stop;
}

export function liveState() {
  const el = h("p", { class: "scn-state", "aria-live": "polite" });
  el.set = (state) => {
    el.className = "scn-state" + (state === "live" ? "" : " scn-state--down");
    el.textContent = state === "live" ? "Live: new posts appear as they are written."
      : state === "ended" ? "Live updates stopped: sign in again to continue."
        : "Reconnecting… posts written meanwhile will appear when the connection returns.";
  };
  return el;
}
