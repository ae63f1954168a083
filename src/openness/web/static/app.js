// Progressive enhancement only: every page works without this file.
// Clicking a legend entry on the license page jumps to its first highlighted clause.
document.addEventListener("DOMContentLoaded", () => {
  for (const item of document.querySelectorAll(".legend .kind")) {
    item.setAttribute("role", "button");
    item.setAttribute("tabindex", "0");
    const kind = [...item.classList].find((c) => c.startsWith("kind-"));
    const jump = () => {
      const mark = document.querySelector(`mark.${kind}`);
      if (mark) {
        mark.scrollIntoView({ behavior: "smooth", block: "center" });
        mark.classList.add("flash");
        setTimeout(() => mark.classList.remove("flash"), 1200);
      }
    };
    item.addEventListener("click", jump);
    item.addEventListener("keydown", (event) => { if (event.key === "Enter") jump(); });
  }
});
