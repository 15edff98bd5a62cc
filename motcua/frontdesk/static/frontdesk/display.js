// The hall display: polls the reception point's small JSON feed every few seconds (304 when nothing
// changed), redraws the counters, and announces every new call or recall with a chime and a voice in the
// page's language (Web Speech API: vi-VN by default). Browsers allow sound only after a click: hence the
// "Bật âm thanh" button. The words come from the page's data-* attributes (translated by the template).
(function () {
  var root = document.getElementById("display");
  if (!root) return;
  var feed = root.getAttribute("data-feed");
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 3000;
  var etag = null;
  var seen = null; // "id@announced_at" of every announcement already handled
  var soundOn = false;
  var audio = null;
  var queue = [];
  var speaking = false;
  var toggle = document.getElementById("sound-toggle");
  var statusLine = document.getElementById("display-status");
  function word(name, fallback) { return root.getAttribute("data-" + name) || fallback; }
  var lang = word("lang", "vi");

  function text(el, value) { if (el) el.textContent = value; }

  function chime(done) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var t = audio.currentTime;
      [[880, 0], [660, 0.35]].forEach(function (note) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = note[0];
        gain.gain.setValueAtTime(0.0001, t + note[1]);
        gain.gain.exponentialRampToValueAtTime(0.4, t + note[1] + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + note[1] + 0.6);
        osc.connect(gain).connect(audio.destination);
        osc.start(t + note[1]);
        osc.stop(t + note[1] + 0.65);
      });
      window.setTimeout(done, 1000);
    } catch (e) { done(); }
  }

  function spokenNumber(label) {
    // "A007" → "A, 7": the letter, then the number as a number.
    var m = /^([A-Z]*)0*(\d+)$/.exec(label || "");
    return m ? (m[1] ? m[1] + ", " : "") + m[2] : label;
  }

  function say(call, done) {
    if (!("speechSynthesis" in window)) { done(); return; }
    var u = new SpeechSynthesisUtterance(
      word("announce", "Xin mời công dân có số {ticket}, đến quầy số {counter}.")
        .replace("{ticket}", spokenNumber(call.ticket)).replace("{counter}", call.counter)
    );
    u.lang = "vi-VN";
    if (lang !== "vi") u.lang = lang; // the page's language (English when the display is opened in English)
    u.rate = 0.9;
    var prefix = u.lang.slice(0, 2).toLowerCase();
    var voice = window.speechSynthesis.getVoices().filter(function (v) { return v.lang.toLowerCase().indexOf(prefix) === 0; })[0];
    if (voice) u.voice = voice;
    u.onend = u.onerror = function () { done(); };
    window.speechSynthesis.speak(u);
  }

  function next() {
    if (speaking || !queue.length) return;
    speaking = true;
    var call = queue.shift();
    chime(function () {
      say(call, function () { speaking = false; window.setTimeout(next, 500); });
    });
  }

  function render(state) {
    var latest = state.calls[0];
    var number = document.getElementById("latest-number");
    text(number, latest ? latest.ticket : "—");
    text(document.getElementById("latest-counter"), latest ? word("to-counter", "đến quầy {counter}").replace("{counter}", latest.counter) : "");
    var list = document.getElementById("counters");
    if (list) {
      list.textContent = "";
      state.counters.forEach(function (c) {
        var li = document.createElement("li");
        li.className = "display-counter" + (c.open ? "" : " is-closed");
        li.setAttribute("data-counter", c.id);
        var name = document.createElement("span");
        name.className = "display-counter-name";
        name.textContent = c.name;
        var ticket = document.createElement("span");
        ticket.className = "display-counter-ticket";
        ticket.textContent = c.ticket || "—";
        li.appendChild(name);
        li.appendChild(ticket);
        list.appendChild(li);
      });
    }
    var waiting = document.getElementById("waiting");
    if (waiting) {
      waiting.textContent = "";
      state.waiting.forEach(function (w) {
        var li = document.createElement("li");
        li.appendChild(document.createTextNode(w.name + ": "));
        var b = document.createElement("strong");
        b.textContent = w.count;
        li.appendChild(b);
        li.appendChild(document.createTextNode(" " + word("waiting", "người chờ")));
        waiting.appendChild(li);
      });
    }
    var fresh = [];
    var keys = {};
    state.calls.forEach(function (c) {
      var key = c.id + "@" + c.announced_at;
      keys[key] = true;
      if (seen !== null && !seen[key]) fresh.push(c);
    });
    seen = keys; // the first answer after (re)loading is shown, not announced again
    if (fresh.length && number) {
      number.classList.remove("is-new");
      void number.offsetWidth;
      number.classList.add("is-new");
    }
    if (soundOn) {
      fresh.reverse().forEach(function (c) { queue.push(c); });
      next();
    }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(feed, { headers: headers, cache: "no-cache", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) return null;
        if (!r.ok) throw new Error(r.status);
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (state) {
        if (state) render(state);
        text(statusLine, "");
      })
      .catch(function () { text(statusLine, word("offline", "Mất kết nối máy chủ; đang thử lại…")); })
      .then(function () { window.setTimeout(poll, interval); });
  }

  if (toggle) {
    toggle.addEventListener("click", function () {
      soundOn = !soundOn;
      toggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
      toggle.textContent = soundOn ? word("sound-off", "Tắt âm thanh") : word("sound-on", "Bật âm thanh");
      if (soundOn) chime(function () {});
    });
  }
  poll();
})();
