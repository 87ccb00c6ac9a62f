// gongwen serve: file drop zones and the progress poll. Plain JavaScript, no library.
(function () {
  "use strict";
  document.querySelectorAll("label.drop").forEach(function (drop) {
    var input = drop.querySelector("input[type=file]");
    var chosen = drop.querySelector(".chosen");
    function show() {
      chosen.textContent = input.files.length ? "已选择：" + input.files[0].name : "";
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
  });
  document.querySelectorAll("form.upload").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var limit = Number(form.dataset.limit) * 1024 * 1024;
      var files = form.querySelectorAll("input[type=file]");
      for (var i = 0; i < files.length; i++) {
        var f = files[i].files[0];
        if (f && f.size > limit) {
          e.preventDefault();
          alert("文件「" + f.name + "」太大（上限 " + form.dataset.limit + " MB），请确认选对了文件。");
          return;
        }
      }
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "正在上传……"; }
    });
  });
  var box = document.getElementById("progress");
  if (box) {
    var poll = function () {
      fetch(box.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.state !== "running") { window.location.reload(); return; }
          document.getElementById("step-text").textContent = p.step;
          if (p.total) {
            document.getElementById("fill").style.width = Math.round(100 * p.done / p.total) + "%";
            document.getElementById("count").textContent = p.done + " / " + p.total;
          }
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
