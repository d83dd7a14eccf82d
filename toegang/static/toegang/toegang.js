// Toegang's own script: progressive enhancement only; every screen works without it. No inline scripts (CSP).

// Fields that only matter for one choice of a radio group (data-toon-als="naam=waarde") are hidden until that
// choice is made. Without this script they simply show. The radios say which fields they control.
function afhankelijkeVelden(root) {
  root.querySelectorAll("[data-toon-als]").forEach((veld) => {
    const form = veld.closest("form");
    const [naam, waarde] = veld.dataset.toonAls.split("=");
    const radios = form ? [...form.querySelectorAll('input[type="radio"]')].filter((r) => r.name === naam) : [];
    if (!radios.length) return;
    const bijwerken = () => {
      veld.hidden = !radios.some((r) => r.checked && r.value === waarde);
    };
    radios.forEach((radio) => {
      const bestuurd = (radio.getAttribute("aria-controls") || "").split(" ").filter(Boolean);
      if (!bestuurd.includes(veld.id)) radio.setAttribute("aria-controls", [...bestuurd, veld.id].join(" "));
      radio.addEventListener("change", bijwerken);
    });
    bijwerken();
  });
}

document.addEventListener("DOMContentLoaded", () => afhankelijkeVelden(document));
