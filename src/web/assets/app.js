// plan-eval 工作台: small improvements only; every page works without this script.
(function () {
  "use strict";
  // Drag and drop onto the upload box, and the names of the files chosen.
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");
  function show() {
    if (!input || !chosen) return;
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    chosen.textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.join("、") : "";
  }
  if (drop && input) {
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; show(); }
    });
  }
  // A report being made: the seconds so far, and the page reloaded when it is done.
  var progress = document.getElementById("progress");
  if (progress) {
    var url = progress.getAttribute("data-status");
    var seconds = document.getElementById("seconds");
    var poll = function () {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
        if (seconds) seconds.textContent = Math.round(s.seconds);
        if (s.state !== "running") { window.location.reload(); } else { setTimeout(poll, 500); }
      }).catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
