// The time bar: the clock (held on / known by), the slider with its year ticks, the date boxes
// (ISO: YYYY-MM-DD), a range mode (held on some day between two dates), play, and the scale. It
// owns these controls and tells the page what time is chosen; the page (map.js) decides what
// that shows, with graphkitClock.
//
//   graphkitSlider.init(data, onChange)  sets the controls up; onChange(state) runs on every change
//   graphkitSlider.choose(day, until)    chooses a day (ISO), a range (day .. until), or all dates (null)
//   graphkitSlider.state()               {clock: "valid"|"known", day: ISO or null, until: ISO or null,
//                                         range: true|false, scale: "days"|"dates", playing: true|false}
//
// `day` is the first day chosen and `until` the last: the same day unless a range is chosen, as
// graphkit.graph.filter_graph(as_of=day) or filter_graph(between=(day, until)); both are null
// for all dates. A range is valid time only: the knowledge clock reads the record by one day.
//
// Scales: "days" gives every day the same width; "dates" gives one step to each date on which
// the picture can change (a relationship's bound of valid time, and the day after it; a day a
// citation became known; an actor's start, and the day after its end), so that the slider spends
// its width where things happen and every picture the data can give is one step away.
var graphkitSlider = (function () {
  "use strict";

  var DAY = 86400000;
  var THUMB = 14;  // the thumb's width in pixels (map.css): the ticks sit where the thumb's centre goes
  var PLAY_EVERY = 300;  // milliseconds between two steps of play
  var FULL = /^(\d{4})-(\d{2})-(\d{2})$/, PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  var state = { clock: "valid", day: null, until: null, range: false, scale: "days", playing: false };

  // ---- days: whole days since 1970-01-01 (UTC), and back to ISO text ----
  function dayNumber(iso) { return Math.floor(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(number) { return new Date(number * DAY).toISOString().slice(0, 10); }
  function utcDay(year, month0, date) {  // setUTCFullYear, not Date.UTC: it reads years 0-99 as years
    var time = new Date(0);
    time.setUTCFullYear(year, month0, date);
    return Math.floor(time.getTime() / DAY);
  }
  // The days a typed date covers, as graphkit.dates.PartialDate reads YYYY-MM-DD (and, where a
  // range's ends are typed, YYYY and YYYY-MM): [first, last] day numbers, or null if it is no date.
  function typedDays(text, partial) {
    var match = (partial ? PARTIAL : FULL).exec(String(text).trim());
    if (!match) return null;
    var year = Number(match[1]), month = match[2] ? Number(match[2]) : null, date = match[3] ? Number(match[3]) : null;
    if (month !== null && (month < 1 || month > 12)) return null;
    if (date !== null) {
      var day = utcDay(year, month - 1, date);
      return isoOf(day).slice(8) === match[3] ? [day, day] : null;  // 2023-02-30 is no day
    }
    if (month !== null) return [utcDay(year, month - 1, 1), utcDay(year, month, 0)];
    return [utcDay(year, 0, 1), utcDay(year, 11, 31)];
  }
  // A day moved by whole months, on the same day of the month where it has one (else its last).
  function addMonths(number, months) {
    var date = new Date(number * DAY), month0 = date.getUTCMonth() + months;
    var year = date.getUTCFullYear() + Math.floor(month0 / 12);
    month0 = ((month0 % 12) + 12) % 12;
    var last = new Date(utcDay(year, month0 + 1, 0) * DAY).getUTCDate();
    return utcDay(year, month0, Math.min(date.getUTCDate(), last));
  }

  // The dates on which what the page shows can change (see "Scales" above), within the map's days.
  function changeDays(data, first, last) {
    var days = new Set([first, last]), numbers = new Map();  // each date read once: a big map repeats them
    function add(iso, after) {
      if (iso == null) return;
      var number = numbers.get(iso);
      if (number === undefined) numbers.set(iso, number = dayNumber(iso));
      var day = number + (after ? 1 : 0);
      if (day >= first && day <= last) days.add(day);
    }
    data.relationships.forEach(function (rel) {
      if (rel.timing !== "undated") {
        ["earliest_start", "latest_start", "earliest_end", "latest_end"].forEach(function (name) {
          add(rel[name], false);
          add(rel[name], true);
        });
      }
      (rel.steps || []).forEach(function (step) { add(step[0], false); });
    });
    data.actors.forEach(function (actor) { add(actor.exists_from, false); add(actor.exists_to, true); });
    return Array.from(days).sort(function (a, b) { return a - b; });
  }

  function init(data, onChange) {
    var slider = document.getElementById("time"), sliderTo = document.getElementById("time-to");
    var dayInput = document.getElementById("day"), dayToInput = document.getElementById("day-to");
    var clockInput = document.getElementById("clock"), rangeInput = document.getElementById("range-mode");
    var playButton = document.getElementById("play"), scaleInput = document.getElementById("scale");
    var ticks = document.getElementById("time-ticks"), timeNote = document.getElementById("time-note");
    var track = document.getElementById("time-track");
    var dated = !!data.first_day;
    var first = dated ? dayNumber(data.first_day) : 0, last = dated ? dayNumber(data.last_day) : 0;
    var stops = null;  // the scale by dates' steps: read from every relationship when first chosen
    function dateStops() {
      if (stops === null) stops = dated ? changeDays(data, first, last) : [];
      return stops;
    }
    var from = null, until = null;  // the days chosen, as day numbers (null: all dates)
    var timer = null;

    // ---- the scale: slider positions 1..max are days (position 0 of the first slider: all dates) ----
    function steps() { return state.scale === "dates" ? dateStops().length : last - first + 1; }
    function dayAt(position) { return state.scale === "dates" ? dateStops()[position - 1] : first + position - 1; }
    function positionOf(day) {
      if (state.scale !== "dates") return Math.max(1, Math.min(steps(), day - first + 1));
      var dates = dateStops(), low = 0, high = dates.length - 1;  // the last stop on or before the day: it shows the same
      if (day < dates[0]) return 1;
      while (low < high) {
        var mid = (low + high + 1) >> 1;
        if (dates[mid] <= day) low = mid; else high = mid - 1;
      }
      return low + 1;
    }

    // ---- the one place the time changes ----
    function show(newFrom, newUntil, typedIn) {
      from = newFrom;
      until = newFrom === null ? null : (state.range ? newUntil : newFrom);
      state.day = from === null ? null : isoOf(from);
      state.until = until === null ? null : isoOf(until);
      slider.value = String(from === null ? 0 : positionOf(from));
      sliderTo.value = String(until === null ? steps() : positionOf(until));
      var low = Number(slider.min), span = Math.max(1, steps() - low);  // the range's stretch, drawn on the tracks
      track.classList.toggle("range", state.range);
      track.style.setProperty("--from", String((Number(slider.value) - low) / span));
      track.style.setProperty("--to", String((Number(sliderTo.value) - low) / span));
      if (typedIn !== dayInput) { dayInput.value = state.day || ""; dayInput.removeAttribute("aria-invalid"); }
      if (typedIn !== dayToInput) { dayToInput.value = state.until || ""; dayToInput.removeAttribute("aria-invalid"); }
      onChange(state);
    }
    // Move one end of the range (or the day) to `day`; the other end follows if it is passed.
    function moveEnd(isUntil, day) {
      if (!state.range) return show(day, day);
      if (isUntil) show(Math.min(from === null ? first : from, day), day);
      else show(day, Math.max(until === null ? last : until, day));
    }

    // ---- sliders ----
    function fromSlider(input, isUntil) {
      var position = Number(input.value);
      if (!isUntil && position === 0 && !state.range) return show(null, null);
      moveEnd(isUntil, dayAt(Math.max(1, position)));
    }
    slider.addEventListener("input", function () { stop(); fromSlider(slider, false); });
    sliderTo.addEventListener("input", function () { stop(); fromSlider(sliderTo, true); });
    function keys(input, isUntil) {
      input.addEventListener("keydown", function (event) {
        var current = isUntil ? until : from, target = null;
        if (current === null) current = first;
        var forward = event.key === "ArrowRight" || event.key === "ArrowUp";
        var back = event.key === "ArrowLeft" || event.key === "ArrowDown";
        if (event.shiftKey && (forward || back)) target = addMonths(current, forward ? 1 : -1);
        else if (event.key === "PageUp" || event.key === "PageDown") target = addMonths(current, event.key === "PageUp" ? 12 : -12);
        else if (event.key === "Home") target = first;
        else if (event.key === "End") target = last;
        if (target === null) return;  // plain arrows: the slider's own step (a day; by dates: the next date)
        event.preventDefault();
        stop();
        moveEnd(isUntil, Math.max(first, Math.min(last, target)));
      });
    }
    keys(slider, false);
    keys(sliderTo, true);

    // ---- date boxes: ISO text; a day outside the slider's span is still answered for ----
    function typed(input, isUntil) {
      var text = input.value.trim();
      if (text === "") {
        if (!isUntil) { stop(); show(null, null, input); }
        return true;
      }
      var days = typedDays(text, state.range);
      if (!days) return false;
      stop();
      if (!state.range) show(days[0], days[0], input);
      else if (isUntil) show(from === null ? Math.min(first, days[1]) : Math.min(from, days[1]), days[1], input);
      else show(days[0], until === null ? Math.max(last, days[0]) : Math.max(until, days[0]), input);
      return true;
    }
    [[dayInput, false], [dayToInput, true]].forEach(function (pair) {
      var input = pair[0], isUntil = pair[1];
      input.addEventListener("input", function () {
        if (typed(input, isUntil)) input.removeAttribute("aria-invalid");
      });
      input.addEventListener("change", function () {
        if (typed(input, isUntil)) {
          input.removeAttribute("aria-invalid");
          input.title = "";
        } else {
          input.setAttribute("aria-invalid", "true");
          input.title = "Not a date: write it as " + (state.range ? "YYYY, YYYY-MM or YYYY-MM-DD" : "YYYY-MM-DD");
        }
      });
    });

    // ---- range mode, clock, scale, all dates ----
    function setRange(on) {
      state.range = on;
      rangeInput.checked = on;
      sliderTo.hidden = document.getElementById("day-to-box").hidden = !on;
      slider.min = on ? "1" : "0";
      dayInput.setAttribute("aria-label", on ? "First day of the range (YYYY, YYYY-MM or YYYY-MM-DD)" : "Show the network on this day (YYYY-MM-DD)");
      if (on) show(from === null ? first : from, until === null || until === from ? last : until);
      else show(from, from);
      drawTicks();
    }
    rangeInput.addEventListener("change", function () { stop(); setRange(rangeInput.checked); });
    clockInput.addEventListener("change", function () {
      state.clock = clockInput.value === "known" ? "known" : "valid";
      rangeInput.disabled = state.clock !== "valid" || !dated;
      document.getElementById("range-control").className = rangeInput.disabled ? "off" : "";
      if (state.range && state.clock !== "valid") setRange(false);  // the record is read by one day
      else onChange(state);
    });
    scaleInput.addEventListener("change", function () {
      state.scale = scaleInput.value === "dates" ? "dates" : "days";
      slider.max = sliderTo.max = String(steps());
      show(from, until);
      drawTicks();
    });
    document.getElementById("all-dates").addEventListener("click", function () {
      stop();
      if (state.range) setRange(false);
      show(null, null);
    });

    // ---- play: a month a step (a year over spans of more than 20 years; by dates: the next date),
    // a range keeping its width ----
    function stop() {
      if (timer === null) return;
      clearInterval(timer);
      timer = null;
      state.playing = false;
      playButton.textContent = "Play";
      playButton.setAttribute("aria-pressed", "false");
    }
    var playMonths = last - first > 20 * 366 ? 12 : 1;  // a long span plays a year a step
    function next(day) {
      return state.scale === "dates" ? dayAt(Math.min(dateStops().length, positionOf(day) + 1)) : addMonths(day, playMonths);
    }
    function step() {
      var end = state.range ? until : from;
      if (end === null || end >= last) return stop();
      var moved = Math.min(last, next(end)), shift = moved - end;
      if (state.range) show(from + shift, moved);
      else show(moved, moved);
      if (moved >= last) stop();
    }
    playButton.addEventListener("click", function () {
      if (timer !== null) return stop();
      if (from === null || (state.range ? until : from) >= last) {
        show(first, state.range ? first + ((until === null ? last : until) - (from === null ? first : from)) : first);
      }
      state.playing = true;
      playButton.textContent = "Pause";
      playButton.setAttribute("aria-pressed", "true");
      timer = setInterval(step, PLAY_EVERY);
    });

    // ---- year ticks: a mark at each 1 January, labelled where there is room ----
    function drawTicks() {
      while (ticks.firstChild) ticks.removeChild(ticks.firstChild);
      if (!dated) return;
      var width = slider.getBoundingClientRect().width || 600, span = Math.max(1, steps() - (state.range ? 1 : 0));
      var low = Number(slider.min), years = [];
      var firstYear = new Date(first * DAY).getUTCFullYear(), lastYear = new Date(last * DAY).getUTCFullYear();
      for (var year = firstYear; year <= lastYear; year++) {
        var day = utcDay(year, 0, 1);
        if (day < first) continue;
        var position = positionOf(day);  // by dates, a year that begins between two dates: its tick between them
        if (state.scale === "dates" && dateStops()[position - 1] < day) position += 0.5;
        years.push({ year: year, x: (Math.min(position, steps()) - low) / span });
      }
      var labelled = [], gap = 34 / Math.max(1, width - THUMB);  // a label's room, as a share of the track
      [100, 50, 10, 5, 2, 1].forEach(function (every) {
        years.forEach(function (tick) {
          if (tick.year % every || tick.label) return;
          if (labelled.every(function (other) { return Math.abs(other.x - tick.x) >= gap; })) {
            tick.label = true;
            labelled.push(tick);
          }
        });
      });
      years.forEach(function (tick) {
        var left = "calc(" + (THUMB / 2) + "px + " + (tick.x * 100) + "% - " + (tick.x * THUMB) + "px)";
        var mark = document.createElement("span");
        mark.className = "tick";
        mark.style.left = left;
        mark.setAttribute("data-year", String(tick.year));
        ticks.appendChild(mark);
        if (tick.label) {
          var text = document.createElement("span");
          text.className = "tick-label";
          text.style.left = left;
          text.setAttribute("data-year", String(tick.year));
          text.textContent = String(tick.year);
          ticks.appendChild(text);
        }
      });
    }
    window.addEventListener("resize", drawTicks);

    // ---- set up ----
    if (dated) {
      slider.max = sliderTo.max = String(steps());
      timeNote.textContent = data.first_day + " – " + data.last_day;  // the header says what made the map
    } else {
      [slider, sliderTo, dayInput, dayToInput, clockInput, rangeInput, playButton, scaleInput].forEach(function (input) {
        input.disabled = true;
      });
      document.getElementById("range-control").className = "off";
      timeNote.textContent = "no dated relationships";
    }
    if (data.diff) {  // a diff map compares two days: no slider
      var diff = data.diff, bar = document.getElementById("diffbar");
      document.getElementById("timebar").hidden = true;
      bar.hidden = false;
      bar.textContent = (diff.clock === "known" ? "What became known between " : "What changed in valid time between ") +
        diff.from + " and " + diff.to + (diff.clock === "known" ? " (knowledge time: the published record on each day)" :
        " (what held on each day)");
    }
    drawTicks();
    choose = function (dayIso, untilIso) {
      stop();
      if (dayIso == null) { if (state.range) setRange(false); return show(null, null); }
      var start = dayNumber(dayIso), end = untilIso == null ? start : dayNumber(untilIso);
      if (isNaN(start) || isNaN(end) || end < start) return;
      if ((end !== start) !== state.range && state.clock === "valid") setRange(end !== start);
      show(start, state.range ? end : start);
    };
    return state;
  }
  var choose = function () {};

  return {
    init: init,
    choose: function (day, until) { choose(day, until); },
    state: function () {
      return { clock: state.clock, day: state.day, until: state.until, range: state.range, scale: state.scale, playing: state.playing };
    }
  };
})();
