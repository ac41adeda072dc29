// Draw the dashboard's charts from the figures the page embeds as JSON.
// Every chart has one series, and the tables on the page carry the same numbers, so
// no chart depends on colour to be read.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var style = getComputedStyle(document.documentElement);

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = style.getPropertyValue("--ink").trim() || "#1d2433";
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  // Diagonal stripes tell the unusual-sessions bars apart in grey scale and print too.
  function stripes(colour) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var pen = tile.getContext("2d");
    pen.fillStyle = "#ffffff";
    pen.fillRect(0, 0, 8, 8);
    pen.strokeStyle = colour;
    pen.lineWidth = 3;
    pen.beginPath();
    pen.moveTo(-2, 10);
    pen.lineTo(10, -2);
    pen.moveTo(-2, 2);
    pen.lineTo(2, -2);
    pen.moveTo(6, 10);
    pen.lineTo(10, 6);
    pen.stroke();
    return pen.createPattern(tile, "repeat");
  }

  function drawBars(canvasId, labels, values, options) {
    var canvas = document.getElementById(canvasId);
    if (!canvas) {
      return;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{
          label: options.label,
          data: values,
          backgroundColor: options.fill,
          borderColor: options.border,
          borderWidth: 1,
        }],
      },
      options: {
        indexAxis: options.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, autoSkip: true, maxRotation: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0, autoSkip: !options.horizontal } },
        },
      },
    });
  }

  var accent = style.getPropertyValue("--accent").trim() || "#2456c9";
  var danger = style.getPropertyValue("--danger").trim() || "#b3261e";

  drawBars("chart-sessions-per-day", data.days.labels, data.days.sessions, {
    label: data.text.sessions, fill: accent, border: accent,
  });
  drawBars("chart-unusual-per-day", data.days.labels, data.days.unusual, {
    label: data.text.unusual, fill: stripes(danger), border: danger,
  });
  drawBars("chart-top-countries", data.countries.labels, data.countries.sessions, {
    label: data.text.sessions, fill: accent, border: accent, horizontal: true,
  });
  drawBars("chart-top-services", data.services.labels, data.services.sessions, {
    label: data.text.sessions, fill: accent, border: accent, horizontal: true,
  });
})();
