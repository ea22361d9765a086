// A mark that holds other marks cannot hold a link (links cannot nest): a click on its
// own text follows its data-href. Inner marks carry real <a> links.
document.addEventListener("click", (event) => {
  if (event.target.closest("a")) return;
  const mark = event.target.closest("mark.ev[data-href]");
  if (mark && mark.dataset.href && mark.dataset.href !== "#") window.location.href = mark.dataset.href;
});
